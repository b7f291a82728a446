"""Fewest breaks for a fixed set of meetings, as weighted MaxSAT (python-sat's RC2).

Once it is settled which meetings take place, what is left is to give each a slot so that
firms wait as little as possible. Optimal schedules here have few breaks (0 to a handful in
the public B2B instances), which suits core-guided MaxSAT: it proves a lower bound from
unsatisfiable cores and stops at the first schedule that reaches it. Bofill et al. (JAIR 74,
2022) found MaxSAT the best approach to this problem; a plain CP-SAT model of ours stayed far
from the optima on the long-day instances (docs/SCHEDULING.md).

Encoding: x(m, t) for meeting m in slot t among its allowed slots; exactly one slot per
meeting; at most one meeting per firm and slot; at most `tables` meetings per slot.
busy(p, t) <-> some x(m, t) of p; later(p, t) <-> p meets after t. A break of p follows slot t
when busy(p, t), not busy(p, t + 1) and later(p, t + 1); each such gap is a soft clause of
weight 1, and at most `max_breaks` per firm is hard (fairness). Implied constraint: each firm
is busy in exactly as many slots as it has meetings, which lets the solver reason about a
firm's day as a whole (it cut forum-13 from over a minute to about a second).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pysat.card import CardEnc, EncType  # type: ignore[import-untyped]
from pysat.examples.rc2 import RC2  # type: ignore[import-untyped]
from pysat.formula import WCNF, IDPool  # type: ignore[import-untyped]

ORACLES = ("cd19", "g3")  # raced when the caller does not need a reproducible answer
# Otherwise one after the other (a race's winner depends on timing): Glucose solves the long
# days in seconds, CaDiCaL the tightly booked ones Glucose does not finish.
SEQUENCE = (("g3", 0.4), ("cd19", 0.6))  # oracle and its share of the time


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting that takes place; `slots` are those it may take."""

    a: str
    b: str
    slots: tuple[int, ...]
    shared: bool = True  # takes one of the slot's shared tables (False: a host's own table)
    extra: tuple[str, ...] = ()  # further parties busy in it: its interpreter

    @property
    def parties(self) -> tuple[str, ...]:
        return (self.a, self.b, *self.extra)


@dataclass(frozen=True, slots=True)
class BreakSolution:
    """Slots per meeting (in input order) when the solver finished (then optimal) and the
    optimum; `infeasible` when no schedule keeps the cap; no slots and 0 when out of time."""

    slots: tuple[int, ...] | None
    lower_bound: int
    infeasible: bool = False


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
        encoding = EncType.seqcounter if len(literals) < 8 else EncType.totalizer
        clauses = encode(lits=literals, bound=bound, vpool=self.pool, encoding=encoding).clauses
        for clause in clauses:
            self.hard(clause)


