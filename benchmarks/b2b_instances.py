"""The public B2B meeting-scheduling instances (Bofill et al., JAIR 74 (2022)), read from
../shared/benchmarks/b2b-instances (not copied here: their licence is unclear).

Each `.dzn` file gives participants, requested meetings (pair and session: 1 morning only,
2 afternoon only, 3 either), tables, slots (the first `nMorningSlots` are the morning),
forbidden slots per participant, fixed slots per meeting and precedences (all 1-based).
`to_problem` turns an instance into our `SchedulingProblem`: 30-minute slots from 09:00,
forbidden slots as unavailable ranges, sessions as time windows, fixed meetings pinned.
`breaks` counts breaks as the paper does: maximal runs of slots without a meeting between a
participant's consecutive meetings, whatever the reason (forbidden slots included).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem
from matchmaker.core.types import Profile, SlotGrid, TimeRange

HERE = Path(__file__).resolve().parent
INSTANCES = HERE.parent.parent / "shared" / "benchmarks" / "b2b-instances"
ORIGINALS = (
    "forum-13", "forum-13crafb", "forum-13crafc", "forum-14", "forumt-14", "forumt-14crafc",
    "forumt-14crafd", "forumt-14crafe", "tic-12", "tic-12crafc", "tic-13", "tic-13crafb",
    "tic-13crafc", "tic-14crafa", "tic-14crafc", "tic-14crafd", "ticf-13crafa", "ticf-13crafb",
    "ticf-13crafc", "ticf-14crafa",
)  # fmt: skip


@dataclass(frozen=True)
class B2BInstance:
    name: str
    participants: int
    tables: int
    slots: int
    morning_slots: int
    meetings: tuple[tuple[int, int, int], ...]  # (participant, participant, session)
    forbidden: tuple[frozenset[int], ...]  # per participant
    fixed: tuple[int, ...]  # per meeting, 0 = not fixed
    precedences: tuple[frozenset[int], ...]  # per meeting: meetings held strictly earlier


def instance_path(name: str, variant: str = "original") -> Path:
    return INSTANCES / "noves" / f"{name}.{variant}.dzn"


def read_instance(path: Path) -> B2BInstance:
    """Parse one `.dzn` file of the benchmark."""
    text = path.read_text(encoding="utf-8")

    def scalar(name: str) -> int:
        found = re.search(rf"\b{name}\s*=\s*(\d+)\s*;", text)
        if found is None:
            raise ValueError(f"{path.name}: no {name}")
        return int(found.group(1))

    def body(name: str) -> str:
        found = re.search(rf"\b{name}\s*=\s*\[(.*?)\]\s*;", text, re.S)
        if found is None:
            raise ValueError(f"{path.name}: no {name}")
        return found.group(1)

    def sets(name: str) -> tuple[frozenset[int], ...]:
        return tuple(
            frozenset(int(v) for v in re.findall(r"\d+", group))
            for group in re.findall(r"\{([^}]*)\}", body(name))
        )

    numbers = [int(v) for v in re.findall(r"\d+", body("requested"))]
    meetings = tuple(
        (numbers[i], numbers[i + 1], numbers[i + 2]) for i in range(0, len(numbers), 3)
    )
    instance = B2BInstance(
        name=path.name.removesuffix(".dzn"),
        participants=scalar("nBusiness"),
        tables=scalar("nTables"),
        slots=scalar("nTotalSlots"),
        morning_slots=scalar("nMorningSlots"),
        meetings=meetings,
        forbidden=tuple(s - {0} for s in sets("forbidden")),
        fixed=tuple(int(v) for v in re.findall(r"\d+", body("fixed"))),
        precedences=sets("precedences"),
    )
    if len(meetings) != scalar("nMeetings") or len(instance.forbidden) != instance.participants:
        raise ValueError(f"{path.name}: sizes do not agree with nMeetings / nBusiness")
    return instance


def firm_id(participant: int) -> str:
    return f"B{participant:03d}"


def to_problem(instance: B2BInstance) -> SchedulingProblem:
    """Our scheduling problem for an instance (precedences are not part of our model)."""
    slots = build_slots(SlotGrid(time(9, 0), 30, instance.slots))
    profiles = tuple(
        Profile(
            id=firm_id(p),
            unavailable=tuple(
                TimeRange(slots[s - 1].start, slots[s - 1].end)
                for s in sorted(instance.forbidden[p - 1])
            ),
        )
        for p in range(1, instance.participants + 1)
    )
    morning_end = slots[instance.morning_slots - 1].end
    wishes: list[MeetingWish] = []
    seen: set[frozenset[str]] = set()
    for a, b, session in instance.meetings:
        wish = MeetingWish(
            firm_id(a),
            firm_id(b),
            earliest=morning_end if session == 2 else None,
            latest=morning_end if session == 1 else None,
        )
        if wish.pair not in seen:  # two instances repeat a pair; a pair meets once
            seen.add(wish.pair)
            wishes.append(wish)
    tables_taken: dict[int, int] = defaultdict(int)
    pinned: list[Placement] = []
    for (a, b, _), slot in zip(instance.meetings, instance.fixed, strict=True):
        if slot:
            tables_taken[slot] += 1
            pinned.append(Placement(firm_id(a), firm_id(b), slot, tables_taken[slot]))
    return SchedulingProblem(profiles, tuple(wishes), slots, instance.tables, tuple(pinned))


def breaks(placements: Sequence[Placement]) -> dict[str, int]:
    """Breaks per participant with a meeting, as the paper counts them."""
    taken: dict[str, set[int]] = defaultdict(set)
    for m in placements:
        taken[m.a].add(m.slot)
        taken[m.b].add(m.slot)
    return {
        firm: sum(1 for s in range(min(own), max(own)) if s in own and s + 1 not in own)
        for firm, own in taken.items()
    }
