"""A full day from recommendations (issue 16, finding 7), on a real migrated database with
the real scheduler: each firm gets the number of meetings staff ask for when such a day
exists (the old way, each firm's best mutual matches, gave a popular firm every wish and
others few), none over its own maximum, the day spread over the slots, and meetings seated
at a table whose theme fits them (the old way put food firms at "Medizintechnik")."""

from __future__ import annotations

import math
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import Event, EventTable, Meeting, Participant, Recommendation, Sector
from matchmaker.services.drafts import draft_options, generate_draft
from matchmaker.services.full_day import recommended_day, table_themes
from matchmaker.services.schedules import event_problem, version_report
from tests.factories import create_event, create_participant

QUICK = draft_options(time_limit=10)  # as staff's drafts are made: spread


def _recommend(session: Session, event: Event, lists: dict[Participant, list[Participant]]) -> None:
    """Store each firm's recommendation list (best first), as the matcher would."""
    for firm, partners in lists.items():
        for rank, partner in enumerate(partners, start=1):
            session.add(
                Recommendation(
                    event_id=event.id,
                    participant_id=firm.id,
                    partner_id=partner.id,
                    rank=rank,
                    score=1.0 / rank,
                    forward=0.5,
                    backward=0.5,
                    peer=0.0,
                    mutual=True,
                    reason=[],
                    scorer="test",
                )
            )
    session.flush()


def _meetings(session: Session, version_id: int) -> list[Meeting]:
    return list(session.scalars(select(Meeting).where(Meeting.schedule_id == version_id)))


def _per_firm(meetings: list[Meeting]) -> Counter[int]:
    return Counter(pid for m in meetings for pid in (m.participant_a_id, m.participant_b_id))


def test_every_firm_gets_the_meetings_asked_for_when_such_a_day_exists(session: Session) -> None:
    """Everyone's best match is the star A; a ring B-C-D-E-F-B comes next. Two meetings
    each exist (A-B, A-C, C-D, D-E, E-F, F-B); the old way gave A five and the rest one or
    two."""
    event = create_event(session)
    star, *ring = [create_participant(session, event, x) for x in "ABCDEF"]
    lists = {star: ring}
    for k, firm in enumerate(ring):
        lists[firm] = [star, ring[(k + 1) % len(ring)], ring[k - 1]]
    _recommend(session, event, lists)
    run = generate_draft(session, event, options=QUICK, recommended=2)
    meetings = _meetings(session, run.version.id)
    count = _per_firm(meetings)
    assert {p.name: count[p.id] for p in (star, *ring)} == {p.name: 2 for p in (star, *ring)}
    assert version_report(session, event, run.version).violations == ()


def test_no_firm_is_given_more_than_its_own_maximum(session: Session) -> None:
    event = create_event(session)
    firms = [create_participant(session, event, x) for x in "ABCDEF"]
    firms[0].max_meetings = 1
    _recommend(session, event, {f: [g for g in firms if g is not f] for f in firms})
    run = generate_draft(session, event, options=QUICK, recommended=3)
    count = _per_firm(_meetings(session, run.version.id))
    assert count[firms[0].id] == 1
    assert all(count[f.id] == 3 for f in firms[1:])  # a 3-regular day of the five others
    assert version_report(session, event, run.version).violations == ()


def test_the_day_is_spread_over_the_slots(session: Session) -> None:
    """Eight firms, three meetings each, six slots and tables enough for all at once: the
    fewest breaks alone put every meeting in the first three slots (four each, three
    empty); spread, no slot holds more than an even share and one."""
    event = create_event(session)
    event.tables += [EventTable(number=n) for n in range(4, 9)]
    firms = [create_participant(session, event, f"F{n}") for n in range(8)]
    _recommend(session, event, {f: [g for g in firms if g is not f] for f in firms})
    run = generate_draft(session, event, options=QUICK, recommended=3)
    meetings = _meetings(session, run.version.id)
    assert len(meetings) == 12
    assert set(_per_firm(meetings).values()) == {3}
    load = Counter(m.slot for m in meetings)
    even = math.ceil(len(meetings) / event.slot_count)
    assert max(load.values()) <= even + 1, load
    assert set(load) == set(range(1, event.slot_count + 1)), load  # no slot left empty
    assert version_report(session, event, run.version).violations == ()


