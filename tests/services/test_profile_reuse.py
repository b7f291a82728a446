"""A returning firm starting from its earlier profile (services/profile_reuse.py), called
directly on the world of tests/returning_world.py: which earlier registration is offered
(the newest that took part and says something, at a fair shared with an organiser), what the
copy takes and leaves, and the refusals that change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.models import Participant, ParticipantStatus
from matchmaker.services.profile_reuse import ReuseRefused, reuse_offer, reuse_profile
from tests.returning_world import COPIED, EARLIER, NOW, World
from tests.returning_world import omsk_supports_the_open_fair as omsk_supports

pytestmark = pytest.mark.own_organisations


@pytest.fixture
def rows(world: World) -> Iterator[Session]:
    """A session on the world's database (in an app context)."""
    with world.app.app_context():
        yield db.session()
        db.session.rollback()


def _firm(session: Session, world: World, key: str) -> Participant:
    return session.get_one(Participant, world.ids[key])


def _profile(firm: Participant) -> dict[str, object]:
    return {name: getattr(firm, name) for name in COPIED}


def test_the_newest_earlier_profile_of_a_shared_fair_is_offered(
    rows: Session, world: World
) -> None:
    alpha = _firm(rows, world, "alpha")
    assert reuse_offer(rows, alpha) is _firm(rows, world, "alpha_autumn")  # not B's Omsk fair
    _firm(rows, world, "alpha_autumn").status = ParticipantStatus.WITHDRAWN
    assert reuse_offer(rows, alpha) is _firm(rows, world, "alpha_spring")
    _firm(rows, world, "alpha_spring").offer = "  "
    assert reuse_offer(rows, alpha) is None  # nothing said: nothing to start from
    alpha.email = ""
    assert reuse_offer(rows, alpha) is None


def test_a_co_organisers_fair_counts_once_it_shares_this_one(rows: Session, world: World) -> None:
    omsk_supports(world)
    assert reuse_offer(rows, _firm(rows, world, "alpha")) is _firm(rows, world, "alpha_omsk")


def test_the_copy_takes_the_profile_and_the_sectors_of_the_same_name(
    rows: Session, world: World
) -> None:
    alpha, earlier = _firm(rows, world, "alpha"), _firm(rows, world, "alpha_autumn")
    assert _profile(alpha) == NOW
    assert reuse_profile(rows, alpha, earlier.id) is earlier
    assert _profile(alpha) == EARLIER
    assert [s.name for s in alpha.sectors] == ["Medizintechnik"]  # Robotik is not on this fair
    assert all(s.event_id == alpha.event_id for s in alpha.sectors)
    assert (alpha.name, alpha.email, alpha.locale, alpha.status, alpha.group_id) == (
        "Alpha", "INFO@alpha.example", "de", ParticipantStatus.REGISTERED, None,
    )  # fmt: skip
    assert (alpha.max_meetings, alpha.available_from) == (None, None)
    assert alpha.reused_from_id == earlier.id
    assert alpha.reused_at is not None
    alpha.translations["ru"]["offer"] = "другое"
    assert earlier.translations == EARLIER["translations"]  # a copy, not the same object
    assert reuse_offer(rows, alpha) is None
    with pytest.raises(ReuseRefused, match="already"):
        reuse_profile(rows, alpha, earlier.id)


@pytest.mark.parametrize(
    "shown",
    ["alpha_spring", "alpha_omsk", "omsk_only", None],
    ids=["older", "not-shared", "another-firm", "none"],
)
def test_a_profile_not_on_offer_is_refused_and_nothing_changes(
    rows: Session, world: World, shown: str | None
) -> None:
    alpha = _firm(rows, world, "alpha")
    with pytest.raises(ReuseRefused, match="no longer available"):
        reuse_profile(rows, alpha, world.ids[shown] if shown else None)
    assert _profile(alpha) == NOW
    assert alpha.reused_from_id is None


def test_no_copy_once_profiles_are_closed(rows: Session, world: World) -> None:
    alpha = _firm(rows, world, "alpha")
    deadline = alpha.event.registration_deadline
    assert deadline is not None
    with pytest.raises(ReuseRefused, match="can no longer be changed"):
        reuse_profile(rows, alpha, world.ids["alpha_autumn"], now=deadline + timedelta(minutes=1))
    assert _profile(alpha) == NOW
