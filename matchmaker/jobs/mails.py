"""The texts of the mails to firms, in the language the caller forces (the worker: the firm's
language, `flask_babel.force_locale`; a public page: the reader's). Each takes the firm and
its personal link; the outbox keeps only what is needed to call them again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from matchmaker.models import MailKind, Participant

# The page of the firm's link that each kind of mail opens.
ENDPOINTS = {
    MailKind.INVITATION: "firm.overview",
    MailKind.LINK: "firm.overview",
    MailKind.AGENDA: "firm.agenda",
}


def _person(firm: Participant) -> str:
    return firm.contact_person or firm.name


def invitation_mail(firm: Participant, link: str) -> tuple[str, str]:
    """An imported firm is invited and given its link."""
    event = firm.event
    subject = _("Invitation to %(event)s", event=event.name)
    body = _(
        "Hello %(person)s,\n\nyou are invited to %(event)s on %(date)s. %(firm)s is entered "
        "already: through this personal link you check and complete your profile, see the "
        "partners recommended to you, ask for meetings and, once it is published, find your "
        "agenda:\n\n%(link)s\n\nKeep the link to yourself: whoever has it acts for your firm. "
        "If you do not want to take part, please answer this mail.\n",
        person=_person(firm),
        event=event.name,
        date=format_date(event.date, format="long"),
        firm=firm.name,
        link=link,
    )
    return subject, body


def link_mail(firm: Participant, link: str) -> tuple[str, str]:
    """The firm's personal link (again, or a replaced one)."""
    subject = _("Your link for %(event)s", event=firm.event.name)
    body = _(
        "Hello %(person)s,\n\nthis is the personal link of %(firm)s for %(event)s:\n\n"
        "%(link)s\n\nThrough it you edit your profile, see your recommended partners, ask for "
        "meetings and, once published, find your agenda. Keep it to yourself: whoever has the "
        "link acts for your firm.\n",
        person=_person(firm),
        firm=firm.name,
        event=firm.event.name,
        link=link,
    )
    return subject, body


def agenda_mail(firm: Participant, link: str, values: Mapping[str, Any]) -> tuple[str, str]:
    """A published timetable changed the firm's agenda: how many meetings are new, moved,
    cancelled (`values`), and the link to the agenda."""
    subject = _("Your agenda for %(event)s", event=firm.event.name)
    body = _(
        "Hello %(person)s,\n\nthe timetable of %(event)s was published or changed. "
        "%(added)d meetings are new, %(moved)d moved and %(removed)d cancelled for "
        "%(firm)s. Your agenda as it is now:\n\n%(link)s\n",
        person=_person(firm),
        event=firm.event.name,
        added=int(values.get("added", 0)),
        moved=int(values.get("moved", 0)),
        removed=int(values.get("removed", 0)),
        firm=firm.name,
        link=link,
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
    return agenda_mail(firm, link, values)
