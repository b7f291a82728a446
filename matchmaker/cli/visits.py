"""`matchmaker visits`: a delegation's day of company visits planned from spreadsheets,
without a database (issue 21; docs/VISITS.md, docs/FORMATS.md "Company visits").

Like the other file commands it reads and checks every input whole (a bad file: each
problem on standard error with file, row and column, exit status 2, nothing written),
computes, and writes the plan whole. A day that cannot hold its lunch, or is too short to
leave the hotel and come back, is refused with a usage error saying so."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from matchmaker.cli.common import input_errors_exit_2, no_semantic_option, output_option
from matchmaker.cli.common import time_option as _clock

if TYPE_CHECKING:
    from matchmaker.core.visits.travel import Site
    from matchmaker.core.visits.types import VisitDay, VisitPlan, VisitProblem
    from matchmaker.io.visits import VisitFiles


@dataclass(frozen=True, slots=True)
class VisitsJob:
    """What a run made: the plan, the baseline's total, the files written and the hosts
    no member's firm finds relevant."""

    plan: VisitPlan
    baseline_total: float
    written: list[Path]
    hosts: int
    irrelevant: list[str]


@dataclass(frozen=True, slots=True)
class Travel:
    """Where the travel minutes come from: a file, or the hotel's coordinates (with those
    of the hosts) at a speed and detour factor."""

    path: Path | None
    hotel: Site | None
    speed_kmh: float
    detour: float

    def __str__(self) -> str:
        if self.path is not None:
            return f"travel file {self.path.name}"
        return f"from coordinates at {self.speed_kmh:g} km/h, detour {self.detour:g}"


def visits_file(
    members_path: Path,
    hosts_path: Path,
    output: Path,
    *,
    day: VisitDay,
    date_label: str,
    travel: Travel,
    interpreters_path: Path | None = None,
    semantic: bool = True,
    time_limit: float = 10.0,
    seed: int = 0,
) -> VisitsJob:
    """Plan the day of the files and write the plan. Raises InputFileError (nothing
    written) on unusable files, ValueError when the day cannot be planned at all."""
    from matchmaker.core.visits.greedy import greedy_plan
    from matchmaker.core.visits.planner import plan_visits
    from matchmaker.core.visits.relevance import visit_relevance
    from matchmaker.io.visits import VisitReport, read_visit_files, write_visit_plan

    files = read_visit_files(
        members_path,
        hosts_path,
        travel_path=travel.path,
        interpreters_path=interpreters_path,
        hotel=travel.hotel,
        speed_kmh=travel.speed_kmh,
        detour=travel.detour,
    )
    relevance = visit_relevance(
        [m.firm for m in files.members],
        [h.profile for h in files.hosts],
        readings=None if semantic else (),
    )
    problem = _problem(files, relevance, day)
    plan = plan_visits(problem, time_limit=time_limit, seed=seed)
    baseline = greedy_plan(problem).relevance_total
    report = VisitReport(problem, plan, baseline, files, date_label, str(travel))
    written = write_visit_plan(output, report)
    irrelevant = [
        h.id for n, h in enumerate(problem.hosts) if not any(row[n] > 0 for row in relevance)
    ]
    return VisitsJob(plan, baseline, written, len(problem.hosts), irrelevant)


def _problem(
    files: VisitFiles, relevance: tuple[tuple[float, ...], ...], day: VisitDay
) -> VisitProblem:
    """The planner's problem: site 0 the hotel, host n at site n + 1; a host without
    windows is open the whole day."""
    from matchmaker.core.visits.types import Host, Member, VisitProblem, Window

    whole_day = (Window(day.opens, day.closes),)
    hosts = tuple(
        Host(h.profile.id, n, h.capacity, h.duration, h.windows or whole_day,
             h.profile.languages)
        for n, h in enumerate(files.hosts, start=1)
    )  # fmt: skip
    members = tuple(Member(m.id, m.languages) for m in files.members)
    return VisitProblem(hosts, members, relevance, files.travel, day, tuple(files.interpreters))


