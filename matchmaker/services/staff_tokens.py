"""One-time links mailed to staff: to sign in without the password (when guessing at the
account makes password logins wait) and to set a new password (forgotten).

A token is 256 random bits; only its SHA-256 is stored, so a copy of the database opens no
account. It works once, and for `LIFETIME` only. Asking for one answers the same whether or
not the address is a staff account (the caller shows one message either way), and requests
are limited per account and network (`logins.mail_allowed`), counted for unknown addresses
alike, so nobody can use it to flood a mailbox or to find out who is staff.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from matchmaker.models import StaffToken, StaffUser, TokenPurpose
from matchmaker.models.base import utcnow
from matchmaker.services.logins import (
    Origin,
    account_key,
    mail_allowed,
    may_sign_in,
    usable_account,
)

LIFETIME = {TokenPurpose.SIGN_IN: timedelta(minutes=15), TokenPurpose.RESET: timedelta(hours=1)}
MAX_TOKEN = 100  # longer strings are no token of ours; not looked up


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new link's token for `user` (only the caller sees the token itself)."""

    user: StaffUser
    token: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(
    session: Session,
    email: str,
    purpose: TokenPurpose,
    origin: Origin,
    now: datetime | None = None,
    *,
    demo_allowed: bool,
) -> IssuedToken | None:
    """A new one-time token for the account with this e-mail, or None when there is no
    such account that may sign in, or too many links were asked for lately (the caller
    answers the same in every case). Earlier links stay valid until they expire, so that
    links a stranger made the owner receive still let the owner in."""
    moment = now or utcnow()
    if not mail_allowed(session, account_key(email), origin, moment):
        return None
    user = usable_account(session, email, demo_allowed=demo_allowed)
    if user is None:
        return None
    token = secrets.token_urlsafe(32)
    expires = moment + LIFETIME[purpose]
    session.add(
        StaffToken(
            staff_id=user.id,
            purpose=purpose,
            token_hash=token_hash(token),
            created_at=moment,
            expires_at=expires,
        )
    )
    session.flush()
    return IssuedToken(user, token, expires)


def valid_token(
    session: Session,
    token: str,
    purpose: TokenPurpose,
    now: datetime | None = None,
    *,
    demo_allowed: bool,
) -> StaffUser | None:
    """The account a token is for, while it is unused and unexpired (the token stays)."""
    if not token or len(token) > MAX_TOKEN:
        return None
    row = session.scalar(
        select(StaffToken).where(
            StaffToken.token_hash == token_hash(token),
            StaffToken.purpose == purpose,
            StaffToken.used_at.is_(None),
            StaffToken.expires_at > (now or utcnow()),
        )
    )
    return _usable(session, row.staff_id if row else None, demo_allowed=demo_allowed)


def redeem_token(
    session: Session,
    token: str,
    purpose: TokenPurpose,
    now: datetime | None = None,
    *,
    demo_allowed: bool,
) -> StaffUser | None:
    """Use a token up and return its account; None when it is unknown, used, expired, or
    its account may not sign in. Of two requests racing with one token, one wins: the
    token is marked used by one conditional UPDATE."""
    moment = now or utcnow()
    user = valid_token(session, token, purpose, moment, demo_allowed=demo_allowed)
    if user is None:
        return None
    result = cast(
        CursorResult[Any],
        session.execute(
            update(StaffToken)
            .where(
                StaffToken.token_hash == token_hash(token),
                StaffToken.used_at.is_(None),
                StaffToken.expires_at > moment,
            )
            .values(used_at=moment)
            .execution_options(synchronize_session=False)
        ),
    )
    return user if result.rowcount == 1 else None


def drop_tokens(session: Session, user: StaffUser) -> None:
    """Every link of the account stops working (new password, sessions ended)."""
    session.execute(delete(StaffToken).where(StaffToken.staff_id == user.id))
    session.flush()


def _usable(session: Session, user_id: int | None, *, demo_allowed: bool) -> StaffUser | None:
    user = session.get(StaffUser, user_id) if user_id is not None else None
    return user if may_sign_in(user, demo_allowed=demo_allowed) else None
