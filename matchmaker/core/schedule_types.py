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
    published) must stay where they are; `closed` (slot, table) cells cannot be used (a
    table lost on the fair day)."""

    profiles: tuple[Profile, ...]
    wishes: tuple[MeetingWish, ...]
    slots: tuple[Slot, ...]
    tables: int
    pinned: tuple[Placement, ...] = field(default=())
    closed: frozenset[tuple[int, int]] = field(default=frozenset())

    def table_free(self, slot: int, table: int, taken: set[tuple[int, int]]) -> bool:
        """Whether a meeting may sit at the table in the slot, given the cells `taken`."""
        return (slot, table) not in taken and (slot, table) not in self.closed

    def open_tables(self) -> dict[int, int]:
        """Tables each slot still offers to new meetings: all, less closed and pinned ones."""
        left = {s.number: self.tables for s in self.slots}
        for slot, table in self.closed | {(p.slot, p.table) for p in self.pinned}:
            if slot in left and 1 <= table <= self.tables:
                left[slot] -= 1
        return left
