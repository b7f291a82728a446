"""A full day from recommendations on the demo fair (`matchmaker demo`): staff ask for k
meetings per firm; what the day looks like with the old greedy way (each firm's best k
mutual matches as wishes, the scheduler without spreading, every meeting at the lowest free
table) and with the new one (`services.full_day`: a b-matching over the recommendations,
the day spread over the slots, meetings at tables whose theme fits).

Figures per k: meetings placed, firms with no meeting, meetings per firm (min / median /
max), meetings per slot, breaks, and of the meetings at a themed table the share whose
theme fits: both firms list the theme among their sectors (the demo's themes are sector
names), and at least one does. Every schedule is checked by the verifier.

    python -m benchmarks.bench_full_day [--per-firm 5 10 20] [--seconds 30]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core.scheduling.checks import schedule_violations
from matchmaker.core.scheduling.scheduler import ScheduleOptions, firm_breaks, schedule
from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem
from matchmaker.models import Event, Recommendation

print = functools.partial(print, flush=True)  # progress shows when redirected


@dataclass(frozen=True, slots=True)
class DayFigures:
    placed: int
    wishes: int
    without: int
    per_firm: tuple[int, float, int]
    per_slot: tuple[int, ...]
    breaks: int
    themed: int
    fit_both: float
    fit_one: float
    seconds: float


def greedy_wishes(
    session: Session, event: Event, best: int, problem: SchedulingProblem
) -> list[MeetingWish]:
    """The old way: each firm's `best` mutual matches as one-sided wishes."""
    present = {p.id for p in problem.profiles}
    seen = {w.pair for w in problem.wishes}
    wishes = []
    for rec in session.scalars(
        select(Recommendation)
        .where(
            Recommendation.event_id == event.id,
            Recommendation.mutual.is_(True),
            Recommendation.rank <= best,
        )
        .order_by(Recommendation.participant_id, Recommendation.rank)
    ):
        a, b = str(rec.participant_id), str(rec.partner_id)
        if frozenset((a, b)) not in seen and {a, b} <= present:
            seen.add(frozenset((a, b)))
            wishes.append(MeetingWish(a, b))
    return wishes


def figures(
    problem: SchedulingProblem,
    placements: Sequence[Placement],
    themes: dict[int, str],
    seconds: float,
) -> DayFigures:
    """The day's figures; fails when the verifier finds a broken rule."""
    broken = schedule_violations(problem, placements)
    if broken:
        raise AssertionError(f"{len(broken)} broken rules, e.g. {broken[0]}")
    count: Counter[str] = Counter(pid for m in placements for pid in (m.a, m.b))
    per_firm = [count[p.id] for p in problem.profiles]
    slots = Counter(m.slot for m in placements)
    sectors = {p.id: {s.casefold() for s in p.sectors} for p in problem.profiles}
    themed = [(m, themes[m.table].casefold()) for m in placements if m.table in themes]
    both = sum(1 for m, t in themed if t in sectors[m.a] and t in sectors[m.b])
    one = sum(1 for m, t in themed if t in sectors[m.a] | sectors[m.b])
    return DayFigures(
        placed=len(placements),
        wishes=len(problem.wishes),
        without=per_firm.count(0),
        per_firm=(min(per_firm), statistics.median(per_firm), max(per_firm)),
        per_slot=tuple(slots[s.number] for s in problem.slots),
        breaks=sum(firm_breaks(placements).values()),
        themed=len(themed),
        fit_both=both / len(themed) if themed else 1.0,
        fit_one=one / len(themed) if themed else 1.0,
        seconds=seconds,
    )


def run_day(
    build: Callable[[], SchedulingProblem], options: ScheduleOptions, themes: dict[int, str]
) -> DayFigures:
    started = time.perf_counter()
    problem = build()
    result = schedule(problem, options)
    return figures(problem, result.placements, themes, time.perf_counter() - started)


def show(k: int, name: str, f: DayFigures) -> None:
    low, median, high = f.per_firm
    print(
        f"k={k:<3} {name:<6} {f.placed:>4}/{f.wishes:<4} {f.without:>5} "
        f"{low:>3} {median:>5.1f} {high:>3} {f.breaks:>6} {f.themed:>6} "
        f"{f.fit_both:>6.0%} {f.fit_one:>6.0%} {f.seconds:>6.1f}  "
        f"{' '.join(str(n) for n in f.per_slot)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-firm", type=int, nargs="+", default=[5, 10, 20])
    parser.add_argument("--seconds", type=float, default=30.0, help="scheduler time limit")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.services.demo import load_demo
    from matchmaker.services.drafts import draft_options, plan_draft
    from matchmaker.services.recommendations import compute_recommendations
    from matchmaker.services.schedules import event_problem

    folder = Path(tempfile.mkdtemp(prefix="bench-full-day-"))
    app = create_app(
        {
            "MATCHMAKER_ENV": "testing",
            "SECRET_KEY": "full-day-benchmark",
            "INSTANCE_PATH": str(folder / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite'}",
        }
    )
    with app.app_context():
        upgrade()
        session = db.session()
        event = load_demo(session).event
        run = compute_recommendations(session, event)  # as `matchmaker demo` does
        session.commit()
        print(
            f"demo fair: {run.firms} firms, {run.recommendations} recommendations "
            f"({run.scorer}), {len(event.tables)} tables, time limit {args.seconds:.0f} s"
        )
        themes = {k: t.theme for k, t in enumerate(event.tables, start=1) if t.theme}
        print(
            "k     way    placed/wishes  zero min   med max breaks themed  fit-2  fit-1"
            "      s  meetings per slot"
        )
        for k in args.per_firm:

            def old(k: int = k) -> SchedulingProblem:
                problem = event_problem(session, event).problem
                more = greedy_wishes(session, event, k, problem)
                return replace(problem, wishes=(*problem.wishes, *more))

            def new(k: int = k) -> SchedulingProblem:
                return plan_draft(session, event, recommended=k).built.problem

            before = ScheduleOptions(time_limit=args.seconds)  # not spread
            show(k, "greedy", run_day(old, before, themes))
            show(k, "new", run_day(new, draft_options(args.seconds), themes))


if __name__ == "__main__":
    main()
