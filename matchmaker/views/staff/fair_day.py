"""Staff pages for the fair day and its paper: the desk (check-in, no-shows, late arrivals,
early departures), repairing the timetable, the big screen of the slot under way, and the
print views and exports of the published timetable."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask import session as flask_session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.core.messages import Message
from matchmaker.dates import slot_time
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.fair_day import DeskActionForm, DeskQuery, RepairForm
from matchmaker.i18n import country, localised_lang, localised_text
from matchmaker.labels import REQUEST_STATES
from matchmaker.models import Event, ScheduleVersion
from matchmaker.services.agenda import printable_agendas, published_version
from matchmaker.services.convert import event_slots, slot_date
from matchmaker.services.day_facts import first_open_slot, slot_at
from matchmaker.services.events import event_now
from matchmaker.services.fair_day import (
    ACTIONS,
    FairDayError,
    current_slot,
    desk_list,
    record_attendance,
    repair_published,
)
from matchmaker.services.outcome import all_feedback, outcome_report
from matchmaker.services.publishing import meeting_changes
from matchmaker.services.schedules import REPAIR_NAME
from matchmaker.services.statistics import dashboard
from matchmaker.services.timetable import grid
from matchmaker.services.versions import name_by_app
from matchmaker.views.helpers import (
    event_or_404,
    in_firm_language,
    recruiter_choice,
    table_download,
)
from matchmaker.views.staff import bp

REPAIR_REFUSED = {
    "unpublished": _l("There is no published timetable to repair."),
    "over": _l("Nothing left to repair: the day's last slot is over or has begun."),
}
MEETING_COLUMNS = ("slot", "date", "start", "end", "table", "firm_a", "firm_b", "interpreter")


def _published(event: Event) -> ScheduleVersion:
    version = published_version(db.session(), event)
    if version is None:
        abort(404)
    return version


@bp.get("/e/<slug>/desk")
def desk(slug: str) -> str:
    event = event_or_404(slug)
    moment = event_now(event)
    now = current_slot(event, moment)
    query = _query()
    everyone = desk_list(db.session(), event)
    open_slot = first_open_slot(event, moment) or len(event_slots(event)) + 1
    return render_template(
        "staff/desk.html",
        event=event,
        everyone=everyone,
        firms=desk_list(db.session(), event, query) if query else everyone,
        query=query,
        action=ActionForm(),
        slots=[
            (s.number, slot_time(event, s)) for s in event_slots(event) if s.number >= open_slot
        ],
        current=now.number if now else 1,
    )


def _query() -> str:
    """The desk's search words (from the address, so that it works without JavaScript and
    survives the desk's actions)."""
    return DeskQuery(request.args).q.data or ""


@bp.post("/e/<slug>/desk/<int:firm_id>/<action>")
def desk_action(slug: str, firm_id: int, action: str) -> Response:
    event = event_or_404(slug)
    form = DeskActionForm()
    if not form.validate() or action not in ACTIONS:
        abort(400)
    at = None
    if action in ("arrives", "leaves"):
        at = form.moment()
        if at is None:
            flash(_("Please give the time as HH:MM."))
            return redirect(url_for("staff.desk", slug=slug, q=_query() or None), code=303)
    try:
        record_attendance(db.session(), event, firm_id, action, staff(), at)
    except FairDayError:
        abort(404)
    db.session.commit()
    back = url_for("staff.desk", slug=slug, q=_query() or None)
    return redirect(f"{back}#firm-{firm_id}", code=303)


@bp.post("/e/<slug>/repair")
def repair(slug: str) -> Response | tuple[str, int] | str:
    event = event_or_404(slug)
    form = RepairForm()
    if not form.validate():
        abort(400)
    from_slot = form.from_slot.data or 1
    session = db.session()
    published = published_version(session, event)
    try:
        run = repair_published(session, event, staff(), from_slot=from_slot)
        if published is not None:
            name_by_app(run.version, REPAIR_NAME, num=published.number)
    except FairDayError as error:
        session.rollback()
        flash(str(REPAIR_REFUSED.get(error.code, REPAIR_REFUSED["unpublished"])))
        return redirect(url_for("staff.desk", slug=slug), code=303)
    session.commit()
    # The reasons live only in this run; the result page (a GET, so that a reload repairs
    # nothing again) reads them from the staff member's session: at most REASONS_KEPT
    # of them, so that the signed cookie stays well under the browsers' 4 KB.
    reasons = [[*sorted(pair), m.template, dict(m.values)] for pair, m in run.why.items()]
    flask_session[REPAIR_WHY] = {"version": run.version.id, "why": reasons[:REASONS_KEPT]}
    return redirect(url_for("staff.repair_result", slug=slug, number=run.version.number), code=303)


REPAIR_WHY = "repair_why"
REASONS_KEPT = 25


