"""Staff logins and their limits (services/logins.py), called directly on a real database:
the right password works and clears the refusals, an unknown account is counted like a wrong
password, an (account, network) pair waits after `PAIR_FREE` refusals (twice as long after
each further one) while other networks and the account's trusted browser do not, a network
guessing at many accounts waits, an account attacked from many networks waits for strangers,
and mailed links are limited."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.models import LoginFailure, StaffUser
from matchmaker.services.logins import (
    ACCOUNT_NETWORKS,
    ACCOUNT_WINDOW,
    ADDRESS_LIMIT,
    ADDRESS_WINDOW,
    FIRST_WAIT,
    KEEP,
    MAIL_PER_PAIR,
    PAIR_FREE,
    PASSWORD,
    Device,
    Origin,
    account_key,
    check_login,
    count_failure,
    forget_failures,
    mail_allowed,
    network_of,
    origin_wait,
    recent_failures,
)
from matchmaker.services.staff import create_staff

EMAIL, SECRET = "clerk@amt.example", "a-long-password-1"
T0 = datetime(2027, 3, 1, 12, 0)
HOME, CAFE = Origin("192.0.2.10"), Origin("198.51.100.7")


@pytest.fixture
def clerk(session: Session) -> StaffUser:
    return create_staff(session, EMAIL, SECRET)


@pytest.mark.parametrize(
    ("address", "network"),
    [
        (" 192.0.2.10 ", "192.0.2.10"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.10", "192.0.2.10"),
        ("not an address", "not an address"),
    ],
    ids=["ipv4", "ipv6-network", "ipv4-mapped", "garbage"],
)
def test_limits_count_networks(address: str, network: str) -> None:
    assert network_of(address) == network
    assert Origin(address).network == network


def test_the_account_key_ignores_case_and_spaces() -> None:
    assert account_key(" Clerk@AMT.example ") == account_key(EMAIL)
    assert account_key(EMAIL) != account_key("other@amt.example")
    assert EMAIL not in account_key(EMAIL)


def test_the_right_password_signs_in_and_clears_the_refusals(
    session: Session, clerk: StaffUser
) -> None:
    refused = check_login(session, EMAIL, "wrong-password", HOME, T0, demo_allowed=False)
    assert (refused.user, refused.wait_until) == (None, None)  # one refusal: no wait yet
    assert recent_failures(session, EMAIL, T0) == 1
    result = check_login(session, " CLERK@amt.example", SECRET, HOME, T0, demo_allowed=False)
    assert result.user is clerk
    assert clerk.last_login_at == T0
    assert recent_failures(session, EMAIL, T0) == 0


def test_an_unknown_account_is_counted_like_a_wrong_password(session: Session) -> None:
    result = check_login(session, "nobody@amt.example", SECRET, HOME, T0, demo_allowed=True)
    assert result.user is None
    assert recent_failures(session, "nobody@amt.example", T0) == 1


@pytest.mark.parametrize(
    ("demo", "allowed", "signed_in"),
    [(True, False, False), (True, True, True), (False, False, True)],
    ids=["demo-refused", "demo-allowed", "ordinary"],
)
def test_the_demo_account_only_where_allowed(
    session: Session, demo: bool, allowed: bool, signed_in: bool
) -> None:
    user = create_staff(session, "demo@amt.example", SECRET, demo=demo)
    result = check_login(session, "demo@amt.example", SECRET, HOME, T0, demo_allowed=allowed)
    assert (result.user is user) is signed_in


def _refuse(session: Session, origin: Origin, times: int, at: datetime) -> datetime | None:
    """`times` wrong passwords for the clerk from `origin`; the last answer's wait."""
    wait = None
    for _ in range(times):
        result = check_login(session, EMAIL, "wrong-password", origin, at, demo_allowed=False)
        wait = result.wait_until
    return wait


def test_a_guessing_pair_waits_doubling_and_other_networks_do_not(
    session: Session, clerk: StaffUser
) -> None:
    assert _refuse(session, HOME, PAIR_FREE - 1, T0) is None
    assert _refuse(session, HOME, 1, T0) == T0 + FIRST_WAIT
    waiting = check_login(session, EMAIL, SECRET, HOME, T0 + FIRST_WAIT / 2, demo_allowed=False)
    assert (waiting.user, waiting.wait_until) == (None, T0 + FIRST_WAIT)  # even the right one
    assert check_login(session, EMAIL, SECRET, CAFE, T0, demo_allowed=False).user is clerk
    later = T0 + FIRST_WAIT
    assert _refuse(session, HOME, 1, later) == later + 2 * FIRST_WAIT
    assert check_login(session, EMAIL, SECRET, HOME, later + 2 * FIRST_WAIT,
                       demo_allowed=False).user is clerk  # fmt: skip


