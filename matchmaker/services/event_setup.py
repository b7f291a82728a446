"""Setting up an event: its day, slot grid, breaks, tables, sectors, groups and rules; and,
before a change is saved, which existing meetings it would break.

Nothing is dropped silently: a change never deletes meetings. When it would leave meetings
outside the grid, in a break, at a table that no longer exists or otherwise against the
rules, the verifier's findings are listed per timetable version first, and staff confirm.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from matchmaker.core.messages import N_, Explained
from matchmaker.core.scheduling.slots import MAX_DAYS
from matchmaker.core.text.localised import TEXT_LANGUAGES
from matchmaker.core.text.slugs import slugify
from matchmaker.models import (
    Event,
    EventBreak,
    EventInterpreter,
    EventRole,
    EventState,
    EventTable,
    Group,
    GroupKind,
    ListingRule,
    Meeting,
    Organisation,
    ScheduleVersion,
    Sector,
    StaffUser,
)
from matchmaker.models.limits import max_length
from matchmaker.services.audit import record
from matchmaker.services.organisations import organisations_of, set_event_role
from matchmaker.services.schedules import ReportLine, version_report

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
    host: int | None = None  # the firm (its row id) that keeps this table all day


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
    days: int = 1  # days of meetings from `date` on, the same slots each day
    description: str = ""
    language: str = "de"  # the language of the texts above and below (Event.language)
    languages: tuple[str, ...] = ()  # the page languages offered (Event.languages); (): all
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
    _check_languages(settings)
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise SetupError(
            "timezone", N_("'%(zone)s' is not a time zone"), zone=settings.timezone
        ) from error
    if not 1 <= settings.days <= MAX_DAYS:
        raise SetupError("days", N_("a fair has 1 to %(num)d days of meetings"), num=MAX_DAYS)
    for (_, end, _), (start, _, _) in itertools.pairwise(sorted(settings.breaks)):
        if start < end:
            raise SetupError(
                "breaks", N_("the break at %(time)s overlaps the one before"),
                time=f"{start:%H:%M}",
            )  # fmt: skip
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


def _check_languages(settings: EventSettings) -> None:
    """The page languages offered are languages, and the event's own is among them."""
    for code in settings.languages:
        if code not in TEXT_LANGUAGES:
            raise SetupError("languages", N_("'%(code)s' is not a language"), code=code)
    if settings.languages and settings.language not in settings.languages:
        raise SetupError(
            "languages", N_("the fair's own language '%(code)s' must be among them"),
            code=settings.language,
        )  # fmt: skip


def _check_lengths(settings: EventSettings) -> None:
    """Names on the lists fit their database columns and are not listed twice (the form
    checks both per row; this keeps any other caller from a database error)."""
    named = (
        ("sectors", max_length(Sector.name), settings.sectors),
        ("groups", max_length(Group.name), tuple(name for name, _ in settings.groups)),
        ("breaks", max_length(EventBreak.label), tuple(label for _, _, label in settings.breaks)),
    )
    twice = (
        ("groups", [name.casefold() for name, _ in settings.groups]),
        ("interpreters", [i.name for i in settings.interpreters]),
        ("tables", [str(t.number) for t in settings.tables]),
    )
    for field, keys in twice:
        for key in {k for k in keys if keys.count(k) > 1}:
            raise SetupError(field, N_("'%(name)s' is listed twice"), name=key)
    for field, limit, names in named:
        for name in names:
            if len(name) > limit:
                raise SetupError(
                    field,
                    N_("'%(name)s...' is longer than %(limit)d characters"),
                    name=name[:40],
                    limit=limit,
                )


def derive_slug(session: Session, name: str, day: date) -> str:
    """A free short name made from the event's name (umlauts written out, Cyrillic
    transliterated), else from its date; -2, -3 ... appended when it is taken."""
    base = slugify(name, 74)
    if len(base) < 3:
        base = f"event-{day:%Y-%m-%d}"
    taken = set(session.scalars(select(Event.slug).where(Event.slug.startswith(base))))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_event(
    session: Session,
    slug: str,
    settings: EventSettings,
    staff: StaffUser,
    *,
    owner: Organisation | None = None,
) -> Event:
    """A new event; with `slug` empty its short name is made from its name. `owner` owns
    it; without one, the creator's organisation (of several, the first by name)."""
    slug = slug or derive_slug(session, settings.name, settings.date)
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
    if owner is None and (offices := organisations_of(session, staff)):
        owner = offices[0]
    if owner is not None:
        set_event_role(session, event, owner, EventRole.OWNER)
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
    event.languages = ",".join(dict.fromkeys(settings.languages)) or None
    event.venue = settings.venue
    event.city = settings.city
    event.date = settings.date
    event.timezone = settings.timezone
    event.first_slot_start = settings.first_slot_start
    event.slot_minutes = settings.slot_minutes
    event.slot_count = settings.slot_count
    event.days = settings.days
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
    firms = {p.id for p in event.participants}
    for spec in specs:
        table = by_number.get(spec.number)
        if table is None:
            table = EventTable(number=spec.number)
            event.tables.append(table)
        table.name, table.theme = spec.name, spec.theme
        if spec.host is not None and spec.host not in firms:
            raise SetupError(
                "tables", N_("table %(table)d: the firm is not one of this event's"),
                table=spec.number,
            )  # fmt: skip
        table.host_participant_id = spec.host
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
