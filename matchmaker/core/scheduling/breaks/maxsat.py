"""Fewest breaks for a fixed set of meetings, as weighted MaxSAT (python-sat's RC2).

Once it is settled which meetings take place, what is left is to give each a slot so that
firms wait as little as possible. Optimal schedules here have few breaks (0 to a handful in
the public B2B instances), which suits core-guided MaxSAT: it proves a lower bound from
unsatisfiable cores and stops at the first schedule that reaches it. Bofill et al. (JAIR 74,
2022) found MaxSAT the best approach to this problem; a plain CP-SAT model of ours stayed far
from the optima on the long-day instances (docs/SCHEDULING.md).

Encoding (the paper's MaxSAT viewpoint): x(m, t) for meeting m in slot t among its allowed
slots only; exactly one slot per meeting; at most one meeting per firm and slot; at most
`tables` meetings per slot. busy(p, t) <-> some x(m, t) of p. started(p, t) is a monotone
chain (busy implies started; started in t - 1 implies started in t), and a break-end
variable of p and t is forced by started(p, t - 1), not busy(p, t) and busy(p, t + 1): each
is a soft clause of weight 1, so every break costs one, where it ends. At most
`max_breaks` break ends per firm is hard when asked (fairness). Implied constraints, which
let the solver reason about a firm's day and a slot as a whole: each firm is busy in exactly
as many slots as it has meetings; and (in the `Variant` that has it) a slot has at most
twice its tables busy firms. Which of two variants is faster differs from instance to
instance by a factor of ten and more; `breaks.race` runs both.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pysat.card import CardEnc, EncType  # type: ignore[import-untyped]
from pysat.examples.rc2 import RC2  # type: ignore[import-untyped]
from pysat.formula import WCNF, IDPool  # type: ignore[import-untyped]

from matchmaker.core.scheduling.types import Meeting

PAIRWISE_UP_TO = 16  # "at most one" over this many literals or fewer: pairwise clauses
PROGRESS_SECONDS = 0.2  # how often a search reports its conflicts and bound


@dataclass(frozen=True, slots=True)
class Variant:
    """One way to encode and solve: the SAT oracle inside RC2, and whether the slot bound
    (at most twice the tables busy firms per slot) is part of the formula. With it, forum-14
    took 9 s and forum-13crafc over a minute; without it 39 s and 2 s (Glucose, 2 cores)."""

    oracle: str = "g3"
    slot_bound: bool = True


VARIANTS = (Variant("g3", slot_bound=True), Variant("g3", slot_bound=False))


@dataclass(frozen=True, slots=True)
class BreakSolution:
    """Slots per meeting (in input order) when the solver finished (then optimal) and the
    optimum; `infeasible` when no schedule keeps the cap; no slots and 0 when out of time."""

    slots: tuple[int, ...] | None
    lower_bound: int
    infeasible: bool = False
    conflicts: int = 0  # the SAT oracle's work to the answer (`breaks.race` ranks by it)


class _Encoder:
    def __init__(self) -> None:
        self.pool = IDPool()
        self.formula = WCNF()

    def var(self, *key: object) -> int:
        return int(self.pool.id(key))

    def hard(self, clause: Iterable[int]) -> None:
        self.formula.append(list(clause))

    def cardinality(self, literals: list[int], bound: int, kind: str) -> None:
        encode = {"<=": CardEnc.atmost, "==": CardEnc.equals}[kind]
        # "At most / exactly one" pairwise (it made the hardest B2B instance twice as fast as
        # a sequential counter); other bounds by a sequential counter, or a totalizer when long.
        if bound == 1 and len(literals) <= PAIRWISE_UP_TO:
            encoding = EncType.pairwise
        else:
            encoding = EncType.seqcounter if len(literals) < 8 else EncType.totalizer
        clauses = encode(lits=literals, bound=bound, vpool=self.pool, encoding=encoding).clauses
        for clause in clauses:
            self.hard(clause)


def solve_breaks(
    meetings: Sequence[Meeting],
    slot_numbers: Sequence[int],
    tables: dict[int, int],
    fixed_busy: set[tuple[str, int]],
    max_breaks: int | None,
    variant: Variant = VARIANTS[0],
    progress: Callable[[int, int], None] | None = None,
) -> BreakSolution:
    """Slots for the meetings with the fewest breaks (at most `max_breaks` per firm), in
    this process and without a time limit. `tables` gives the tables free per slot;
    `fixed_busy` the (firm, slot) taken by pinned meetings, which count for breaks but are
    not moved. `progress(conflicts, lower_bound)` is called from another thread every
    `PROGRESS_SECONDS` while the search runs. Deterministic for a given variant."""
    formula, x = encode_breaks(meetings, slot_numbers, tables, fixed_busy, max_breaks,
                               variant.slot_bound)  # fmt: skip
    return _solve(formula, meetings, x, variant.oracle, progress)


def encode_breaks(
    meetings: Sequence[Meeting],
    slot_numbers: Sequence[int],
    tables: dict[int, int],
    fixed_busy: set[tuple[str, int]],
    max_breaks: int | None,
    slot_bound: bool = True,
) -> tuple[WCNF, dict[tuple[int, int], int]]:
    """The weighted formula, and x(meeting index, slot) -> its variable."""
    enc = _Encoder()
    x: dict[tuple[int, int], int] = {}
    by_firm_slot: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_slot: dict[int, list[int]] = defaultdict(list)
    count: dict[str, int] = defaultdict(int)
    extra_slot: dict[tuple[str, int], list[int]] = defaultdict(list)  # interpreters' slots
    own_table: set[int] = set()  # slots where a meeting may take a host's own table
    for i, m in enumerate(meetings):
        choices = []
        for t in m.slots:
            v = enc.var("x", i, t)
            x[(i, t)] = v
            choices.append(v)
            by_firm_slot[(m.a, t)].append(v)
            by_firm_slot[(m.b, t)].append(v)
            if m.shared:
                by_slot[t].append(v)
            else:
                own_table.add(t)
            for pid in m.extra:
                extra_slot[(pid, t)].append(v)
        enc.cardinality(choices, 1, "==")
        count[m.a] += 1
        count[m.b] += 1
    for pid, _ in fixed_busy:
        count[pid] += 1
    for group in extra_slot.values():
        if len(group) > 1:
            enc.cardinality(group, 1, "<=")
    for t, group in by_slot.items():
        if len(group) > tables.get(t, 0):
            enc.cardinality(group, tables.get(t, 0), "<=")
    busy_in: dict[int, list[int]] = defaultdict(list)
    gaps_total: list[int] = []
    for pid in sorted(count):
        busy = _busy(enc, pid, slot_numbers, by_firm_slot, fixed_busy, count[pid])
        for t, b in zip(slot_numbers, busy, strict=True):
            if b is not None:
                busy_in[t].append(b)
        gaps = _break_ends(enc, pid, busy)
        gaps_total.extend(gaps)
        if max_breaks is not None and len(gaps) > max_breaks:
            enc.cardinality(gaps, max_breaks, "<=")
    # Implied: every meeting keeps two firms busy, so a slot has at most twice its tables
    # (plus the pinned) busy firms; slots where a host's own table may be used are exempt.
    for t, group in busy_in.items():
        bound = 2 * tables.get(t, 0) + sum(1 for _, slot in fixed_busy if slot == t)
        if slot_bound and t not in own_table and len(group) > bound:
            enc.cardinality(group, bound, "<=")
    for gap in gaps_total:
        enc.formula.append([-gap], weight=1)
    return enc.formula, x


def _busy(
    enc: _Encoder,
    pid: str,
    slot_numbers: Sequence[int],
    by_firm_slot: dict[tuple[str, int], list[int]],
    fixed_busy: set[tuple[str, int]],
    meetings: int,
) -> list[int | None]:
    """busy(pid, t) per slot, equal to "one of its meetings is in t" (None: it cannot be)."""
    busy: list[int | None] = []
    for t in slot_numbers:
        group = by_firm_slot.get((pid, t), [])
        if (pid, t) in fixed_busy:
            b = enc.var("b", pid, t)
            enc.hard([b])
            busy.append(b)
            continue
        if not group:
            busy.append(None)
            continue
        if len(group) > 1:
            enc.cardinality(group, 1, "<=")
        b = enc.var("b", pid, t)
        enc.hard([-b, *group])
        for v in group:
            enc.hard([-v, b])
        busy.append(b)
    live = [b for b in busy if b is not None]
    enc.cardinality(live, meetings, "==")  # implied: busy in exactly as many slots
    return busy


def _break_ends(enc: _Encoder, pid: str, busy: Sequence[int | None]) -> list[int]:
    """The firm's break-end variables: one per slot t that can be the last idle slot of a
    break, forced true when the firm has started its day before t, is idle in t and busy in
    t + 1. "Started" is a monotone chain (busy implies started, started stays started), so
    each break is counted once, where it ends."""
    started: list[int] = []
    for i, here in enumerate(busy):
        s = enc.var("s", pid, i)
        if here is not None:
            enc.hard([-here, s])
        if started:
            enc.hard([-started[-1], s])
        started.append(s)
    ends: list[int] = []
    for i in range(1, len(busy) - 1):
        upcoming = busy[i + 1]
        if upcoming is None:  # the break goes on: it ends at a later slot
            continue
        end = enc.var("g", pid, i)
        here = busy[i]
        enc.hard([-started[i - 1], -upcoming, end, *([here] if here is not None else [])])
        ends.append(end)
    return ends


class _WatchedRC2(RC2):  # type: ignore[misc]
    """RC2 whose SAT calls let go of the interpreter while they run, so that a thread can
    read the oracle's conflicts meanwhile (the search itself is unchanged: the same
    conflicts as plain RC2 to the same answer)."""

    def __init__(self, formula: WCNF, oracle: str) -> None:
        super().__init__(formula, solver=oracle, adapt=True, exhaust=True, minz=True)

    def conflicts(self) -> int:
        return int(self.oracle.accum_stats().get("conflicts", 0))

    def _call_oracle(  # None: out of a conflict budget (core minimisation sets one)
        self,
        assumptions: list[int] = [],  # noqa: B006 (RC2's signature)
        expect_interrupt: bool = False,
    ) -> bool | None:
        answer: bool | None = super()._call_oracle(assumptions, expect_interrupt=True)
        return answer


def _solve(
    formula: WCNF,
    meetings: Sequence[Meeting],
    x: dict[tuple[int, int], int],
    oracle: str,
    progress: Callable[[int, int], None] | None,
) -> BreakSolution:
    solver = _WatchedRC2(formula, oracle)
    done = threading.Event()

    def watch() -> None:  # reports every PROGRESS_SECONDS until the search ends
        while not done.wait(PROGRESS_SECONDS):
            if progress is not None:
                progress(solver.conflicts(), int(solver.cost))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        model = solver.compute()
    finally:
        done.set()
        watcher.join()
    bound, conflicts = int(solver.cost), solver.conflicts()
    solver.delete()
    if model is None:
        return BreakSolution(None, bound, infeasible=True, conflicts=conflicts)
    true = {v for v in model if v > 0}
    slots = tuple(next(t for t in m.slots if x[(i, t)] in true) for i, m in enumerate(meetings))
    return BreakSolution(slots, bound, conflicts=conflicts)