def test_the_accounts_trusted_browser_does_not_wait(session: Session, clerk: StaffUser) -> None:
    _refuse(session, HOME, PAIR_FREE, T0)
    epoch = clerk.session_epoch
    old_epoch = Origin(HOME.address, Device(clerk.id, epoch - 1, "cookie-2"))
    assert check_login(session, EMAIL, SECRET, old_epoch, T0, demo_allowed=False).user is None
    guessed = Origin(HOME.address, Device(clerk.id, epoch, "cookie-3"))
    assert check_login(session, EMAIL, SECRET, guessed, T0, demo_allowed=False).user is clerk
    _refuse(session, guessed, PAIR_FREE, T0)  # passwords refused with that very cookie
    assert check_login(session, EMAIL, SECRET, guessed, T0, demo_allowed=False).user is None
    mine = Origin(HOME.address, Device(clerk.id, epoch, "cookie-1"))
    assert check_login(session, EMAIL, SECRET, mine, T0, demo_allowed=False).user is clerk


def test_a_network_guessing_at_many_accounts_waits(session: Session, clerk: StaffUser) -> None:
    for n in range(ADDRESS_LIMIT - 1):
        count_failure(session, PASSWORD, account_key(f"x{n}@amt.example"), HOME, T0)
    key = account_key(EMAIL)
    assert origin_wait(session, clerk, key, HOME, T0) is None
    count_failure(session, PASSWORD, account_key("last@amt.example"), HOME, T0)
    assert origin_wait(session, clerk, key, HOME, T0) == T0 + ADDRESS_WINDOW
    assert origin_wait(session, clerk, key, HOME, T0 + ADDRESS_WINDOW) is None
    assert origin_wait(session, clerk, key, CAFE, T0) is None


def test_an_account_attacked_from_many_networks_waits_for_strangers(
    session: Session, clerk: StaffUser
) -> None:
    key = account_key(EMAIL)
    for n in range(ACCOUNT_NETWORKS):
        count_failure(session, PASSWORD, key, Origin(f"203.0.113.{n}"), T0 + n * timedelta(
            minutes=1))  # fmt: skip
    until = origin_wait(session, clerk, key, CAFE, T0 + timedelta(minutes=20))
    assert until == T0 + ACCOUNT_WINDOW  # from the oldest of the ten networks' refusals
    owner = Origin(CAFE.address, Device(clerk.id, clerk.session_epoch, "cookie"))
    assert origin_wait(session, clerk, key, owner, T0 + timedelta(minutes=20)) is None


def test_refusals_are_forgotten_after_a_day_or_by_an_admin(
    session: Session, clerk: StaffUser
) -> None:
    key = account_key(EMAIL)
    count_failure(session, PASSWORD, key, HOME, T0)
    count_failure(session, PASSWORD, key, CAFE, T0)
    count_failure(session, PASSWORD, key, CAFE, T0 + KEEP + timedelta(seconds=1))
    rows = session.scalar(select(func.count()).select_from(LoginFailure))
    assert rows == 1  # the day-old ones were deleted with the new one's coming
    count_failure(session, PASSWORD, key, HOME, T0 + KEEP + timedelta(seconds=2))
    assert forget_failures(session, key, network=HOME.network) == 1
    assert forget_failures(session, key) == 1


def test_mailed_links_are_limited_per_pair(session: Session) -> None:
    key = account_key(EMAIL)
    assert all(mail_allowed(session, key, HOME, T0) for _ in range(MAIL_PER_PAIR))
    assert not mail_allowed(session, key, HOME, T0)
    assert mail_allowed(session, key, CAFE, T0)  # another network
    assert mail_allowed(session, account_key("other@amt.example"), HOME, T0)  # another account
    assert mail_allowed(session, key, HOME, T0 + timedelta(hours=1))  # the window passed
    assert recent_failures(session, EMAIL, T0) == 0  # mailed links are no refused passwords
