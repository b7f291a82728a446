"""The outbox: mails to firms are queued here by the pages and sent by the worker, and every
one keeps its state (queued, sending, sent, failed and why), so that staff see per firm what
reached it and can send failed mails again.

A row keeps what is needed to build the mail again (kind, firm, address, language, a few
figures), never the mail's text and never the firm's personal link: the link is a secret and
is derived again when the mail is sent (services/links.py). Each change of state is one
conditional UPDATE, so a mail delivered twice to the worker (or to two workers) is sent once.
Functions flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from matchmaker.core.messages import Message
from matchmaker.models import (
    Event,
    MailKind,
    MailState,
    OutboxMail,
    Participant,
    StaffUser,
)
from matchmaker.services.audit import record
from matchmaker.services.events import VISIBLE
from matchmaker.services.mail_failures import FIRM_GONE, NO_ADDRESS, WORKER_STOPPED

# How long a mail may stay "sending" before it counts as lost with its worker: far longer
# than one SMTP conversation (each step times out after 10 s).
SENDING_STALE = timedelta(minutes=5)

Language = Callable[[Participant], str]
"""Which language to write to a firm in (the pages pass `i18n.firm_language`)."""


def reachable(participant: Participant) -> bool:
    """Whether the firm still takes part, so that its link opens its pages."""
    return participant.status in VISIBLE and participant.erased_at is None


@dataclass
class Queued:
    """What queueing did: the mails queued, and the firms left out and why."""

    mails: list[OutboxMail] = field(default_factory=list)
    no_address: list[Participant] = field(default_factory=list)
    gone: list[Participant] = field(default_factory=list)


def queue_mails(
    session: Session,
    event: Event,
    kind: MailKind,
    firms: Sequence[Participant],
    staff: StaffUser | None,
    language: Language,
    values: Mapping[int, dict[str, Any]] | None = None,
    audit: bool = True,
) -> Queued:
    """Queue one mail of `kind` to each firm that can be reached (its `language` and address
    as they are now; `values[firm.id]` the figures its text needs). Firms without an address,
    or no longer taking part, are reported, not queued. `audit=False`: a mail a firm's own
    action causes (a request), not staff's, is not written to the audit log."""
    queued = Queued()
    for firm in firms:
        if firm.event_id != event.id:
            raise ValueError(f"firm {firm.id} is not of event {event.id}")
        if not reachable(firm):
            queued.gone.append(firm)
        elif not firm.email.strip():
            queued.no_address.append(firm)
        else:
            mail = OutboxMail(
                event_id=event.id, participant_id=firm.id, kind=kind, address=firm.email,
                locale=language(firm), figures=dict((values or {}).get(firm.id, {})),
                staff_id=staff.id if staff is not None else None,
            )  # fmt: skip
            session.add(mail)
            queued.mails.append(mail)
    session.flush()
    if queued.mails and audit:
        record(session, staff, f"mail.{kind.value}", event=event,
               detail={"mails": len(queued.mails)})  # fmt: skip
    return queued


def uninvited(session: Session, event: Event) -> list[Participant]:
    """The firms staff brought in (imported or added, not registered through the form) that
    take part and have no invitation queued or sent; firms whose invitation failed count."""
    invited = select(OutboxMail.participant_id).where(
        OutboxMail.event_id == event.id,
        OutboxMail.kind == MailKind.INVITATION,
        OutboxMail.state != MailState.FAILED,
    )
    return list(
        session.scalars(
            select(Participant)
            .where(
                *_taking_part(event),
                Participant.submission_key.is_(None),
                Participant.id.not_in(invited),
            )
            .order_by(Participant.name, Participant.id)
        )
    )


def _taking_part(event: Event) -> tuple[ColumnElement[bool], ...]:
    """The conditions of a firm of `event` that takes part and whose data is not erased."""
    return (
        Participant.event_id == event.id,
        Participant.status.in_(VISIBLE),
        Participant.erased_at.is_(None),
    )


def firms_by_id(session: Session, event: Event, ids: Collection[int]) -> list[Participant]:
    """The event's firms with these ids (ids of other events are left out)."""
    return list(
        session.scalars(
            select(Participant)
            .where(Participant.event_id == event.id, Participant.id.in_(list(ids)))
            .order_by(Participant.name, Participant.id)
        )
    )


def without_address(session: Session, event: Event) -> list[Participant]:
    """The firms taking part that no mail can reach: they have no e-mail address."""
    return list(
        session.scalars(
            select(Participant)
            .where(
                *_taking_part(event),
                func.trim(Participant.email) == "",
            )
            .order_by(Participant.name)
        )
    )


def _changed(session: Session, statement: Any) -> int:
    result = cast(CursorResult[Any], session.execute(statement))
    session.flush()
    return result.rowcount


