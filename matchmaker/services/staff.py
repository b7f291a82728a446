"""Staff accounts: creating them, checking a login with back-off after failures, and the
audit log of what staff change.

Passwords are stored as scrypt hashes (werkzeug's default, memory-hard); the comparison is
constant-time. After `FREE_FAILURES` wrong passwords in a row an account waits before the
next try, twice as long after each further failure (at most `MAX_WAIT`), so guessing online
is slow while a person who mistypes twice is not bothered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from matchmaker.messages import N_, Explained
from matchmaker.models import AuditEntry, Event, StaffRole, StaffUser
from matchmaker.models.base import utcnow

MIN_PASSWORD = 10
FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=30)
# Checked against when the e-mail is unknown, so that the answer takes as long either way.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


class StaffError(Explained):
    """A staff account that cannot be created or changed; the message says why."""


@dataclass(frozen=True, slots=True)
class LoginResult:
    user: StaffUser | None
    locked_until: datetime | None = None  # set when the account waits after failures


def create_staff(
    session: Session,
    email: str,
    password: str,
    *,
    name: str = "",
    role: StaffRole = StaffRole.STAFF,
) -> StaffUser:
    address = email.strip().lower()
    if "@" not in address:
        raise StaffError(N_("'%(email)s' is not an e-mail address"), email=email)
    if len(password) < MIN_PASSWORD:
        raise StaffError(N_("the password must have at least %(num)d characters"), num=MIN_PASSWORD)
    if session.scalar(select(StaffUser).where(StaffUser.email == address)) is not None:
        raise StaffError(N_("a staff account for %(email)s exists already"), email=address)
    user = StaffUser(
        email=address, name=name.strip(), password_hash=generate_password_hash(password), role=role
    )
    session.add(user)
    session.flush()
    return user


def set_active(session: Session, user_id: int, active: bool, admin: StaffUser) -> StaffUser:
    """Let an account log in again, or not any more (its history in the log stays)."""
    user = session.get(StaffUser, user_id)
    if user is None:
        raise StaffError(N_("no such account"))
    if user.id == admin.id and not active:
        raise StaffError(N_("you cannot lock yourself out"))
    user.active = active
    session.flush()
    record(session, admin, "staff.activate" if active else "staff.deactivate", subject=user.email)
    return user


def staff_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(StaffUser)) or 0)


def check_login(
    session: Session, email: str, password: str, now: datetime | None = None
) -> LoginResult:
    """The account when the password is right and the account is active and not waiting."""
    moment = now or utcnow()
    user = session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return LoginResult(None)
    if user.locked_until is not None and user.locked_until > moment:
        return LoginResult(None, user.locked_until)
    if not check_password_hash(user.password_hash, password):
        user.failed_logins += 1
        beyond = user.failed_logins - FREE_FAILURES
        if beyond >= 0:
            user.locked_until = moment + min(MAX_WAIT, FIRST_WAIT * (2**beyond))
        session.flush()
        return LoginResult(None, user.locked_until if beyond >= 0 else None)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = moment
    session.flush()
    return LoginResult(user)


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
