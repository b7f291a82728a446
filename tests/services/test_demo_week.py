"""The Omsk delegation's week in the demo data (issue 21): five days around the Barleben fair,
eleven members of the delegation with their firms, local firms offering a company visit on
Tuesday, and a Tuesday the planner can plan. Real database, real planner (short limits)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, time

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.core.visits.checks import visit_violations
from matchmaker.core.visits.greedy import greedy_plan
from matchmaker.core.visits.planner import plan_visits
from matchmaker.models import (
    DelegationMember,
    Event,
    ItemKind,
    Participant,
    ParticipantStatus,
    ProgrammeItem,
    VisitHost,
)
from matchmaker.services import programme, visit_hosts
from matchmaker.services.demo import AACHEN, BARLEBEN, load_demo
from matchmaker.services.demo_week import week_file

TUESDAY = date(2027, 3, 16)
CYRILLIC = re.compile(r"^[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+$")
MEDTECH_FIRMS = {"OM-001", "OM-005"}
MEDTECH_HOSTS = {
    "Börde Präzisionstechnik GmbH",
    "OstfalenMed Systems GmbH",
    "Kunststofftechnik Oschersleben GmbH",
    "Feinwerktechnik Colbitz GmbH",
}
UNRELATED_HOSTS = {"Energietechnik Sülzetal GmbH", "Fensterbau Niedere Börde GmbH"}


@pytest.fixture
def event(session: Session) -> Event:
    return load_demo(session).event


def _tuesday(session: Session, event: Event) -> ProgrammeItem:
    return next(i for i in programme.items_of(session, event) if i.kind is ItemKind.VISITS)


def test_the_week_has_five_days_around_the_fair(session: Session, event: Event) -> None:
    days = programme.week(session, event)
    assert [d.day for d in days] == [date(2027, 3, day) for day in range(15, 20)]
    assert [i.kind for d in days for i in d.items] == [
        ItemKind.FIXED,
        ItemKind.VISITS,
        ItemKind.FIXED,
        ItemKind.FAIR,
        ItemKind.FIXED,
    ]
    fair = days[3].items[0]
    assert fair.day == event.date
    assert fair.title == event.name
    assert event.venue in fair.place
    assert (fair.start, fair.end_time) == (time(9, 30), time(16, 30))
    assert "Hundisburg" in days[0].items[0].place
    assert "Wernigerode" in days[2].items[0].title


def test_tuesday_is_a_day_of_visits_for_two_buses(session: Session, event: Event) -> None:
    tuesday = _tuesday(session, event)
    assert tuesday.day == TUESDAY
    assert (tuesday.start, tuesday.end_time) == (time(8, 30), time(17, 30))
    assert tuesday.groups == 2
    assert (tuesday.lunch_minutes, tuesday.lunch_from, tuesday.lunch_to) == (
        60,
        time(11, 45),
        time(14, 0),
    )
    assert tuesday.lat is not None
    assert tuesday.lon is not None


def test_eleven_members_with_their_firms(session: Session, event: Event) -> None:
    members = programme.members_of(session, event)
    assert len(members) == 11
    firms = Counter(m.participant.external_id if m.participant else None for m in members)
    assert firms[None] == 1  # the chamber's official
    assert firms["OM-001"] == 2
    assert firms["OM-023"] == 1  # the region's ministry
    assert len(firms) == 10
    assert all(CYRILLIC.match(m.name) for m in members), [m.name for m in members]
    assert all("ru" in m.languages for m in members)
    assert all(m.locale == "ru" for m in members)
    assert all(m.function for m in members)
    assert all(m.email.endswith(".example") for m in members)
    assert sum("de" in m.languages for m in members) <= 3


def test_the_hosts_are_approved_and_placed_in_the_district(session: Session, event: Event) -> None:
    hosts = visit_hosts.hosts_of(session, event)
    assert 12 <= len(hosts) <= 14
    assert all(h.status is ParticipantStatus.APPROVED for h in hosts)
    assert all(h.lat is not None and 52.0 <= h.lat <= 52.35 for h in hosts)
    assert all(h.lon is not None and 11.2 <= h.lon <= 11.8 for h in hosts)
    assert all(6 <= h.capacity <= 25 for h in hosts)
    assert all(45 <= h.duration_minutes <= 120 for h in hosts)
    assert all(h.offer and h.request and h.description and h.address for h in hosts)
    assert all(h.email.endswith(".example") for h in hosts)
    assert all(h.locale == "de" for h in hosts)
    assert all(w.day == TUESDAY for h in hosts for w in h.windows)
    assert any(not h.windows for h in hosts)  # the whole day
    assert 1 <= sum("ru" in h.languages for h in hosts) <= 2
    firms = set(session.scalars(select(Participant.name).where(Participant.event_id == event.id)))
    assert len({h.name for h in hosts} & firms) >= 3  # firms of the fair that host as well
    assert len(visit_hosts.hosts_for_day(session, event, TUESDAY)) == len(hosts)


def test_tuesday_plans_without_findings_and_by_the_firms_interests(
    session: Session, event: Event
) -> None:
    from matchmaker.services.visit_problem import visit_input

    given = visit_input(session, _tuesday(session, event))
    problem = given.problem
    assert len(problem.members) == 11
    plan = plan_visits(problem, time_limit=2)
    assert visit_violations(problem, plan) == []
    assert all(group.visits for group in plan.groups)
    assert len(plan.groups) == 2
    assert plan.relevance_total >= greedy_plan(problem).relevance_total
    medtech, unrelated = 0, 0
    for group in plan.groups:
        names = [given.hosts[v.host].name for v in group.visits]
        for member in group.members:
            firm = given.members[member].participant
            if firm is not None and firm.external_id in MEDTECH_FIRMS:
                medtech += sum(name in MEDTECH_HOSTS for name in names)
                unrelated += sum(name in UNRELATED_HOSTS for name in names)
    assert medtech > unrelated


def test_a_second_load_adds_nothing(session: Session, event: Event) -> None:
    def counts() -> tuple[int, ...]:
        models = (ProgrammeItem, DelegationMember, VisitHost)
        return tuple(session.scalar(select(func.count()).select_from(m)) or 0 for m in models)

    before = counts()
    again = load_demo(session)
    assert not again.created
    assert again.event.id == event.id
    assert counts() == before == (5, 11, 14)


def test_only_barleben_has_a_week() -> None:
    assert week_file(BARLEBEN) is not None
    assert week_file(AACHEN) is None
