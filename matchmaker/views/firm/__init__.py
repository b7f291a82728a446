"""A firm's own pages behind its personal link: overview, profile, agenda, feedback; the
partner and request pages are in `firm_partners` (on this blueprint)."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.config import retention_days
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.feedback import EraseForm, feedback_form
from matchmaker.forms.firm import ProfileForm
from matchmaker.i18n import (
    firm_language,
    language_list,
    language_name,
    offer_event_languages,
    reader_language,
)
from matchmaker.models import ListingRule, Participant
from matchmaker.services.agenda import AgendaItem, agenda_for
from matchmaker.services.events import event_now, is_listed, profile_problem
from matchmaker.services.ical import agenda_calendar
from matchmaker.services.links import find_by_token, link_expires, new_link
from matchmaker.services.meeting_requests import requests_problem, waiting_count
from matchmaker.services.outcome import feedback_of, save_feedback
from matchmaker.services.privacy import erase_personal_data
from matchmaker.services.recommendations import refresh_firm
from matchmaker.services.registration import RegistrationClosed, update_profile
from matchmaker.services.texts import local_text
from matchmaker.urls import public_url
from matchmaker.views.helpers import in_firm_language, require_button, uploads_folder
from matchmaker.views.registration import send_confirmation, send_link

bp = Blueprint("firm", __name__, url_prefix="/p/<token>")


@bp.url_value_preprocessor
def load_firm(endpoint: str | None, values: dict[str, str] | None) -> None:
    """The firm of the link; an unknown, replaced, expired or withdrawn firm's link is 404.
    Its pages speak its fair's languages (the firm's own where the default is not offered)."""
    token = (values or {}).pop("token", "")
    days = retention_days(current_app.config)
    participant = find_by_token(db.session(), token, date.today(), days)
    if participant is None:
        abort(404)
    g.firm, g.token = participant, token
    offer_event_languages(participant.event, firm_language(participant))


@bp.url_defaults
def add_token(endpoint: str, values: dict[str, object]) -> None:
    """Links between the firm's pages carry the token the firm came with (only its hash is
    stored)."""
    if "token" not in values and isinstance(g.get("token"), str):
        values["token"] = g.token


@bp.after_request
def private(response: Response) -> Response:
    """The link is the firm's key: keep it out of caches, other sites and search engines.

    `same-origin`, not `no-referrer`: a browser then sends the page's own address (the key)
    only back to this site, and sends a real `Origin` with the firm's forms, which the
    same-origin check of every POST wants (with `no-referrer` it would send `null`)."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def current_firm() -> Participant:
    """The firm whose personal link this request came with (`load_firm` found it)."""
    firm: Participant = g.firm
    return firm


@bp.get("/")
def overview() -> str:
    firm = current_firm()
    return render_template(
        "firm/overview.html",
        firm=firm,
        listed=is_listed(firm),
        closed=profile_problem(firm.event),
        requests_problem=requests_problem(firm.event),
        waiting=waiting_count(db.session(), firm),
        link=public_url("firm.overview", token=g.token),
        expires=link_expires(firm.event, retention_days(current_app.config)),
        action=ActionForm(),
    )


@bp.post("/new-link")
def replace_link() -> Response:
    """The firm replaces its link (one it fears others have): the old one dies at once, the
    new one is shown and mailed to the firm's address."""
    firm = current_firm()
    require_button()
    session = db.session()
    token = new_link(session, firm, current_app.config["SECRET_KEY"])
    session.commit()
    flash(_("Your personal link is replaced: the old one no longer works. Here is the new one."))
    if send_link(firm):
        flash(_("We sent the new link to %(email)s.", email=firm.email))
    return redirect(url_for("firm.overview", token=token), code=303)


@bp.get("/welcome")
def welcome() -> str:
    firm = current_firm()
    return render_template(
        "firm/welcome.html", firm=firm, link=public_url("firm.overview", token=g.token)
    )


@bp.route("/profile", methods=["GET", "POST"])
def profile() -> Response | tuple[str, int] | str:
    firm = current_firm()
    form = ProfileForm(firm.event, consent=False)
    closed = profile_problem(firm.event)
    if not form.is_submitted():
        form.fill_from(firm)
        return render_template("firm/profile.html", firm=firm, form=form, closed=closed)
    if closed is not None:
        return render_template("firm/profile.html", firm=firm, form=form, closed=closed), 403
    if not form.validate():
        return render_template("firm/profile.html", firm=firm, form=form, closed=None), 422
    session = db.session()
    email_before = firm.email
    try:
        update_profile(session, firm, form.profile_data())
    except RegistrationClosed as error:
        session.rollback()
        return render_template("firm/profile.html", firm=firm, form=form, closed=str(error)), 403
    session.commit()
    refresh_firm(session, firm)  # its partners for what it now says, at once
    session.commit()
    flash(_("Your profile is saved."))
    if firm.email != email_before and firm.event.listing == ListingRule.CONFIRMED:
        send_confirmation(firm)
        session.commit()  # the link's hash may be stored now
    return redirect(url_for("firm.profile"), code=303)


