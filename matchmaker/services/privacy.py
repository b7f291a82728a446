"""Personal data goes when a firm asks, and after the retention period, with every copy.

What goes: the contact person, e-mail and phone, the free-text description and website, the
spreadsheet id (it may be an e-mail address), the messages of meeting requests from and to
the firm, the comments of feedback by and about it, the recommendations with it (their reasons
quote its texts), the mails to it in the outbox (they hold its address), the values above
wherever the audit log repeats them, and every kept upload
(an uploaded spreadsheet may hold the firm's row; uploads only wait for their import to be
confirmed). Every personal link of the firm stops working and the firm is withdrawn. What
stays: the firm's name and business profile (country, city, sectors, offer and request), which
are not personal data, and the counts the committee report is made of (met, follow-up,
cooperation).

An erasure at the firm's request also leaves a tombstone (`ErasedFirm`): keyed hashes of the
firm's id and e-mail address, so that importing the organiser's master spreadsheet again does
not quietly bring the firm back (`erased_rows`); staff can bring it back by name
(`bring_back`). The hashes are HMAC-SHA256 under the app's key: without the key nobody can
test an address against them. Keys listed in SECRET_KEY_FALLBACKS are tried as well, so a
changed key still recognises earlier tombstones while the old key is kept there.

The retention purge erases every firm of an event past its retention that is not erased yet
(also firms whose contact fields happen to be empty: description, website and the rest go
too), without tombstones: the organiser may invite the firm to a later fair. It also forgets
refused staff logins older than a day (their network addresses are personal data and count
for a quarter of an hour only).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from matchmaker.io.tabular import Table
from matchmaker.models import (
    AuditEntry,
    ErasedFirm,
    Event,
    FollowUpAnswer,
    MeetingFeedback,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    Recommendation,
    StaffUser,
)
from matchmaker.models.base import utcnow
from matchmaker.services.audit import record
from matchmaker.services.links import forget_links, retention_start
from matchmaker.services.logins import forget_old_failures
from matchmaker.services.outbox import forget_firm as forget_firm_mails
from matchmaker.services.text_vectors import forget_firm as forget_vectors

ERASED = "[erased]"
# Shorter values (a phone number "1", a website "x.de") are not looked for in the audit log:
# they would blank unrelated text, and they identify nobody.
MIN_SCRUBBED = 4


def erase_personal_data(
    session: Session,
    participant: Participant,
    staff: StaffUser | None = None,
    *,
    secret: str | None = None,
    uploads: Path | None = None,
) -> None:
    """Erase the firm's personal data now (in the caller's transaction). With `secret` (an
    erasure at the firm's request) a tombstone is kept for later imports; with `uploads`, the
    kept uploads in that folder are deleted (after the caller's commit would be better, but a
    file deleted too early only asks staff to upload again)."""
    forget_vectors(session, participant)  # derived from its texts, the description among them
    values = [
        v
        for v in (participant.contact_person, participant.email, participant.phone,
                  participant.description, participant.website, participant.external_id)
        if len(v.strip()) >= MIN_SCRUBBED
    ]  # fmt: skip
    if secret is not None:
        session.add(
            ErasedFirm(
                event_id=participant.event_id,
                id_key=erasure_key(secret, "id", participant.external_id),
                email_key=erasure_key(secret, "email", participant.email)
                if participant.email.strip()
                else None,
            )
        )
    participant.contact_person = participant.email = participant.phone = ""
    participant.description = participant.website = ""
    participant.external_id = f"erased-{participant.id}"
    participant.submission_key = None
    participant.status = ParticipantStatus.WITHDRAWN
    participant.erased_at = utcnow()
    forget_links(participant)
    forget_firm_mails(session, participant.id)
    _erase_copies(session, participant, values)
    if uploads is not None:
        drop_uploads(uploads)
    session.flush()
    record(session, staff, "privacy.erase", event=participant.event,
           detail={"firm": participant.id})  # fmt: skip


def _erase_copies(session: Session, participant: Participant, values: Sequence[str]) -> None:
    """What other rows hold of the firm: texts between it and others, and the audit log."""
    firm = participant.id
    session.execute(
        update(MeetingRequest)
        .where(
            or_(
                MeetingRequest.from_participant_id == firm, MeetingRequest.to_participant_id == firm
            )
        )
        .values(message="")
    )
    session.execute(
        update(MeetingFeedback)
        .where(or_(MeetingFeedback.participant_id == firm, MeetingFeedback.partner_id == firm))
        .values(comment="")
    )
    session.execute(  # the ratings stay as counts; no comment, no success story named
        update(FollowUpAnswer)
        .where(or_(FollowUpAnswer.participant_id == firm, FollowUpAnswer.partner_id == firm))
        .values(comment="", named=False)
    )
    session.execute(
        delete(Recommendation).where(
            or_(Recommendation.participant_id == firm, Recommendation.partner_id == firm)
        )
    )
    if not values:
        return
    pattern = re.compile("|".join(re.escape(v.strip()) for v in values), re.IGNORECASE)
    for entry in session.scalars(
        select(AuditEntry).where(AuditEntry.event_id == participant.event_id)
    ):
        subject, detail = pattern.sub(ERASED, entry.subject), _scrubbed(entry.detail, pattern)
        if subject != entry.subject or detail != entry.detail:
            entry.subject, entry.detail = subject, detail


def _scrubbed(value: Any, pattern: re.Pattern[str]) -> Any:
    """A JSON value with the pattern's matches replaced in every string inside it."""
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrubbed(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, pattern) for k, v in value.items()}
    return value


