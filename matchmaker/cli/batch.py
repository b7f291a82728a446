"""Batch jobs on files, without a database: what the command line runs for staff who live in
spreadsheets. Each job reads and checks its input whole, computes, and writes its output whole."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel import support

from matchmaker.core.matching.evidence import Evidence
from matchmaker.core.matching.explain import explain_all
from matchmaker.core.matching.matcher import ComplementaryMatcher, MatchRules
from matchmaker.core.matching.semantic import default_embedder, default_readings
from matchmaker.core.messages import N_
from matchmaker.core.scheduling.checks import ScheduleStats, schedule_stats
from matchmaker.core.scheduling.repair import FairDayChanges, RepairResult, repair
from matchmaker.core.scheduling.scheduler import ScheduleOptions, ScheduleResult, schedule
from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem
from matchmaker.core.tables.rules import (
    TablePlan,
    TableRules,
    affinity_from_scores,
    table_sizes,
)
from matchmaker.core.tables.search import seat_tables
from matchmaker.core.tables.themes import theme_fit
from matchmaker.core.types import Profile, SlotGrid
from matchmaker.io.errors import InputFileError, Problem
from matchmaker.io.interpreters import read_interpreters
from matchmaker.io.print_tables import write_table_plan
from matchmaker.io.profiles import read_profiles
from matchmaker.io.requests import read_requests
from matchmaker.io.schedules import read_schedule
from matchmaker.io.writers import write_table

MATCH_COLUMNS = (
    "participant_id",
    "rank",
    "partner_id",
    "score",
    "reason",
    "mutual",
    "partner_offers",
    "partner_seeks",
    "peer",
)


def catalogue(language: str) -> support.NullTranslations:
    """The app's message catalogue for `language` (English, the message ids, when none)."""
    folder = Path(__file__).resolve().parent.parent / "translations"
    return support.Translations.load(str(folder), [language])


@dataclass(frozen=True, slots=True)
class MatchJob:
    firms: int
    matches: int
    scorer: str


def match_file(
    profiles_path: Path,
    output: Path,
    *,
    top_k: int,
    cross_group: bool,
    language: str = "de",
    semantic: bool = True,
) -> MatchJob:
    """Recommend partners for every firm of a profiles file and write the matches file.

    Raises InputFileError (nothing written) when the profiles file is unusable.
    """
    profiles = read_profiles(profiles_path)
    readings = default_readings() if semantic else ()
    matcher = ComplementaryMatcher(readings=readings).fit(profiles)
    matches = matcher.recommend(MatchRules(top_k=top_k, cross_group=cross_group))
    evidence = Evidence(readings[0] if readings else None).fit(profiles)
    reasons = explain_all(evidence, matches, catalogue(language).gettext)
    rows = (
        (
            m.participant_id,
            m.rank,
            m.partner_id,
            m.score,
            reason,
            "yes" if m.mutual else "no",
            m.forward,
            m.backward,
            m.peer,
        )
        for m, reason in zip(matches, reasons, strict=True)
    )
    count = write_table(output, MATCH_COLUMNS, rows)
    scorer = " + ".join(["TF-IDF", *(r.name for r in readings)])
    return MatchJob(firms=len(profiles), matches=count, scorer=scorer)


SCHEDULE_COLUMNS = (
    "slot",
    "day",
    "start",
    "end",
    "table",
    "participant_a",
    "participant_b",
    "interpreter",
)
UNPLACED_COLUMNS = ("from_id", "to_id", "priority", "reason")


@dataclass(frozen=True, slots=True)
class ScheduleJob:
    result: ScheduleResult
    wishes: int
    unplaced_rows: list[tuple[str, str, int, str]]
    stats: ScheduleStats


