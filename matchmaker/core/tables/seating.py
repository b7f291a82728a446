"""Tables for meetings whose slots are settled: pinned meetings stay where they are, a host's
meetings take its own table, the others take the slot's free shared tables.

Without themes each meeting takes the lowest free table. With themes (`TableThemes`) each
slot is an assignment problem (the Hungarian method, `scipy.optimize.linear_sum_assignment`):
a themed table is best given to the meeting that fits its theme best; a meeting that does
not fit a themed table sits there only when no table without a theme is left (then the
fewest such); other things equal, lower table numbers first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from scipy.optimize import linear_sum_assignment

from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem

_MISFIT = 10.0  # cost of a meeting at a themed table it does not fit: above any fit's reward
_ORDER = 1e-4  # per table number: the lowest free table among equals


class NoTable(ValueError):
    """More meetings in a slot than free tables."""


def seat_meetings(
    problem: SchedulingProblem,
    chosen: Iterable[tuple[MeetingWish, int]],
    interpreters: dict[frozenset[str], str],
) -> list[Placement]:
    """Pinned meetings where they are; each chosen (wish, slot) at a table of its slot;
    NoTable when a slot has more meetings than free tables."""
    taken = {(pin.slot, pin.table) for pin in problem.pinned}
    placements = list(problem.pinned)
    shared: dict[int, list[MeetingWish]] = defaultdict(list)
    for wish, slot in sorted(chosen, key=lambda c: (c[1], c[0].a, c[0].b)):
        table = problem.seat(wish.a, wish.b, slot)  # a host's own table, if open
        if table is None:
            shared[slot].append(wish)
            continue
        taken.add((slot, table))
        placements.append(Placement(wish.a, wish.b, slot, table, interpreters.get(wish.pair)))
    for slot, wishes in sorted(shared.items()):
        free = [t for t in range(1, problem.tables + 1) if problem.table_free(slot, t, taken)]
        if len(wishes) > len(free):
            raise NoTable(f"slot {slot}: {len(wishes)} meetings, {len(free)} free tables")
        for wish, table in zip(wishes, _tables_for(problem, wishes, free), strict=True):
            taken.add((slot, table))
            placements.append(Placement(wish.a, wish.b, slot, table, interpreters.get(wish.pair)))
    return placements


def _tables_for(
    problem: SchedulingProblem, wishes: list[MeetingWish], free: list[int]
) -> list[int]:
    """A free table for each of a slot's meetings (in order)."""
    themes = problem.themes
    if themes is None or not any(t in themes.themes for t in free):
        return free[: len(wishes)]
    cost = np.zeros((len(wishes), len(free)))
    for i, wish in enumerate(wishes):
        for j, table in enumerate(free):
            cost[i, j] = table * _ORDER
            if table in themes.themes:
                fit = themes.pair_fit(wish.a, wish.b, table)
                cost[i, j] += _MISFIT if fit is None else -(1.0 + fit)
    rows, columns = linear_sum_assignment(cost)
    table_of = dict(zip(rows.tolist(), columns.tolist(), strict=True))
    return [free[table_of[i]] for i in range(len(wishes))]