@click.command("visits")
@click.argument("members", type=click.Path(path_type=Path))
@click.argument("hosts", type=click.Path(path_type=Path))
@click.option(
    "--day",
    "day_date",
    type=click.DateTime(["%Y-%m-%d"]),
    required=True,
    help="The date of the visits, YYYY-MM-DD.",
)
@click.option("--start", required=True, help="When the groups may leave the hotel, HH:MM.")
@click.option("--end", required=True, help="When they must be back at the hotel, HH:MM.")
@click.option("--groups", type=click.IntRange(min=1), required=True, help="Groups (buses).")
@click.option(
    "--travel",
    "travel_path",
    type=click.Path(path_type=Path),
    help="Travel minutes between the hotel and the hosts (instead of coordinates).",
)
@click.option("--lunch", type=click.IntRange(min=1), help="Minutes of lunch break.")
@click.option(
    "--lunch-from",
    default="11:30",
    show_default=True,
    help="Earliest start of lunch, HH:MM (with --lunch).",
)
@click.option(
    "--lunch-to",
    default="14:00",
    show_default=True,
    help="Latest end of lunch, HH:MM (with --lunch).",
)
@click.option("--hotel", metavar="LAT,LON", help="The hotel's coordinates (without --travel).")
@click.option(
    "--speed",
    type=click.FloatRange(min=0, min_open=True),
    default=50.0,
    show_default=True,
    help="Mean road speed in km/h (without --travel).",
)
@click.option(
    "--detour",
    type=click.FloatRange(min=1),
    default=1.3,
    show_default=True,
    help="Road length over straight line (without --travel).",
)
@click.option(
    "--interpreters",
    "interpreters_path",
    type=click.Path(path_type=Path),
    help="Interpreters file: each may go with one group for the day.",
)
@click.option(
    "--time-limit", type=click.FloatRange(min=1), default=10, show_default=True, help="Seconds."
)
@click.option("--seed", type=int, default=0, show_default=True)
@no_semantic_option
@output_option("Visit plan")
def visits_command(
    members: Path,
    hosts: Path,
    day_date: datetime,
    start: str,
    end: str,
    groups: int,
    travel_path: Path | None,
    lunch: int | None,
    lunch_from: str,
    lunch_to: str,
    hotel: str | None,
    speed: float,
    detour: float,
    interpreters_path: Path | None,
    time_limit: float,
    seed: int,
    no_semantic: bool,
    output: Path,
) -> None:
    """Plan a delegation's day of company visits: the members split into groups, each
    group's route of hosts with times and lunch, an interpreter where one helps."""
    day = _day(start, end, groups, lunch, lunch_from, lunch_to)
    travel = Travel(travel_path, _hotel(hotel, travel_path), speed, detour)
    with input_errors_exit_2():
        try:
            job = visits_file(
                members, hosts, output, day=day, date_label=day_date.date().isoformat(),
                travel=travel, interpreters_path=interpreters_path,
                semantic=not no_semantic, time_limit=time_limit, seed=seed,
            )  # fmt: skip
        except ValueError as exc:
            raise click.UsageError(f"the day cannot be planned: {exc}") from None
    for host_id in job.irrelevant:
        click.echo(f"note: host {host_id} is relevant to no member's firm (not visited)", err=True)
    plan = job.plan
    visited = sum(len(g.visits) for g in plan.groups)
    written = ", ".join(str(p) for p in job.written)
    click.echo(
        f"Planned {len(plan.groups)} group(s) visiting {visited} of {job.hosts} hosts in "
        f"{written}: relevance {plan.relevance_total:.3f} (baseline {job.baseline_total:.3f}).",
        err=True,
    )


def _day(
    start: str, end: str, groups: int, lunch: int | None, lunch_from: str, lunch_to: str
) -> VisitDay:
    """The day of the options; a day that cannot be is a usage error saying why."""
    from matchmaker.core.types import to_minutes
    from matchmaker.core.visits.types import Lunch, VisitDay

    opens, closes = to_minutes(_clock(start)), to_minutes(_clock(end))
    try:
        meal = None
        if lunch is not None:
            meal = Lunch(to_minutes(_clock(lunch_from)), to_minutes(_clock(lunch_to)), lunch)
        return VisitDay(0, 0, opens, closes, groups, meal)
    except ValueError as exc:
        raise click.UsageError(f"the day cannot be planned: {exc}") from None


def _hotel(value: str | None, travel_path: Path | None) -> Site | None:
    """The hotel's coordinates; needed when there is no travel file."""
    from matchmaker.core.visits.travel import Site

    if value is None:
        if travel_path is None:
            raise click.UsageError(
                "travel times need either --travel TRAVEL.csv or the hotel's coordinates "
                "(--hotel LAT,LON) with lat and lon for every host"
            )
        return None
    parts = [p for p in re.split(r"[,;\s]+", value.strip()) if p]
    try:
        lat, lon = (float(p) for p in parts)
        return Site(lat, lon)
    except ValueError:
        raise click.BadParameter(
            f"'{value}' is not LAT,LON in degrees (e.g. 52.13,11.62)", param_hint="--hotel"
        ) from None