def test_meetings_sit_at_tables_whose_theme_fits(session: Session) -> None:
    """Table 1 is "Medizintechnik": the meeting of two medical firms takes it, the meeting
    of two food firms never does (the old way gave it the lowest free table: table 1)."""
    event = create_event(session)
    event.tables[0].theme = "Medizintechnik"
    medical = Sector(event_id=event.id, name="Medizintechnik")
    food = Sector(event_id=event.id, name="Lebensmittel")
    session.add_all([medical, food])
    session.flush()
    cheese, grain = (
        create_participant(session, event, x, offer=offer, sectors=[food])
        for x, offer in (("F1", "Käse und Butter"), ("F2", "Weizen und Roggenmehl"))
    )
    pumps, clinic = (
        create_participant(session, event, x, offer=offer, sectors=[medical])
        for x, offer in (("M1", "Infusionspumpen"), ("M2", "Klinikbedarf, Medizingeräte"))
    )
    _recommend(session, event, {cheese: [grain], grain: [cheese], pumps: [clinic], clinic: [pumps]})
    run = generate_draft(session, event, options=QUICK, recommended=1)
    themes = {
        frozenset((m.participant_a_id, m.participant_b_id)): m.table.theme
        for m in _meetings(session, run.version.id)
    }
    assert themes == {
        frozenset((cheese.id, grain.id)): "",
        frozenset((pumps.id, clinic.id)): "Medizintechnik",
    }


def test_the_recommended_day_gives_each_firm_its_share_and_never_a_blocked_pair(
    session: Session,
) -> None:
    """`recommended_day` called directly: four firms, each recommended every other; two
    meetings each are asked for and A-B is blocked (forbidden or asked already), so the day
    is the ring A-C, C-B, B-D, D-A."""
    event = create_event(session)
    a, b, c, d = firms = [create_participant(session, event, x) for x in "ABCD"]
    _recommend(session, event, {f: [g for g in firms if g is not f] for f in firms})
    problem = event_problem(session, event).problem
    blocked = {frozenset((str(a.id), str(b.id)))}
    wishes = recommended_day(session, event, problem, 2, blocked, seconds=5)
    pairs = {w.pair for w in wishes}
    assert frozenset((str(a.id), str(b.id))) not in pairs
    assert pairs == {frozenset((str(x.id), str(y.id))) for x, y in ((a, c), (c, b), (b, d), (d, a))}
    other = create_event(session, "other")  # only the event's own recommendations are read
    assert recommended_day(session, other, problem, 2, set()) == ()


def test_the_tables_themes_and_how_well_each_firm_fits_them(session: Session) -> None:
    """`table_themes` called directly (without the multilingual encoder): the themed tables
    by their core number, and a medical firm fitting "Medizintechnik" better than a
    bakery; no theme at all: None."""
    event = create_event(session)
    pumps = create_participant(session, event, "M", offer="Medizintechnik: Infusionspumpen")
    bread = create_participant(session, event, "F", offer="Brot und Brötchen für Kantinen")
    tables = sorted(event.tables, key=lambda t: t.number)
    problem = event_problem(session, event).problem
    assert table_themes(tables, problem, embedder=None) is None
    tables[1].theme = " Medizintechnik "
    themes = table_themes(tables, problem, embedder=None)
    assert themes is not None
    assert dict(themes.themes) == {2: "Medizintechnik"}
    fit = themes.fit
    assert fit[(str(pumps.id), "Medizintechnik")] > fit[(str(bread.id), "Medizintechnik")]
    assert themes.firm_fits(str(pumps.id), "Medizintechnik")