def schedule_file(
    profiles_path: Path,
    output: Path,
    *,
    grid: SlotGrid,
    tables: int,
    requests_path: Path | None = None,
    per_participant: int = 5,
    cross_group: bool = False,
    unplaced_path: Path | None = None,
    options: ScheduleOptions | None = None,
    fixed_seats: str | None = None,
    interpreters_path: Path | None = None,
) -> ScheduleJob:
    """Schedule the requests of a file (or, without one, the mutual partners among each firm's
    best `per_participant` matches) and write the schedule, and the unplaced wishes when a
    file for them is given. With `fixed_seats`, each firm of that group keeps a table all
    day; `interpreters_path` names the interpreters file. Raises InputFileError (nothing
    written) on unusable input, SeatingError on a `fixed_seats` group that cannot be seated.
    """
    profiles = read_profiles(profiles_path)
    if requests_path is not None:
        wishes = read_requests(requests_path, {p.id for p in profiles})
    else:
        wishes = _mutual_wishes(profiles, per_participant, cross_group)
    problem = _fair(profiles, wishes, grid, tables, fixed_seats, interpreters_path)
    result = schedule(problem, options)
    unplaced = [(u.wish.a, u.wish.b, u.wish.priority, u.reason) for u in result.unplaced]
    write_table(output, SCHEDULE_COLUMNS, _schedule_rows(problem, result.placements))
    if unplaced_path is not None:
        write_table(unplaced_path, UNPLACED_COLUMNS, unplaced)
    return ScheduleJob(result, len(wishes), unplaced, schedule_stats(problem, result.placements))


def _fair(
    profiles: list[Profile],
    wishes: Sequence[MeetingWish],
    grid: SlotGrid,
    tables: int,
    fixed_seats: str | None,
    interpreters_path: Path | None,
) -> SchedulingProblem:
    if late := sorted(p.id for p in profiles if any(day >= grid.days for day in p.days)):
        template = N_("the fair has %(num)d day(s) (--days); a later day is named by %(firms)s")
        values = {"num": grid.days, "firms": ", ".join(late)}
        raise InputFileError([Problem("profiles", template, None, "days", values)])
    interpreters = read_interpreters(interpreters_path) if interpreters_path else []
    hosts = host_tables(profiles, fixed_seats, tables) if fixed_seats is not None else {}
    return SchedulingProblem(
        tuple(profiles),
        tuple(wishes),
        build_slots(grid),
        tables,
        hosts=hosts,
        interpreters=tuple(interpreters),
    )


def _schedule_rows(
    problem: SchedulingProblem, placements: Sequence[Placement]
) -> Iterator[tuple[str | int, ...]]:
    by_number = {s.number: s for s in problem.slots}
    for m in sorted(placements, key=lambda m: (m.slot, m.table)):
        slot = by_number[m.slot]
        yield (m.slot, slot.day + 1, f"{slot.start:%H:%M}", f"{slot.end:%H:%M}", m.table,
               m.a, m.b, m.interpreter or "")  # fmt: skip


CHANGE_COLUMNS = (
    "firm",
    "partner",
    "change",
    "slot_before",
    "table_before",
    "slot_after",
    "table_after",
    "reason",
)


@dataclass(frozen=True, slots=True)
class RepairJob:
    result: RepairResult
    unplaced_rows: list[tuple[str, str, int, str]]


def repair_file(
    profiles_path: Path,
    schedule_path: Path,
    output: Path,
    changes: FairDayChanges,
    *,
    grid: SlotGrid,
    tables: int,
    requests_path: Path | None = None,
    changes_path: Path | None = None,
    unplaced_path: Path | None = None,
    options: ScheduleOptions | None = None,
    fixed_seats: str | None = None,
    interpreters_path: Path | None = None,
) -> RepairJob:
    """Repair a published schedule file after fair-day changes and write the new schedule,
    and each firm's changes when a file for them is given. The published meetings are
    wishes too; a requests file adds the waiting ones that may fill freed places. Raises
    InputFileError (nothing written) on unusable input, ValueError on changes naming
    unknown firms."""
    profiles = read_profiles(profiles_path)
    ids = {p.id for p in profiles}
    wishes = read_requests(requests_path, ids) if requests_path is not None else []
    problem = _fair(profiles, wishes, grid, tables, fixed_seats, interpreters_path)
    published = read_schedule(
        schedule_path, ids, problem.slots, tables, {i.id for i in problem.interpreters}
    )
    asked = {w.pair for w in wishes}
    extra = [MeetingWish(m.a, m.b) for m in published if m.pair not in asked]
    problem = dataclasses.replace(problem, wishes=(*problem.wishes, *extra))
    result = repair(problem, published, changes, options)
    rows = (
        (c.firm, c.partner, c.kind,
         c.before.slot if c.before else "", c.before.table if c.before else "",
         c.after.slot if c.after else "", c.after.table if c.after else "", c.reason)
        for c in result.changes
    )  # fmt: skip
    unplaced = [(u.wish.a, u.wish.b, u.wish.priority, u.reason) for u in result.unplaced]
    write_table(output, SCHEDULE_COLUMNS, _schedule_rows(problem, result.placements))
    if changes_path is not None:
        write_table(changes_path, CHANGE_COLUMNS, rows)
    if unplaced_path is not None:
        write_table(unplaced_path, UNPLACED_COLUMNS, unplaced)
    return RepairJob(result, unplaced)


