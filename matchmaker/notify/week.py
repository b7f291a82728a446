"""The e-mails of the delegation's week (issue 21), each in its recipient's language: a
member's link to their week with what it holds, and a host's notice of the group that comes
(who, when, their firms' interests and languages). Written from `templates/mail/` as every
mail of the app is (`notify.render`); a module of its own only for size."""

from __future__ import annotations

from datetime import time

from flask_babel import force_locale, format_date, gettext

from matchmaker.core.visits.types import GroupPlan, Visit
from matchmaker.extensions import db
from matchmaker.i18n import (
    clock_range,
    clock_time,
    host_language,
    language_list,
    member_language,
    reader_language,
)
from matchmaker.models import DelegationMember, ProgrammeItem, VisitHost
from matchmaker.notify import Mail, render
from matchmaker.services.itinerary import member_week
from matchmaker.services.organisations import mail_sender
from matchmaker.services.programme import members_of
from matchmaker.services.texts import local_text
from matchmaker.services.visit_problem import clock


def member_week_mail(member: DelegationMember, link: str) -> Mail:
    """The member's link to their week, with the week's days and items (and their group's
    visits once published), in the member's language."""
    event = member.event
    locale = member_language(member)
    with force_locale(locale):
        days = [
            {
                "date": format_date(day, format="full"),
                "entries": [_entry_line(e.start, e.end, e.kind, e.item, e.host) for e in entries],
            }
            for day, entries in member_week(db.session(), member).days
        ]
        event_name = local_text(event, "name", reader_language()).text
    subject, body = render(
        "week", locale, person=member.name, event_name=event_name, link=link, days=days
    )
    return Mail(member.email, locale, subject, body, mail_sender(db.session(), event))


def _entry_line(
    start: time, end: time, kind: str, item: ProgrammeItem, host: VisitHost | None
) -> str:
    """One line of the week in the mail: the time and what happens."""
    title = (
        host.name
        if kind == "visit" and host is not None
        else local_text(item, "title", reader_language()).text
    )
    if kind == "lunch":
        title = str(gettext("Lunch"))
    return f"{clock_range(start, end)}  {title}"


def host_notice_mail(
    host: VisitHost, item: ProgrammeItem, group: GroupPlan, visit: Visit, interpreter: str
) -> Mail:
    """The host's notice of the visit: when the group arrives and stays, how many come,
    each visitor's firm, interests and languages, and the interpreter, in the host's
    language."""
    event = item.event
    locale = host_language(event, host.locale)
    members = {str(m.id): m for m in members_of(db.session(), event)}
    with force_locale(locale):
        visitors = [_visitor(members[m]) for m in group.members if m in members]
        values = {
            "person": host.contact_person or host.name,
            "host_name": host.name,
            "event_name": local_text(event, "name", reader_language()).text,
            "date": format_date(item.day, format="full"),
            "time": clock_range(clock(visit.start), clock(visit.end)),
            "arrive": clock_time(clock(visit.arrive)),
            "count": len(visitors),
            "visitors": visitors,
            "interpreter": interpreter,
        }
    subject, body = render("host_notice", locale, **values)
    return Mail(host.email, locale, subject, body, mail_sender(db.session(), event))


def _visitor(member: DelegationMember) -> dict[str, str]:
    firm = member.participant
    return {
        "name": member.name,
        "function": member.function,
        "firm": firm.name if firm else "",
        "interests": local_text(firm, "request", reader_language()).text[:300] if firm else "",
        "languages": language_list(member.languages),
    }
