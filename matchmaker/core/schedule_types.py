"""What the scheduler works on and produces: meeting requests, the problem, placed meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from matchmaker.core.types import Profile, Slot


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
    """A meeting placed at a table (1-based) in a slot (1-based)."""

    a: str
    b: str
    slot: int
    table: int

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True, slots=True)
class SchedulingProblem:
    """Firms, their wishes, the day's slots and the number of tables; pinned meetings (already
    published) must stay where they are."""

    profiles: tuple[Profile, ...]
    wishes: tuple[MeetingWish, ...]
    slots: tuple[Slot, ...]
    tables: int
    pinned: tuple[Placement, ...] = field(default=())
