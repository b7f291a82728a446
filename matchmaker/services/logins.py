"""Checking a staff login, and slowing password guessing down without letting a stranger
keep a staff member out.

Every refused password is counted by the network it came from (an IPv4 address, or the /64
of an IPv6 address, which one subscriber usually has whole), by the account it was for (a
SHA-256 of the normalised e-mail, counted alike whether or not the account exists) and by
the trusted-device cookie it carried. Three limits follow; none of them looks at whether the
account exists, so a wait (429) tells nobody which addresses are staff accounts:

- per (account, network): after `PAIR_FREE` refusals, that pair waits 30 s, twice as long
  after each further refusal (at most 30 min). A stranger guessing at an account slows only
  himself: from any network that has not failed, the right password works;
- per network: after `ADDRESS_LIMIT` refusals within `ADDRESS_WINDOW`, on any accounts,
  the network waits (guessing spread over many accounts);
- per account: when refusals for it came from `ACCOUNT_NETWORKS` different networks within
  `ACCOUNT_WINDOW`, it is under a spread attack and waits for every untrusted browser.

None of them applies to a browser whose trusted-device cookie says it signed in to this
account before (unless `PAIR_FREE` passwords were refused with that very cookie), so
colleagues behind one address and the owner of an attacked account keep working; and the
owner can always ask for a one-time sign-in link by e-mail (`services.staff_tokens`).

Unknown accounts take the same path and the same work as wrong passwords: the password is
checked against a dummy hash made the same way as real ones.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from matchmaker.models import LoginFailure, StaffUser
from matchmaker.models.base import utcnow

PASSWORD = "password"  # noqa: S105 (the kind of a counted refusal, not a password)
MAIL = "mail"
PAIR_FREE = 5
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=30)
ADDRESS_LIMIT = 20
ADDRESS_WINDOW = timedelta(minutes=15)
ACCOUNT_NETWORKS = 10
ACCOUNT_WINDOW = timedelta(hours=1)
KEEP = timedelta(days=1)  # rows older than this are deleted
# Mailed links (sign-in, password reset): per (account, network), per account, per network.
MAIL_PER_PAIR = 3
MAIL_PER_ACCOUNT = 10
MAIL_PER_NETWORK = 10
MAIL_WINDOW = timedelta(hours=1)
# Checked against when the account is unknown (or may not log in): made like real hashes,
# so the answer takes the same work either way.
DUMMY_HASH = generate_password_hash("not a password of anyone")


@dataclass(frozen=True, slots=True)
class Device:
    """What a browser's signed trusted-device cookie says: it signed in to this account
    (in this session epoch) before; `id` names the cookie."""

    user_id: int
    epoch: int
    id: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a login comes from: the client's address and its device cookie, if valid."""

    address: str
    device: Device | None = None

    @property
    def network(self) -> str:
        return network_of(self.address)


@dataclass(frozen=True, slots=True)
class LoginResult:
    user: StaffUser | None
    wait_until: datetime | None = None  # set when this origin must wait before trying again


def network_of(address: str) -> str:
    """What limits count: an IPv4 address as it is, an IPv6 address as its /64 network."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()[:45]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def account_key(email: str) -> str:
    """The account a failure is counted for, known or not, without keeping the address."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def usable_account(session: Session, email: str, *, demo_allowed: bool) -> StaffUser | None:
    """The account that may sign in with this e-mail: active, and not the demo account
    where demo accounts are refused (production)."""
    user = session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    return user if may_sign_in(user, demo_allowed=demo_allowed) else None


def may_sign_in(user: StaffUser | None, *, demo_allowed: bool) -> bool:
    """An active account, and not the demo account where that is refused (production)."""
    return user is not None and user.active and (demo_allowed or not user.demo)


def password_matches(user: StaffUser | None, password: str) -> bool:
    """One hash check whatever the account: against its hash, or the dummy one."""
    stored = user.password_hash if user is not None else DUMMY_HASH
    return check_password_hash(stored, password) and user is not None


def check_login(
    session: Session,
    email: str,
    password: str,
    origin: Origin,
    now: datetime | None = None,
    *,
    demo_allowed: bool,
) -> LoginResult:
    """The account when the password is right, it may sign in and this origin need not
    wait; otherwise the refusal is counted and says until when the origin waits, if it
    does. Unknown accounts go the same way as wrong passwords."""
    moment = now or utcnow()
    key = account_key(email)
    user = usable_account(session, email, demo_allowed=demo_allowed)
    if (wait := origin_wait(session, user, key, origin, moment)) is not None:
        return LoginResult(None, wait)
    if password_matches(user, password) and user is not None:
        forget_failures(session, key, network=origin.network)
        user.last_login_at = moment
        session.flush()
        return LoginResult(user)
    count_failure(session, PASSWORD, key, origin, moment)
    return LoginResult(None, origin_wait(session, user, key, origin, moment))


def origin_wait(
    session: Session, user: StaffUser | None, key: str, origin: Origin, now: datetime
) -> datetime | None:
    """Until when password logins for account `key` from `origin` wait; None for a trusted
    device of the account and for origins within every limit."""
    if trusted(session, user, origin, now):
        return None
    net = origin.network
    waits = [_network_wait(session, net, now), _pair_wait(session, key, net, now)]
    waits.append(_account_wait(session, key, now))
    return max((w for w in waits if w is not None), default=None)


