"""Returning firms (services/returning_firms.py), called directly on the world of
tests/returning_world.py (two organisations, their past fairs and the open one): an
organisation's directory with registrations taken together by address or name, a firm's
earlier fairs as a reader may see them with the meetings held and what came of them, and
which meetings count as held."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.models import (
    MeetingFeedback,
    MeetingStatus,
    Organisation,
    Participant,
    ParticipantStatus,
    StaffUser,
)
from matchmaker.services.returning_firms import (
    Outcome,
    directory_organisation,
    directory_organisations,
    earlier_registrations,
    firm_directory,
    firm_history,
    firm_key,
    held_meetings,
    outcomes,
    same_address,
)
from tests.factories import create_event, create_participant, create_version
from tests.returning_world import ADMIN, AUTUMN, MEMBER_A, MEMBER_B, SPRING, World
from tests.returning_world import omsk_supports_the_open_fair as omsk_supports

pytestmark = pytest.mark.own_organisations
TODAY = date(2027, 1, 1)  # after the past fairs, before the open one


@pytest.fixture
def rows(world: World) -> Iterator[Session]:
    """A session on the world's database (in an app context)."""
    with world.app.app_context():
        yield db.session()
        db.session.rollback()


def _staff(session: Session, email: str) -> StaffUser:
    return session.scalars(select(StaffUser).where(StaffUser.email == email)).one()


def _organisation(session: Session, slug: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.slug == slug)).one()


def _firm(session: Session, world: World, key: str) -> Participant:
    return session.get_one(Participant, world.ids[key])


@pytest.mark.parametrize(
    ("email", "name", "key"),
    [
        (" Info@Alpha.example ", "Alpha", "email:info@alpha.example"),
        ("", " Nord   Metall ", "name:nord metall"),
    ],
    ids=["by-address", "by-name"],
)
def test_what_makes_registrations_one_firm(email: str, name: str, key: str) -> None:
    assert firm_key(Participant(email=email, name=name)) == key


def test_an_organisations_directory(rows: Session, world: World) -> None:
    directory = firm_directory(rows, _organisation(rows, "wirtschaftsfoerderung-barleben"), TODAY)
    assert [(f.name, f.fairs, f.meetings, f.country) for f in directory] == [
        ("Alpha", 3, 1, "AT"),  # spring, autumn and the open fair; its Omsk visit is B's
        ("nord metall", 2, 0, ""),  # by name: no address; the draft's meeting does not count
        ("Partner eins", 1, 0, ""),  # did not come: its meeting was not held
        ("Partner zwei", 1, 1, ""),
    ]  # the erased firm is not listed
    alpha = directory[0]
    assert (alpha.email, alpha.last_slug, alpha.last_participant_id) == (
        "INFO@alpha.example", "open", world.ids["alpha"],
    )  # fmt: skip
    omsk = firm_directory(rows, _organisation(rows, "ihk-omsk"), TODAY)
    assert [(f.name, f.fairs) for f in omsk] == [("Alpha in Omsk", 1), ("Sibirien OOO", 1)]


def test_whose_directory_an_account_may_read(rows: Session) -> None:
    member = _staff(rows, MEMBER_A)
    assert [o.slug for o in directory_organisations(rows, member)] == [
        "wirtschaftsfoerderung-barleben"
    ]
    assert directory_organisation(rows, member, "ihk-omsk") is None
    admin = _staff(rows, ADMIN)
    assert [o.slug for o in directory_organisations(rows, admin)] == [
        "ihk-omsk", "wirtschaftsfoerderung-barleben",
    ]  # fmt: skip
    found = directory_organisation(rows, admin, "ihk-omsk")
    assert found is not None
    assert found.name == "IHK Omsk"


def test_a_firms_earlier_fairs_with_meetings_held_and_outcomes(rows: Session, world: World) -> None:
    alpha = _firm(rows, world, "alpha")
    history = firm_history(rows, alpha, _staff(rows, MEMBER_A), TODAY)
    assert [(v.event_name, v.status, v.meetings, v.outcome) for v in history] == [
        (AUTUMN, ParticipantStatus.APPROVED, 1, Outcome(1, 1, 1, 1)),
        (SPRING, ParticipantStatus.APPROVED, 0, Outcome()),
    ]
    before_autumn = firm_history(rows, alpha, _staff(rows, MEMBER_A), date(2026, 3, 17))
    assert [v.meetings for v in before_autumn] == [None, 0]  # its day had not come yet
    assert firm_history(rows, alpha, _staff(rows, MEMBER_B), TODAY) == []
    no_address = _firm(rows, world, "nord_autumn")
    assert earlier_registrations(no_address) is None
    assert firm_history(rows, no_address, _staff(rows, ADMIN), TODAY) == []


def test_a_co_organisers_own_fair_is_shared_and_seen_by_its_staff(
    world: World, rows: Session
) -> None:
    omsk_supports(world)
    alpha = _firm(rows, world, "alpha")
    admin = [v.event_slug for v in firm_history(rows, alpha, _staff(rows, ADMIN), TODAY)]
    assert admin == ["omsk", "autumn", "spring"]
    member_b = firm_history(rows, alpha, _staff(rows, MEMBER_B), TODAY)
    assert [v.event_slug for v in member_b] == ["omsk"]
    assert same_address(alpha, _firm(rows, world, "alpha_omsk"))
    assert not same_address(alpha, _firm(rows, world, "omsk_only"))


def test_which_meetings_count_as_held(session: Session) -> None:
    """Only the newest published version of a fair whose day has come; not a meeting marked
    as a no-show, nor one with a firm the desk marked as not coming."""
    past = create_event(session, "past", date=date(2026, 5, 1))
    a, b, c, d = (create_participant(session, past, k) for k in "ABCD")
    create_version(session, past, [(a, b, 1, 1)])  # older: not counted
    newest = create_version(session, past, [(a, c, 1, 1), (b, c, 2, 1), (a, d, 3, 1)])
    no_show = next(m for m in newest.meetings if b.id in (m.participant_a_id, m.participant_b_id))
    no_show.status = MeetingStatus.NO_SHOW
    d.no_show = True
    coming = create_event(session, "coming", date=date(2027, 5, 1))
    e, f = create_participant(session, coming, "E"), create_participant(session, coming, "F")
    create_version(session, coming, [(e, f, 1, 1)])
    session.flush()
    held = held_meetings(session, [a, b, c, d, e, f], TODAY)
    assert {k: held[p.id] for k, p in zip("ABCDEF", (a, b, c, d, e, f), strict=True)} == {
        "A": 1, "B": 0, "C": 1, "D": 0, "E": 0, "F": 0,
    }  # fmt: skip


def test_outcomes_count_answers_by_and_about_a_firm(session: Session) -> None:
    event = create_event(session)
    a, b, c = (create_participant(session, event, k) for k in "ABC")
    session.add_all([
        MeetingFeedback(event_id=event.id, participant_id=a.id, partner_id=b.id, met=True),
        MeetingFeedback(event_id=event.id, participant_id=b.id, partner_id=a.id, met=True,
                        follow_up=True),
        MeetingFeedback(event_id=event.id, participant_id=c.id, partner_id=a.id, met=True,
                        cooperation=True),
    ])  # fmt: skip
    session.flush()
    assert outcomes(session, [a.id, b.id]) == {
        a.id: Outcome(partners=2, met=2, follow_up=1, cooperation=1),
        b.id: Outcome(partners=1, met=1, follow_up=1, cooperation=0),
    }
