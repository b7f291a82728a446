"""The visit verifier: a hand-made valid plan passes, and each kind of fault put into it is
found, in plain English."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from matchmaker.core.visits.checks import KINDS, recomputed_total, visit_findings
from matchmaker.core.visits.types import (
    GroupPlan,
    Host,
    Interpreter,
    Lunch,
    Member,
    Visit,
    VisitDay,
    VisitPlan,
    VisitProblem,
    Window,
)

DAY = (9 * 60, 17 * 60)


def problem() -> VisitProblem:
    """Hotel (site 0) 20 min from each host, hosts 15 min apart; lunch 60 min, 12-14."""
    travel = tuple(tuple(0 if a == b else 20 if 0 in (a, b) else 15 for b in range(4))
                   for a in range(4))  # fmt: skip
    hosts = (
        Host("A", 1, capacity=3, duration=60, windows=(Window(*DAY),), languages=("de",)),
        Host("B", 2, capacity=5, duration=60, windows=(Window(540, 720), Window(840, 1020)),
             languages=("de", "en")),
        Host("C", 3, capacity=2, duration=60, windows=(Window(780, 1020),), languages=("ru",)),
    )  # fmt: skip
    members = (Member("M1", ("ru",)), Member("M2", ("ru", "en")), Member("M3", ("de",)),
               Member("M4", ("ru",)))  # fmt: skip
    relevance = ((1.0, 0.5, 0.2), (0.8, 0.4, 0.0), (0.0, 0.3, 0.9), (0.1, 0.0, 0.7))
    day = VisitDay(0, 0, *DAY, groups=2, lunch=Lunch(12 * 60, 14 * 60, 60))
    speakers = (Interpreter("I1", ("ru", "de")), Interpreter("I2", ("ru", "de")))
    return VisitProblem(hosts, members, relevance, travel, day, speakers)


def valid_plan() -> VisitPlan:
    one = GroupPlan(
        1,
        ("M1", "M2"),
        "I1",
        (Visit(1, "A", 560, 560, 620), Visit(1, "B", 635, 635, 695)),
        (720, 780),
    )
    two = GroupPlan(2, ("M3", "M4"), "I2", (Visit(2, "C", 560, 780, 840),), (720, 780))
    plan = VisitPlan((one, two), 0.0)
    return replace(plan, relevance_total=recomputed_total(problem(), plan))  # fmt: skip


def _group(plan: VisitPlan, number: int, **changes: object) -> VisitPlan:
    groups = list(plan.groups)
    groups[number - 1] = replace(groups[number - 1], **changes)  # type: ignore[arg-type]
    return replace(plan, groups=tuple(groups))


def _visit(
    plan: VisitPlan,
    number: int,
    index: int,
    arrive: int | None = None,
    start: int | None = None,
    end: int | None = None,
) -> VisitPlan:
    visits = list(plan.groups[number - 1].visits)
    old = visits[index]
    visits[index] = replace(old, arrive=old.arrive if arrive is None else arrive,
                            start=old.start if start is None else start,
                            end=old.end if end is None else end)  # fmt: skip
    return _group(plan, number, visits=tuple(visits))


FAULTS: dict[str, Callable[[VisitPlan], VisitPlan]] = {
    "groups": lambda p: replace(p, groups=(*p.groups, GroupPlan(3, (), None, (), (720, 780)))),
    "unknown": lambda p: _group(p, 1, members=("M1", "M2", "X9")),
    "member-missing": lambda p: _group(p, 2, members=("M3",)),
    "member-twice": lambda p: _group(p, 2, members=("M3", "M4", "M1")),
    "host-twice": lambda p: _group(p, 2, visits=(Visit(2, "C", 560, 780, 840),
                                                 Visit(2, "A", 855, 855, 915))),
    "capacity": lambda p: _group(_group(p, 1, members=("M2",)), 2, members=("M1", "M3", "M4")),
    "duration": lambda p: _visit(p, 1, 0, end=590),
    "window": lambda p: _visit(p, 1, 1, arrive=800, start=800, end=860),
    "arrival": lambda p: _visit(p, 1, 1, arrive=640),
    "travel": lambda p: _visit(p, 1, 0, arrive=550),
    "day": lambda p: _visit(p, 2, 0, start=950, end=1010),
    "lunch-missing": lambda p: _group(p, 1, lunch=None),
    "lunch-window": lambda p: _group(p, 1, lunch=(700, 760)),
    "lunch-overlap": lambda p: _group(p, 2, lunch=(780, 840)),
    "interpreter-twice": lambda p: _group(p, 2, interpreter="I1"),
    "total": lambda p: replace(p, relevance_total=p.relevance_total + 1.0),
}  # fmt: skip


def test_the_hand_made_plan_is_valid() -> None:
    assert visit_findings(problem(), valid_plan()) == []
    assert valid_plan().relevance_total == pytest.approx(1.0 + 0.8 + 0.5 + 0.4 + 0.9 + 0.7)


def test_every_kind_of_fault_has_a_test() -> None:
    assert sorted(FAULTS) == sorted(KINDS)


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_the_verifier_finds_each_kind_of_fault(kind: str) -> None:
    found = visit_findings(problem(), FAULTS[kind](valid_plan()))
    assert kind in {f.kind for f in found}, [str(f) for f in found]
    assert all(str(f) and f.kind in KINDS for f in found)


def test_findings_say_what_is_wrong_in_plain_english() -> None:
    plan = _group(_group(valid_plan(), 1, members=("M2",)), 2, members=("M1", "M3", "M4"))
    texts = [str(f) for f in visit_findings(problem(), plan)]
    assert "group 2: 3 members, but host C takes at most 2" in texts
    late = _visit(valid_plan(), 2, 0, start=950, end=1010)
    texts = [str(f) for f in visit_findings(problem(), late)]
    assert "group 2: cannot be back at the end by 17:00 (leaves at 16:50, 20 min)" in texts


@pytest.mark.parametrize(("arrive", "kinds"), [(795, set()), (790, {"travel"})])
def test_lunch_on_the_way_lengthens_the_leg(arrive: int, kinds: set[str]) -> None:
    """A ends at 12:00, lunch 12:00-13:00, then 15 min to B: B can be reached at 13:15."""
    plan = _visit(valid_plan(), 1, 0, arrive=660, start=660, end=720)
    plan = _visit(plan, 1, 1, arrive=arrive, start=840, end=900)
    assert {f.kind for f in visit_findings(problem(), plan)} == kinds


def test_lunch_may_not_overlap_a_visit() -> None:
    plan = _visit(valid_plan(), 1, 0, arrive=700, start=700, end=760)
    plan = _visit(plan, 1, 1, arrive=840, start=840, end=900)
    found = [str(f) for f in visit_findings(problem(), plan)]
    assert found == ["group 1: lunch 12:00-13:00 overlaps the visit at A"]