def fewest_breaks(
    meetings: Sequence[Meeting],
    slot_numbers: Sequence[int],
    tables: dict[int, int],
    fixed_busy: set[tuple[str, int]],
    max_breaks: int | None,
    seconds: float,
    race: bool = False,
    oracle: str = "g3",
) -> BreakSolution:
    """Slots for the meetings with the fewest breaks, or None when `seconds` run out.

    `tables` gives the tables free per slot; `fixed_busy` the (firm, slot) taken by pinned
    meetings, which count for breaks but are not moved. The solver runs in a child process
    that is ended when time runs out (CaDiCaL cannot be interrupted from Python). With
    `race`, two children race, one per SAT oracle in `ORACLES` (on the B2B instances
    CaDiCaL solved a tightly booked one that Glucose did not within a minute, Glucose the long
    days several times faster) and the first answer wins; equally good answers can differ, so
    without `race` the given oracle runs alone and the answer is reproducible.
    """
    task = pickle.dumps(
        (list(meetings), list(slot_numbers), dict(tables), set(fixed_busy), max_breaks)
    )
    with tempfile.TemporaryDirectory(prefix="matchmaker-breaks-") as folder:
        oracles = ORACLES if race else (oracle,)
        answers = [Path(folder) / f"{oracle}.pickle" for oracle in oracles]
        children = [
            subprocess.Popen(  # noqa: S603 (our own module and data; no shell, no user input)
                [sys.executable, "-m", "matchmaker.core.break_maxsat", oracle, str(answer)],
                stdin=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            for oracle, answer in zip(oracles, answers, strict=True)
        ]
        try:
            for child in children:
                assert child.stdin is not None
                child.stdin.write(task)
                child.stdin.close()
            deadline = time.monotonic() + max(0.1, seconds)
            while time.monotonic() < deadline:
                for child, answer in zip(children, answers, strict=True):
                    if child.poll() == 0:
                        found: BreakSolution = pickle.loads(answer.read_bytes())  # noqa: S301
                        return found
                if all(child.poll() is not None for child in children):
                    break  # every child failed (out of memory, killed)
                time.sleep(0.02)
            return BreakSolution(None, 0)
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                child.wait()


def solve_breaks(
    meetings: Sequence[Meeting],
    slot_numbers: Sequence[int],
    tables: dict[int, int],
    fixed_busy: set[tuple[str, int]],
    max_breaks: int | None,
    oracle: str = "cd19",
) -> BreakSolution:
    """`fewest_breaks` in this process, without a time limit."""
    enc = _Encoder()
    x: dict[tuple[int, int], int] = {}
    by_firm_slot: dict[tuple[str, int], list[int]] = defaultdict(list)
    by_slot: dict[int, list[int]] = defaultdict(list)
    count: dict[str, int] = defaultdict(int)
    extra_slot: dict[tuple[str, int], list[int]] = defaultdict(list)  # interpreters' slots
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
    gaps_total: list[int] = []
    for pid in sorted(count):
        gaps = _firm_day(enc, pid, slot_numbers, by_firm_slot, fixed_busy, count[pid])
        gaps_total.extend(gaps)
        if max_breaks is not None and len(gaps) > max_breaks:
            enc.cardinality(gaps, max_breaks, "<=")
    for gap in gaps_total:
        enc.formula.append([-gap], weight=1)
    return _solve(enc.formula, meetings, x, oracle)


def _firm_day(
    enc: _Encoder,
    pid: str,
    slot_numbers: Sequence[int],
    by_firm_slot: dict[tuple[str, int], list[int]],
    fixed_busy: set[tuple[str, int]],
    meetings: int,
) -> list[int]:
    """busy and later variables of one firm; returns its gap variables."""
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
    later: list[int | None] = [None] * len(busy)  # later[i]: busy in some slot after i
    after: int | None = None
    for i in range(len(busy) - 1, -1, -1):
        later[i] = after
        here = busy[i]
        if here is None:
            continue
        if after is None:
            after = here
        else:
            either = enc.var("l", pid, i)
            enc.hard([-either, here, after])
            enc.hard([either, -here])
            enc.hard([either, -after])
            after = either
    gaps: list[int] = []
    for i in range(len(busy) - 1):
        now, following, upcoming = busy[i], later[i], busy[i + 1]
        if now is None or following is None:
            continue
        gap = enc.var("g", pid, i)
        if upcoming is None:  # nobody can meet in the next slot: a meeting later is a gap
            enc.hard([-now, -following, gap])
        else:
            rest = later[i + 1]
            if rest is None:
                continue
            enc.hard([-now, upcoming, -rest, gap])
        gaps.append(gap)
    return gaps


def _solve(
    formula: WCNF, meetings: Sequence[Meeting], x: dict[tuple[int, int], int], oracle: str
) -> BreakSolution:
    solver = RC2(formula, solver=oracle, adapt=True, exhaust=True, minz=True)
    model = solver.compute()
    bound = int(solver.cost)
    solver.delete()
    if model is None:
        return BreakSolution(None, bound, infeasible=True)
    true = {v for v in model if v > 0}
    slots = tuple(next(t for t in m.slots if x[(i, t)] in true) for i, m in enumerate(meetings))
    return BreakSolution(slots, bound)


if __name__ == "__main__":  # a child process of `fewest_breaks`: ORACLE ANSWER-FILE
    # Through the module's import name, so that the answer unpickles in the parent.
    from matchmaker.core import break_maxsat

    meetings, numbers, free, busy, cap = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    answer = break_maxsat.solve_breaks(meetings, numbers, free, busy, cap, oracle=sys.argv[1])
    Path(sys.argv[2]).write_bytes(pickle.dumps(answer))
