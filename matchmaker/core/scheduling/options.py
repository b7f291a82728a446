"""How long and how the scheduler searches, and how fair its result must be (`ScheduleOptions`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class ScheduleOptions:
    """How long and how the solver searches, and how fair the result must be.

    `time_limit` (seconds, wall clock) bounds the whole solve. `workers` is CP-SAT's
    portfolio of search strategies when the result need not be reproducible (they share
    the machine's cores). The CP-SAT stages also stop
    after `work_limit` of the solver's deterministic time units (about a second each on this
    machine): a run ended by that limit is reproducible with the same seed; MaxSAT is
    deterministic by itself. `max_breaks_per_firm` is the fairness rule (the B2B literature's
    d = 2: nobody waits in more than two gaps; lifted when no schedule can keep it).
    `reproducible` (default) keeps to deterministic search: CP-SAT with one worker, MaxSAT
    with one oracle; without it CP-SAT runs `workers` strategies and two MaxSAT oracles race,
    which can be faster but may give another, equally good schedule.
    `all_placed_share` is the part of the time given to trying to place every wish at once
    before maximising what is placed; `exact_share` the part of the remaining time given to
    the exact break minimisation before the annealing (`gap_anneal`) takes over.
    `spread` spreads the meetings over the day: the fewest breaks are first sought with
    each slot holding at most an even share of the meetings plus that part of it (None: as
    many as the slot has tables); lifted when no schedule keeps it. Off by default: it is
    a lower objective than breaks, but the exact stage solved under it reports its optimum
    under the limits (the staff's drafts use it: `services.drafts.draft_options`).
    `mode`: "exact" solves placement and breaks on CP-SAT and MaxSAT; "fast" (for large
    fairs) builds by `repeated_sweep` (`sweep_rounds`, at most `sweep_share` of the time),
    repairs by `place_more` (`search_share` of what is left) and shortens the waiting by
    annealing; "auto" takes "exact" up to `exact_size` possible (wish, slot) choices (above
    it neither exact stage finished in a minute on planted fairs: docs/SCHEDULING.md). Both
    start from the sweep, and a sweep that places every wish settles placement at once;
    when it does not, the annealing's placing moves get `moves_share` of the time first.
    """

    time_limit: float = 60.0
    work_limit: float | None = None
    seed: int = 0
    workers: int = 8
    max_breaks_per_firm: int | None = 2
    spread: float | None = None
    exact_share: float = 0.7
    all_placed_share: float = 0.25
    reproducible: bool = True
    mode: Literal["auto", "exact", "fast"] = "auto"
    exact_size: int = 8_000
    sweep_rounds: int = 12
    sweep_share: float = 0.1
    moves_share: float = 0.2
    search_share: float = 0.6

    def stage_work_limit(self) -> float:
        return self.work_limit if self.work_limit is not None else self.time_limit / 2
