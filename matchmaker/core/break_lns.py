"""Fewer breaks by re-solving small parts of the day exactly (large neighbourhood search).

When exact break minimisation over the whole fair runs out of time, this keeps improving a
schedule: it frees every meeting of a few firms (the one with the most breaks and partners
of it), keeps everything else, and lets CP-SAT find those meetings' best slots for the
breaks of every firm they touch. A part is taken over only when it has fewer breaks (or as
many, with fewer breaks over the fairness cap). Deterministic: the parts follow from the
schedule, and each solve runs one worker with a deterministic limit.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from matchmaker.core.break_maxsat import Meeting
from matchmaker.core.cpsat import solve_small
from matchmaker.core.schedule_types import gaps

_PART_FIRMS = 6  # firms whose meetings are freed at once
_PART_SECONDS = 1.0  # deterministic limit of one part's solve (about a second)


def improve_breaks(
    meetings: Sequence[Meeting],
    start: Sequence[int],
    slot_numbers: Sequence[int],
    tables: dict[int, int],
    fixed_busy: set[tuple[str, int]],
    cap: int | None,
    seconds: float,
    seed: int = 0,
    parts: int | None = None,
) -> list[int]:
    """Slots for the meetings with no more breaks than `start` (nor more over the cap);
    stops after `seconds` or after trying `parts` parts, whichever comes first."""
    deadline = time.monotonic() + seconds
    slot_of = list(start)
    by_firm: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(meetings):
        for pid in (m.a, m.b):
            by_firm[pid].append(i)
    tried: set[frozenset[str]] = set()
    while time.monotonic() < deadline and (parts is None or parts > 0):
        parts = None if parts is None else parts - 1
        part = _next_part(meetings, slot_of, by_firm, fixed_busy, tried)
        if part is None:
            tried.clear()  # every part was tried on this schedule: nothing more to find
            break
        tried.add(frozenset(part))
        better = _resolve(
            meetings, slot_of, by_firm, part, slot_numbers, tables, fixed_busy, cap,
            deadline - time.monotonic(), seed,
        )  # fmt: skip
        if better is not None:
            slot_of = better
            tried.clear()
    return slot_of


def _days(
    meetings: Sequence[Meeting], slot_of: Sequence[int], fixed_busy: set[tuple[str, int]]
) -> dict[str, set[int]]:
    days: dict[str, set[int]] = defaultdict(set)
    for pid, slot in fixed_busy:
        days[pid].add(slot)
    for m, slot in zip(meetings, slot_of, strict=True):
        days[m.a].add(slot)
        days[m.b].add(slot)
    return days


def _next_part(
    meetings: Sequence[Meeting],
    slot_of: Sequence[int],
    by_firm: dict[str, list[int]],
    fixed_busy: set[tuple[str, int]],
    tried: set[frozenset[str]],
) -> set[str] | None:
    """The firms to free next: a firm with breaks, most first, and its partners with the
    most breaks; None when every such part was tried without success."""
    days = _days(meetings, slot_of, fixed_busy)
    breaks = {pid: gaps(days[pid]) for pid in by_firm}
    for pid in sorted((p for p in breaks if breaks[p]), key=lambda p: (-breaks[p], p)):
        partners = {meetings[i].b if meetings[i].a == pid else meetings[i].a for i in by_firm[pid]}
        ranked = sorted(partners, key=lambda p: (-breaks[p], p))
        for offset in range(max(1, len(ranked) - _PART_FIRMS + 2)):
            part = {pid, *ranked[offset : offset + _PART_FIRMS - 1]}
            if frozenset(part) not in tried:
                return part
    return None


def _resolve(
    meetings: Sequence[Meeting],
    slot_of: list[int],
    by_firm: dict[str, list[int]],
    part: set[str],
    slot_numbers: Sequence[int],
    tables: dict[int, int],
    fixed_busy: set[tuple[str, int]],
    cap: int | None,
    seconds: float,
    seed: int,
) -> list[int] | None:
    """The schedule with every meeting of the part's firms re-placed for the fewest breaks
    of the firms they touch; None when that is no better."""
    if seconds <= 0:
        return None
    free = sorted({i for pid in part for i in by_firm[pid]})
    touched = {pid for i in free for pid in (meetings[i].a, meetings[i].b)}
    freed = set(free)
    parties = touched | {pid for i in free for pid in meetings[i].extra}
    busy: set[tuple[str, int]] = {(p, s) for p, s in fixed_busy if p in parties}
    used: Counter[int] = Counter()
    for i, (m, slot) in enumerate(zip(meetings, slot_of, strict=True)):
        if i in freed:
            continue
        if m.shared:
            used[slot] += 1
        busy.update((pid, slot) for pid in m.parties if pid in parties)
    model = cp_model.CpModel()
    by_party_slot: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    per_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    choices: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    for i in free:
        m = meetings[i]
        options = []
        for s in m.slots:
            if any((pid, s) in busy for pid in m.parties):
                continue
            var = model.new_bool_var("")
            model.add_hint(var, slot_of[i] == s)
            options.append((s, var))
            for pid in m.parties:
                by_party_slot[(pid, s)].append(var)
            if m.shared:
                per_slot[s].append(var)
        model.add_exactly_one(var for _, var in options)
        choices[i] = options
    for group in by_party_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for s, group in per_slot.items():
        model.add(sum(group) <= tables.get(s, 0) - used[s])
    fixed = {(p, s) for p, s in busy if p in touched}
    terms = {
        pid: day_breaks(model, pid, slot_numbers, by_party_slot, fixed) for pid in sorted(touched)
    }
    over = []
    if cap is not None:
        for own in terms.values():
            excess = model.new_int_var(0, len(slot_numbers), "")
            model.add(excess >= own - cap)
            over.append(excess)
    days = _days(meetings, slot_of, fixed_busy)
    before = sum(gaps(days[p]) for p in touched)
    before_over = sum(max(0, gaps(days[p]) - cap) for p in touched) if cap is not None else 0
    total = cp_model.LinearExpr.sum(list(terms.values()))
    penalty = cp_model.LinearExpr.sum(over) if over else 0
    model.add(10 * penalty + total <= 10 * before_over + before - 1)
    model.minimize(10 * penalty + total)
    solver = solve_small(model, seconds, _PART_SECONDS, seed)
    if solver is None:
        return None
    new = list(slot_of)
    for i, options in choices.items():
        new[i] = next(s for s, var in options if solver.boolean_value(var))
    return new


def day_breaks(
    model: cp_model.CpModel,
    pid: str,
    slot_numbers: Sequence[int],
    by_firm_slot: dict[tuple[str, int], list[cp_model.IntVar]],
    fixed_busy: set[tuple[str, int]],
) -> cp_model.LinearExpr:
    """A firm's breaks as an expression: its meeting blocks minus one (a block starts where
    it meets and did not in the slot before)."""
    starts: list[cp_model.IntVar] = []
    previous: cp_model.LinearExpr | None = None  # None: no meeting possible before
    for n in slot_numbers:
        if (pid, n) in fixed_busy:
            now = cp_model.LinearExpr.constant(1)
        elif by_firm_slot.get((pid, n)):
            now = cp_model.LinearExpr.sum(by_firm_slot[(pid, n)])
        else:
            previous = None
            continue
        start = model.new_bool_var("")
        model.add(start >= (now if previous is None else now - previous))
        # Exactly where a block starts, not merely at least there: tighter for search.
        model.add(start <= now)
        if previous is not None:
            model.add(start <= 1 - previous)
        starts.append(start)
        previous = now
    if not starts:
        return cp_model.LinearExpr.constant(0)
    has_meeting = model.new_bool_var("")
    model.add_max_equality(has_meeting, starts)
    return cp_model.LinearExpr.sum(starts) - has_meeting