class SeatingError(ValueError):
    """A fixed-seat group that cannot be seated (unknown group, more firms than tables)."""


def host_tables(profiles: list[Profile], group: str, tables: int) -> dict[str, int]:
    """Tables 1, 2, ... for the firms of `group` (in the order of their ids), which keep them
    all day; the other firms come to them."""
    hosts = sorted(p.id for p in profiles if p.group == group)
    if not hosts:
        groups = sorted({p.group for p in profiles if p.group})
        raise SeatingError(f"no firm is in group {group!r} (groups: {', '.join(groups) or 'none'})")
    if len(hosts) > tables:
        raise SeatingError(f"group {group!r} has {len(hosts)} firms but there are {tables} tables")
    return {pid: table for table, pid in enumerate(hosts, start=1)}


def _mutual_wishes(
    profiles: list[Profile], per_participant: int, cross_group: bool
) -> list[MeetingWish]:
    """One wish per pair that is mutual among either firm's best matches."""
    matcher = ComplementaryMatcher(readings=default_readings()).fit(profiles)
    matches = matcher.recommend(MatchRules(top_k=per_participant, cross_group=cross_group))
    wishes: dict[frozenset[str], MeetingWish] = {}
    for m in matches:
        if m.mutual:
            pair = frozenset((m.participant_id, m.partner_id))
            wishes.setdefault(pair, MeetingWish(m.participant_id, m.partner_id, mutual=True))
    return list(wishes.values())


TABLE_COLUMNS = ("round", "table", "theme", "participant_id", "shared_languages")


@dataclass(frozen=True, slots=True)
class TablesJob:
    plan: TablePlan
    firms: int


def tables_file(
    profiles_path: Path,
    output: Path,
    rules: TableRules,
    *,
    partners: int = 30,
    semantic: bool = True,
    print_path: Path | None = None,
    language: str = "de",
) -> TablesJob:
    """Seat the firms of a profiles file at themed tables and write the plan. The ties
    between firms are the matching core's scores of each firm's best `partners` partners.
    With `print_path`, also a print-ready HTML page of the plan and place cards in `language`.
    Raises InputFileError (nothing written) on an unusable file, ValueError when the firms
    cannot be seated by the rules."""
    profiles = read_profiles(profiles_path)
    embedder = default_embedder() if semantic else None
    table_sizes(len(profiles), rules)  # refuses impossible sizes before the costly matching
    matcher = ComplementaryMatcher(readings=default_readings() if semantic else ()).fit(profiles)
    matches = matcher.recommend(MatchRules(top_k=partners))
    affinity = affinity_from_scores([(m.participant_id, m.partner_id, m.score) for m in matches])
    names = sorted({t.name for t in rules.themes})
    fit = theme_fit(profiles, names, embedder) if names else None
    plan = seat_tables(profiles, affinity, rules, theme_fit=fit)
    rows = (
        (t.round, t.number, t.theme, member, ";".join(t.shared_languages))
        for t in plan.tables
        for member in t.members
    )
    write_table(output, TABLE_COLUMNS, rows)
    if print_path is not None:
        write_table_plan(print_path, plan, profiles, language, title=profiles_path.stem)
    return TablesJob(plan, len(profiles))
