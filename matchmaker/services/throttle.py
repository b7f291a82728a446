"""A small rate limit for the public forms (registering, re-sending a link), kept in the
database so that it holds across every web process and restart.

Each accepted attempt is one `ThrottleHit` row under a scope (which form, counted by what)
and a key: a keyed hash (HMAC-SHA256 with the app's secret) of the network or e-mail
address, so the table holds no addresses. Rows older than the longest window are deleted
as new ones come. Two processes may both let the last allowed attempt through at the same
moment: a limit of 10 may let 11 pass, which is fine for its purpose.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from matchmaker.models import ThrottleHit
from matchmaker.models.base import utcnow

KEPT = timedelta(days=1)  # no window is longer; older hits are deleted


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `most` attempts per `window` under `scope` for one key."""

    scope: str
    most: int
    window: timedelta


HOUR = timedelta(hours=1)


def hourly(form: str, per_address: int, per_email: int) -> tuple[Limit, Limit]:
    """The limits of one public form: per network address and per e-mail address."""
    return Limit(f"{form}-address", per_address, HOUR), Limit(f"{form}-email", per_email, HOUR)


def hashed(secret: str, scope: str, value: str) -> str:
    """The stored key of `value` (an address, case and spaces ignored) under `scope`."""
    message = f"{scope}\0{value.strip().casefold()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def attempt(
    session: Session,
    secret: str,
    checks: Sequence[tuple[Limit, str]],
    now: datetime | None = None,
) -> bool:
    """Whether an attempt within every limit (each with its key) may go ahead; when it may,
    it is counted against each. A refused attempt is not counted, so a limit lifts once
    the window has passed. Empty keys (no e-mail given) are not limited."""
    moment = now or utcnow()
    session.execute(delete(ThrottleHit).where(ThrottleHit.at < moment - KEPT))
    keyed = [(limit, hashed(secret, limit.scope, key)) for limit, key in checks if key.strip()]
    for limit, key in keyed:
        used = session.scalar(
            select(func.count())
            .select_from(ThrottleHit)
            .where(
                ThrottleHit.scope == limit.scope,
                ThrottleHit.key == key,
                ThrottleHit.at > moment - limit.window,
            )
        )
        if (used or 0) >= limit.most:
            return False
    session.add_all(ThrottleHit(scope=limit.scope, key=key, at=moment) for limit, key in keyed)
    session.flush()
    return True
