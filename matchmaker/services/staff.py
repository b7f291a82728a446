"""Staff accounts: creating them, checking a login with back-off after failures, and the
audit log of what staff change.

Passwords are stored as scrypt hashes (werkzeug's default, memory-hard); the comparison is
constant-time. After `FREE_FAILURES` wrong passwords in a row an account waits before the
next try, twice as long after each further failure (at most `MAX_WAIT`), so guessing online
is slow while a person who mistypes twice is not bothered. Guessing spread over many
accounts, or over addresses that have no account, is slowed per network address instead: after
`ADDRESS_LIMIT` refused logins from one address within `ADDRESS_WINDOW`, that address waits
until the oldest of them is out of the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from matchmaker.messages import N_, Explained
from matchmaker.models import AuditEntry, Event, LoginFailure, StaffRole, StaffUser
from matchmaker.models.base import utcnow

MIN_PASSWORD = 10
FREE_FAILURES = 5
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=30)
ADDRESS_LIMIT = 20
ADDRESS_WINDOW = timedelta(minutes=15)
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
    session: Session,
    email: str,
    password: str,
    now: datetime | None = None,
    *,
    address: str = "",
) -> LoginResult:
    """The account when the password is right, the account is active and not waiting, and
    the network `address` the login comes from has not been refused too often lately."""
    moment = now or utcnow()
    if (address_waits := address_wait(session, address, moment)) is not None:
        return LoginResult(None, address_waits)
    user = session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return LoginResult(None, _refused_from(session, address, moment))
    if user.locked_until is not None and user.locked_until > moment:
        return LoginResult(None, user.locked_until)
    if not check_password_hash(user.password_hash, password):
        address_waits = _refused_from(session, address, moment)
        user.failed_logins += 1
        beyond = user.failed_logins - FREE_FAILURES
        if beyond >= 0:
            user.locked_until = moment + min(MAX_WAIT, FIRST_WAIT * (2**beyond))
        session.flush()
        waits = [t for t in (address_waits, user.locked_until if beyond >= 0 else None) if t]
        return LoginResult(None, max(waits, default=None))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = moment
    session.flush()
    return LoginResult(user)


def address_wait(session: Session, address: str, now: datetime) -> datetime | None:
    """Until when logins from `address` are refused, or None when it may try."""
    since = now - ADDRESS_WINDOW
    recent = session.scalars(
        select(LoginFailure.at)
        .where(LoginFailure.address == address, LoginFailure.at > since)
        .order_by(LoginFailure.at.desc())
        .limit(ADDRESS_LIMIT)
    ).all()
    if len(recent) < ADDRESS_LIMIT:
        return None
    return recent[-1] + ADDRESS_WINDOW


def _refused_from(session: Session, address: str, now: datetime) -> datetime | None:
    """Count a refused login against its address (forgetting ones out of the window);
    until when the address now waits, if it does."""
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.address == address, LoginFailure.at <= now - ADDRESS_WINDOW
        )
    )
    session.add(LoginFailure(address=address, at=now))
    session.flush()
    return address_wait(session, address, now)


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
