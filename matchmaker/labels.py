"""Stored values as readers know them: the states of requests and firms, and the audit log's
actions and details, in the reader's language. The database keeps the keys (`accepted`,
`version.publish`, `from_slot`); pages never show those.

A new audit action needs a line in AUDIT_ACTIONS, a new detail key one in DETAIL_KEYS
(tests/project/test_audit_words.py finds every action and detail key the code records and fails
on one without).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask_babel import gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l

from matchmaker.i18n import reader_language
from matchmaker.models import AuditEntry, Event, Outcome, ParticipantStatus, RequestStatus

REQUEST_STATES = {
    RequestStatus.PENDING: _l("waiting for an answer"),
    RequestStatus.ACCEPTED: _l("accepted"),
    RequestStatus.DECLINED: _l("declined"),
    RequestStatus.WITHDRAWN: _l("withdrawn"),
}
FIRM_STATES = {
    ParticipantStatus.REGISTERED: _l("registered, not yet approved"),
    ParticipantStatus.APPROVED: _l("approved"),
    ParticipantStatus.REJECTED: _l("rejected"),
    ParticipantStatus.WITHDRAWN: lazy_pgettext("firm", "withdrawn"),  # die Firma: отозвана
}

# The follow-up's ladder, as the firms read it (models.Outcome, in order).
OUTCOMES = {
    Outcome.NO_CONTACT: _l("No further contact"),
    Outcome.KNOWLEDGE: _l("No further contact, but knowledge gained"),
    Outcome.VALUABLE: _l("A valuable contact for future projects"),
    Outcome.NEGOTIATION: _l("Negotiations started"),
    Outcome.AGREEMENT: _l("A cooperation agreement reached"),
}

AUDIT_ACTIONS = {
    "event.create": _l("Fair created"),
    "event.settings": _l("Settings changed"),
    "event.texts": _l("Texts in other languages changed"),
    "firm.edit": _l("Firm's profile changed by staff"),
    "firm.status": _l("Registration decided"),
    "firms.import": _l("Firms imported"),
    "privacy.erase": _l("A firm's personal data erased"),
    "job.recommend": _l("Recommendations started"),
    "job.schedule": _l("Timetable generation started"),
    "job.visits": _l("Visit planning started"),
    "week.item": _l("Programme item saved"),
    "week.item_removed": _l("Programme item removed"),
    "week.member": _l("Delegation member saved"),
    "week.member_removed": _l("Delegation member removed"),
    "week.host": _l("Visit host approved or rejected"),
    "week.host_saved": _l("Visit host added or changed"),
    "week.attendance": _l("Attendance of a programme item saved"),
    "week.plan_changed": _l("Visit plan changed by hand"),
    "week.plan_published": _l("Visit plan published"),
    "follow_up.add": _l("Follow-up round added"),
    "follow_up.remove": _l("Follow-up round removed"),
    "follow_up.record": _l("Follow-up ratings recorded for a firm"),
    "week.plan_day_change": _l("Visit plan re-made for a change on the day"),
    "week.travel": _l("Travel minutes of a day of visits changed"),
    "desk.check_in": _l("Firm checked in"),
    "desk.absent": _l("Firm marked absent"),
    "desk.arrives": _l("Late arrival noted"),
    "desk.leaves": _l("Early departure noted"),
    "desk.reset": _l("Desk notes of a firm cleared"),
    "version.repair": _l("Timetable repaired"),
    "version.copy": _l("Timetable version copied"),
    "version.publish": _l("Timetable published"),
    "meeting.move": _l("Meeting moved"),
    "meeting.lock": _l("Meeting locked"),
    "meeting.unlock": _l("Meeting unlocked"),
    "pair.force": _l("Pair must meet"),
    "pair.forbid": _l("Pair must not meet"),
    "pair.remove": _l("Pair rule removed"),
    "tables.seat": _l("Firms seated at themed tables"),
    "tables.theme": _l("Theme of a themed table renamed"),
    "tables.move": _l("Firm moved to another themed table"),
    "staff.create": _l("Staff account created"),
    "staff.activate": _l("Staff account unblocked"),
    "staff.deactivate": _l("Staff account blocked"),
    "staff.password": _l("Password changed"),
    "staff.password_reset": _l("Password reset by mail"),
    "staff.end_sessions": _l("All sessions of an account ended"),
    "staff.unlock": _l("Login limits lifted"),
    "mail.invitation": _l("Firms invited by e-mail"),
    "mail.link": _l("A firm's link sent by e-mail"),
    "mail.agenda": _l("Firms told of their changed agenda"),
    "mail.request": _l("A firm told of a meeting request to it"),
    "mail.answer": _l("A firm told of the answer to its request"),
    "mail.follow_up": _l("Firms asked what came of their meetings"),
    "mail.retry": _l("Failed mails sent again"),
    "mail.test": _l("Test mail sent"),
    "mail.week": _l("Members mailed the link to their week"),
    "mail.host_notice": _l("Hosts mailed their notice of a visit"),
    "firm.new_link": _l("A firm's link replaced"),
    "firm.recruiter": _l("Recruiting organiser of a firm changed"),
    "organiser.invite": _l("Organisation invited to co-organise"),
    "organiser.withdraw": _l("Invitation to co-organise withdrawn"),
    "organiser.accept": _l("Invitation to co-organise accepted"),
    "organiser.join": _l("Organisation joined by invitation"),
    "organiser.role": _l("Co-organiser's role changed"),
    "organiser.remove": _l("Co-organiser taken off the fair"),
    "organisation.create": _l("Organisation created"),
    "organisation.settings": _l("Organisation's contact and mail sender changed"),
    "organisation.member": _l("Organisation's staff changed"),
}

# An organisation's role on a fair, as a word of the reader's language.
ROLE_NAMES = {"owner": _l("owner"), "organiser": _l("co-organiser"), "supporter": _l("supporter")}

# What a detail's key means (its value is shown by `_value`).
DETAIL_KEYS = {
    "firm": _l("firm"),
    "item": _l("programme item"),
    "member": _l("delegation member"),
    "host": _l("visit host"),
    "status": _l("status"),
    "a": _l("firm"),
    "b": _l("partner"),
    "before": _l("before"),
    "after": _l("after"),
    "version": _l("version"),
    "from": _l("from"),
    "to": _l("to"),
    "kept": _l("meetings kept"),
    "changes": _l("meetings changed"),
    "from_slot": _l("changes from"),
    "firms_affected": _l("firms affected"),
    "swapped": _l("swapped with another meeting"),
    "created": _l("new"),
    "updated": _l("updated"),
    "left_out": _l("left out"),
    "brought_back": _l("brought back"),
    "size": _l("firms per table"),
    "rounds": _l("rounds"),
    "months": _l("months after the fair"),
    "days": _l("days open"),
    "ratings": _l("ratings"),
    "round": _l("round"),
    "table": _l("table"),
    "cleared": _l("refused logins cleared"),
    "at": _l("time"),
    "texts": _l("texts"),
    "top_k": _l("partners per firm"),
    "time_limit": _l("seconds of search"),
    "include_pending": _l("unanswered requests included"),
    "recommended": _l("recommended partners per firm"),
    "start_from": _l("starting from version"),
    "name": _l("name"),
    "mails": _l("mails"),
    "sent": _l("sent"),
    "role": _l("role"),
    "organisation": _l("organisation"),
    "added": _l("added"),
    "removed": _l("removed"),
}
_FIRM_KEYS = ("firm", "a", "b")


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One line of the audit log as the reader sees it."""

    when: str
    who: str
    what: str
    subject: str
    details: str


