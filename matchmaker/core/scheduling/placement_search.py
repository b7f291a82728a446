"""Place what a construction left out, by re-solving small parts of the schedule exactly
(large neighbourhood search on CP-SAT).

Around each meeting left out, a part of the schedule is freed and re-solved for the most
weight placed, everything else staying as it is. Two kinds of part:
- *two slots*: every meeting in a slot where one of the two firms is free and one where the
  other is: the exact form of the Kempe-chain exchange of edge colouring (the meetings of the
  two slots swap along a chain until both firms are free in the same slot);
- *nearby firms*: the firms that meet the two firms, and those that meet them, up to a size;
  all meetings among them may move to any of their slots.
A part is taken over only when it places more weight, so the search never loses a meeting.
Deterministic for a seed when it ends by running out of meetings to try, not of time.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from ortools.sat.python import cp_model

from matchmaker.core.scheduling.cpsat import solve_small
from matchmaker.core.scheduling.placement import PlacementTask

_PART_FIRMS = 60  # firms in a "nearby firms" part: small enough to solve in a fraction of a second


def place_more(
    task: PlacementTask, start: Sequence[int | None], seconds: float, seed: int = 0
) -> list[int | None]:
    """`start` with more meetings placed where small re-solves find room; never fewer."""
    deadline = time.monotonic() + seconds
    slot_of = list(start)
    by_firm = task.by_firm()
    progress = True
    while progress and time.monotonic() < deadline:
        progress = False
        left_out = sorted(
            (i for i, s in enumerate(slot_of) if s is None), key=lambda i: -task.weights[i]
        )
        for i in left_out:
            if slot_of[i] is not None:
                continue  # placed by an earlier re-solve in this round
            for part in _parts(task, slot_of, by_firm, i):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return slot_of
                better = _resolve(task, slot_of, by_firm, part, min(remaining, 10.0), seed)
                if better is not None:
                    slot_of = better
                    progress = True
                    break
    return slot_of


def _parts(
    task: PlacementTask,
    slot_of: Sequence[int | None],
    by_firm: dict[str, list[int]],
    i: int,
) -> Iterable[set[int]]:
    """Parts of the schedule to free around left-out meeting i, smallest first."""
    m = task.meetings[i]
    busy = {pid: {slot_of[j] for j in by_firm[pid]} for pid in m.parties}
    free_a = [s for s in m.slots if s not in busy[m.a]]
    free_b = [s for s in m.slots if s not in busy[m.b]]
    pairs = sorted({(min(s, t), max(s, t)) for s in free_a for t in free_b if s != t})
    for pair in pairs[:4]:
        yield _in_slots(task, slot_of, set(pair)) | {i}
        for extra in (1, 2):
            near = sorted(m.slots, key=lambda s: (min(abs(s - pair[0]), abs(s - pair[1])), s))
            window = set(pair) | set(near[: 2 + extra])
            yield _in_slots(task, slot_of, window) | {i}
    yield _nearby(task, slot_of, by_firm, i)


def _in_slots(task: PlacementTask, slot_of: Sequence[int | None], slots: set[int]) -> set[int]:
    """Meetings in the slots, and left-out ones that could take one of them."""
    return {
        j
        for j, s in enumerate(slot_of)
        if s in slots or (s is None and not slots.isdisjoint(task.meetings[j].slots))
    }


def _nearby(
    task: PlacementTask,
    slot_of: Sequence[int | None],
    by_firm: dict[str, list[int]],
    i: int,
) -> set[int]:
    """All meetings among the firms closest to meeting i's two firms (through placed ones)."""
    m = task.meetings[i]
    firms = [m.a, m.b]
    chosen = set(firms)
    for pid in firms:  # grows while iterating: breadth first
        for j in by_firm[pid]:
            if slot_of[j] is None:
                continue
            other = task.meetings[j].b if task.meetings[j].a == pid else task.meetings[j].a
            if other not in chosen and len(chosen) < _PART_FIRMS:
                chosen.add(other)
                firms.append(other)
    return {
        j
        for pid in chosen
        for j in by_firm[pid]
        if task.meetings[j].a in chosen and task.meetings[j].b in chosen
    }


def _resolve(
    task: PlacementTask,
    slot_of: list[int | None],
    by_firm: dict[str, list[int]],
    part: set[int],
    seconds: float,
    seed: int,
) -> list[int | None] | None:
    """The schedule with the meetings of `part` re-placed for the most weight, if that places
    more than now; None otherwise."""
    busy: set[tuple[str, int]] = set(task.busy)
    used: Counter[int] = Counter()
    count: Counter[str] = Counter()
    firms = {pid for j in part for pid in task.meetings[j].parties}
    for pid in firms:
        for j in by_firm[pid]:
            s = slot_of[j]
            if j not in part and s is not None:
                busy.add((pid, s))
                count[pid] += 1
    for j, s in enumerate(slot_of):
        if s is not None and j not in part and task.meetings[j].shared:
            used[s] += 1
    model = cp_model.CpModel()
    choices: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    per_firm_slot: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    per_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    per_firm: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for j in sorted(part):
        m = task.meetings[j]
        options = []
        for s in m.slots:
            if any((pid, s) in busy for pid in m.parties):
                continue
            if m.shared and used[s] >= task.tables.get(s, 0):
                continue
            var = model.new_bool_var("")
            options.append((s, var))
            for pid in m.parties:
                per_firm_slot[(pid, s)].append(var)
                per_firm[pid].append(var)
            if m.shared:
                per_slot[s].append(var)
            model.add_hint(var, slot_of[j] == s)
        if options:
            model.add_at_most_one(var for _, var in options)
            choices[j] = options
    for group in per_firm_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for s, group in per_slot.items():
        if len(group) > task.tables.get(s, 0) - used[s]:
            model.add(sum(group) <= task.tables.get(s, 0) - used[s])
    for pid, group in per_firm.items():
        if pid in task.room and len(group) > task.room[pid] - count[pid]:
            model.add(sum(group) <= task.room[pid] - count[pid])
    before = sum(task.weights[j] for j in part if slot_of[j] is not None)
    gained = cp_model.LinearExpr.weighted_sum(
        [var for j, opts in choices.items() for _, var in opts],
        [task.weights[j] for j, opts in choices.items() for _ in opts],
    )
    model.add(gained >= before + 1)
    model.maximize(gained)
    solver = solve_small(model, seconds, seconds, seed)
    if solver is None:
        return None
    new = list(slot_of)
    for j in part:
        new[j] = next((s for s, var in choices.get(j, []) if solver.boolean_value(var)), None)
    return new