def drop_uploads(folder: Path) -> int:
    """Delete every kept upload; returns how many files went."""
    if not folder.is_dir():
        return 0
    gone = 0
    for path in folder.iterdir():
        if path.is_file():
            path.unlink(missing_ok=True)
            gone += 1
    return gone


def erasure_key(secret: str, kind: str, value: str) -> str:
    """The keyed hash a tombstone keeps of an id or e-mail address (case and spaces aside)."""
    message = f"matchmaker erased {kind}\0{value.strip().casefold()}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class ErasedRow:
    """A row of an import that is a firm erased at its request, with its tombstones."""

    row: int
    id: str
    name: str
    tombstones: tuple[int, ...]


def erased_rows(
    session: Session, event: Event, table: Table, secrets: Sequence[str]
) -> list[ErasedRow]:
    """The rows of a (mapped) import table whose id or e-mail address is a firm erased at its
    request: by a tombstone under any of `secrets`, or by the erased firm's row itself."""
    ids = {row.get("id") for row in table.rows if row.get("id")}
    emails = {row.get("email") for row in table.rows if row.get("email")}
    id_keys = {erasure_key(s, "id", i): i.casefold() for s in secrets for i in ids}
    email_keys = {erasure_key(s, "email", e): e.casefold() for s in secrets for e in emails}
    tombstones = session.scalars(
        select(ErasedFirm).where(
            or_(
                (ErasedFirm.event_id == event.id) & ErasedFirm.id_key.in_(id_keys),
                ErasedFirm.email_key.in_(email_keys),
            )
        )
    ).all()
    erased_ids = set(
        session.scalars(
            select(Participant.external_id).where(
                Participant.event_id == event.id,
                Participant.erased_at.is_not(None),
                Participant.external_id.in_(ids),
            )
        )
    )
    found = []
    for row in table.rows:
        firm_id, email = row.get("id").casefold(), row.get("email").casefold()
        matched = tuple(
            t.id
            for t in tombstones
            if (t.event_id == event.id and id_keys.get(t.id_key or "") == firm_id)
            or (email and email_keys.get(t.email_key or "") == email)
        )
        if matched or row.get("id") in erased_ids:
            found.append(ErasedRow(row.number, row.get("id"), row.get("name"), matched))
    return found


def bring_back(
    session: Session, event: Event, rows: Collection[ErasedRow], status: ParticipantStatus
) -> None:
    """Staff confirmed these erased firms by name: their tombstones go, and an erased firm the
    import updated takes part again (with `status`)."""
    ids = {r.id for r in rows}
    tombstones = [t for r in rows for t in r.tombstones]
    if tombstones:
        session.execute(delete(ErasedFirm).where(ErasedFirm.id.in_(tombstones)))
    for firm in session.scalars(
        select(Participant).where(
            Participant.event_id == event.id,
            Participant.erased_at.is_not(None),
            Participant.external_id.in_(ids),
        )
    ):
        firm.erased_at, firm.status = None, status
    session.flush()


def purge_expired(session: Session, days: int, today: date | None = None) -> int:
    """Erase the personal data of every firm of events that ended more than `days` ago and
    forget old refused logins; returns how many firms were erased now."""
    cutoff = (today or date.today()) - timedelta(days=days)
    firms = session.scalars(
        select(Participant)
        .join(Event, Participant.event_id == Event.id)
        .where(Event.date < cutoff, Participant.erased_at.is_(None))
        .order_by(Participant.id)
    ).all()
    firms = [f for f in firms if retention_start(f.event) < cutoff]  # days, follow-up rounds
    for firm in firms:
        erase_personal_data(session, firm)
    forget_old_failures(session, utcnow())
    return len(firms)
