"""The files of a day of company visits (docs/FORMATS.md, "Company visits"): the delegation's
members, the hosts that offer a visit, and the travel minutes between the sites.

Each reader checks its file whole and raises `InputFileError` with one `Problem` (file, row,
column, why) per fault; nothing half-read is returned. The texts of the problems are new and
not yet in the app's catalogue, so they are plain English (the command line's language);
where an existing message says the same, it is reused (marked by `N_`)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from matchmaker.core.messages import N_, Explained
from matchmaker.core.text.clean import clean_text
from matchmaker.core.timeparse import parse_time_range
from matchmaker.core.types import Profile, to_minutes
from matchmaker.core.visits.travel import Site
from matchmaker.core.visits.types import Window
from matchmaker.io.cells import Report, reporter, split_codes, split_list
from matchmaker.io.errors import InputFileError, Problem
from matchmaker.io.tabular import Row, Table, read_table

MAX_PROBLEMS = 50
TEXTS = ("offer", "request", "description")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A member of the delegation: their id and name, their languages, and their firm's
    profile (id: the firm as the file names it; the texts the matcher reads)."""

    id: str
    name: str
    languages: tuple[str, ...]
    firm: Profile
    row: int


@dataclass(frozen=True, slots=True)
class HostRecord:
    """A host: its profile (texts, languages), how many visitors it takes, how long a visit
    lasts, its windows (empty: the whole day) and its coordinates (None: not given)."""

    profile: Profile
    capacity: int
    duration: int
    windows: tuple[Window, ...]
    site: Site | None
    row: int


def read_members(path: Path) -> list[MemberRecord]:
    """Read and check a members file; raises InputFileError listing every problem."""
    table = read_table(path)
    table.require_columns(["id", "firm"])
    problems: list[Problem] = []
    members: list[MemberRecord] = []
    first_row: dict[str, int] = {}
    firms: dict[str, tuple[Profile, dict[str, int]]] = {}  # texts and the row each came from
    for row in table.rows:
        found: list[Problem] = []
        problem = reporter(table.name, row, found)
        member_id, firm_name = row.get("id"), clean_text(row.get("firm"))
        if not member_id:
            problem("id", "is empty; give each member an id")
        elif member_id in first_row:
            problem("id", "id '%(id)s' is used again (first in row %(row)d)",
                    id=member_id, row=first_row[member_id])  # fmt: skip
        if not firm_name:
            problem("firm", "is empty; name the firm the member comes for")
        languages = _languages(row, problem)
        texts = {c: clean_text(row.cells.get(c, ""), multiline=True) for c in TEXTS}
        if firm_name:
            firms[firm_name] = _same_firm(firms.get(firm_name), firm_name, texts, row, problem)
        problems.extend(found)
        if member_id:
            first_row.setdefault(member_id, row.number)
        if not found:
            name = clean_text(row.get("name")) or member_id
            members.append(MemberRecord(member_id, name, languages, Profile(firm_name), row.number))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InputFileError(problems[:MAX_PROBLEMS])
    return [replace(m, firm=firms[m.firm.id][0]) for m in members]


def _same_firm(
    known: tuple[Profile, dict[str, int]] | None,
    firm: str,
    texts: dict[str, str],
    row: Row,
    problem: Report,
) -> tuple[Profile, dict[str, int]]:
    """The firm's profile with this row's texts: the first row that gives a text gives it;
    a later row may repeat it or leave it empty, a different text is a problem."""
    profile, origin = known or (Profile(firm, name=firm), {})
    for column, text in texts.items():
        if not text:
            continue
        if column not in origin:
            profile = _with_text(profile, column, text)
            origin = {**origin, column: row.number}
        elif getattr(profile, column) != text:
            problem(column, "differs from row %(row)d for the same firm '%(firm)s'; "
                    "repeat it or leave it empty", row=origin[column], firm=firm)  # fmt: skip
    return profile, origin


