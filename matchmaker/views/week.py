"""A delegation member's week behind their personal link (issue 21): day by day on the
phone, on one printed page and as a calendar file. Works like a firm's pages
(views/firm): the token is looked up by its hash, dies with the event's retention, and the
pages are kept out of caches and search engines."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, g, make_response, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.config import retention_days
from matchmaker.extensions import db
from matchmaker.i18n import clock_time, firm_language, member_language, offer_event_languages
from matchmaker.models import DelegationMember
from matchmaker.services.itinerary import Entry, member_by_token, member_week
from matchmaker.services.texts import local_text
from matchmaker.services.week_calendar import EntryWords, week_calendar

bp = Blueprint("week", __name__, url_prefix="/w/<token>")


@bp.url_value_preprocessor
def load_member(endpoint: str | None, values: dict[str, str] | None) -> None:
    """The member of the link; an unknown or expired link is 404. The pages speak the
    event's languages, the member's own first (unless the reader chose another)."""
    token = (values or {}).pop("token", "")
    days = retention_days(current_app.config)
    member = member_by_token(db.session(), token, date.today(), days)
    if member is None:
        abort(404)
    g.member, g.token = member, token
    fallback = firm_language(member.participant) if member.participant else None
    offer_event_languages(member.event, fallback, preferred=member.locale)


@bp.url_defaults
def add_token(endpoint: str, values: dict[str, object]) -> None:
    """Links between the member's pages carry the token they came with."""
    if "token" not in values and isinstance(g.get("token"), str):
        values["token"] = g.token


@bp.after_request
def private(response: Response) -> Response:
    """The link is the member's key: as on a firm's pages (views/firm.private)."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def current_member() -> DelegationMember:
    member: DelegationMember = g.member
    return member


@bp.get("/")
def week() -> str:
    member = current_member()
    return render_template(
        "week/week.html", member=member, event=member.event, week=member_week(db.session(), member)
    )


@bp.get("/print")
def print_view() -> str:
    member = current_member()
    return render_template(
        "week/print.html", member=member, event=member.event, week=member_week(db.session(), member)
    )


def entry_words(entry: Entry, language: str) -> EntryWords:
    """An entry's title and details in the calendar, in `language` (inside `force_locale`)."""
    item = entry.item
    title = local_text(item, "title", language).text
    group = _("Group %(number)d", number=entry.group) if entry.group else ""
    if entry.kind == "visit":
        host = entry.host.name if entry.host else _("Company visit")
        lines = [title, group]
        if entry.arrive is not None and entry.arrive != entry.start:
            lines.append(_("Arrival at %(time)s", time=clock_time(entry.arrive)))
        if entry.interpreter:
            lines.append(_("Interpreter: %(name)s", name=entry.interpreter))
        return EntryWords(_("Visit: %(host)s", host=host), "\n".join(p for p in lines if p))
    if entry.kind == "lunch":
        return EntryWords(_("Lunch break"), "\n".join(p for p in (title, group) if p))
    if entry.kind == "meeting" and entry.partner is not None:
        met = _(
            "Meeting with %(firm)s, table %(table)s", firm=entry.partner.name, table=entry.table
        )
        spoken = _("Interpreter: %(name)s", name=entry.interpreter) if entry.interpreter else ""
        return EntryWords(met, "\n".join(p for p in (title, spoken) if p))
    if entry.kind == "pending":
        follows = _("The plan of the visits follows: your group, the firms and the times.")
        return EntryWords(title, follows)
    return EntryWords(title, local_text(item, "description", language).text)


@bp.get("/week.ics")
def calendar() -> Response:
    member = current_member()
    language = member_language(member)
    session = db.session()
    with force_locale(language):  # a document for the member: in their language
        body = week_calendar(
            session, member_week(session, member), lambda e: entry_words(e, language), language
        )
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{member.event.slug}-week.ics"'
    return response
