"""Fair-day repair: untouched meetings stay exactly where they were, touched ones move or are
cancelled with a reason, freed places are refilled, and every change is listed per firm."""

from __future__ import annotations

from datetime import time

import pytest

from benchmarks.planted_schedule import plant
from matchmaker.core.scheduling.checks import fair_day_findings, schedule_violations
from matchmaker.core.scheduling.repair import FairDayChanges, RepairResult, repair
from matchmaker.core.scheduling.scheduler import ScheduleOptions, schedule
from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem
from matchmaker.core.types import Profile, SlotGrid, TimeRange

SLOTS = build_slots(SlotGrid(time(9, 0), 20, 4))  # 09:00, 09:20, 09:40, 10:00


def _fair() -> tuple[SchedulingProblem, list[Placement]]:
    """Five firms, three tables; E-B and E-C are wished but wait (B and C are busy)."""
    firms = tuple(Profile(id=x) for x in "ABCDE")
    wishes = tuple(
        MeetingWish(a, b, priority=2)
        for a, b in ("AB", "CD", "AC", "BD", "AD", "BC", "EA", "EB", "EC")
    )
    published = [
        Placement("A", "B", 1, 1),
        Placement("C", "D", 1, 2),
        Placement("A", "C", 2, 1),
        Placement("B", "D", 2, 2),
        Placement("A", "D", 3, 1),
        Placement("B", "C", 3, 2),
        Placement("E", "A", 4, 1),
    ]
    return SchedulingProblem(firms, wishes, SLOTS, tables=3), published


def _unchanged(before: list[Placement], after: tuple[Placement, ...], touched: set[str]) -> None:
    """Every published meeting without a touched firm is still exactly where it was."""
    for m in before:
        if not touched & {m.a, m.b}:
            assert m in after, m


def test_an_absent_firm_cancels_its_meetings_and_nothing_else_moves() -> None:
    problem, published = _fair()
    assert schedule_violations(problem, published) == []
    result = repair(problem, published, FairDayChanges(absent=frozenset({"D"})))
    assert schedule_violations(result.problem, result.placements) == []
    assert not any("D" in m.pair for m in result.placements)
    _unchanged(published, result.placements, {"D"})
    cancelled = [c for c in result.changes if c.kind == "cancelled"]
    assert {(c.firm, c.partner) for c in cancelled} == {
        ("C", "D"), ("D", "C"), ("B", "D"), ("D", "B"), ("A", "D"), ("D", "A"),
    }  # fmt: skip
    assert all(c.reason == "D does not come" for c in cancelled)
    # E-B and E-C waited: the places B and C lose with D take them now.
    new = [c for c in result.changes if c.kind == "new"]
    assert {c.firm for c in new} == {"E", "B", "C"}
    assert result.kept == len(published) - 3


def test_a_late_firm_keeps_the_meetings_it_can_and_moves_the_others() -> None:
    problem, published = _fair()
    result = repair(problem, published, FairDayChanges(arrives={"C": time(9, 20)}))
    assert schedule_violations(result.problem, result.placements) == []
    (moved,) = {c.before for c in result.changes if c.kind != "new"}
    assert moved == Placement("C", "D", 1, 2)
    c_d = next(m for m in result.placements if m.pair == frozenset("CD"))
    assert c_d.slot >= 2
    assert {c.reason for c in result.changes_for("D") if c.kind == "moved"} == {
        "C arrives at 09:20"
    }
    _unchanged(published, result.placements, {"C", "D"})


@pytest.fixture(scope="module")
def lost_table() -> RepairResult:
    """The fair repaired once table 1 is out of use from slot 3 on."""
    problem, published = _fair()
    return repair(problem, published, FairDayChanges(lost_tables=frozenset({1}), from_slot=3))


def test_a_lost_table_moves_its_meetings_and_keeps_the_past(lost_table: RepairResult) -> None:
    result = lost_table
    assert schedule_violations(result.problem, result.placements) == []
    assert Placement("A", "B", 1, 1) in result.placements  # slot 1 has passed: kept
    assert {c.reason for c in result.changes if c.kind == "moved"} == {"table 1 is out of use"}


