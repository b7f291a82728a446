"""Exact break minimisation: optimal on small days, honest when the cap cannot be kept or
time runs out, and the same answer from the racing child processes as in-process."""

from __future__ import annotations

from matchmaker.core.scheduling.breaks.maxsat import VARIANTS, solve_breaks
from matchmaker.core.scheduling.breaks.race import fewest_breaks
from matchmaker.core.scheduling.scheduler import firm_breaks
from matchmaker.core.scheduling.types import Meeting, Placement

SLOTS = [1, 2, 3, 4]


def as_placements(meetings: list[Meeting], slots: tuple[int, ...]) -> list[Placement]:
    return [Placement(m.a, m.b, s, 1) for m, s in zip(meetings, slots, strict=True)]


def test_finds_a_day_without_breaks_when_there_is_one() -> None:
    meetings = [
        Meeting("A", "B", (1, 2, 3, 4)),
        Meeting("B", "C", (1, 2, 3, 4)),
        Meeting("C", "D", (1, 2)),
    ]
    answer = solve_breaks(meetings, SLOTS, dict.fromkeys(SLOTS, 2), set(), max_breaks=None)
    assert answer.slots is not None
    assert answer.lower_bound == 0
    placements = as_placements(meetings, answer.slots)
    assert sum(firm_breaks(placements).values()) == 0
    raced = fewest_breaks(meetings, SLOTS, dict.fromkeys(SLOTS, 2), set(), None, 30)
    assert raced.slots is not None
    assert raced.lower_bound == 0
    assert sum(firm_breaks(as_placements(meetings, raced.slots)).values()) == 0
    alone = fewest_breaks(meetings, SLOTS, dict.fromkeys(SLOTS, 2), set(), None, 30)
    assert alone == fewest_breaks(meetings, SLOTS, dict.fromkeys(SLOTS, 2), set(), None, 30)


def test_pinned_meetings_count_and_an_unavoidable_break_is_proven() -> None:
    # A meets X (pinned) in slot 1 and must meet B in slot 3 or 4: one break at least.
    meetings = [Meeting("A", "B", (3, 4))]
    answer = solve_breaks(meetings, SLOTS, {3: 1, 4: 1}, {("A", 1), ("X", 1)}, max_breaks=None)
    assert answer.slots in {(3,), (4,)}  # either way one break (slot 2, or slots 2 and 3)
    assert answer.lower_bound == 1
    # With B busy in slot 4 from a pinned meeting, slot 3 is the only one left.
    busy = {("A", 1), ("X", 1), ("B", 4), ("Y", 4)}
    assert solve_breaks(meetings, SLOTS, {3: 1, 4: 1}, busy, max_breaks=None).slots == (3,)


def test_a_cap_that_cannot_be_kept_is_reported() -> None:
    meetings = [Meeting("A", "B", (1,)), Meeting("A", "C", (3,))]
    capped = solve_breaks(meetings, SLOTS, dict.fromkeys(SLOTS, 1), set(), max_breaks=0)
    assert capped.infeasible
    assert capped.slots is None
    free = solve_breaks(meetings, SLOTS, dict.fromkeys(SLOTS, 1), set(), max_breaks=1)
    assert free.slots == (1, 3)
    assert free.lower_bound == 1


def test_out_of_time_gives_no_slots() -> None:
    meetings = [Meeting(f"F{i}", f"G{j}", tuple(range(1, 9))) for i in range(8) for j in range(8)]
    answer = fewest_breaks(meetings, list(range(1, 9)), dict.fromkeys(range(1, 9), 8), set(),
                           2, seconds=0.05)  # fmt: skip
    assert answer.slots is None
    assert not answer.infeasible


def test_every_variant_finds_the_same_optimum_and_the_race_takes_the_fewest_conflicts() -> None:
    # Twelve firms meeting in a round robin over a day with room: no break is needed.
    firms = [f"F{i}" for i in range(6)]
    meetings = [
        Meeting(a, b, tuple(range(1, 9))) for i, a in enumerate(firms) for b in firms[i + 1 :]
    ]
    slots = list(range(1, 9))
    tables = dict.fromkeys(slots, 3)
    alone = [solve_breaks(meetings, slots, tables, set(), None, variant) for variant in VARIANTS]
    assert {a.lower_bound for a in alone} == {0}
    for answer in alone:
        assert answer.slots is not None
        assert sum(firm_breaks(as_placements(meetings, answer.slots)).values()) == 0
    winner = min(range(len(alone)), key=lambda i: (alone[i].conflicts, i))
    raced = fewest_breaks(meetings, slots, tables, set(), None, 30)
    assert raced == alone[winner]  # the same answer whichever child finished first


def test_a_break_forced_on_every_firm_is_counted_once_each() -> None:
    # Every firm must meet in slots 1 and 4 only: one break each for 8 firms at least.
    meetings = [Meeting(f"F{i}", f"G{i}", (1,)) for i in range(4)]
    meetings += [Meeting(f"F{i}", f"G{(i + 1) % 4}", (4,)) for i in range(4)]
    answer = fewest_breaks(meetings, SLOTS, dict.fromkeys(SLOTS, 4), set(), None, 30)
    assert answer.lower_bound == 8
    assert answer.slots is not None
