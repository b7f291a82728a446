"""Closing the gaps in firms' days by simulated annealing over Kempe chain moves, and placing
what is left out on the way.

Where firms stay longer than their meetings last, the construction (`sweep`) leaves some
waiting between meetings, and exact models do not run at 2,000 firms. This search moves one
meeting of a firm with a gap into the gap (most often its first or last one, which shortens
its day) and swaps whatever stood in the way between the two slots along a Kempe chain
(`kempe`); when the target slot lacks a table it takes a second chain that brings one back.
A move is taken when it lowers the waiting of the firms whose day changes (idle slots plus
breaks, see `KempeDay.cost`) or, with falling probability, when it raises it (annealing:
it gets out of days that no single move improves). Every so often each meeting left out is
tried again: in a slot with a free table, after moving each party's meeting there away
along a chain. Placed meetings are never given up, so the share placed only grows.

Deterministic for a seed as long as the move budget, not the wall clock, ends the search.
Measured on planted fairs with slack (docs/BENCHMARKS.md): at 2,426 firms the sweep's 0.09
idle slots per firm and 22 wishes left out become 0.04 and none in 45 s.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence

from matchmaker.core.scheduling.kempe import FIXED, KempeDay
from matchmaker.core.scheduling.placement import PlacementTask

MOVES_PER_MEETING = 5000  # move budget: about 70 s for 1,200 meetings on this machine
_HOT, _COLD = 0.3, 0.05  # temperatures: a move worse by 1 is taken 4 in 10 times, then 0
_TARGETED = 0.9  # share of moves aimed at a gap (the rest: a random meeting, a random slot)
_AT_ENDS = 0.75  # share of aimed moves that move the first or last meeting of the day
_RETRY_EVERY = 2048  # moves between tries of the meetings left out
_RETRIES = 32  # meetings left out tried each time


def close_gaps(
    task: PlacementTask,
    start: Sequence[int | None],
    seconds: float,
    cap: int | None = None,
    seed: int = 0,
    moves: int | None = None,
    until_placed: bool = False,
) -> list[int | None]:
    """A schedule placing at least what `start` places, with the least waiting found in
    `seconds` or `moves` tries (default `MOVES_PER_MEETING` per meeting); with
    `until_placed`, the first one that places every meeting."""
    rng = random.Random(seed)  # noqa: S311 (a search, not secrets)
    search = _Annealing(KempeDay(task, start), cap, rng)
    budget = moves if moves is not None else MOVES_PER_MEETING * max(1, len(task.meetings))
    began, deadline = time.monotonic(), time.monotonic() + seconds
    temperature, waiting = _HOT, sorted(search.waiting)
    for n in range(budget):
        if n % _RETRY_EVERY == 0 and search.left_out:
            search.place_left_out()
            if until_placed and not search.left_out:
                break
        if n % 256 == 0:
            now = time.monotonic()
            if now >= deadline or (search.best_total == 0 and not search.left_out):
                break  # out of time, or nobody waits and everything is placed
            done = max(n / budget, (now - began) / max(seconds, 1e-9))
            temperature = _HOT * (_COLD / _HOT) ** done
            waiting = sorted(search.waiting)
        search.step(waiting, temperature)
    return search.best


class _Annealing:
    """The search's state: the day, its cost, the best day seen, the firms that wait."""

    def __init__(self, day: KempeDay, cap: int | None, rng: random.Random):
        self.day, self.cap, self.rng = day, cap, rng
        self.left_out = [i for i, s in enumerate(day.slot_of) if s is None]
        self.ejected_by: dict[int, int] = {}
        self.best_key = (-1, 0)
        self._recount()

    def _recount(self) -> None:
        """Cost and waiting firms from scratch; the day becomes the best one if it places
        more weight, or as much with less waiting."""
        costs = {pid: self.day.cost(pid, self.cap) for pid in self.day.firms}
        self.total = sum(costs.values())
        self.waiting = {pid for pid, c in costs.items() if c}
        weights = self.day.task.weights
        placed = sum(weights[i] for i, s in enumerate(self.day.slot_of) if s is not None)
        if (placed, -self.total) > self.best_key:
            self.best, self.best_key = list(self.day.slot_of), (placed, -self.total)
            self.best_total = self.total

    def place_left_out(self) -> None:
        """Try up to `_RETRIES` meetings left out (the list rotates): each placed if it fits
        after moving what stands in the way, else in place of one meeting that weighs no
        more, which is left out instead and tried next (an ejection chain: the gap in the
        day wanders until a meeting fits it)."""
        changed = False
        for _ in range(min(_RETRIES, len(self.left_out))):
            i = self.left_out.pop(0)
            if _insert(self.day, i, self.rng):
                changed = True
            elif (j := _eject(self.day, i, self.ejected_by.get(i), self.rng)) is not None:
                self.ejected_by[j] = i
                self.left_out.append(j)
                changed = True
            else:
                self.left_out.append(i)
        if changed:
            self._recount()

    def step(self, waiting: Sequence[str], temperature: float) -> None:
        """One move tried, and taken if the annealing rule says so."""
        day, rng = self.day, self.rng
        move = _pick_move(day, waiting, rng)
        if move is None:
            return
        i, s, t = move
        part = day.chain(i, s, t)
        if part is None:
            return
        effect = day.swap_delta(part, s, t, self.cap)
        if effect is None and (back := day.balancing_chain(part, s, t, rng)) is not None:
            part |= back
            effect = day.swap_delta(part, s, t, self.cap)
        if effect is None:
            return
        delta, ends = effect
        if delta <= 0 or rng.random() < math.exp(-delta / temperature):
            day.swap(part, s, t)
            self.total += delta
            for pid in ends:
                if day.cost(pid, self.cap):
                    self.waiting.add(pid)
                else:
                    self.waiting.discard(pid)
            if self.total < self.best_total:  # as much placed as the best (it never falls)
                self.best, self.best_total = list(day.slot_of), self.total
                self.best_key = (self.best_key[0], -self.total)


