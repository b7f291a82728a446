"""Every e-mail the app sends, written from the templates in `templates/mail/` in its
recipient's language, and sent by `services.mail`.

One home for mail, so that no page or job writes a message of its own: each function here
takes what the mail is about, chooses the language it is read in and renders the template
under `flask_babel.force_locale`:

- mails to a firm (the outbox's kinds, and its link asked for again): the firm's language
  (`i18n.firm_language`; the outbox stores it on the row when the mail is queued);
- an invitation to co-organise: the language the inviting owner chose for it;
- a staff account's sign-in or password link and the administrators' test mail: the
  language of the page they were asked from (a staff account stores no language).

A template's first line is the subject, the rest after a blank line the body (plain text,
not escaped: `.txt` templates are not autoescaped). The texts are Flask-Babel's, extracted
from the templates (`babel.cfg`), so a mail reads like the pages in every language.

This module sits above the services (it needs Flask's templates and Flask-Babel, which
services may not import), beside `i18n` and `urls`; views and the worker call it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template
from flask_babel import force_locale, format_datetime

from matchmaker.dates import short_day, text_dates
from matchmaker.extensions import db
from matchmaker.i18n import clock_range, firm_language, reader_language, text_date, zone_city
from matchmaker.labels import ROLE_NAMES
from matchmaker.models import Event, EventInvitation, MailKind, Participant, StaffUser
from matchmaker.services.agenda import agenda_for
from matchmaker.services.follow_up import held_partners, round_of
from matchmaker.services.mail import Sender, send_mail
from matchmaker.services.organisations import mail_sender
from matchmaker.services.texts import local_text

# The template of each kind of outbox mail, and the page of the firm's link it opens.
TEMPLATES = {
    MailKind.INVITATION: "invitation",
    MailKind.LINK: "link",
    MailKind.AGENDA: "agenda",
    MailKind.REQUEST: "request",
    MailKind.ANSWER: "answer",
    MailKind.FOLLOW_UP: "follow_up",
}
ENDPOINTS = {
    MailKind.INVITATION: "firm.overview",
    MailKind.LINK: "firm.overview",
    MailKind.AGENDA: "firm.agenda",
    MailKind.REQUEST: "firm.requests",
    MailKind.ANSWER: "firm.requests",
    MailKind.FOLLOW_UP: "firm.follow_up",
}


@dataclass(frozen=True, slots=True)
class Mail:
    """One message, written and ready to send: to whom, in which language, what it says
    and whom it is from (`None`: the installation itself)."""

    to: str
    locale: str
    subject: str
    body: str
    sender: Sender | None = None


def send(config: Mapping[str, Any], mail: Mail) -> None:
    """Send the mail (raises `services.mail.MailError` with the reason in plain words)."""
    send_mail(config, mail.to, mail.subject, mail.body, sender=mail.sender)


def render(template: str, locale: str, **values: Any) -> tuple[str, str]:
    """Subject and body of `templates/mail/<template>.txt` in `locale`."""
    with force_locale(locale):
        text = render_template(f"mail/{template}.txt", **values)
    subject, _blank, body = text.partition("\n\n")
    return subject.strip(), body


def firm_mail(
    kind: MailKind,
    firm: Participant,
    link: str,
    values: Mapping[str, Any],
    locale: str,
    *,
    to: str = "",
    confirm_link: str = "",
) -> Mail:
    """A mail of `kind` to the firm (at `to`, else its address), with its personal `link`,
    in `locale`; `values` are what the outbox stored with it (the partner, whether
    accepted, the counts of changes); `confirm_link` asks a self-registered firm to confirm
    its address."""
    with force_locale(locale):
        facts = _firm_facts(kind, firm, values)
    subject, body = render(TEMPLATES[kind], locale, link=link, confirm_link=confirm_link, **facts)
    sender = mail_sender(db.session(), firm.event)
    return Mail(to or firm.email, locale, subject, body, sender)


def link_mail(firm: Participant, link: str, *, confirm_link: str = "") -> Mail:
    """The firm's personal link, written now in the firm's language."""
    return firm_mail(MailKind.LINK, firm, link, {}, firm_language(firm), confirm_link=confirm_link)


def _firm_facts(kind: MailKind, firm: Participant, values: Mapping[str, Any]) -> dict[str, Any]:
    """What the firm's templates show, in the current language: the person addressed, the
    fair's name as staff translated it, its date and zone, the meetings for an agenda."""
    event = firm.event
    facts: dict[str, Any] = {
        "person": firm.contact_person or firm.name,
        "firm_name": firm.name,
        "event_name": local_text(event, "name", reader_language()).text,
        "date": text_dates(event),
        "partner": str(values.get("partner", "")),
        "accepted": bool(values.get("accepted")),
    }
    if kind == MailKind.FOLLOW_UP:
        facts |= _follow_up_facts(firm, values)
    if kind == MailKind.AGENDA:
        facts |= {
            "city": zone_city(event.timezone),
            "meetings": _meetings(firm),
            "added": int(values.get("added", 0)),
            "moved": int(values.get("moved", 0)),
            "removed": int(values.get("removed", 0)),
        }
    return facts


def _follow_up_facts(firm: Participant, values: Mapping[str, Any]) -> dict[str, Any]:
    """A round's mail: how many months after the fair, until when, whether a reminder, and
    the partners of the firm's meetings held (each with its own link to the page)."""
    session = db.session()
    chosen = round_of(session, firm.event, int(values.get("round", 0)))
    return {
        "months": chosen.months if chosen else 0,
        "closes": text_date(chosen.closes_on) if chosen else "",
        "reminder": int(values.get("reminder", 0)),
        "partners": [(p.id, p.name) for p in held_partners(session, firm)],
    }


def _meetings(firm: Participant) -> list[dict[str, str]]:
    """The firm's published meetings as the agenda mail lists them: time, table (its name
    in the current language where staff named it), partner."""
    return [
        {
            "time": (f"{short_day(item.day)}, " if firm.event.days > 1 else "")
            + clock_range(item.start, item.end),
            "table": local_text(item.place, "name", reader_language()).text or str(item.table),
            "partner": item.partner.name,
        }
        for item in agenda_for(db.session(), firm).items
    ]


def staff_link_mail(user: StaffUser, *, sign_in: bool, link: str, until: datetime) -> Mail:
    """A one-time sign-in link (`sign_in`) or password link for a staff account, valid
    until `until` (UTC, shown as the reader's local time), in the page's language."""
    locale = reader_language()
    with force_locale(locale):
        shown = str(format_datetime(until, format="short"))
    subject, body = render(
        "staff_sign_in" if sign_in else "staff_reset",
        locale,
        name=user.name or user.email,
        until=shown,
        link=link,
    )
    return Mail(user.email, locale, subject, body)


def co_organiser_mail(invitation: EventInvitation, event: Event, link: str, who: str) -> Mail:
    """An invitation to co-organise `event`, in the language the owner chose for it, from
    the owning organisation."""
    locale = invitation.locale
    with force_locale(locale):
        role = str(ROLE_NAMES[invitation.role.value])
    subject, body = render(
        "co_organiser",
        locale,
        event_name=event.name,
        who=who,
        role=role,
        link=link,
        until=f"{invitation.expires_at:%Y-%m-%d}",
    )
    return Mail(invitation.email, locale, subject, body, mail_sender(db.session(), event))


def settings_check_mail(address: str, site: str, who: str) -> Mail:
    """The administrators' test mail, in the page's language."""
    locale = reader_language()
    subject, body = render("test", locale, site=site, who=who)
    return Mail(address, locale, subject, body)