def _with_text(profile: Profile, column: str, text: str) -> Profile:
    """The profile with one of its texts (`TEXTS`) set."""
    if column == "offer":
        return replace(profile, offer=text)
    if column == "request":
        return replace(profile, request=text)
    return replace(profile, description=text)


def read_hosts(path: Path) -> list[HostRecord]:
    """Read and check a hosts file; raises InputFileError listing every problem."""
    table = read_table(path)
    table.require_columns(["id", "capacity", "duration"])
    problems: list[Problem] = []
    hosts: list[HostRecord] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        found: list[Problem] = []
        problem = reporter(table.name, row, found)
        host = _host(row, problem)
        if host is not None and host.profile.id in first_row:
            problem("id", "id '%(id)s' is used again (first in row %(row)d)",
                    id=host.profile.id, row=first_row[host.profile.id])  # fmt: skip
        problems.extend(found)
        if host is not None:
            first_row.setdefault(host.profile.id, row.number)
        if host is not None and not found:
            hosts.append(host)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InputFileError(problems[:MAX_PROBLEMS])
    return hosts


def _host(row: Row, problem: Report) -> HostRecord | None:
    """One row of the hosts file; None when it has no id (the other faults are reported)."""
    host_id = row.get("id")
    if not host_id:
        problem("id", "is empty; give each host an id")
    capacity = _whole(row, "capacity", problem, "visitors")
    duration = _whole(row, "duration", problem, "minutes")
    windows = _windows(row, problem)
    if duration and windows and all(w.end - w.start < duration for w in windows):
        problem("windows", "a visit of %(num)d minutes fits into none of these windows",
                num=duration)  # fmt: skip
    site = _site(row, problem)
    if not host_id:
        return None
    texts = {c: clean_text(row.cells.get(c, ""), multiline=True) for c in TEXTS}
    profile = Profile(
        host_id,
        name=clean_text(row.get("name")) or host_id,
        offer=texts["offer"],
        request=texts["request"],
        description=texts["description"],
        languages=_languages(row, problem),
    )
    return HostRecord(profile, capacity or 1, duration or 1, windows, site, row.number)


def _whole(row: Row, column: str, problem: Report, unit: str) -> int:
    """A whole number of 1 or more (0 when the cell is bad or empty: reported)."""
    raw = row.get(column)
    value = _number(raw)
    if value is None or not value.is_integer() or value < 1:
        problem(column, "'%(value)s' is not a whole number of %(unit)s (1 or more)",
                value=raw[:40], unit=unit)  # fmt: skip
        return 0
    return int(value)


def _windows(row: Row, problem: Report) -> tuple[Window, ...]:
    """The `HH:MM-HH:MM` windows of a cell, `;`-separated (empty: the whole day)."""
    windows: list[Window] = []
    for span in split_list(row.get("windows")):
        try:
            found = parse_time_range(span)
        except Explained as exc:
            problem("windows", exc.template, **exc.values)
            continue
        except ValueError:
            problem("windows", "'%(value)s' ends before it starts", value=span[:40])
            continue
        windows.append(Window(to_minutes(found.start), to_minutes(found.end)))
    return tuple(windows)


def _site(row: Row, problem: Report) -> Site | None:
    """The coordinates in `lat` and `lon` (degrees, a decimal point or comma); None when
    both are empty."""
    raw_lat, raw_lon = row.get("lat"), row.get("lon")
    if not raw_lat and not raw_lon:
        return None
    lat, lon = _number(raw_lat), _number(raw_lon)
    if lat is None or not -90 <= lat <= 90:
        problem("lat", "'%(value)s' is not a latitude in degrees (-90 to 90)", value=raw_lat[:40])
    if lon is None or not -180 <= lon <= 180:
        problem("lon", "'%(value)s' is not a longitude in degrees (-180 to 180)",
                value=raw_lon[:40])  # fmt: skip
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return Site(lat, lon)