@pytest.mark.parametrize(
    "before",
    [Placement("A", "D", 3, 1), Placement("E", "A", 4, 1)],
    ids=["A-D-in-slot-3", "E-A-in-slot-4"],
)
def test_a_lost_tables_meeting_moves_to_another_table_in_the_same_slot(
    lost_table: RepairResult, before: Placement
) -> None:
    after = next(m for m in lost_table.placements if m.pair == before.pair)
    assert (after.slot, after.table != 1) == (before.slot, True)


def test_past_meetings_stay_as_history_even_of_an_absent_firm() -> None:
    problem, published = _fair()
    result = repair(problem, published, FairDayChanges(absent=frozenset({"D"}), from_slot=2))
    assert Placement("C", "D", 1, 2) in result.placements
    assert schedule_violations(result.problem, result.placements) == []
    assert not any("D" in m.pair and m.slot >= 2 for m in result.placements)


def test_cancelled_and_newly_wanted_meetings() -> None:
    """C-D is cancelled, D-E newly wanted: slot 1 frees up for C, D and E; D-E weighs more
    than the waiting E-C and takes it."""
    problem, published = _fair()
    changes = FairDayChanges(
        cancelled=frozenset({frozenset("CD")}), wanted=(MeetingWish("D", "E", priority=3),)
    )
    result = repair(problem, published, changes)
    assert schedule_violations(result.problem, result.placements) == []
    assert not any(m.pair == frozenset("CD") for m in result.placements)
    assert Placement("D", "E", 1, 2) in result.placements
    kinds = {(c.firm, c.partner): c.kind for c in result.changes}
    assert kinds == {("C", "D"): "cancelled", ("D", "C"): "cancelled",
                     ("D", "E"): "new", ("E", "D"): "new"}  # fmt: skip
    assert {u.wish.pair for u in result.unplaced} == {frozenset("BE"), frozenset("CE")}
    _unchanged(published, result.placements, {"C", "D"})


def test_bad_changes_are_refused() -> None:
    problem, published = _fair()
    with pytest.raises(ValueError, match=r"unknown firm.*Z"):
        repair(problem, published, FairDayChanges(absent=frozenset({"Z"})))
    with pytest.raises(ValueError, match="last slot has begun"):
        repair(problem, published, FairDayChanges(from_slot=5))


def test_repair_on_a_planted_fair_keeps_everything_untouched() -> None:
    """A 240-firm fair, three firms absent from slot 5: only their meetings change."""
    planted = plant(200, slots=12, seed=3)
    problem, published = planted.problem, list(planted.planted)
    absent = frozenset(sorted({m.a for m in published if m.slot == 6})[:3])
    result = repair(
        problem,
        published,
        FairDayChanges(absent=absent, from_slot=5),
        ScheduleOptions(time_limit=10, work_limit=2),
    )
    assert schedule_violations(result.problem, result.placements) == []
    _unchanged(published, result.placements, set(absent))
    for m in published:
        if absent & m.pair and m.slot >= 5:
            assert m not in result.placements
    touched = {c.firm for c in result.changes}
    assert absent <= touched


def test_a_schedule_from_the_solver_repairs_too() -> None:
    problem, _ = _fair()
    first = schedule(problem, ScheduleOptions(time_limit=5))
    result = repair(problem, list(first.placements), FairDayChanges(leaves={"A": time(9, 40)}))
    assert schedule_violations(result.problem, result.placements) == []
    assert all(m.slot <= 2 for m in result.placements if "A" in m.pair)


# The fair day of issue 16: breaks as at the demo fair, a late firm and a freeze point.
DAY = build_slots(SlotGrid(time(9, 30), 20, 8, (TimeRange(time(11, 10), time(11, 30)),)))
# 09:30 09:50 10:10 10:30 10:50 | coffee | 11:30 11:50 12:10


