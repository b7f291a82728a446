"""Plain, frozen value types shared by the solvers, the file readers and the services.

Times are wall-clock times on a fair's day (`datetime.time`); a fair over several days has
the same grid each day, and its slots carry their day (`Slot.day`, 0 for the first). The
event's date and time zone are applied only at the edges (pages, calendar files).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time


def to_minutes(moment: time) -> int:
    """Minutes since midnight; the unit the solvers compute in."""
    return moment.hour * 60 + moment.minute


def from_minutes(minutes: int) -> time:
    """Inverse of `to_minutes` for a moment on the same day (0 <= minutes < 1440)."""
    if not 0 <= minutes < 24 * 60:
        raise ValueError(f"{minutes} minutes lies outside the fair's day")
    return time(minutes // 60, minutes % 60)


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A half-open interval [start, end) on the fair's day."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(
                f"time range {self.start:%H:%M}-{self.end:%H:%M} must end after it starts"
            )

    def overlaps(self, other: TimeRange) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: TimeRange) -> bool:
        return self.start <= other.start and other.end <= self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True, slots=True)
class SlotGrid:
    """How the fair's day is cut into meeting slots: a first start, a length, a count, breaks.

    Slots follow each other without gaps; a slot that would overlap a break starts when the
    break ends instead (a lunch break moves the afternoon, it does not eat a slot). A fair of
    `days` days (1-3) has the same slots and breaks each day; `slot_count` is per day.
    """

    first_start: time
    slot_minutes: int
    slot_count: int
    breaks: tuple[TimeRange, ...] = ()
    days: int = 1


@dataclass(frozen=True, slots=True)
class Slot:
    """One meeting slot; `number` is 1-based, as in the schedule files, and runs on over the
    fair's days (day 2 of a fair of 8 slots a day starts with slot 9); `day` is 0-based."""

    number: int
    start: time
    end: time
    day: int = 0

    @property
    def range(self) -> TimeRange:
        return TimeRange(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Profile:
    """A participating firm as the matcher and scheduler see it (one row of a profiles file).

    Its stay (`available_from`/`available_to`) and `unavailable` ranges hold on each day it
    is there; `days` are the fair's days (0-based) it is there on, empty for every day.
    `max_meetings` counts over the whole fair."""

    id: str
    name: str = ""
    country: str = ""
    group: str = ""
    sectors: tuple[str, ...] = ()
    offer: str = ""
    request: str = ""
    description: str = ""
    languages: tuple[str, ...] = ()
    available_from: time | None = None
    available_to: time | None = None
    unavailable: tuple[TimeRange, ...] = field(default=())
    max_meetings: int | None = None
    organisation: str = ""
    days: tuple[int, ...] = ()

    def there_on(self, day: int) -> bool:
        """Whether the firm is at the fair on the day (0-based)."""
        return not self.days or day in self.days
