"""A day of company visits as files (docs/FORMATS.md, "Company visits"): the members,
hosts, travel and interpreters files read and checked together, and the plan written as a
workbook (sheets Route, Groups, Summary) or as CSV files.

Reading gathers the problems of every file before it refuses, so that staff fix them in one
go. Travel minutes come from a travel file when one is given, else from the coordinates of
every host and of the hotel (`core.visits.travel.travel_minutes`); a host without
coordinates, and no travel file, is a problem of its row."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from matchmaker.core.visits.checks import clock
from matchmaker.core.visits.travel import Site, travel_minutes
from matchmaker.core.visits.types import GroupPlan, Interpreter, VisitPlan, VisitProblem
from matchmaker.io.errors import InputFileError, Problem
from matchmaker.io.interpreters import read_interpreters
from matchmaker.io.visit_files import (
    HOTEL,
    HostRecord,
    MemberRecord,
    read_hosts,
    read_members,
    read_travel,
)
from matchmaker.io.writers import Cell, Sheet, write_sheets

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class VisitFiles:
    """What the files of a day say: members, hosts, the travel minutes between the sites
    (site 0 the hotel, then the hosts in their order) and the interpreters."""

    members: list[MemberRecord]
    hosts: list[HostRecord]
    travel: tuple[tuple[int, ...], ...]
    interpreters: list[Interpreter]


def read_visit_files(
    members_path: Path,
    hosts_path: Path,
    *,
    travel_path: Path | None = None,
    interpreters_path: Path | None = None,
    hotel: Site | None = None,
    speed_kmh: float = 50.0,
    detour: float = 1.3,
) -> VisitFiles:
    """Read and check the files of a day; raises InputFileError listing the problems of all
    of them. Without `travel_path`, every host needs coordinates and `hotel` must be given
    (ValueError otherwise: it is an option, not a file)."""
    problems: list[Problem] = []
    no_members: list[MemberRecord] = []
    no_hosts: list[HostRecord] = []
    members = _gathered(lambda: read_members(members_path), problems, no_members)
    hosts = _gathered(lambda: read_hosts(hosts_path), problems, no_hosts)
    interpreters: list[Interpreter] = []
    if interpreters_path is not None:
        interpreters = _gathered(lambda: _interpreters(interpreters_path), problems, [])
    travel: tuple[tuple[int, ...], ...] = ()
    if travel_path is not None:
        ids = [h.profile.id for h in hosts]
        travel = _gathered(lambda: read_travel(travel_path, ids), problems, ())
    else:
        if hotel is None:
            raise ValueError("travel times need a travel file or the hotel's coordinates")
        problems += [_no_coordinates(hosts_path, h) for h in hosts if h.site is None]
        sites = [h.site for h in hosts if h.site is not None]
        if not problems:
            travel = travel_minutes([hotel, *sites], speed_kmh, detour)
    if problems:
        raise InputFileError(problems)
    return VisitFiles(members, hosts, travel, interpreters)


def _gathered(read: Callable[[], T], problems: list[Problem], instead: T) -> T:
    """What `read` returns; its problems added to `problems` (and `instead` returned)."""
    try:
        return read()
    except InputFileError as exc:
        problems.extend(exc.problems)
        return instead


def _interpreters(path: Path) -> list[Interpreter]:
    """The interpreters file of the schedule command; an interpreter goes with one group
    for the whole day, so their hours and meeting limits do not apply here."""
    return [Interpreter(i.id, i.languages) for i in read_interpreters(path)]


def _no_coordinates(hosts_path: Path, host: HostRecord) -> Problem:
    return Problem(
        hosts_path.name,
        "no coordinates; give lat and lon for every host, or a travel file (--travel)",
        host.row,
        "lat",
    )


ROUTE_COLUMNS = ("group", "order", "stop", "host", "host_name", "arrive", "start", "end",
                 "relevance")  # fmt: skip
GROUP_COLUMNS = ("group", "member", "name", "firm", "languages", "interpreter")
SUMMARY_COLUMNS = ("figure", "value")


@dataclass(frozen=True, slots=True)
class VisitReport:
    """What the plan's file shows: the problem it solves, the plan, the baseline's total,
    the files' records (for names) and a few words on the day and the travel minutes."""

    problem: VisitProblem
    plan: VisitPlan
    baseline_total: float
    files: VisitFiles
    day: str
    travel: str


