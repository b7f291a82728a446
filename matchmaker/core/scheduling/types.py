"""What the scheduler works on and produces: meeting requests, the problem, placed meetings,
and a meeting as the placement and break solvers see it (`Meeting`: its parties and the
slots it may take)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time

from matchmaker.core.types import Profile, Slot


def gaps(slots: set[int], day_of: Mapping[int, int] | None = None) -> int:
    """Breaks in a day with meetings in `slots`: runs of free slots between two meetings
    (slot numbers run on over a lunch break, so a lunch break is no break). With `day_of`
    (slot number to day), the breaks of each day of a fair over several days: the night
    is no break either."""
    if not slots:
        return 0
    if day_of is not None:
        last_of_day: dict[int, int] = {}
        for s in slots:  # a slot the grid no longer has (the verifier names it): a day apart
            day = day_of.get(s, -1)
            last_of_day[day] = max(s, last_of_day.get(day, s))
        ends = set(last_of_day.values())
        return sum(1 for s in slots if s not in ends and s + 1 not in slots)
    last = max(slots)
    return sum(1 for s in slots if s != last and s + 1 not in slots)


@dataclass(frozen=True, slots=True)
class MeetingWish:
    """A wanted meeting of two firms (a pair asked both ways is one, mutual, wish)."""

    a: str
    b: str
    priority: int = 1
    earliest: time | None = None
    latest: time | None = None
    mutual: bool = False

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True, slots=True)
class Placement:
    """A meeting placed at a table (1-based) in a slot (1-based), with the interpreter it
    needs when the two firms share no language."""

    a: str
    b: str
    slot: int
    table: int
    interpreter: str | None = None

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True, slots=True)
class Interpreter:
    """An interpreter the fair books: the languages they work between and their hours (no
    bound: the whole day); one meeting at a time, at most `max_meetings` in the day."""

    id: str
    languages: tuple[str, ...]
    available_from: time | None = None
    available_to: time | None = None
    max_meetings: int | None = None

    def speaks_for(self, a: Profile, b: Profile) -> bool:
        """Whether they can interpret between a language of a and a language of b."""
        own = {lang.casefold() for lang in self.languages}
        return any(x.casefold() in own for x in a.languages) and any(
            y.casefold() in own for y in b.languages
        )


def needs_interpreter(a: Profile, b: Profile) -> bool:
    """Two firms need an interpreter when both name their languages and share none (a firm
    that names none is taken to manage)."""
    if not a.languages or not b.languages:
        return False
    return not {x.casefold() for x in a.languages} & {y.casefold() for y in b.languages}


@dataclass(frozen=True, slots=True)
class TableThemes:
    """Staff's themes of tables (table number to theme) and how well each firm fits each
    theme (`fit[(firm, theme)]`, a cosine, e.g. `table_themes.theme_fit`). A firm fits a theme
    when the theme is one of its `sectors` or its fit reaches `floor`; a meeting fits a
    themed table when both its firms fit the theme (so that two food firms do not sit at
    "Medizintechnik" while a table without a theme is free)."""

    themes: Mapping[int, str]
    fit: Mapping[tuple[str, str], float]
    sectors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    floor: float = 0.1

    def firm_fits(self, firm: str, theme: str) -> bool:
        named = {s.casefold() for s in self.sectors.get(firm, ())}
        return theme.casefold() in named or self.fit.get((firm, theme), 0.0) >= self.floor

    def pair_fit(self, a: str, b: str, table: int) -> float | None:
        """How well a meeting of a and b fits the table's theme: None when the table has no
        theme or the meeting does not fit it, else the firms' mean fit."""
        theme = self.themes.get(table)
        if theme is None or not (self.firm_fits(a, theme) and self.firm_fits(b, theme)):
            return None
        return (self.fit.get((a, theme), 0.0) + self.fit.get((b, theme), 0.0)) / 2


@dataclass(frozen=True, slots=True)
class SchedulingProblem:
    """Firms, their wishes, the day's slots and the number of tables; pinned meetings (already
    published) must stay where they are; `closed` (slot, table) cells cannot be used (a
    table lost on the fair day); `hosts` gives firms that keep one table all day (fixed
    seats: a delegation or hosted buyers sit, the others come to them). A host's meetings
    take place at its table, no other meeting does; a host whose table is closed in a slot
    does not meet then. A meeting of two firms without a common language needs one of the
    `interpreters` who speaks for both. With `themes`, meetings are seated at tables whose
    theme fits them where they can (`seating`)."""

    profiles: tuple[Profile, ...]
    wishes: tuple[MeetingWish, ...]
    slots: tuple[Slot, ...]
    tables: int
    pinned: tuple[Placement, ...] = field(default=())
    closed: frozenset[tuple[int, int]] = field(default=frozenset())
    hosts: Mapping[str, int] = field(default_factory=dict)
    interpreters: tuple[Interpreter, ...] = ()
    themes: TableThemes | None = None

    def __post_init__(self) -> None:
        seen: dict[int, str] = {}
        for firm, table in sorted(self.hosts.items()):
            if not 1 <= table <= self.tables:
                raise ValueError(f"{firm}'s fixed table {table} is not one of 1-{self.tables}")
            if table in seen:
                raise ValueError(f"{seen[table]} and {firm} cannot both keep table {table}")
            seen[table] = firm
        clash = sorted({i.id for i in self.interpreters} & {p.id for p in self.profiles})
        if clash:
            raise ValueError(f"interpreter id(s) {', '.join(clash)} are also firms' ids")

    def seats(self, a: str, b: str) -> tuple[int, ...]:
        """The host tables a meeting of a and b may take; empty: it takes a shared one."""
        return tuple(self.hosts[pid] for pid in (a, b) if pid in self.hosts)

    def seat(self, a: str, b: str, slot: int) -> int | None:
        """The first host table of a and b open in the slot, None if none is (or no host)."""
        return next((t for t in self.seats(a, b) if (slot, t) not in self.closed), None)

    def table_free(self, slot: int, table: int, taken: set[tuple[int, int]]) -> bool:
        """Whether a meeting without a host may sit at the table in the slot, given the
        cells `taken`: not taken, not closed, not a host's."""
        return (
            (slot, table) not in taken
            and (slot, table) not in self.closed
            and table not in self.hosts.values()
        )

    def open_tables(self) -> dict[int, int]:
        """Shared tables each slot still offers to meetings without a host: all but the
        hosts' tables, less closed ones and those pinned meetings hold."""
        own = set(self.hosts.values())
        left = {s.number: self.tables - len(own) for s in self.slots}
        for slot, table in self.closed | {(p.slot, p.table) for p in self.pinned}:
            if slot in left and 1 <= table <= self.tables and table not in own:
                left[slot] -= 1
        return left


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
