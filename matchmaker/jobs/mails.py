"""The texts of the mails to firms, in the language the caller forces (the worker: the firm's
language, `flask_babel.force_locale`; a public page: the reader's). Each takes the firm and
its personal link; the outbox keeps only what is needed to call them again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from matchmaker.extensions import db
from matchmaker.i18n import clock_range, reader_language, zone_city
from matchmaker.models import MailKind, Participant
from matchmaker.services.agenda import agenda_for
from matchmaker.services.texts import local_text

# The page of the firm's link that each kind of mail opens.
ENDPOINTS = {
    MailKind.INVITATION: "firm.overview",
    MailKind.LINK: "firm.overview",
    MailKind.AGENDA: "firm.agenda",
    MailKind.REQUEST: "firm.requests",
    MailKind.ANSWER: "firm.requests",
}


def _person(firm: Participant) -> str:
    return firm.contact_person or firm.name


def _event_name(firm: Participant) -> str:
    """The fair's name in the mail's language where staff translated it."""
    return local_text(firm.event, "name", reader_language()).text


def invitation_mail(firm: Participant, link: str) -> tuple[str, str]:
    """An imported firm is invited and given its link."""
    event = firm.event
    subject = _("Invitation to %(event)s", event=_event_name(firm))
    body = _(
        "Hello %(person)s,\n\nyou are invited to %(event)s on %(date)s. %(firm)s is entered "
        "already: through this personal link you check and complete your profile, see the "
        "partners recommended to you, ask for meetings and, once it is published, find your "
        "agenda:\n\n%(link)s\n\nKeep the link to yourself: whoever has it acts for your firm. "
        "If you do not want to take part, please answer this mail.\n",
        person=_person(firm),
        event=_event_name(firm),
        date=format_date(event.date, format="long"),
        firm=firm.name,
        link=link,
    )
    return subject, body


def link_mail(firm: Participant, link: str) -> tuple[str, str]:
    """The firm's personal link (again, or a replaced one)."""
    subject = _("Your link for %(event)s", event=_event_name(firm))
    body = _(
        "Hello %(person)s,\n\nthis is the personal link of %(firm)s for %(event)s:\n\n"
        "%(link)s\n\nThrough it you edit your profile, see your recommended partners, ask for "
        "meetings and, once published, find your agenda. Keep it to yourself: whoever has the "
        "link acts for your firm.\n",
        person=_person(firm),
        firm=firm.name,
        event=_event_name(firm),
        link=link,
    )
    return subject, body


def agenda_mail(firm: Participant, link: str, values: Mapping[str, Any]) -> tuple[str, str]:
    """A timetable was published: the firm's meetings as they are now (time, table, partner,
    in the current language), how many changed since the last version when any moved or
    were cancelled (`values`), and the link to the agenda."""
    event = firm.event
    subject = _("Your agenda for %(event)s", event=_event_name(firm))
    moved, removed = int(values.get("moved", 0)), int(values.get("removed", 0))
    changes = (
        _(
            "Since the last version %(added)d meetings are new, %(moved)d moved and "
            "%(removed)d cancelled.",
            added=int(values.get("added", 0)),
            moved=moved,
            removed=removed,
        )
        + "\n\n"
        if moved or removed
        else ""
    )
    body = _(
        "Hello %(person)s,\n\nthe organisers of %(event)s have published the timetable. "
        "The meetings of %(firm)s on %(date)s (local time in %(city)s):\n\n%(meetings)s\n\n"
        "%(changes)sYour agenda, always up to date, to read on your phone, print or add to "
        "your calendar:\n\n%(link)s\n",
        person=_person(firm),
        event=_event_name(firm),
        firm=firm.name,
        date=format_date(event.date, format="long"),
        city=zone_city(event.timezone),
        meetings=meeting_lines(firm),
        changes=changes,
        link=link,
    )
    return subject, body


def meeting_lines(firm: Participant) -> str:
    """The firm's published meetings, one line each: time, table, partner (the table's name
    in the current language)."""
    items = agenda_for(db.session(), firm).items
    if not items:
        return str(_("No meetings are scheduled for you."))
    return "\n".join(
        _(
            "%(time)s, table %(table)s: %(partner)s",
            time=clock_range(item.start, item.end),
            table=local_text(item.place, "name", reader_language()).text or item.table,
            partner=item.partner.name,
        )
        for item in items
    )


def request_mail(firm: Participant, link: str, values: Mapping[str, Any]) -> tuple[str, str]:
    """Another firm (`values["partner"]`) asked the firm for a meeting."""
    partner = str(values.get("partner", ""))
    subject = _("%(partner)s asks you for a meeting", partner=partner)
    body = _(
        "Hello %(person)s,\n\n%(partner)s asks %(firm)s for a meeting at %(event)s. See who "
        "they are and why they were suggested, and accept or decline:\n\n%(link)s\n",
        person=_person(firm),
        partner=partner,
        firm=firm.name,
        event=_event_name(firm),
        link=link,
    )
    return subject, body


def answer_mail(firm: Participant, link: str, values: Mapping[str, Any]) -> tuple[str, str]:
    """The firm's request to `values["partner"]` was accepted (`values["accepted"]`) or
    declined."""
    partner = str(values.get("partner", ""))
    facts = {"person": _person(firm), "partner": partner, "firm": firm.name, "link": link}
    if values.get("accepted"):
        subject = _("%(partner)s accepted your request", partner=partner)
        body = _(
            "Hello %(person)s,\n\n%(partner)s accepted the request of %(firm)s: the meeting "
            "is now wanted by both, and the organisers place it in the timetable as far as "
            "the day allows. Your requests:\n\n%(link)s\n",
            **facts,
        )
    else:
        subject = _("%(partner)s declined your request", partner=partner)
        body = _(
            "Hello %(person)s,\n\n%(partner)s declined the request of %(firm)s. Your "
            "requests, and other partners to ask:\n\n%(link)s\n",
            **facts,
        )
    return subject, body


def compose(
    kind: MailKind, firm: Participant, link: str, values: Mapping[str, Any]
) -> tuple[str, str]:
    """Subject and body of an outbox mail of `kind` (in the current locale)."""
    if kind == MailKind.INVITATION:
        return invitation_mail(firm, link)
    if kind == MailKind.LINK:
        return link_mail(firm, link)
    if kind == MailKind.REQUEST:
        return request_mail(firm, link, values)
    if kind == MailKind.ANSWER:
        return answer_mail(firm, link, values)
    return agenda_mail(firm, link, values)