def _number(raw: str) -> float | None:
    """A finite number as people type it (`52.13` or `52,13`); None when it is none."""
    text = raw.strip().replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _languages(row: Row, problem: Report) -> tuple[str, ...]:
    """The row's language codes, lower case; a code that is none is reported."""
    languages = tuple(code.lower() for code in split_codes(row.get("languages")))
    for code in languages:
        if not _LANGUAGE.match(code):
            problem("languages", N_("'%(value)s' is not a two-letter ISO 639-1 code like de"),
                    value=code[:20])  # fmt: skip
    return languages


HOTEL = "hotel"


def read_travel(path: Path, host_ids: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    """Read and check a travel file (`travel_from_table`)."""
    return travel_from_table(read_table(path), host_ids)


def travel_from_table(table: Table, host_ids: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    """Check a travel table: a matrix whose header row and first column name the sites
    (`hotel` and every host, by the names in `host_ids`), each cell the whole minutes from
    the row's site to the column's. Returns the matrix in the order hotel, then the hosts as
    given. The staff console names the hosts by their names, the command line by ids."""
    sites = [HOTEL, *host_ids]
    index = {site: n for n, site in enumerate(sites)}
    if HOTEL in host_ids:
        raise InputFileError([Problem(table.name, _HOTEL_NAME)])
    problems: list[Problem] = []
    columns = _header_sites(table, index, problems)
    minutes: dict[tuple[int, int], int] = {}
    first_row: dict[int, int] = {}
    corner = table.written(table.columns[0]) if table.columns else ""
    for row in table.rows:
        written = row.get(table.columns[0])
        here = index.get(written)
        if here is None:
            unknown = {"value": written[:40]}
            problems.append(Problem(table.name, _UNKNOWN, row.number, corner, unknown))
            continue
        if here in first_row:
            values: dict[str, object] = {"site": written, "row": first_row[here]}
            problems.append(Problem(table.name, _ROW_TWICE, row.number, corner, values))
            continue
        first_row[here] = row.number
        for column, there in columns.items():
            value = _minutes(table, row, column, here == there, problems)
            if value is not None:
                minutes[here, there] = value
    for site, n in index.items():
        if n not in first_row:
            problems.append(Problem(table.name, _NO_ROW, None, corner, {"site": site}))
    if problems:
        raise InputFileError(problems[:MAX_PROBLEMS])
    return tuple(tuple(minutes[a, b] for b in range(len(sites))) for a in range(len(sites)))


_UNKNOWN = N_("'%(value)s' is neither 'hotel' nor a host of the day")
_HOTEL_NAME = N_("a host is called 'hotel', which names the start of the day here; rename it")
_ROW_TWICE = N_("site '%(site)s' has a row already (row %(row)d)")
_NO_ROW = N_("no row for site '%(site)s'")
_NO_COLUMN = N_("no column for site '%(site)s'")
_NOT_MINUTES = N_("'%(value)s' is not a whole number of minutes (0 or more)")


def _header_sites(table: Table, index: dict[str, int], problems: list[Problem]) -> dict[str, int]:
    """The table's columns that name a site, each with the site's number; unknown and
    missing sites are problems (row 1)."""
    columns: dict[str, int] = {}
    for column in table.columns[1:]:
        written = table.written(column)
        if written in index:
            columns[column] = index[written]
        else:
            values = {"value": written[:40]}
            problems.append(Problem(table.name, _UNKNOWN, 1, written, values))
    for site, n in index.items():
        if n not in columns.values():
            problems.append(Problem(table.name, _NO_COLUMN, 1, None, {"site": site}))
    return columns


def _minutes(
    table: Table, row: Row, column: str, diagonal: bool, problems: list[Problem]
) -> int | None:
    """A cell's whole minutes >= 0 (an empty cell from a site to itself: 0)."""
    raw = row.get(column)
    if not raw and diagonal:
        return 0
    value = _number(raw)
    if value is None or not value.is_integer() or value < 0:
        values = {"value": raw[:40]}
        problems.append(
            Problem(table.name, _NOT_MINUTES, row.number, table.written(column), values)
        )
        return None
    return int(value)