@bp.get("/e/<slug>/repair/<int:number>")
def repair_result(slug: str, number: int) -> str:
    """A repair's result: the draft's changes against the published timetable, meeting by
    meeting, with their reasons while the session that repaired still has them."""
    event = event_or_404(slug)
    session = db.session()
    version = session.scalars(
        select(ScheduleVersion).where(
            ScheduleVersion.event_id == event.id, ScheduleVersion.number == number
        )
    ).one_or_none()
    if version is None or version.frozen_before is None:
        abort(404)
    moves = meeting_changes(session, event, version)
    saved = flask_session.get(REPAIR_WHY) or {}
    why = {
        frozenset((a, b)): Message(template, values)
        for a, b, template, values in (
            saved.get("why", []) if saved.get("version") == version.id else []
        )
    }
    frozen = next(s for s in event_slots(event) if s.number == version.frozen_before)
    return render_template(
        "staff/repair.html",
        event=event,
        version=version,
        kept=len(version.meetings) - sum(1 for m in moves if m.after is not None),
        changes=2 * len(moves),
        moves=moves,
        why=why,
        frozen=frozen.start,
    )


@bp.get("/e/<slug>/now")
def big_screen(slug: str) -> str:
    event = event_or_404(slug)
    version = published_version(db.session(), event)
    moment = event_now(event)
    slot = current_slot(event, moment)
    cells, upcoming = [], None
    if version is not None:
        shown = grid(db.session(), event, version)
        if slot is not None:
            cells = shown.used(slot.number)
        else:  # before the fair, or between meetings of a day or of two days
            busy = (s for s in shown.busy_slots() if slot_at(event, s, "start") > moment)
            upcoming = next(busy, None)
    return render_template(
        "staff/now.html", event=event, slot=slot, cells=cells, upcoming=upcoming,
        today=upcoming is not None and slot_date(event, upcoming) == moment.date(),
        upcoming_date=None if upcoming is None else slot_date(event, upcoming),
    )  # fmt: skip


@bp.get("/e/<slug>/print/<any(plan, door, agendas):what>")
def print_view(slug: str, what: str) -> str:
    event = event_or_404(slug)
    session = db.session()
    if what == "door":
        return render_template(
            "staff/print_door.html", event=event, firms=desk_list(session, event)
        )
    version = _published(event)
    if what == "plan":
        return render_template(
            "staff/print_plan.html", event=event, grid=grid(session, event, version)
        )
    printed = printable_agendas(session, desk_list(session, event))
    pages = [  # each firm's page in the firm's language, whoever prints them
        in_firm_language(agenda.participant, "firm/_agenda_page.html", agenda=agenda)
        for agenda in printed.agendas
    ]
    return render_template("staff/print_agendas.html", event=event, pages=pages, printed=printed)


@bp.get("/e/<slug>/export/meetings.<any(csv, xlsx):kind>")
def export_meetings(slug: str, kind: str) -> Response:
    event = event_or_404(slug)
    version = _published(event)
    shown = grid(db.session(), event, version)
    slots = {s.number: s for s in shown.slots}
    rows = [
        (
            m.slot,
            slot_date(event, slots[m.slot]).isoformat() if m.slot in slots else "",
            slots[m.slot].start.strftime("%H:%M") if m.slot in slots else "",
            slots[m.slot].end.strftime("%H:%M") if m.slot in slots else "",
            m.table.label,
            m.participant_a.name,
            m.participant_b.name,
            m.interpreter.name if m.interpreter else "",
        )
        for m in sorted(shown.cells.values(), key=lambda m: (m.slot, m.table.number))
    ]
    return table_download(f"{event.slug}-meetings.{kind}", MEETING_COLUMNS, rows)


@bp.get("/e/<slug>/stats")
def stats(slug: str) -> str:
    event = event_or_404(slug)
    choice = recruiter_choice(event)
    board = dashboard(db.session(), event, choice.only)
    named = {
        "sectors": [
            (localised_text(s, "name"), n, localised_lang(s, "name")) for s, n in board.by_sector
        ],
        "groups": [
            (localised_text(g, "name"), n, localised_lang(g, "name")) if g else ("—", n)
            for g, n in board.by_group
        ],
        "requests": [(str(REQUEST_STATES[s]), n) for s, n in board.requests],
        "countries": [(country(c) if c else "—", n) for c, n in board.by_country],
    }
    return render_template("staff/stats.html", event=event, board=board, named=named, choice=choice)


@bp.get("/e/<slug>/report")
def report(slug: str) -> str:
    event = event_or_404(slug)
    choice = recruiter_choice(event)
    summary = outcome_report(db.session(), event, choice.only)
    return render_template("staff/report.html", event=event, report=summary, choice=choice)


REPORT_COLUMNS = ("firm", "partner", "met", "follow_up", "cooperation", "comment")


@bp.get("/e/<slug>/report.xlsx")
def report_xlsx(slug: str) -> Response:
    """Every answer, one row per firm and partner, for the committee's own tables."""
    event = event_or_404(slug)
    only = recruiter_choice(event).only
    rows = [
        (
            names.get(f.participant_id, ""),
            names.get(f.partner_id, ""),
            "yes" if f.met else "no",
            "yes" if f.follow_up else "no",
            "yes" if f.cooperation else "no",
            f.comment,
        )
        for names in [{p.id: p.name for p in event.participants}]
        for f in all_feedback(db.session(), event)
        if only is None or f.participant_id in only or f.partner_id in only
    ]
    return table_download(f"{event.slug}-outcome.xlsx", REPORT_COLUMNS, rows)
