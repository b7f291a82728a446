"""One-time links mailed to staff (services/staff_tokens.py), called directly on a real
database: only the token's hash is stored, a token works once, for its purpose and its
lifetime only, not for an account that may not sign in; asking is limited and answers alike
for unknown addresses; a new password drops every link."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import StaffToken, StaffUser, TokenPurpose
from matchmaker.services.logins import MAIL_PER_PAIR, Origin
from matchmaker.services.staff import create_staff
from matchmaker.services.staff_tokens import (
    LIFETIME,
    drop_tokens,
    issue_token,
    redeem_token,
    token_hash,
    valid_token,
)

EMAIL = "clerk@amt.example"
T0 = datetime(2027, 3, 1, 12, 0)
HOME = Origin("192.0.2.10")
SIGN_IN, RESET = TokenPurpose.SIGN_IN, TokenPurpose.RESET


@pytest.fixture
def clerk(session: Session) -> StaffUser:
    return create_staff(session, EMAIL, "a-long-password-1")


def _issue(session: Session, purpose: TokenPurpose = SIGN_IN, email: str = EMAIL) -> str:
    issued = issue_token(session, email, purpose, HOME, T0, demo_allowed=False)
    assert issued is not None
    return issued.token


def test_only_the_hash_is_stored(session: Session, clerk: StaffUser) -> None:
    issued = issue_token(session, " Clerk@AMT.example ", RESET, HOME, T0, demo_allowed=False)
    assert issued is not None
    assert (issued.user, issued.expires_at) == (clerk, T0 + LIFETIME[RESET])
    [row] = session.scalars(select(StaffToken)).all()
    assert row.token_hash == token_hash(issued.token) != issued.token
    assert len(issued.token) >= 43  # 256 random bits


def test_a_token_works_once(session: Session, clerk: StaffUser) -> None:
    token = _issue(session)
    assert valid_token(session, token, SIGN_IN, T0, demo_allowed=False) is clerk
    assert valid_token(session, token, SIGN_IN, T0, demo_allowed=False) is clerk  # not used up
    assert redeem_token(session, token, SIGN_IN, T0, demo_allowed=False) is clerk
    assert redeem_token(session, token, SIGN_IN, T0, demo_allowed=False) is None
    assert valid_token(session, token, SIGN_IN, T0, demo_allowed=False) is None


@pytest.mark.parametrize(
    ("purpose", "minutes", "works"),
    [(SIGN_IN, 14, True), (SIGN_IN, 15, False), (RESET, 59, True), (RESET, 60, False)],
    ids=["sign-in-in-time", "sign-in-expired", "reset-in-time", "reset-expired"],
)
def test_a_token_expires(
    session: Session, clerk: StaffUser, purpose: TokenPurpose, minutes: int, works: bool
) -> None:
    token = _issue(session, purpose)
    later = T0 + timedelta(minutes=minutes)
    assert (redeem_token(session, token, purpose, later, demo_allowed=False) is clerk) is works


@pytest.mark.parametrize(
    "case", ["other-purpose", "unknown", "too-long", "empty", "inactive", "demo"]
)
def test_a_token_is_refused(session: Session, clerk: StaffUser, case: str) -> None:
    token = _issue(session)
    purpose = SIGN_IN
    if case == "other-purpose":
        purpose = RESET
    elif case == "unknown":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif case == "too-long":
        token = token + "x" * 100
    elif case == "empty":
        token = ""
    elif case == "inactive":
        clerk.active = False
    else:
        clerk.demo = True
    assert redeem_token(session, token, purpose, T0, demo_allowed=False) is None


def test_asking_answers_alike_and_is_limited(session: Session, clerk: StaffUser) -> None:
    assert issue_token(session, "nobody@amt.example", SIGN_IN, HOME, T0, demo_allowed=False) is None
    demo = create_staff(session, "demo@amt.example", "a-long-password-1", demo=True)
    assert issue_token(session, demo.email, SIGN_IN, HOME, T0, demo_allowed=False) is None
    assert issue_token(session, demo.email, SIGN_IN, HOME, T0, demo_allowed=True) is not None
    tokens = [_issue(session) for _ in range(MAIL_PER_PAIR)]
    assert issue_token(session, EMAIL, SIGN_IN, HOME, T0, demo_allowed=False) is None
    elsewhere = Origin("198.51.100.7")
    assert issue_token(session, EMAIL, SIGN_IN, elsewhere, T0, demo_allowed=False) is not None
    assert all(  # earlier links stay valid until they expire
        valid_token(session, t, SIGN_IN, T0, demo_allowed=False) is clerk for t in tokens
    )


def test_dropping_the_accounts_tokens(session: Session, clerk: StaffUser) -> None:
    other = create_staff(session, "other@amt.example", "a-long-password-1")
    mine, theirs = _issue(session), _issue(session, RESET, other.email)
    drop_tokens(session, clerk)
    assert redeem_token(session, mine, SIGN_IN, T0, demo_allowed=False) is None
    assert redeem_token(session, theirs, RESET, T0, demo_allowed=False) is other
