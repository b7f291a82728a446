"""The public forms' rate limit (services/throttle.py), called directly on a real database:
the attempt after the limit is refused while another key is not, a refused attempt is not
counted so the limit lifts when the window has passed, every limit of a form must allow it,
an empty key is not limited, and only keyed hashes are stored (old ones deleted)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import ThrottleHit
from matchmaker.services.throttle import HOUR, KEPT, Limit, attempt, hashed, hourly

SECRET = "test-secret"
T0 = datetime(2027, 3, 1, 12, 0)
ADDRESS, EMAIL = hourly("register", per_address=3, per_email=2)


def _try(session: Session, address: str, email: str = "", at: datetime = T0) -> bool:
    return attempt(session, SECRET, [(ADDRESS, address), (EMAIL, email)], at)


def test_the_limits_of_a_form() -> None:
    assert Limit("register-address", 3, HOUR) == ADDRESS
    assert Limit("register-email", 2, HOUR) == EMAIL


def test_the_attempt_after_the_limit_is_refused_and_another_key_is_not(session: Session) -> None:
    assert [_try(session, "192.0.2.1") for _ in range(4)] == [True, True, True, False]
    assert _try(session, "192.0.2.2")
    assert _try(session, "192.0.2.1", at=T0 + timedelta(minutes=59)) is False


def test_a_refused_attempt_is_not_counted_and_the_limit_lifts(session: Session) -> None:
    for minute in range(3):
        assert _try(session, "192.0.2.1", at=T0 + timedelta(minutes=minute))
    for minute in range(3, 60):  # an hour of refused attempts does not extend the wait
        assert not _try(session, "192.0.2.1", at=T0 + timedelta(minutes=minute))
    assert _try(session, "192.0.2.1", at=T0 + HOUR)  # the first attempt's hour is over
    assert not _try(session, "192.0.2.1", at=T0 + HOUR)


def test_every_limit_must_allow_an_attempt(session: Session) -> None:
    assert _try(session, "192.0.2.1", "firma@omsk.example")
    assert _try(session, "192.0.2.2", " FIRMA@omsk.example ")  # the same address
    assert not _try(session, "192.0.2.3", "firma@omsk.example")  # the e-mail address's limit
    assert _try(session, "192.0.2.3", "andere@omsk.example")  # its refused attempt counted nothing
    hits = session.scalars(select(ThrottleHit.scope)).all()
    assert sorted(hits).count("register-address") == 3
    assert sorted(hits).count("register-email") == 3


def test_an_empty_key_is_neither_limited_nor_stored(session: Session) -> None:
    assert all(_try(session, f"192.0.2.{n}", "  ") for n in range(5))
    assert set(session.scalars(select(ThrottleHit.scope))) == {"register-address"}


def test_only_keyed_hashes_are_stored_and_old_ones_deleted(session: Session) -> None:
    _try(session, "192.0.2.1", "firma@omsk.example")
    keys = set(session.scalars(select(ThrottleHit.key)))
    assert keys == {
        hashed(SECRET, "register-address", "192.0.2.1"),
        hashed(SECRET, "register-email", "Firma@Omsk.example "),
    }
    assert not any("omsk" in key or "192" in key for key in keys)
    assert hashed("other-secret", "register-email", "firma@omsk.example") not in keys
    assert hashed(SECRET, "resend-email", "firma@omsk.example") not in keys
    _try(session, "192.0.2.9", at=T0 + KEPT + timedelta(seconds=1))
    assert session.scalars(select(ThrottleHit.at)).all() == [T0 + KEPT + timedelta(seconds=1)]
