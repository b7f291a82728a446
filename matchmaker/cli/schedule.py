"""`matchmaker schedule` and `matchmaker repair`: timetables from files, without a database.

Both describe the fair the same way (slot grid, tables, interpreters, fixed seats), so they
share those options; each parses its own, calls one batch job and reports on standard error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from matchmaker.cli.common import breaks_option, input_errors_exit_2, output_option, time_option

if TYPE_CHECKING:
    from matchmaker.core.types import SlotGrid

_FAIR_OPTIONS = (
    click.option(
        "--requests",
        "requests_path",
        type=click.Path(path_type=Path),
        help="Requests file (schedule: without it the best mutual matches are scheduled).",
    ),
    click.option("--start", required=True, help="Start of the first slot, HH:MM."),
    click.option("--slot-minutes", type=click.IntRange(min=1), required=True),
    click.option("--slots", type=click.IntRange(min=1), required=True, help="Number of slots."),
    click.option("--tables", type=click.IntRange(min=1), required=True, help="Number of tables."),
    click.option("--breaks", default="", help="Breaks as HH:MM-HH:MM, comma-separated."),
    click.option(
        "--days",
        type=click.IntRange(1, 3),
        default=1,
        show_default=True,
        help="Days of meetings: the same slots each day, numbered on (a firm's days: the "
        "profiles file's days column).",
    ),
    click.option(
        "--interpreters",
        "interpreters_path",
        type=click.Path(path_type=Path),
        help="Interpreters file: meetings of firms without a common language get one of them.",
    ),
    click.option(
        "--fixed-seats",
        metavar="GROUP",
        help="Each firm of this group keeps one table all day (tables 1, 2, ...); the others "
        "come to them.",
    ),
    click.option("--seed", type=int, default=0, show_default=True),
    click.option(
        "--unplaced",
        "unplaced_path",
        type=click.Path(path_type=Path),
        help="File for the wishes left unplaced and why (otherwise they go to standard error).",
    ),
    output_option("Schedule file"),
)


@dataclass(frozen=True, slots=True)
class _Fair:
    """The options both commands take: how the fair is laid out, and where results go."""

    requests_path: Path | None
    start: str
    slot_minutes: int
    slots: int
    tables: int
    breaks: str
    days: int
    interpreters_path: Path | None
    fixed_seats: str | None
    seed: int
    unplaced_path: Path | None
    output: Path

    def grid(self) -> SlotGrid:
        from matchmaker.core.scheduling.slots import build_slots
        from matchmaker.core.types import SlotGrid

        grid = SlotGrid(time_option(self.start), self.slot_minutes, self.slots,
                        breaks_option(self.breaks), self.days)  # fmt: skip
        try:
            build_slots(grid)
        except ValueError as exc:
            raise click.UsageError(f"the slot grid cannot be used: {exc}") from None
        return grid


def _fair_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared options; the command receives them together as `fair`."""

    @functools.wraps(command)
    def with_fair(**values: Any) -> Any:
        fair = _Fair(**{name: values.pop(name) for name in _Fair.__dataclass_fields__})
        return command(fair=fair, **values)

    for option in reversed(_FAIR_OPTIONS):
        with_fair = option(with_fair)
    return with_fair


def _report_unplaced(unplaced_path: Path | None, rows: list[tuple[str, str, int, str]]) -> None:
    if unplaced_path is None:
        for a, b, _, reason in rows:
            click.echo(f"unplaced: {a}-{b}: {reason}", err=True)


@click.command("schedule")
@click.argument("profiles", type=click.Path(path_type=Path))
@_fair_options
@click.option(
    "--per-participant",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Without --requests: matches per firm to look for mutual partners in.",
)
@click.option("--cross-group", is_flag=True, help="Without --requests: only across groups.")
@click.option(
    "--time-limit", type=click.FloatRange(min=1), default=60, show_default=True, help="Seconds."
)
def schedule_command(
    fair: _Fair,
    profiles: Path,
    per_participant: int,
    cross_group: bool,
    time_limit: float,
) -> None:
    """Place meetings into slots and tables: every one that can be placed, fewest breaks."""
    from matchmaker.cli.batch import SeatingError, schedule_file
    from matchmaker.core.scheduling.scheduler import ScheduleOptions

    grid = fair.grid()
    with input_errors_exit_2():
        try:
            job = schedule_file(
                profiles,
                fair.output,
                grid=grid,
                tables=fair.tables,
                requests_path=fair.requests_path,
                per_participant=per_participant,
                cross_group=cross_group,
                unplaced_path=fair.unplaced_path,
                options=ScheduleOptions(time_limit=time_limit, seed=fair.seed),
                fixed_seats=fair.fixed_seats,
                interpreters_path=fair.interpreters_path,
            )
        except SeatingError as exc:
            raise click.UsageError(str(exc)) from None
    r, stats = job.result, job.stats
    _report_unplaced(fair.unplaced_path, job.unplaced_rows)
    fewest, most = stats.meetings_spread
    share = 100 * len(r.placements) / job.wishes if job.wishes else 100.0
    click.echo(
        f"Placed {len(r.placements)} of {job.wishes} wishes ({share:.1f} %) in {fair.output} "
        f"(no schedule places more than {stats.placed_bound}); {r.breaks} breaks (lower bound "
        f"{r.breaks_bound}), at most {r.max_breaks} for one firm; "
        f"{stats.idle_per_firm:.2f} idle slots per firm; {fewest}-{most} meetings per firm"
        f"{'; proven optimal' if r.proven_optimal else ''}.",
        err=True,
    )


