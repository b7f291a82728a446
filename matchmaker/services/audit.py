"""The audit log: one line per change staff make (who, when, which event, what, and the
details that say to what), written in the caller's transaction, and read back newest first.
How an action and its details read is `labels.AUDIT_ACTIONS` and `labels.DETAIL_KEYS`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import AuditEntry, Event, StaffUser


def record(
    session: Session,
    staff: StaffUser | None,
    action: str,
    *,
    event: Event | None = None,
    subject: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one line of the audit log in the caller's transaction."""
    entry = AuditEntry(
        staff_id=staff.id if staff is not None else None,
        staff_email=staff.email if staff is not None else "",
        event_id=event.id if event is not None else None,
        action=action,
        subject=subject[:300],
        detail=detail or {},
    )
    session.add(entry)
    session.flush()
    return entry


def audit_log(session: Session, event: Event | None = None, limit: int = 200) -> list[AuditEntry]:
    """The newest entries first, of one event or of all."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if event is not None:
        query = query.where(AuditEntry.event_id == event.id)
    return list(session.scalars(query))
