"""Plain, frozen value types shared by the solvers, the file readers and the services.

Times are wall-clock times on the fair's single day (`datetime.time`); the event's time zone
is applied only at the edges (pages, calendar files).
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
    break ends instead (a lunch break moves the afternoon, it does not eat a slot).
    """

    first_start: time
    slot_minutes: int
    slot_count: int
    breaks: tuple[TimeRange, ...] = ()


@dataclass(frozen=True, slots=True)
class Slot:
    """One meeting slot; `number` is 1-based, as in the schedule files."""

    number: int
    start: time
    end: time

    @property
    def range(self) -> TimeRange:
        return TimeRange(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Profile:
    """A participating firm as the matcher and scheduler see it (one row of a profiles file)."""

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