def _pick_move(
    day: KempeDay, waiting: Sequence[str], rng: random.Random
) -> tuple[int, int, int] | None:
    """(meeting, its slot, slot to move it to): mostly one of a waiting firm's meetings
    into one of its gaps, else a random meeting to a random slot of its own."""
    slots = day.task.slots
    if waiting and rng.random() < _TARGETED:
        pid = waiting[rng.randrange(len(waiting))]
        day_of = day.meetings_of(pid)
        taken = sorted(day.position[s] for s in day_of)
        free = [slots[k] for k in range(taken[0], taken[-1] + 1) if slots[k] not in day_of]
        if not free:
            return None
        t = free[rng.randrange(len(free))]
        own = [s for s, i in day_of.items() if i != FIXED and t in day.allowed[i]]
        if not own:
            return None
        ends = [s for s in own if day.position[s] in (taken[0], taken[-1])]
        pick = ends if ends and rng.random() < _AT_ENDS else own
        here = pick[rng.randrange(len(pick))]
        return day_of[here], here, t
    placed = day.in_slot[slots[rng.randrange(len(slots))]]
    if not placed:
        return None
    i = placed[rng.randrange(len(placed))]
    options = day.task.meetings[i].slots
    now, t = day.slot_of[i], options[rng.randrange(len(options))]
    return (i, now, t) if now is not None and now != t else None


def _insert(day: KempeDay, i: int, rng: random.Random) -> bool:
    """Place meeting i in a slot with a free table, first moving each party's meeting
    there away along a Kempe chain; the day unchanged when it does not fit."""
    task, m = day.task, day.task.meetings[i]
    if not all(_has_room(day, pid) for pid in m.parties):
        return False
    slots = list(m.slots)
    rng.shuffle(slots)
    for s in slots:
        in_the_way = [day.at[pid].get(s) for pid in m.parties]
        frees_a_table = any(j is not None and j != FIXED and day.shared[j] for j in in_the_way)
        if m.shared and day.used[s] >= task.tables.get(s, 0) and not frees_a_table:
            continue  # full, and moving what stands in the way frees no table
        done = _clear(day, m.parties, s, rng)
        if (
            done is not None
            and all(s not in day.at[pid] for pid in m.parties)
            and (not m.shared or day.used[s] < task.tables.get(s, 0))
        ):
            day.put(i, s)
            return True
        for part, a, b in reversed(done or []):
            day.swap(part, a, b)
    return False


def _eject(day: KempeDay, i: int, spare: int | None, rng: random.Random) -> int | None:
    """Meeting i placed where only one meeting, no heavier and not `spare` (the one that
    left i out), stands in its way; that meeting taken out and returned. None: nowhere."""
    task, m = day.task, day.task.meetings[i]
    slots = list(m.slots)
    rng.shuffle(slots)
    for s in slots:
        blocking = {j for pid in m.parties if (j := day.at[pid].get(s)) is not None}
        if len(blocking) != 1:
            continue
        j = blocking.pop()
        if j in (FIXED, spare) or task.weights[j] > task.weights[i]:
            continue
        day.take(j)
        if all(_has_room(day, pid) for pid in m.parties) and (
            not m.shared or day.used[s] < task.tables.get(s, 0)
        ):
            day.put(i, s)
            return j
        day.put(j, s)
    return None


def _has_room(day: KempeDay, pid: str) -> bool:
    """Whether the party may take one more meeting (`PlacementTask.room`)."""
    room = day.task.room
    return pid not in room or sum(1 for j in day.at[pid].values() if j != FIXED) < room[pid]


def _clear(
    day: KempeDay, parties: Sequence[str], s: int, rng: random.Random
) -> list[tuple[set[int], int, int]] | None:
    """Chains that free each of the parties in slot s (applied; the caller undoes them when
    the meeting still does not fit). None, with nothing applied, when one cannot be freed."""
    done: list[tuple[set[int], int, int]] = []
    for k, pid in enumerate(parties):
        j = day.at[pid].get(s)
        if j is None:
            continue
        free = [t for t in day.allowed[j] if t != s and t not in day.at[pid]]
        targets = sorted(free) if j != FIXED else []
        rng.shuffle(targets)
        for t in targets:
            part = day.chain(j, s, t)
            if part is None or day.swap_delta(part, s, t, None) is None:
                continue
            day.swap(part, s, t)
            if all(s not in day.at[q] for q in parties[: k + 1]):
                done.append((part, s, t))
                break
            day.swap(part, s, t)
        else:
            for part, a, b in reversed(done):
                day.swap(part, a, b)
            return None
    return done
