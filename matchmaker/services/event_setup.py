"""Setting up an event: its day, slot grid, breaks, tables, sectors, groups and rules; and,
before a change is saved, which existing meetings it would break.

Nothing is dropped silently: a change never deletes meetings. When it would leave meetings
outside the grid, in a break, at a table that no longer exists or otherwise against the
rules, the verifier's findings are listed per timetable version first, and staff confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from matchmaker.core.localised import TEXT_LANGUAGES
from matchmaker.core.timeparse import parse_time_range
from matchmaker.messages import N_, Explained
from matchmaker.models import (
    Event,
    EventBreak,
    EventInterpreter,
    EventState,
    EventTable,
    Group,
    GroupKind,
    ListingRule,
    Meeting,
    ScheduleVersion,
    Sector,
    StaffUser,
)
from matchmaker.models.limits import max_length
from matchmaker.services.schedules import ReportLine, version_report
from matchmaker.services.staff import record

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")


class SetupError(Explained):
    """Settings that cannot be saved; `field` names the form field, the message says why."""

    def __init__(self, field: str, template: str, **values: object) -> None:
        super().__init__(template, **values)
        self.field = field


@dataclass(frozen=True, slots=True)
class TableSpec:
    number: int
    name: str = ""
    theme: str = ""
    host: str = ""  # the id of the firm that keeps this table all day (fixed seat)


@dataclass(frozen=True, slots=True)
class InterpreterSpec:
    name: str
    languages: tuple[str, ...]
    available_from: time | None = None
    available_to: time | None = None
    max_meetings: int | None = None


@dataclass(frozen=True, slots=True)
class EventSettings:
    name: str
    date: date
    first_slot_start: time
    slot_minutes: int
    slot_count: int
    timezone: str = "Europe/Berlin"
    description: str = ""
    language: str = "de"  # the language of the texts above and below (Event.language)
    venue: str = ""
    city: str = ""
    breaks: tuple[tuple[time, time, str], ...] = ()
    tables: tuple[TableSpec, ...] = ()
    sectors: tuple[str, ...] = ()
    groups: tuple[tuple[str, GroupKind], ...] = ()
    registration_deadline: datetime | None = None
    max_requests_per_participant: int | None = None
    cross_group_only: bool = False
    state: EventState = EventState.DRAFT
    listing: ListingRule = ListingRule.APPROVED
    interpreters: tuple[InterpreterSpec, ...] = ()


def parse_breaks(text: str) -> tuple[tuple[time, time, str], ...]:
    """One break per line: `HH:MM-HH:MM label` (label optional)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        span, _, label = line.strip().partition(" ")
        try:
            r = parse_time_range(span)
        except ValueError as error:
            raise SetupError(
                "breaks",
                N_("line %(line)d: write HH:MM-HH:MM and a label; the end after the start"),
                line=number,
            ) from error
        found.append((r.start, r.end, label.strip()))
    return tuple(sorted(found))


def parse_tables(count: int, text: str) -> tuple[TableSpec, ...]:
    """`count` tables numbered 1..count; lines `number: name | theme | host firm id` name
    some of them (theme and host may be left out)."""
    named: dict[int, TableSpec] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        head, sep, rest = line.partition(":")
        if not sep or not head.strip().isdigit():
            raise SetupError(
                "table_names", N_("line %(line)d: write 'number: name | theme | host'"), line=number
            )
        table = int(head)
        if not 1 <= table <= count:
            raise SetupError(
                "table_names",
                N_("line %(line)d: there is no table %(table)d"),
                line=number,
                table=table,
            )
        name, _, more = rest.partition("|")
        theme, _, host = more.partition("|")
        named[table] = TableSpec(table, name.strip()[:120], theme.strip()[:200], host.strip())
    return tuple(named.get(n, TableSpec(n)) for n in range(1, count + 1))


