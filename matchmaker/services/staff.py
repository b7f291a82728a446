"""Staff accounts: creating them, their passwords, ending their sessions (what they change
is written to the audit log, `services.audit`).

Passwords are stored as scrypt hashes (werkzeug's default, memory-hard); the comparison is
constant-time. Logins and their limits are in `services.logins`, mailed one-time links in
`services.staff_tokens`. A new password, or an admin's order, raises the account's session
epoch: every session and trusted-device cookie of the account stops working, and so does
every link mailed to it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from matchmaker.core.messages import N_, Explained
from matchmaker.models import StaffRole, StaffUser, TokenPurpose
from matchmaker.models.base import utcnow
from matchmaker.services.audit import record
from matchmaker.services.logins import (
    PASSWORD,
    Origin,
    account_key,
    count_failure,
    forget_failures,
    origin_wait,
    password_matches,
)
from matchmaker.services.staff_tokens import drop_tokens, redeem_token

MIN_PASSWORD = 10


class StaffError(Explained):
    """A staff account that cannot be created or changed; the message says why."""


def create_staff(
    session: Session,
    email: str,
    password: str,
    *,
    name: str = "",
    role: StaffRole = StaffRole.STAFF,
    demo: bool = False,
) -> StaffUser:
    """A new account; `demo` marks the public demo login (refused in production)."""
    address = email.strip().lower()
    if "@" not in address:
        raise StaffError(N_("'%(email)s' is not an e-mail address"), email=email)
    _check_password(password)
    if session.scalar(select(StaffUser).where(StaffUser.email == address)) is not None:
        raise StaffError(N_("a staff account for %(email)s exists already"), email=address)
    user = StaffUser(
        email=address,
        name=name.strip(),
        password_hash=generate_password_hash(password),
        role=role,
        demo=demo,
    )
    session.add(user)
    session.flush()
    return user


def set_active(session: Session, user_id: int, active: bool, admin: StaffUser) -> StaffUser:
    """Let an account log in again, or not any more (its history in the log stays)."""
    user = _account(session, user_id)
    if user.id == admin.id and not active:
        raise StaffError(N_("you cannot lock yourself out"))
    user.active = active
    session.flush()
    record(session, admin, "staff.activate" if active else "staff.deactivate", subject=user.email)
    return user


def staff_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(StaffUser)) or 0)


def change_password(
    session: Session,
    user: StaffUser,
    current: str,
    new: str,
    origin: Origin,
    now: datetime | None = None,
) -> None:
    """Set a new password for `user`, who must give the current one (a refused one counts
    like a refused login, so a borrowed session cannot guess it fast). Every other session
    of the account ends; the caller renews its own."""
    moment = now or utcnow()
    key = account_key(user.email)
    if origin_wait(session, user, key, origin, moment) is not None:
        raise StaffError(N_("too many wrong passwords: please wait a few minutes"))
    if not password_matches(user, current):
        count_failure(session, PASSWORD, key, origin, moment)
        raise StaffError(N_("the current password is wrong"))
    set_password(session, user, new)
    record(session, user, "staff.password")


def reset_password(
    session: Session, token: str, new: str, *, demo_allowed: bool
) -> StaffUser | None:
    """Set the password through a mailed reset link (used up by this); None when the link
    is unknown, used or expired. The account's login limits are lifted too."""
    _check_password(new)
    user = redeem_token(session, token, TokenPurpose.RESET, demo_allowed=demo_allowed)
    if user is None:
        return None
    set_password(session, user, new)
    forget_failures(session, account_key(user.email))
    record(session, user, "staff.password_reset")
    return user


def set_password(session: Session, user: StaffUser, new: str) -> None:
    """Store the new password's hash and end every session and mailed link of the account."""
    _check_password(new)
    user.password_hash = generate_password_hash(new)
    _new_epoch(session, user)


def end_sessions(session: Session, user_id: int, admin: StaffUser) -> StaffUser:
    """An admin signs a staff member out everywhere: sessions, trusted devices, links."""
    user = _account(session, user_id)
    _new_epoch(session, user)
    record(session, admin, "staff.end_sessions", subject=user.email)
    return user


def unlock(session: Session, user_id: int, admin: StaffUser) -> StaffUser:
    """An admin lifts the login limits counted for a staff member's account."""
    user = _account(session, user_id)
    cleared = forget_failures(session, account_key(user.email))
    record(session, admin, "staff.unlock", subject=user.email, detail={"cleared": cleared})
    return user


def _new_epoch(session: Session, user: StaffUser) -> None:
    user.session_epoch += 1
    drop_tokens(session, user)
    session.flush()


def _account(session: Session, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id)
    if user is None:
        raise StaffError(N_("no such account"))
    return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StaffError(N_("the password must have at least %(num)d characters"), num=MIN_PASSWORD)
