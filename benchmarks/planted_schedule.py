"""Scheduling problems with a hidden, known-optimal answer: a feasible, gap-free schedule is
planted and only its meetings are handed out as wishes.

2T lanes (T tables in use); each lane is a sequence of firms whose stays follow each other
back to back, each firm present exactly for its run of slots. In every slot the lanes are
paired at random (no pair twice), so each firm meets in every slot of its stay (no idle slot),
and every wish can be placed. `spare_tables` adds tables beyond those the plant uses (loose
capacity); 0 is full capacity.

With `slack`, each firm stays longer than its meetings last: its planted meetings fill 70-95 %
of its stay (it may take no more: `max_meetings`), and the rest of the stay lies before or
after them at random, so firms arrive before they need to or leave later. A schedule with no
idle slot still exists (the planted one), but the scheduler has to find where in each stay
the meetings go: the fairs of issue 18, where a firm's day has room.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import time

from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem
from matchmaker.core.types import Profile, SlotGrid


@dataclass(frozen=True)
class PlantedProblem:
    problem: SchedulingProblem
    planted: tuple[Placement, ...]


def plant(
    firms: int,
    slots: int = 24,
    tables: int | None = None,
    spare_tables: float = 0.0,
    seed: int = 0,
    slack: bool = False,
) -> PlantedProblem:
    """`slots` slots of 20 minutes from 08:00, tables for `firms` firms meeting in half the
    slots each. Runs cut short at the end of the day add firms: asking for 2,000 firms and
    24 slots gives 2,433 firms, 12,000 wishes and 500 tables (seed 2000)."""
    rng = random.Random(seed)
    grid = build_slots(SlotGrid(time(8, 0), 20, slots))
    shortest, longest = max(2, slots // 3), max(3, 2 * slots // 3)  # mean run: 12 of 24 slots
    mean_run = (shortest + longest) / 2
    used_tables = tables or max(1, round(firms * mean_run / (2 * slots)))
    lanes = 2 * used_tables
    profiles: list[Profile] = []
    lane_firm: list[list[str]] = [[] for _ in range(lanes)]  # lane -> firm id per slot
    for lane in range(lanes):
        start = 0
        while start < slots:
            length = min(slots - start, rng.randint(shortest, longest))
            pid = f"P{len(profiles) + 1:05d}"
            first, last = _stay(rng, start, length, slots) if slack else (start, start + length)
            profiles.append(
                Profile(
                    id=pid,
                    available_from=grid[first].start,
                    available_to=grid[last - 1].end,
                    max_meetings=length if slack else None,
                )
            )
            lane_firm[lane].extend([pid] * length)
            start += length
    placements: list[Placement] = []
    seen: set[frozenset[str]] = set()
    for s in range(slots):
        pairs = _pair_lanes(rng, [lane_firm[lane][s] for lane in range(lanes)], seen)
        if pairs is None:
            raise RuntimeError(f"could not pair slot {s + 1} without repeating a pair")
        for table, (a, b) in enumerate(pairs, start=1):
            seen.add(frozenset((a, b)))
            placements.append(Placement(a, b, slot=s + 1, table=table))
    wishes = tuple(
        MeetingWish(m.a, m.b, priority=rng.randint(1, 3), mutual=rng.random() < 0.5)
        for m in rng.sample(placements, len(placements))
    )
    total_tables = used_tables + round(spare_tables * used_tables)
    problem = SchedulingProblem(tuple(profiles), wishes, grid, tables=total_tables)
    return PlantedProblem(problem, tuple(placements))


def _stay(rng: random.Random, start: int, length: int, slots: int) -> tuple[int, int]:
    """A stay (first slot, slot after the last) around a run of meetings that fill 70-95 %
    of it, as much of the extra before the run as drawn, within the day."""
    extra = math.ceil(length / rng.uniform(0.70, 0.95)) - length
    before = rng.randint(0, extra)
    first = max(0, start - before)
    last = min(slots, start + length + extra - (start - first))
    return max(0, min(first, last - length - extra)), last


def _pair_lanes(
    rng: random.Random, firms: list[str], seen: set[frozenset[str]], tries: int = 500
) -> list[tuple[str, str]] | None:
    """A random perfect matching of the slot's firms in which no pair has met before."""
    for _ in range(tries):
        free = firms[:]
        rng.shuffle(free)
        pairs: list[tuple[str, str]] = []
        while free:
            a = free.pop()
            partner = next((b for b in free if frozenset((a, b)) not in seen), None)
            if partner is None:
                break
            free.remove(partner)
            pairs.append((a, partner))
        else:
            return pairs
    return None