def parse_interpreters(text: str) -> tuple[InterpreterSpec, ...]:
    """One interpreter per line: `name | de,ru | HH:MM-HH:MM | most meetings` (the hours
    and the most meetings may be left out)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        name, languages = parts[0], parts[1] if len(parts) > 1 else ""
        codes = tuple(c.strip().lower() for c in re.split(r"[,;\s]+", languages) if c.strip())
        if not name or len(codes) < 2 or not all(re.fullmatch(r"[a-z]{2}", c) for c in codes):
            raise SetupError(
                "interpreters",
                N_("line %(line)d: write 'name | de,ru | 09:00-13:00 | 8'"),
                line=number,
            )
        start = end = None
        if len(parts) > 2 and parts[2]:
            try:
                hours = parse_time_range(parts[2])
            except ValueError as error:
                raise SetupError(
                    "interpreters", N_("line %(line)d: write the hours as HH:MM-HH:MM"), line=number
                ) from error
            start, end = hours.start, hours.end
        most = None
        if len(parts) > 3 and parts[3]:
            if not parts[3].isdigit():
                raise SetupError(
                    "interpreters", N_("line %(line)d: the most meetings is a number"), line=number
                )
            most = int(parts[3])
        found.append(InterpreterSpec(name[:200], codes, start, end, most))
    return tuple(found)


def parse_lines(text: str) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip():
            seen.setdefault(line.strip().casefold(), line.strip())
    return tuple(seen.values())


def check(settings: EventSettings) -> None:
    _check_lengths(settings)
    if settings.language not in TEXT_LANGUAGES:
        raise SetupError("language", N_("'%(code)s' is not a language"), code=settings.language)
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise SetupError(
            "timezone", N_("'%(zone)s' is not a time zone"), zone=settings.timezone
        ) from error
    for start, end, _ in settings.breaks:
        if start < settings.first_slot_start:
            raise SetupError(
                "breaks",
                N_("the break at %(time)s is before the first slot"),
                time=f"{start:%H:%M}",
            )
        if end <= start:
            raise SetupError(
                "breaks",
                N_("the break at %(time)s must end after it starts"),
                time=f"{start:%H:%M}",
            )


def _check_lengths(settings: EventSettings) -> None:
    """Names on the lists fit their database columns (the form bounds each text area as a
    whole; one line of it may still be too long for its column)."""
    named = (
        ("sectors", max_length(Sector.name), settings.sectors),
        ("groups", max_length(Group.name), tuple(name for name, _ in settings.groups)),
        ("breaks", max_length(EventBreak.label), tuple(label for _, _, label in settings.breaks)),
    )
    for field, limit, names in named:
        for name in names:
            if len(name) > limit:
                raise SetupError(
                    field,
                    N_("'%(name)s...' is longer than %(limit)d characters"),
                    name=name[:40],
                    limit=limit,
                )


def create_event(session: Session, slug: str, settings: EventSettings, staff: StaffUser) -> Event:
    if not SLUG.match(slug):
        raise SetupError("slug", N_("use 3-80 lower-case letters, digits and hyphens"))
    if session.scalar(select(Event).where(Event.slug == slug)) is not None:
        raise SetupError("slug", N_("an event '%(slug)s' exists already"), slug=slug)
    check(settings)
    event = Event(slug=slug, name=settings.name, date=settings.date,
                  first_slot_start=settings.first_slot_start,
                  slot_minutes=settings.slot_minutes, slot_count=settings.slot_count)  # fmt: skip
    session.add(event)
    _apply(session, event, settings)
    session.flush()
    record(session, staff, "event.create", event=event, subject=event.name)
    return event


def impact(session: Session, event: Event, settings: EventSettings) -> dict[int, list[ReportLine]]:
    """Per version number, the rule violations the settings would add to its meetings.
    The change is tried inside a savepoint and rolled back."""
    check(settings)
    versions = session.scalars(
        select(ScheduleVersion).where(ScheduleVersion.event_id == event.id)
    ).all()
    before = {v.number: set(version_report(session, event, v).violations) for v in versions}
    added: dict[int, list[ReportLine]] = {}
    savepoint = session.begin_nested()
    try:
        _apply(session, event, settings)
        session.flush()
        for v in versions:
            session.expire(v, ["meetings"])
            report = version_report(session, event, v)
            new = [
                line
                for finding, line in zip(report.findings, report.lines, strict=True)
                if str(finding) not in before[v.number]
            ]
            if new:
                added[v.number] = new
    finally:
        savepoint.rollback()
        session.expire_all()
    return added


def update_event(session: Session, event: Event, settings: EventSettings, staff: StaffUser) -> None:
    check(settings)
    _apply(session, event, settings)
    session.flush()
    record(session, staff, "event.settings", event=event, subject=event.name)


def _apply(session: Session, event: Event, settings: EventSettings) -> None:
    event.name = settings.name
    event.description = settings.description
    event.language = settings.language
    event.venue = settings.venue
    event.city = settings.city
    event.date = settings.date
    event.timezone = settings.timezone
    event.first_slot_start = settings.first_slot_start
    event.slot_minutes = settings.slot_minutes
    event.slot_count = settings.slot_count
    event.registration_deadline = settings.registration_deadline
    event.max_requests_per_participant = settings.max_requests_per_participant
    event.cross_group_only = settings.cross_group_only
    event.state = settings.state
    event.listing = settings.listing
    _breaks(event, settings.breaks)
    _tables(session, event, settings.tables)
    known_sectors = {s.name.casefold(): s for s in event.sectors}
    event.sectors = [known_sectors.get(n.casefold()) or Sector(name=n) for n in settings.sectors]
    known_groups = {g.name.casefold(): g for g in event.groups}
    groups = []
    for name, kind in settings.groups:
        group = known_groups.get(name.casefold()) or Group(name=name)
        group.kind = kind
        groups.append(group)
    event.groups = groups
    _interpreters(session, event, settings.interpreters)


def _breaks(event: Event, breaks: tuple[tuple[time, time, str], ...]) -> None:
    """Breaks updated in place, found by their start: replacing the rows would insert the
    new ones before the old ones are deleted and trip UNIQUE(event, start) (issue 16, 8)."""
    known = {b.start: b for b in event.breaks}
    kept = []
    for start, end, label in breaks:
        row = known.get(start) or EventBreak(start=start)
        row.end_time, row.label = end, label
        kept.append(row)
    event.breaks = kept


def _interpreters(session: Session, event: Event, specs: tuple[InterpreterSpec, ...]) -> None:
    """Interpreters by name: kept rows are updated (meetings point at them); one that is no
    longer listed goes only if no meeting uses it."""
    by_name = {i.name: i for i in event.interpreters}
    for spec in specs:
        row = by_name.get(spec.name)
        if row is None:
            row = EventInterpreter(name=spec.name)
            event.interpreters.append(row)
        row.languages = list(spec.languages)
        row.available_from, row.available_to = spec.available_from, spec.available_to
        row.max_meetings = spec.max_meetings
    wanted = {spec.name for spec in specs}
    for name, row in by_name.items():
        if name not in wanted:
            if _in_use(session, Meeting.interpreter_id, row.id):
                raise SetupError(
                    "interpreters", N_("%(name)s interprets meetings; move them first"), name=name
                )
            event.interpreters.remove(row)


def _in_use(session: Session, column: InstrumentedAttribute[int | None], row_id: int) -> bool:
    """Whether any meeting (of any version) points at the row."""
    return session.scalar(select(Meeting.id).where(column == row_id).limit(1)) is not None


def _tables(session: Session, event: Event, specs: tuple[TableSpec, ...]) -> None:
    """Tables keep their rows (meetings point at them); extra ones are added, and one that
    is no longer wanted goes only if no meeting uses it."""
    by_number = {t.number: t for t in event.tables}
    wanted = {spec.number for spec in specs}
    firms = {p.external_id: p for p in event.participants}
    for spec in specs:
        table = by_number.get(spec.number)
        if table is None:
            table = EventTable(number=spec.number)
            event.tables.append(table)
        table.name, table.theme = spec.name, spec.theme
        if spec.host and spec.host not in firms:
            raise SetupError(
                "table_names",
                N_("table %(table)d: no firm with id '%(id)s'"),
                table=spec.number,
                id=spec.host,
            )
        table.host_participant_id = firms[spec.host].id if spec.host else None
    for number, table in sorted(by_number.items()):
        if number in wanted:
            continue
        if _in_use(session, Meeting.table_id, table.id):
            raise SetupError(
                "table_count",
                N_("table %(table)d has meetings in a timetable version; move them first"),
                table=number,
            )
        event.tables.remove(table)