def write_visit_plan(path: Path, report: VisitReport) -> list[Path]:
    """Write the plan (.xlsx: one workbook; else CSV files, see `write_sheets`), whole or
    not at all; returns the files written."""
    sheets: list[Sheet] = [
        ("Route", ROUTE_COLUMNS, list(_route_rows(report))),
        ("Groups", GROUP_COLUMNS, list(_group_rows(report))),
        ("Summary", SUMMARY_COLUMNS, list(_summary_rows(report))),
    ]
    return write_sheets(path, sheets)


def _route_rows(report: VisitReport) -> Iterator[tuple[Cell, ...]]:
    """Per group that has members, its visits, lunch and return to the hotel in time order
    (a lunch after the return is taken at the hotel)."""
    names = {h.profile.id: h.profile.name for h in report.files.hosts}
    for group in report.plan.groups:
        if not group.members and not group.visits:
            continue
        stops: list[tuple[int, tuple[Cell, ...]]] = []
        for visit in group.visits:
            gain = group_gain(report.problem, group, visit.host)
            stops.append((visit.start, ("visit", visit.host, names.get(visit.host, ""),
                          clock(visit.arrive), clock(visit.start), clock(visit.end),
                          round(gain, 3))))  # fmt: skip
        if group.lunch is not None:
            start, end = group.lunch
            stops.append((start, ("lunch", "", "", "", clock(start), clock(end), "")))
        back = back_at_hotel(report.problem, group)
        stops.append((back, ("back", HOTEL, "", clock(back), "", "", "")))
        stops.sort(key=lambda stop: stop[0])
        for order, (_, cells) in enumerate(stops, start=1):
            yield (group.number, order, *cells)


def _group_rows(report: VisitReport) -> Iterator[tuple[Cell, ...]]:
    records = {m.id: m for m in report.files.members}
    for group in report.plan.groups:
        for member_id in group.members:
            m = records[member_id]
            yield (group.number, m.id, m.name, m.firm.id, ";".join(m.languages),
                   group.interpreter or "")  # fmt: skip


def _summary_rows(report: VisitReport) -> Iterator[tuple[Cell, ...]]:
    problem, plan = report.problem, report.plan
    visited = sum(len(g.visits) for g in plan.groups)
    yield from (
        ("day", report.day),
        ("opens", clock(problem.day.opens)),
        ("closes", clock(problem.day.closes)),
        ("travel minutes", report.travel),
        ("members", len(problem.members)),
        ("hosts visited", f"{visited} of {len(problem.hosts)}"),
        ("interpreters", len(problem.interpreters)),
        ("relevance total", round(plan.relevance_total, 3)),
        ("baseline relevance total", round(report.baseline_total, 3)),
    )
    for group in plan.groups:
        gain = sum(group_gain(problem, group, v.host) for v in group.visits)
        yield from (
            (f"group {group.number} members", len(group.members)),
            (f"group {group.number} interpreter", group.interpreter or ""),
            (f"group {group.number} visits", len(group.visits)),
            (f"group {group.number} relevance", round(gain, 3)),
            (f"group {group.number} back at hotel", _back_clock(problem, group)),
        )
    for note in plan.notes:
        yield ("planner", note)


def _back_clock(problem: VisitProblem, group: GroupPlan) -> str:
    """When the group is back at the hotel; empty for a group that stays empty."""
    if not group.members and not group.visits:
        return ""
    return clock(back_at_hotel(problem, group))


def group_gain(problem: VisitProblem, group: GroupPlan, host_id: str) -> float:
    """What the group gains at the host: the relevance to each member who can communicate
    there (with the group's interpreter)."""
    host = next(n for n, h in enumerate(problem.hosts) if h.id == host_id)
    members = member_indices(problem, group.members)
    interpreter = next((i for i in problem.interpreters if i.id == group.interpreter), None)
    return problem.prize(members, host, interpreter)


def back_at_hotel(problem: VisitProblem, group: GroupPlan) -> int:
    """When the group is back at the end site: after its last visit and the drive, and the
    lunch when it is taken on that drive (a lunch starting after the drive would end is
    taken at the hotel)."""
    day = problem.day
    if group.visits:
        last = group.visits[-1]
        site = next(h.site for h in problem.hosts if h.id == last.host)
        leaves = last.end
    else:
        site, leaves = day.start_site, day.opens
    back = leaves + problem.travel[site][day.end_site]
    if group.lunch is not None and leaves <= group.lunch[0] < back:
        back += group.lunch[1] - group.lunch[0]
    return back


def member_indices(problem: VisitProblem, ids: Sequence[str]) -> list[int]:
    """The indices of the members with these ids."""
    wanted = set(ids)
    return [n for n, m in enumerate(problem.members) if m.id in wanted]