@click.command("repair")
@click.argument("profiles", type=click.Path(path_type=Path))
@click.option(
    "--schedule",
    "schedule_path",
    type=click.Path(path_type=Path),
    required=True,
    help="The published schedule file to repair.",
)
@_fair_options
@click.option(
    "--absent", default="", metavar="IDS", help="Firms that do not come, comma-separated."
)
@click.option("--arrives", multiple=True, metavar="ID=HH:MM", help="A firm arriving late.")
@click.option("--leaves", multiple=True, metavar="ID=HH:MM", help="A firm leaving early.")
@click.option(
    "--cancel", multiple=True, type=(str, str), metavar="A B", help="A meeting called off."
)
@click.option(
    "--lost-tables", default="", metavar="NUMBERS", help="Tables out of use, comma-separated."
)
@click.option(
    "--from-slot",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="First slot that may change (earlier ones have begun: kept as they are).",
)
@click.option(
    "--changes",
    "changes_path",
    type=click.Path(path_type=Path),
    help="File listing each firm's changed meetings (otherwise a summary on standard error).",
)
@click.option(
    "--time-limit", type=click.FloatRange(min=1), default=5, show_default=True, help="Seconds."
)
def repair_command(
    fair: _Fair,
    profiles: Path,
    schedule_path: Path,
    absent: str,
    arrives: tuple[str, ...],
    leaves: tuple[str, ...],
    cancel: tuple[tuple[str, str], ...],
    lost_tables: str,
    from_slot: int,
    changes_path: Path | None,
    time_limit: float,
) -> None:
    """Repair a published schedule after fair-day changes: unaffected meetings stay exactly
    where they are, affected ones move or are cancelled, freed places are refilled."""
    from matchmaker.cli.batch import SeatingError, repair_file
    from matchmaker.core.scheduling.repair import FairDayChanges
    from matchmaker.core.scheduling.scheduler import ScheduleOptions

    grid = fair.grid()
    changes = FairDayChanges(
        absent=frozenset(_listed(absent)),
        arrives=_moments(arrives, "--arrives"),
        leaves=_moments(leaves, "--leaves"),
        cancelled=frozenset(frozenset(pair) for pair in cancel),
        lost_tables=frozenset(_table_numbers(lost_tables)),
        from_slot=from_slot,
    )
    with input_errors_exit_2():
        try:
            job = repair_file(
                profiles,
                schedule_path,
                fair.output,
                changes,
                grid=grid,
                tables=fair.tables,
                requests_path=fair.requests_path,
                changes_path=changes_path,
                unplaced_path=fair.unplaced_path,
                options=ScheduleOptions(time_limit=time_limit, seed=fair.seed),
                fixed_seats=fair.fixed_seats,
                interpreters_path=fair.interpreters_path,
            )
        except (SeatingError, ValueError) as exc:
            raise click.UsageError(str(exc)) from None
    r = job.result
    _report_unplaced(fair.unplaced_path, job.unplaced_rows)
    touched = sorted({c.firm for c in r.changes})
    if changes_path is None:
        for c in r.changes:
            click.echo(f"{c.kind}: {c.firm} with {c.partner}: {c.reason}", err=True)
    click.echo(
        f"Kept {r.kept} published meetings exactly; {len(touched)} firms' agendas changed; "
        f"{len(r.placements)} meetings in {fair.output}.",
        err=True,
    )


def _listed(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _moments(values: tuple[str, ...], option: str) -> dict[str, time]:
    moments: dict[str, time] = {}
    for value in values:
        firm, _, moment = value.partition("=")
        if not firm.strip() or not moment.strip():
            raise click.BadParameter(f"'{value}' is not ID=HH:MM", param_hint=option)
        moments[firm.strip()] = time_option(moment.strip())
    return moments


def _table_numbers(value: str) -> list[int]:
    items = _listed(value)
    if not all(item.isdigit() and int(item) >= 1 for item in items):
        raise click.BadParameter(
            f"'{value}' is not a list of table numbers", param_hint="--lost-tables"
        )
    return [int(item) for item in items]