def claim(session: Session, mail_id: int, now: datetime) -> OutboxMail | None:
    """Take a queued mail for sending (one more attempt); None when it is not queued (any
    more): it was sent or taken already."""
    taken = _changed(
        session,
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.state == MailState.QUEUED)
        .values(state=MailState.SENDING, attempts=OutboxMail.attempts + 1, attempted_at=now)
        .execution_options(synchronize_session=False),
    )
    return session.get(OutboxMail, mail_id, populate_existing=True) if taken else None


def mark_sent(session: Session, mail_id: int, now: datetime) -> bool:
    """The mail server accepted the mail."""
    return _finish(session, mail_id, state=MailState.SENT, sent_at=now, error="", error_values={})


def mark_failed(session: Session, mail_id: int, why: Message) -> bool:
    """The mail was not sent, and why (in plain words)."""
    return _finish(
        session, mail_id, state=MailState.FAILED, error=why.template, error_values=dict(why.values)
    )


def _finish(session: Session, mail_id: int, **values: Any) -> bool:
    return (
        _changed(
            session,
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, OutboxMail.state == MailState.SENDING)
            .values(**values)
            .execution_options(synchronize_session=False),
        )
        == 1
    )


def firm_of(session: Session, mail: OutboxMail) -> Participant | None:
    """The firm the mail is for, if it can still be reached; else the mail is failed."""
    firm = session.get(Participant, mail.participant_id)
    if firm is None or not reachable(firm):
        mark_failed(session, mail.id, Message(FIRM_GONE))
        return None
    return firm


def retry_failed(
    session: Session,
    event: Event,
    staff: StaffUser | None,
    language: Language,
    ids: Collection[int] | None = None,
) -> list[int]:
    """Queue the event's failed mails again (all, or those with `ids`), to the firm's address
    and in its language as they are now; returns the ids queued. A firm that has no address or
    no longer takes part keeps its mail failed with that reason."""
    query = select(OutboxMail).where(
        OutboxMail.event_id == event.id, OutboxMail.state == MailState.FAILED
    )
    if ids is not None:
        query = query.where(OutboxMail.id.in_(list(ids)))
    again: list[int] = []
    for mail in session.scalars(query.order_by(OutboxMail.id)):
        firm = session.get(Participant, mail.participant_id)
        if firm is None or not reachable(firm):
            mail.error, mail.error_values = FIRM_GONE, {}
        elif not firm.email.strip():
            mail.error, mail.error_values = NO_ADDRESS, {}
        else:
            mail.address, mail.locale = firm.email, language(firm)
            mail.state, mail.error, mail.error_values = MailState.QUEUED, "", {}
            again.append(mail.id)
    session.flush()
    if again:
        record(session, staff, "mail.retry", event=event, detail={"mails": len(again)})
    return again


def reap_stale_sending(session: Session, now: datetime, stale: timedelta = SENDING_STALE) -> int:
    """Mark failed the mails a worker took and never finished (it was killed)."""
    return _changed(
        session,
        update(OutboxMail)
        .where(OutboxMail.state == MailState.SENDING, OutboxMail.attempted_at < now - stale)
        .values(state=MailState.FAILED, error=WORKER_STOPPED, error_values={})
        .execution_options(synchronize_session=False),
    )


def queued_ids(session: Session) -> list[int]:
    """The mails waiting for a worker, oldest first."""
    return list(
        session.scalars(
            select(OutboxMail.id)
            .where(OutboxMail.state == MailState.QUEUED)
            .order_by(OutboxMail.id)
        )
    )


def outbox(
    session: Session, event: Event, state: MailState | None = None, limit: int = 1000
) -> list[tuple[OutboxMail, Participant]]:
    """The event's mails with their firms, by firm and then newest first."""
    query = (
        select(OutboxMail, Participant)
        .join(Participant, Participant.id == OutboxMail.participant_id)
        .where(OutboxMail.event_id == event.id)
    )
    if state is not None:
        query = query.where(OutboxMail.state == state)
    query = query.order_by(Participant.name, Participant.id, OutboxMail.id.desc()).limit(limit)
    return [(mail, firm) for mail, firm in session.execute(query)]


def counts(session: Session, event: Event) -> dict[MailState, int]:
    """How many of the event's mails are in each state."""
    rows = session.execute(
        select(OutboxMail.state, func.count())
        .where(OutboxMail.event_id == event.id)
        .group_by(OutboxMail.state)
    )
    found: dict[MailState, int] = dict.fromkeys(MailState, 0)
    for state, count in rows:
        found[state] = int(count)
    return found


def forget_firm(session: Session, participant_id: int) -> None:
    """Delete the firm's mails (its data is erased: the address goes with them)."""
    session.execute(delete(OutboxMail).where(OutboxMail.participant_id == participant_id))
    session.flush()
