"""Reading events for the public pages (services/events.py), called directly on a real
database: which firms are shown publicly (in SQL and in memory alike), the list of events
with drafts only for their own staff, one fair's overview (groups, sectors, countries, its
programme around a break) and why an event takes no registrations or profile edits."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import (
    EventBreak,
    EventRole,
    EventState,
    ListingRule,
    Participant,
    ParticipantStatus,
    Sector,
    StaffRole,
)
from matchmaker.models.base import utcnow
from matchmaker.services.events import (
    event_overview,
    find_event,
    is_listed,
    is_public,
    list_events,
    listed,
    profile_problem,
    registration_problem,
)
from matchmaker.services.organisations import add_member, create_organisation, set_event_role
from matchmaker.services.staff import create_staff
from tests.factories import create_event, create_participant

R, A, W, X = (
    ParticipantStatus.REGISTERED,
    ParticipantStatus.APPROVED,
    ParticipantStatus.WITHDRAWN,
    ParticipantStatus.REJECTED,
)


@pytest.mark.parametrize(
    ("rule", "status", "confirmed", "shown"),
    [
        (ListingRule.APPROVED, A, False, True),
        (ListingRule.APPROVED, R, True, False),
        (ListingRule.CONFIRMED, R, True, True),
        (ListingRule.CONFIRMED, R, False, False),
        (ListingRule.CONFIRMED, W, True, False),
        (ListingRule.CONFIRMED, X, True, False),
        (ListingRule.CONFIRMED, A, False, True),
    ],
    ids=["approved", "confirmed-not-enough", "confirmed-rule", "unconfirmed", "withdrawn",
         "rejected", "approved-unconfirmed"],
)  # fmt: skip
def test_which_firms_are_shown_publicly_in_sql_and_in_memory(
    session: Session, rule: ListingRule, status: ParticipantStatus, confirmed: bool, shown: bool
) -> None:
    event = create_event(session, listing=rule)
    firm = create_participant(
        session, event, "F", status=status, email_confirmed_at=utcnow() if confirmed else None
    )
    create_participant(session, event, "other", status=A)
    found = session.scalars(
        select(Participant.id).where(Participant.event_id == event.id, listed(event))
    ).all()
    assert (firm.id in found) is shown
    assert is_listed(firm) is shown


def test_events_soonest_first_with_their_counts(session: Session) -> None:
    later = create_event(session, "later", date=datetime(2027, 6, 1).date(),
                         state=EventState.REGISTRATION_OPEN)  # fmt: skip
    sooner = create_event(session, "sooner", state=EventState.PUBLISHED)
    create_event(session, "draft")
    create_participant(session, sooner, "A", status=A)
    create_participant(session, sooner, "R", status=R)
    create_participant(session, sooner, "W", status=W)
    every = list_events(session)
    assert [s.event.slug for s in every] == ["draft", "sooner", "later"]  # same day: by name
    public = list_events(session, drafts=False, public_counts=True)
    assert [(s.event.slug, s.participant_count) for s in public] == [("sooner", 1), ("later", 0)]
    taking_part = {s.event.slug: s.participant_count for s in every}
    assert taking_part["sooner"] == 2  # registered and approved, not withdrawn
    assert find_event(session, "later") is later
    assert find_event(session, "nowhere") is None
    assert not is_public(find_event(session, "draft"))  # type: ignore[arg-type]
    assert is_public(later)


@pytest.mark.own_organisations
def test_drafts_are_seen_only_by_their_own_staff(session: Session) -> None:
    ours, theirs = create_organisation(session, "Amt Barleben"), create_organisation(session, "IHK")
    mine = create_event(session, "mine")
    other = create_event(session, "other")
    create_event(session, "open", state=EventState.REGISTRATION_OPEN)
    set_event_role(session, mine, ours, EventRole.OWNER)
    set_event_role(session, other, theirs, EventRole.OWNER)
    clerk = create_staff(session, "clerk@amt.example", "a-long-password-1")
    add_member(session, ours, clerk)
    admin = create_staff(session, "admin@amt.example", "a-long-password-1", role=StaffRole.ADMIN)

    def slugs(**given: object) -> list[str]:
        return sorted(s.event.slug for s in list_events(session, **given))  # type: ignore[arg-type]

    assert slugs(drafts=False) == ["open"]
    assert slugs(drafts=False, drafts_of=clerk) == ["mine", "open"]
    assert slugs(drafts=False, drafts_of=admin) == ["mine", "open", "other"]
    assert slugs(staff=clerk) == ["mine"]
    assert slugs(staff=admin) == ["mine", "open", "other"]


def test_the_overview_groups_counts_and_programme(session: Session) -> None:
    event = create_event(session, state=EventState.PUBLISHED)
    event.breaks = [EventBreak(start=time(10, 0), end_time=time(10, 30), label="Kaffee")]
    pflege, metall = Sector(name="Pflege"), Sector(name="Metall")
    event.sectors = [pflege, metall]
    session.flush()
    host, delegation = event.groups  # Börde (host), Omsk (delegation)
    create_participant(session, event, "1", name="Zeta", country="RU", group_id=delegation.id,
                       sectors=[pflege])  # fmt: skip
    create_participant(session, event, "2", name="Alpha", country="DE", group_id=host.id,
                       sectors=[pflege, metall])  # fmt: skip
    create_participant(session, event, "3", name="Beta", country="RU", sectors=[pflege])
    create_participant(session, event, "4", name="Hidden", country="KZ", status=R,
                       group_id=host.id)  # fmt: skip
    overview = event_overview(session, event)
    assert [p.name for p in overview.participants] == ["Alpha", "Beta", "Zeta"]
    assert [(g.name if g else None, [p.name for p in ps]) for g, ps in overview.by_group] == [
        ("Börde", ["Alpha"]),
        ("Omsk", ["Zeta"]),
        (None, ["Beta"]),
    ]
    assert [(s.name, n) for s, n in overview.sector_counts] == [("Pflege", 3), ("Metall", 1)]
    assert overview.country_counts == (("RU", 2), ("DE", 1))
    parts = [
        (p.range.start, p.range.end, p.pause.label if p.pause else None, p.slot_count)
        for p in overview.programme
    ]
    assert parts == [  # three slots, the break, then three more moved past it
        (time(9, 0), time(10, 0), None, 3),
        (time(10, 0), time(10, 30), "Kaffee", 0),
        (time(10, 30), time(11, 30), None, 3),
    ]
    assert not overview.registration_open  # published: registration is over


DEADLINE = datetime(2027, 2, 1, 12, 0)


@pytest.mark.parametrize(
    ("state", "now", "registration", "profile"),
    [
        (EventState.DRAFT, datetime(2027, 1, 1), "draft", None),
        (EventState.DRAFT, datetime(2027, 2, 2), "draft", "deadline"),
        (EventState.REGISTRATION_OPEN, datetime(2027, 2, 1, 12, 0), None, None),
        (EventState.REGISTRATION_OPEN, datetime(2027, 2, 1, 12, 1), "deadline", "deadline"),
        (EventState.CLOSED, datetime(2027, 1, 1), "closed", "closed"),
        (EventState.PUBLISHED, datetime(2027, 1, 1), "closed", "closed"),
    ],
    ids=["draft", "draft-past-deadline", "open-at-deadline", "open-past-deadline", "closed",
         "published"],
)  # fmt: skip
def test_why_registrations_and_profile_edits_are_refused(
    session: Session,
    state: EventState,
    now: datetime,
    registration: str | None,
    profile: str | None,
) -> None:
    event = create_event(session, state=state, registration_deadline=DEADLINE)
    assert registration_problem(event, now) == registration
    assert profile_problem(event, now) == profile