def audit_rows(
    entries: Sequence[AuditEntry],
    event: Event,
    firms: Mapping[int, str],
    tables: Mapping[int, str],
    slots: Mapping[int, str] | None = None,
) -> list[AuditRow]:
    """The entries with their times in the event's zone, their actions named and their
    details in words (`firms`, `tables` and `slots` name the ids and slot numbers the
    details hold: a slot as its clock time, "09:40", not "slot 3")."""
    zone = ZoneInfo(event.timezone)
    locale = reader_language()
    rows = []
    for entry in entries:
        local = entry.at.replace(tzinfo=UTC).astimezone(zone)
        what = AUDIT_ACTIONS.get(entry.action)
        rows.append(
            AuditRow(
                when=format_datetime(local, "short", tzinfo=zone, locale=locale),
                who=entry.staff_email,
                what=str(what) if what is not None else entry.action,
                subject=entry.subject,
                details=details_text(entry.detail or {}, firms, tables, slots or {}),
            )
        )
    return rows


def details_text(detail: Mapping[str, object], firms: Mapping[int, str],
                 tables: Mapping[int, str], slots: Mapping[int, str]) -> str:  # fmt: skip
    """The details as "label: value; …", leaving out what is empty."""
    parts = []
    for key, value in detail.items():
        if value is None or value == "":
            continue
        label = DETAIL_KEYS.get(key)
        shown = _value(key, value, firms, tables, slots)
        parts.append(f"{label}: {shown}" if label is not None else f"{key}: {shown}")
    return "; ".join(parts)


def _value(key: str, value: object, firms: Mapping[int, str], tables: Mapping[int, str],
           slots: Mapping[int, str]) -> str:  # fmt: skip
    if isinstance(value, bool):
        return str(gettext("yes") if value else gettext("no"))
    if key in _FIRM_KEYS and isinstance(value, int):
        return firms.get(value, f"#{value}")
    if key in ("from_slot", "slot") and isinstance(value, int) and value in slots:
        return slots[value]
    if key in ("before", "after") and isinstance(value, str):
        states = {state.value: label for state, label in FIRM_STATES.items()}
        return str(states.get(value, value))
    if isinstance(value, list) and len(value) == 2:  # a meeting's place: [slot, table id]
        slot, table = value
        named = tables.get(table, table) if isinstance(table, int) else table
        if isinstance(slot, int) and slot in slots:
            return str(gettext("%(time)s, table %(table)s", time=slots[slot], table=named))
        return str(gettext("slot %(slot)s, table %(table)s", slot=slot, table=named))
    if isinstance(value, float):
        return f"{value:g}"
    if key == "role" and isinstance(value, str):
        return str(ROLE_NAMES.get(value, value))
    return str(value)