def _late_fair() -> tuple[SchedulingProblem, list[Placement]]:
    """A meets B at 11:30 (slot 6) and C at 10:50 (slot 5); A is free at 10:10, so is B."""
    firms = tuple(Profile(id=x) for x in "ABCDEF")
    published = [
        Placement("A", "D", 1, 1),
        Placement("B", "E", 1, 2),
        Placement("A", "E", 2, 1),
        Placement("B", "F", 4, 1),
        Placement("A", "C", 5, 1),
        Placement("A", "B", 6, 1),
        Placement("C", "D", 6, 2),
        Placement("B", "C", 7, 1),
        Placement("E", "F", 8, 1),
    ]
    wishes = tuple(MeetingWish(m.a, m.b, priority=2) for m in published)
    return SchedulingProblem(firms, wishes, DAY, tables=2), published


def test_a_late_firm_meets_nobody_before_it_arrives_and_nothing_moves_before_the_freeze() -> None:
    """Issue 16: A "kommt 11:45", "Nichts ändern vor 11:30". The repair put A-B at 10:10, a
    slot over before A came, and the verifier found nothing wrong."""
    problem, published = _late_fair()
    changes = FairDayChanges(arrives={"A": time(11, 45)}, from_slot=6)
    result = repair(problem, published, changes)
    slots = {s.number: s for s in DAY}
    assert not [
        m for m in result.placements if "A" in m.pair and slots[m.slot].start < time(11, 45)
    ]
    before_freeze = {m for m in result.placements if m.slot < 6}
    assert before_freeze <= set(published)  # nothing new or moved before 11:30
    assert before_freeze == {m for m in published if m.slot < 6 and "A" not in m.pair}
    moved = {c.before: c.after for c in result.changes if c.kind == "moved"}
    assert moved.keys() <= {m for m in published if "A" in m.pair}
    assert all(after is not None and after.slot >= 7 for after in moved.values())
    assert {c.reason for c in result.changes if c.kind != "new"} == {"A arrives at 11:45"}
    facts = changes.facts(published)
    assert schedule_violations(result.problem, result.placements) == []
    assert fair_day_findings(result.problem, result.placements, facts) == []


def test_the_verifier_flags_a_meeting_before_an_arrival_the_freeze_or_after_a_departure() -> None:
    problem, published = _late_fair()
    facts = FairDayChanges(
        arrives={"A": time(11, 45)}, leaves={"E": time(12, 0)}, from_slot=6
    ).facts(published)
    by_hand = [m for m in published if m.pair not in (frozenset("AB"), frozenset("AC"))]
    by_hand += [Placement("A", "B", 3, 1), Placement("A", "C", 7, 2)]  # the v4 of the issue
    found = {str(f) for f in fair_day_findings(problem, by_hand, facts)}
    assert found == {
        "A-B in slot 3 at table 1: A arrives only at 11:45",
        "A-B in slot 3 at table 1: placed before 11:30, where nothing may change any more",
        "E-F in slot 8 at table 1: E leaves already at 12:00",
        "A-D in slot 1 at table 1: A arrives only at 11:45",  # history A cannot have held
        "A-E in slot 2 at table 1: A arrives only at 11:45",
    }  # A-C at 11:50 is fine: A is there by then
    dropped = [Placement("B", "F", 4, 1)]
    kept = [m for m in published if m not in dropped]
    (finding,) = fair_day_findings(problem, kept, FairDayChanges(from_slot=6).facts(published))
    assert str(finding) == (
        "the published meeting B-F at slot 4 (table 1) lies before the freeze point and was "
        "moved or dropped"
    )


def test_an_early_leaver_meets_nobody_after_it_left_even_before_the_freeze() -> None:
    problem, published = _late_fair()
    changes = FairDayChanges(leaves={"B": time(10, 0)}, from_slot=5)
    result = repair(problem, published, changes)
    slots = {s.number: s for s in DAY}
    assert not [m for m in result.placements if "B" in m.pair and slots[m.slot].end > time(10, 0)]
    assert {m for m in result.placements if m.slot < 5} <= set(published)
    assert fair_day_findings(result.problem, result.placements, changes.facts(published)) == []