@bp.get("/agenda")
def agenda() -> str:
    firm = current_firm()
    plan = agenda_for(db.session(), firm)
    current, upcoming = plan.now_and_next(event_now(firm.event))
    return render_template(
        "firm/agenda.html", firm=firm, agenda=plan, current=current, upcoming=upcoming
    )


@bp.get("/agenda/print")
def agenda_print() -> str:
    """The agenda on paper, in the firm's correspondence language (a document for the firm);
    a reader who chose another page language is told so, in that language, and where to
    change it (else the language menu seems not to work on this page)."""
    firm = current_firm()
    printed_in = firm_language(firm)
    reader = reader_language()
    notice = profile_label = None
    if printed_in != reader:
        profile_label = _("Your profile")
        notice = _(
            "This agenda is printed in %(language)s, your correspondence language. To print "
            "it in another language, change the correspondence language in your profile.",
            language=language_name(printed_in),
        )
    with force_locale(printed_in):
        page = in_firm_language(
            firm, "firm/_agenda_page.html", agenda=agenda_for(db.session(), firm)
        )
        return render_template(
            "firm/agenda_print.html",
            firm=firm,
            page=page,
            notice=notice,
            reader=reader,
            profile_label=profile_label,
        )


@bp.get("/agenda.ics")
def agenda_ics() -> Response:
    firm = current_firm()
    plan = agenda_for(db.session(), firm, cancelled=True)

    def summary(item: AgendaItem) -> str:
        table = local_text(item.place, "name", reader_language()).text or item.table
        return str(_("Meeting with %(firm)s, table %(table)s", firm=item.partner.name, table=table))

    def description(item: AgendaItem) -> str:
        partner = item.partner
        lines = [partner.name, local_text(partner, "offer", reader_language()).text]
        if item.interpreter:
            lines.append(_("Interpreter: %(name)s", name=item.interpreter))
        elif item.shared_languages:
            lines.append(_("Languages: %(names)s", names=language_list(item.shared_languages)))
        lines += [p for p in (partner.contact_person, partner.email, partner.phone) if p]
        return "\n".join(lines)

    language = firm_language(firm)
    with force_locale(language):  # a document for the firm: in its language
        response = make_response(agenda_calendar(plan, summary, description, language))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{firm.event.slug}-agenda.ics"'
    return response


@bp.route("/feedback", methods=["GET", "POST"])
def feedback() -> Response | str:
    """After the fair: per scheduled partner, met / follow-up / cooperation."""
    firm = current_firm()
    session = db.session()
    plan = agenda_for(session, firm)
    if request.method == "POST":
        form = feedback_form(item.partner.id for item in plan.items)
        if not form.validate():  # only the CSRF token can be refused
            abort(400)
        save_feedback(session, firm, form.answers())
        session.commit()
        flash(_("Thank you: your answers are saved."))
        return redirect(url_for("firm.feedback"), code=303)
    return render_template(
        "firm/feedback.html",
        firm=firm,
        agenda=plan,
        answers=feedback_of(session, firm),
        action=ActionForm(),
    )


@bp.post("/erase")
def erase() -> Response:
    """The firm asks for its personal data to be deleted (and withdraws)."""
    firm = current_firm()
    form = EraseForm()
    if not form.validate():  # only the CSRF token can be refused
        abort(400)
    if not form.confirm.data:
        flash(_("Please tick the box to confirm."))
        return redirect(url_for("firm.profile"), code=303)
    slug = firm.event.slug
    erase_personal_data(
        db.session(), firm, secret=current_app.config["SECRET_KEY"], uploads=uploads_folder()
    )
    db.session.commit()
    flash(_("Your personal data is deleted and your registration withdrawn."))
    return redirect(url_for("public.event_page", slug=slug), code=303)


from matchmaker.views.firm import follow_up, partners, reuse  # noqa: E402  (they add routes to bp)

__all__ = ["bp", "follow_up", "partners", "reuse"]
