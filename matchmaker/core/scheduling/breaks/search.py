"""Fewer breaks by local search: move a meeting to a free slot, or swap the slots of two
meetings of one firm, whenever that lowers the breaks of the firms involved; with as many
breaks, whenever it lowers their idle slots (a break of four free slots is worse than one of
one), and with as many of both, whenever it moves a meeting earlier (the day is compact).

Used when exact break minimisation runs out of time: it turns a placement that ignored breaks
into a reasonable day within a fraction of a second, deterministically, and hands it on as the
starting point of further search. Every move keeps the hard rules (allowed slots, one meeting
per firm and slot, free tables).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from matchmaker.core.scheduling.types import Meeting, gaps


def reduce_breaks(
    meetings: Sequence[Meeting],
    start: Sequence[int],
    tables: dict[int, int],
    fixed_busy: set[tuple[str, int]],
    seconds: float,
    cap: int | None = None,
) -> list[int]:
    """Slots for the meetings with no more breaks than `start`, usually far fewer, and no
    firm taken over `cap` breaks by a move (one already over it gets no more)."""
    deadline = time.monotonic() + seconds
    slot_of = list(start)
    busy: dict[str, set[int]] = defaultdict(set)
    for pid, slot in fixed_busy:
        busy[pid].add(slot)
    for m, slot in zip(meetings, slot_of, strict=True):
        for pid in m.parties:
            busy[pid].add(slot)
    used = Counter(s for m, s in zip(meetings, slot_of, strict=True) if m.shared)
    by_firm: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(meetings):
        by_firm[m.a].append(i)
        by_firm[m.b].append(i)

    def change(moves: dict[str, tuple[int, int]]) -> tuple[int, int, int]:
        """Breaks, idle slots and slot numbers gained (negative: fewer) if each firm moves
        from one slot to another; breaks count as many as a cap allows more."""
        breaks = idle = later = 0
        for pid, (old, new) in moves.items():
            day, moved = busy[pid], (busy[pid] - {old}) | {new}
            now, then = gaps(day), gaps(moved)
            if cap is not None and then > max(cap, now):
                return (1, 0, 0)
            breaks += then - now
            idle += _idle(moved) - _idle(day)
            later += new - old
        return breaks, idle, later

    def relocate(i: int, new: int) -> None:
        old = slot_of[i]
        for pid in meetings[i].parties:
            busy[pid].discard(old)
            busy[pid].add(new)
        if meetings[i].shared:
            used[old] -= 1
            used[new] += 1
        slot_of[i] = new

    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for i, m in enumerate(meetings):
            old = slot_of[i]
            for new in m.slots:
                if new == old or any(new in busy[pid] for pid in m.parties):
                    continue
                if m.shared and used[new] >= tables.get(new, 0):
                    continue
                if change({m.a: (old, new), m.b: (old, new)}) < (0, 0, 0):
                    relocate(i, new)
                    improved = True
                    break
            if _swap_one(i, meetings, slot_of, busy, by_firm, change, relocate):
                improved = True
    return slot_of


def _swap_one(
    i: int,
    meetings: Sequence[Meeting],
    slot_of: list[int],
    busy: dict[str, set[int]],
    by_firm: dict[str, list[int]],
    change: Callable[[dict[str, tuple[int, int]]], tuple[int, int, int]],
    relocate: Callable[[int, int], None],
) -> bool:
    """Swap meeting i with another meeting of one of its firms when that lowers breaks."""
    m, s = meetings[i], slot_of[i]
    for shared in (m.a, m.b):
        other_of_i = m.b if shared == m.a else m.a
        for j in by_firm[shared]:
            if j == i:
                continue
            n, t = meetings[j], slot_of[j]
            other_of_j = n.b if shared == n.a else n.a
            if t not in m.slots or s not in n.slots or other_of_i == other_of_j:
                continue
            if m.shared != n.shared:  # a swap would change the slots' shared tables
                continue
            if t in busy[other_of_i] or s in busy[other_of_j]:
                continue
            both = set(m.parties) & set(n.parties)
            if any(t in busy[p] for p in m.extra if p not in both) or any(
                s in busy[p] for p in n.extra if p not in both
            ):
                continue  # an interpreter of one is busy in the other's slot
            if change({other_of_i: (s, t), other_of_j: (t, s)}) < (0, 0, 0):
                relocate(i, t)
                relocate(j, s)
                for pid in both:
                    busy[pid].update((s, t))
                return True
    return False


def _idle(slots: set[int]) -> int:
    """Free slots between a firm's first and last meeting."""
    return max(slots) - min(slots) + 1 - len(slots) if slots else 0
