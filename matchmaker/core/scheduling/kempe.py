"""Kempe chains: moving meetings between two slots without double booking anyone.

Take two slots s and t. The meetings in them form a graph in which every firm (and
interpreter) has at most one meeting in each slot; its connected parts are paths and cycles.
Swapping the slots of every meeting of one part keeps every party at one meeting per slot,
and changes the busy slots only of the parties at the ends of a path. This is the classic
move of timetabling (exam timetabling, graph colouring): one move shifts a firm's meeting
into a gap of its day and moves whatever stood in the way along. `KempeDay` holds a day
and makes such moves; `gap_anneal` searches with them.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence

from matchmaker.core.scheduling.placement import PlacementTask
from matchmaker.core.scheduling.types import gaps

_OVER_CAP = 3  # cost of a break over the cap, in idle slots
FIXED = -1  # a party's slot taken by a meeting that stays where it is (pinned)


class KempeDay:
    """A day's meetings: who meets in which slot, tables used per slot, and the moves."""

    def __init__(self, task: PlacementTask, slot_of: Sequence[int | None], chain_limit: int = 60):
        self.task = task
        self.slot_of: list[int | None] = list(slot_of)
        self.chain_limit = chain_limit
        self.position = {s: k for k, s in enumerate(task.slots)}
        self.allowed = [frozenset(m.slots) for m in task.meetings]
        self.parties = [m.parties for m in task.meetings]
        self.shared = [m.shared for m in task.meetings]
        self.firms = frozenset(pid for m in task.meetings for pid in (m.a, m.b))
        self.at: dict[str, dict[int, int]] = defaultdict(dict)  # party -> slot -> meeting
        for pid, slot in task.busy:
            self.at[pid][slot] = FIXED
        self.used: Counter[int] = Counter()
        self.in_slot: dict[int, list[int]] = defaultdict(list)
        self._index: dict[int, int] = {}
        for i, placed in enumerate(self.slot_of):
            if placed is not None:
                self.put(i, placed)

    def put(self, i: int, slot: int) -> None:
        """Meeting i into `slot` (which the caller has checked is free for its parties)."""
        here = self.in_slot[slot]
        self._index[i] = len(here)
        here.append(i)
        for pid in self.parties[i]:
            self.at[pid][slot] = i
        self.used[slot] += self.shared[i]
        self.slot_of[i] = slot

    def take(self, i: int) -> None:
        """Meeting i out of its slot."""
        slot = self.slot_of[i]
        assert slot is not None
        here = self.in_slot[slot]
        k, last = self._index.pop(i), here.pop()
        if last != i:
            here[k] = last
            self._index[last] = k
        for pid in self.parties[i]:
            del self.at[pid][slot]
        self.used[slot] -= self.shared[i]
        self.slot_of[i] = None

    def meetings_of(self, pid: str) -> dict[int, int]:
        """The party's slots and what it meets there (FIXED: pinned)."""
        return self.at[pid]

    def cost(
        self, pid: str, cap: int | None, add: int | None = None, drop: int | None = None
    ) -> int:
        """How long the firm waits: its idle slots between meetings, plus `_OVER_CAP` per
        break over the fairness cap; with slot `add` taken and `drop` given up. (Counting
        breaks too, four to one against idle slots, left 0.05-0.08 idle slots per firm on
        planted fairs with slack where idle slots alone leave 0.045-0.054.)"""
        position = self.position
        own = [position[s] for s in self.at[pid] if s != drop]
        if add is not None:
            own.append(position[add])
        if len(own) < 2:
            return 0
        idle = max(own) - min(own) + 1 - len(own)
        if cap is None or idle <= cap:  # no more breaks than idle slots: none over the cap
            return idle
        return idle + _OVER_CAP * max(0, gaps(set(own)) - cap)

    def chain(self, i: int, s: int, t: int) -> set[int] | None:
        """The meetings of the part holding meeting i (in s or t) of the graph of slots s
        and t; None when one of them cannot take the other slot (not among its slots, or a
        party pinned there) or the part has more than `chain_limit` meetings."""
        part, stack = {i}, [i]
        at, allowed, slot_of = self.at, self.allowed, self.slot_of
        while stack:
            j = stack.pop()
            other = t if slot_of[j] == s else s
            if other not in allowed[j]:
                return None
            for pid in self.parties[j]:
                k = at[pid].get(other)
                if k is None or k in part:
                    continue
                if k == FIXED or len(part) >= self.chain_limit:
                    return None
                part.add(k)
                stack.append(k)
        return part

    def net_tables(self, part: set[int], s: int) -> int:
        """Shared tables the swap takes from slot s to the other slot (negative: brings)."""
        return sum(1 if self.slot_of[j] == s else -1 for j in part if self.shared[j])

    def swap_delta(
        self, part: set[int], s: int, t: int, cap: int | None
    ) -> tuple[int, list[str]] | None:
        """What swapping the part changes: (cost change, firms whose day changes); None when
        a slot would have more meetings than tables."""
        net = self.net_tables(part, s)
        if net > 0 and self.used[t] + net > self.task.tables.get(t, 0):
            return None
        if net < 0 and self.used[s] - net > self.task.tables.get(s, 0):
            return None
        moved: dict[str, list[int]] = defaultdict(list)
        for j in part:
            for pid in self.parties[j]:
                moved[pid].append(self.slot_of[j] or 0)
        delta, ends = 0, []
        for pid, here in moved.items():
            if len(here) == 2 or pid not in self.firms:  # in both slots: its day is the same
                continue
            other = t if here[0] == s else s
            ends.append(pid)
            delta += self.cost(pid, cap, add=other, drop=here[0]) - self.cost(pid, cap)
        return delta, ends

    def balancing_chain(
        self, part: set[int], s: int, t: int, rng: random.Random, tries: int = 8
    ) -> set[int] | None:
        """When the swap needs a table the target slot lacks, another part of the same two
        slots that moves a meeting the other way (applied together they keep the tables)."""
        net = self.net_tables(part, s)
        full, other = (t, s) if net > 0 else (s, t)
        here = self.in_slot[full]
        for _ in range(tries if net and here else 0):
            j = here[rng.randrange(len(here))]
            if j in part or not self.shared[j] or other not in self.allowed[j]:
                continue
            if all(other in self.at[pid] for pid in self.parties[j]):
                continue  # both busy in the other slot: a chain that starts here brings one back
            back = self.chain(j, full, other)
            if back is not None and not back & part and self.net_tables(back, full) >= abs(net):
                return back
        return None

    def swap(self, part: set[int], s: int, t: int) -> None:
        """Swap slots s and t for every meeting of the part."""
        moves = [(j, t if self.slot_of[j] == s else s) for j in part]
        for j, _ in moves:
            self.take(j)
        for j, slot in moves:
            self.put(j, slot)
