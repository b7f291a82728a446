"""The committee's report across fairs (issue 22) on a real database: two fairs of one
organisation a year apart, firms coming back, a firm absent, follow-up rounds at 3 and 6
months. Every figure of the report is recomputed here from the rows by a plain count of its
own, and the planted fairs also give the expected numbers by hand."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    EventRole,
    FollowUpAnswer,
    Group,
    GroupKind,
    Meeting,
    MeetingRequest,
    Organisation,
    Outcome,
    Participant,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
)
from matchmaker.services.committee_report import ReportChoice, committee_report
from matchmaker.services.follow_up import Rating, add_round, save_ratings
from matchmaker.services.organisations import create_organisation, set_event_role
from tests.factories import create_open_event, create_participant
from tests.fair_day import publish_day

pytestmark = pytest.mark.own_organisations

# Fair 1 (2025): A-B, A-C, D-E; E did not come. Fair 2 (2026): A-F, B-F, G-H.
FAIR_1 = {("A", "B"): (1, 1), ("A", "C"): (2, 1), ("D", "E"): (1, 2)}
FAIR_2 = {("A", "F"): (1, 1), ("B", "F"): (2, 1), ("G", "H"): (1, 2)}
COUNTRY = {"A": "DE", "B": "RU", "C": "RU", "D": "DE", "E": "KR", "F": "RU", "G": "DE", "H": "PL"}


@pytest.fixture
def office(session: Session) -> Organisation:
    return plant_fairs(session)


def plant_fairs(session: Session) -> Organisation:
    """Fairs 2025 and 2026 of the Unternehmerbüro (FAIR_1, FAIR_2, their follow-up rounds
    and ratings) and a fair of another office; flushed."""
    office = create_organisation(session, "Unternehmerbüro Barleben")
    other = create_organisation(session, "Wirtschaftsförderung Cottbus")
    for year, slug, meetings in ((2025, "boerse-2025", FAIR_1), (2026, "boerse-2026", FAIR_2)):
        event = create_open_event(session, slug, date=date(year, 3, 18))
        set_event_role(session, event, office, EventRole.OWNER)
        medtech = next(s for s in event.sectors if s.name == "Medizintechnik")
        firms = {
            key: create_participant(session, event, key, name=f"Firma {key}",
                                    email=f"{key.lower()}@firma.example", country=COUNTRY[key])
            for key in sorted({k for pair in meetings for k in pair})
        }  # fmt: skip
        firms["A"].sectors = [medtech]
        firms["A"].recruited_by_id = office.id  # the office brought A, its co-organisers the rest
        firms["B"].group = Group(event=event, name="Delegation Omsk", kind=GroupKind.DELEGATION)
        if "E" in firms:
            firms["E"].no_show = True
        publish_day(session, event, firms, meetings)
        session.add(MeetingRequest(event_id=event.id, from_participant_id=firms["A"].id,
                                   to_participant_id=firms[sorted(firms)[-1]].id,
                                   status=RequestStatus.WITHDRAWN))  # fmt: skip
        three, six = add_round(session, event, 3), add_round(session, event, 6)
        _rate(session, three, six, firms, year)
    elsewhere = create_open_event(session, "cottbus-2026", date=date(2026, 5, 5))
    set_event_role(session, elsewhere, other, EventRole.OWNER)
    session.flush()
    return office


def _rate(session: Session, three: object, six: object, firms: dict[str, Participant],
          year: int) -> None:  # fmt: skip
    def rate(when: object, who: str, partner: str, outcome: Outcome, named: bool = False) -> None:
        opens = when.opens_on  # type: ignore[attr-defined]
        ratings = {firms[partner].id: Rating(outcome, f"{who} über {partner}", named)}
        save_ratings(session, when, firms[who], ratings, opens)  # type: ignore[arg-type]

    if year == 2025:
        rate(three, "A", "B", Outcome.VALUABLE)
        rate(three, "B", "A", Outcome.NEGOTIATION)
        rate(six, "A", "B", Outcome.AGREEMENT, named=True)
        rate(six, "B", "A", Outcome.AGREEMENT, named=True)
        rate(three, "C", "A", Outcome.NO_CONTACT)
    else:
        rate(three, "F", "A", Outcome.KNOWLEDGE)
        rate(six, "F", "B", Outcome.NEGOTIATION, named=True)


def test_the_report_across_two_fairs_matches_the_rows_and_the_plan(
    office: Organisation, session: Session
) -> None:
    choice = ReportChoice(date(2025, 1, 1), date(2026, 12, 31))
    report = committee_report(session, office, choice)
    assert [r.event.slug for r in report.events] == ["boerse-2025", "boerse-2026"]
    first, second = (r.figures for r in report.events)
    # by hand, from the plan above
    assert (first.firms, first.new_firms, first.returning_firms) == (5, 5, 0)
    assert (second.firms, second.new_firms, second.returning_firms) == (5, 3, 2)  # A, B back
    assert (first.held, first.no_shows, second.held, second.no_shows) == (2, 1, 3, 0)
    assert (first.wished, second.wished) == (3, 3)  # the withdrawn request does not count
    assert report.totals.held == 5
    assert dict(report.totals.funnel()) == {
        Outcome.NO_CONTACT: 4, Outcome.KNOWLEDGE: 3, Outcome.VALUABLE: 2,
        Outcome.NEGOTIATION: 2, Outcome.AGREEMENT: 1,
    }  # fmt: skip
    assert [(m, dict(c)) for m, c in report.timeline] == [
        (3, {Outcome.NEGOTIATION: 1, Outcome.NO_CONTACT: 1, Outcome.KNOWLEDGE: 1}),
        (6, {Outcome.AGREEMENT: 1, Outcome.NEGOTIATION: 1}),
    ]
    assert [(s.event, s.firm, s.partner) for s in report.stories] == [
        ("Fair boerse-2025", "Firma A", "Firma B"),
        ("Fair boerse-2025", "Firma B", "Firma A"),
        ("Fair boerse-2026", "Firma F", ""),  # B did not agree to be named there
    ]
    assert {k: (h, s) for k, h, s in report.by_countries} == {
        "DE – RU": (3, 1), "RU – RU": (1, 1), "DE – PL": (1, 0),
    }  # fmt: skip
    assert {k: (h, s) for k, h, s in report.by_sector}["Medizintechnik"] == (3, 1)
    assert {k: (h, s) for k, h, s in report.by_groups} == {
        "Delegation Omsk – —": (2, 2), "— – —": (3, 0),  # B's meetings: A-B, B-F
    }  # fmt: skip
    # recomputed from the rows
    assert _recount(session, [r.event for r in report.events]) == {
        "held": report.totals.held,
        "no_shows": report.totals.no_shows,
        "rated": report.totals.rated,
        "reached": dict(report.totals.reached),
        "wished": report.totals.wished,
    }


def test_a_partner_country_and_a_choice_of_fairs(office: Organisation, session: Session) -> None:
    poland = committee_report(session, office, ReportChoice(date(2025, 1, 1), date(2026, 12, 31),
                                                            country="PL"))  # fmt: skip
    assert [(r.event.slug, r.figures.held, r.figures.firms) for r in poland.events] == [
        ("boerse-2025", 0, 0), ("boerse-2026", 1, 2),
    ]  # fmt: skip
    event = session.scalars(select(Event).where(Event.slug == "boerse-2026")).one()
    only = ReportChoice(date(2025, 1, 1), date(2026, 12, 31), event_ids=frozenset({event.id}))
    one = committee_report(session, office, only)
    assert [r.event.slug for r in one.events] == ["boerse-2026"]
    assert one.events[0].figures.returning_firms == 2  # coming back counts the earlier fair
    ours = committee_report(session, office, ReportChoice(date(2025, 1, 1), date(2026, 12, 31),
                                                          recruited=office.id))  # fmt: skip
    assert [(r.figures.held, r.figures.firms) for r in ours.events] == [(2, 3), (1, 2)]
    later = committee_report(session, office, ReportChoice(date(2026, 1, 1), date(2026, 12, 31)))
    assert [r.event.slug for r in later.events] == ["boerse-2026"]


def _recount(session: Session, events: list[Event]) -> dict[str, object]:
    """The report's totals counted directly from the tables."""
    held = no_shows = wished = 0
    reached: Counter[Outcome] = Counter()
    for event in events:
        version = session.scalars(
            select(ScheduleVersion)
            .where(ScheduleVersion.event_id == event.id,
                   ScheduleVersion.status == ScheduleStatus.PUBLISHED)
            .order_by(ScheduleVersion.number.desc())
        ).first()  # fmt: skip
        assert version is not None
        absent = set(session.scalars(select(Participant.id).where(
            Participant.event_id == event.id, Participant.no_show.is_(True))))  # fmt: skip
        meetings = session.scalars(select(Meeting).where(Meeting.schedule_id == version.id)).all()
        no_shows += len(absent)
        pairs = [
            {m.participant_a_id, m.participant_b_id}
            for m in meetings
            if not {m.participant_a_id, m.participant_b_id} & absent
        ]
        held += len(pairs)
        answers = session.scalars(select(FollowUpAnswer).where(FollowUpAnswer.event_id == event.id))
        best: dict[frozenset[int], int] = {}
        for a in answers:
            key = frozenset((a.participant_id, a.partner_id))
            if set(key) in pairs:
                best[key] = max(best.get(key, -1), list(Outcome).index(a.outcome))
        reached.update(list(Outcome)[step] for step in best.values())
        requests = session.scalars(
            select(MeetingRequest).where(
                MeetingRequest.event_id == event.id,
                MeetingRequest.status != RequestStatus.WITHDRAWN,
            )
        )
        wished += len({frozenset((r.from_participant_id, r.to_participant_id))
                       for r in requests})  # fmt: skip
    return {"held": held, "no_shows": no_shows, "rated": sum(reached.values()),
            "reached": dict(reached), "wished": wished}  # fmt: skip