def trusted(session: Session, user: StaffUser | None, origin: Origin, now: datetime) -> bool:
    """The browser signed in to this account before, in its current session epoch, and
    has not had `PAIR_FREE` passwords refused since."""
    device = origin.device
    if user is None or device is None or not device.id:
        return False
    if (device.user_id, device.epoch) != (user.id, user.session_epoch):
        return False
    refused = _count(session, LoginFailure.device == device.id, since=now - KEEP)
    return refused < PAIR_FREE


def forget_old_failures(session: Session, now: datetime) -> None:
    """Delete refused-login rows past `KEEP`: they hold network addresses (personal data)."""
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - KEEP))


def count_failure(session: Session, kind: str, key: str, origin: Origin, now: datetime) -> None:
    """Count a refused password (or a mailed-link request), forgetting rows past `KEEP`."""
    forget_old_failures(session, now)
    device = origin.device.id if origin.device is not None else ""
    session.add(LoginFailure(kind=kind, address=origin.network, account=key, device=device, at=now))
    session.flush()


def forget_failures(session: Session, key: str, *, network: str | None = None) -> int:
    """Clear the refusals counted for an account (from one network, or from all: an admin
    unlocking it); how many were cleared."""
    condition = LoginFailure.account == key
    if network is not None:
        condition = and_(condition, LoginFailure.address == network)
    cleared = session.scalar(select(func.count()).select_from(LoginFailure).where(condition))
    session.execute(delete(LoginFailure).where(condition))
    session.flush()
    return int(cleared or 0)


def recent_failures(session: Session, email: str, now: datetime | None = None) -> int:
    """Refused passwords for this account within the last `ACCOUNT_WINDOW` (for admins)."""
    since = (now or utcnow()) - ACCOUNT_WINDOW
    return _count(session, LoginFailure.account == account_key(email), since=since)


def mail_allowed(session: Session, key: str, origin: Origin, now: datetime) -> bool:
    """Whether a mailed link may be sent for account `key` to a request from `origin`; a
    request allowed is counted. Unknown accounts are counted alike."""
    since = now - MAIL_WINDOW
    net = origin.network
    for condition, limit in (
        (and_(LoginFailure.account == key, LoginFailure.address == net), MAIL_PER_PAIR),
        (LoginFailure.account == key, MAIL_PER_ACCOUNT),
        (LoginFailure.address == net, MAIL_PER_NETWORK),
    ):
        if _count(session, condition, since=since, kind=MAIL) >= limit:
            return False
    count_failure(session, MAIL, key, origin, now)
    return True


def _count(
    session: Session, condition: ColumnElement[bool], *, since: datetime, kind: str = PASSWORD
) -> int:
    query = select(func.count()).where(
        condition, LoginFailure.kind == kind, LoginFailure.at > since
    )
    return int(session.scalar(query) or 0)


def _network_wait(session: Session, network: str, now: datetime) -> datetime | None:
    """Until when `network` waits after `ADDRESS_LIMIT` refusals in `ADDRESS_WINDOW`."""
    recent = session.scalars(
        select(LoginFailure.at)
        .where(
            LoginFailure.address == network,
            LoginFailure.kind == PASSWORD,
            LoginFailure.at > now - ADDRESS_WINDOW,
        )
        .order_by(LoginFailure.at.desc())
        .limit(ADDRESS_LIMIT)
    ).all()
    if len(recent) < ADDRESS_LIMIT:
        return None
    return recent[-1] + ADDRESS_WINDOW


def _pair_wait(session: Session, key: str, network: str, now: datetime) -> datetime | None:
    """Until when (account, network) waits: from `PAIR_FREE` refusals on, doubling."""
    refused, last = session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(
            LoginFailure.account == key,
            LoginFailure.address == network,
            LoginFailure.kind == PASSWORD,
            LoginFailure.at > now - KEEP,
        )
    ).one()
    if refused < PAIR_FREE or last is None:
        return None
    until: datetime = last + min(MAX_WAIT, FIRST_WAIT * 2 ** min(refused - PAIR_FREE, 10))
    return until if until > now else None


def _account_wait(session: Session, key: str, now: datetime) -> datetime | None:
    """Until when the account waits for untrusted browsers: while refusals for it came
    from `ACCOUNT_NETWORKS` networks within `ACCOUNT_WINDOW`."""
    latest = func.max(LoginFailure.at)
    per_network = session.scalars(
        select(latest)
        .where(
            LoginFailure.account == key,
            LoginFailure.kind == PASSWORD,
            LoginFailure.at > now - ACCOUNT_WINDOW,
        )
        .group_by(LoginFailure.address)
        .order_by(latest.desc())
        .limit(ACCOUNT_NETWORKS)
    ).all()
    if len(per_network) < ACCOUNT_NETWORKS:
        return None
    oldest: datetime = per_network[-1]
    return oldest + ACCOUNT_WINDOW
