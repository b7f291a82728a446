"""Repair a published schedule on the fair day: a firm does not come, arrives late or leaves
early, a meeting is cancelled or newly wanted, a table is lost.

Every meeting the changes do not touch stays exactly where it was (people have printed their
agendas), and so does everything before the freeze point (`from_slot`: slots that have begun or
that staff will not change), except a meeting a firm cannot have held because it had not
arrived yet or had left. The meetings the changes do touch move if they can; then the freed
places are filled with the best waiting wishes. Nothing new is ever placed before the freeze
point (its tables are closed to new meetings), before a firm arrives or after it leaves (it is
away then, all day long, not only from the freeze point). The result lists exactly what
changed, for whom.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from typing import Literal

from matchmaker.core.messages import N_, Message
from matchmaker.core.scheduling.checks import DayFacts
from matchmaker.core.scheduling.days import fair_days
from matchmaker.core.scheduling.scheduler import ScheduleOptions, ScheduleResult, schedule
from matchmaker.core.scheduling.slots import available_slot_numbers
from matchmaker.core.scheduling.types import MeetingWish, Placement, SchedulingProblem
from matchmaker.core.scheduling.wish_slots import Unplaced
from matchmaker.core.types import Profile, TimeRange


@dataclass(frozen=True, slots=True)
class FairDayChanges:
    """What happened. `absent`: firms that do not come; `arrives`/`leaves`: new stay bounds;
    `cancelled`: pairs whose meeting is off; `wanted`: new wishes; `lost_tables`: tables out
    of use from `from_slot` on; `from_slot`: the first slot that may still change (earlier
    ones have begun or passed; default: the first slot of the day)."""

    absent: frozenset[str] = field(default=frozenset())
    arrives: Mapping[str, time] = field(default_factory=dict)
    leaves: Mapping[str, time] = field(default_factory=dict)
    cancelled: frozenset[frozenset[str]] = field(default=frozenset())
    wanted: tuple[MeetingWish, ...] = ()
    lost_tables: frozenset[int] = field(default=frozenset())
    from_slot: int = 1

    def facts(self, published: Sequence[Placement], day: int | None = None) -> DayFacts:
        """The changes as the verifier's facts about the day (of a fair over several days:
        `day`), against the published timetable."""
        return DayFacts(
            self.arrives, self.leaves, self.absent, self.from_slot, tuple(published), day
        )


ChangeKind = Literal["cancelled", "moved", "new"]


@dataclass(frozen=True, slots=True)
class AgendaChange:
    """One change in one firm's agenda: a meeting cancelled (`before` only), moved to
    another slot or table (`before` and `after`), or new (`after` only), and why."""

    firm: str
    partner: str
    kind: ChangeKind
    before: Placement | None
    after: Placement | None
    why: Message

    @property
    def reason(self) -> str:
        """Why, in English with the firms' ids."""
        return str(self.why)


@dataclass(frozen=True, slots=True)
class RepairResult:
    problem: SchedulingProblem  # the fair as it now is: what `placements` are valid for
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    changes: tuple[AgendaChange, ...]
    kept: int  # published meetings left exactly where they were

    def changes_for(self, firm: str) -> list[AgendaChange]:
        return [c for c in self.changes if c.firm == firm]


def repair(
    problem: SchedulingProblem,
    published: Sequence[Placement],
    changes: FairDayChanges,
    options: ScheduleOptions | None = None,
) -> RepairResult:
    """The published schedule, changed as little as the changes force, refilled."""
    options = options or ScheduleOptions(time_limit=2.0)
    known = {p.id for p in problem.profiles}
    unknown = sorted((set(changes.absent) | set(changes.arrives) | set(changes.leaves)) - known)
    if unknown:
        raise ValueError(f"unknown firm(s) in the changes: {', '.join(unknown)}")
    if not problem.slots or changes.from_slot > problem.slots[-1].number:
        raise ValueError("nothing left to repair: the day's last slot has begun")
    if len({s.day for s in problem.slots}) > 1:
        return _repair_today(problem, published, changes, options)
    future = [s for s in problem.slots if s.number >= changes.from_slot]
    day = (problem.slots[0].start, problem.slots[-1].end)
    profiles = tuple(_changed(p, changes, future[0].start, day) for p in problem.profiles)
    wishes = [
        w
        for w in problem.wishes
        if w.pair not in changes.cancelled
        and w.a not in changes.absent
        and w.b not in changes.absent
    ]
    wished = {w.pair for w in wishes}
    wishes += [w for w in changes.wanted if w.pair not in wished]
    closed = frozenset((s.number, t) for s in future for t in changes.lost_tables)
    frozen = frozenset(
        (s.number, t)
        for s in problem.slots
        if s.number < changes.from_slot
        for t in range(1, problem.tables + 1)
    )  # before the freeze point no table takes a new meeting
    now = dataclasses.replace(
        problem, profiles=profiles, wishes=tuple(wishes), closed=problem.closed | closed | frozen
    )
    available = {p.id: available_slot_numbers(p, now.slots) for p in profiles}

    reasons: dict[Placement, Message] = {}
    kept: list[Placement] = []
    facts = changes.facts(published)
    slots = {s.number: s for s in problem.slots}
    for m in published:
        if gone := [pid for pid in (m.a, m.b) if pid not in known]:  # erased, withdrawn
            reasons[m] = Message(N_("%(firm)s no longer takes part"), {"firm": gone[0]})
            continue
        reason = _why_affected(m, changes, available)
        if m.slot < changes.from_slot:
            # history, whatever happened, unless a firm of it was not there yet or any more
            slot = slots.get(m.slot)
            if slot is None or not any(facts.away(pid, slot) for pid in (m.a, m.b)):
                reason = None
        if reason is None:
            kept.append(m)
        else:
            reasons[m] = reason
    kept += _reseated(now, kept, reasons, available)
    result: ScheduleResult = schedule(
        dataclasses.replace(now, pinned=tuple(kept)),
        dataclasses.replace(options, max_breaks_per_firm=None),
    )
    after = {m.pair: m for m in result.placements}
    found: list[AgendaChange] = []
    for m, reason in reasons.items():
        new = after.get(m.pair)
        found += _both(m, "moved" if new else "cancelled", m, new, reason)
    before_pairs = {m.pair for m in published}
    for m in result.placements:
        if m.pair not in before_pairs:
            found += _both(m, "new", None, m, Message(N_("a place became free")))
    return RepairResult(
        problem=dataclasses.replace(now, pinned=tuple(kept)),
        placements=result.placements,
        unplaced=result.unplaced,
        changes=tuple(sorted(found, key=lambda c: (c.firm, c.partner, c.kind))),
        kept=len(set(published) & set(result.placements)),
    )


def _repair_today(
    problem: SchedulingProblem,
    published: Sequence[Placement],
    changes: FairDayChanges,
    options: ScheduleOptions,
) -> RepairResult:
    """`repair` on a fair over several days: the changes are about the day of the freeze
    point (today), which is repaired by itself; the other days' meetings stay as they are
    (earlier days are history; tomorrow a firm absent today may come), and count against
    today's wishes (a pair met yesterday does not meet again) and firms' maximums."""
    today = next(d for d in fair_days(problem.slots) if d.holds(changes.from_slot))
    others = [m for m in published if not today.holds(m.slot)]
    met = {m.pair for m in others}
    count = Counter(pid for m in others for pid in m.pair)

    def local(m: Placement) -> Placement:
        return dataclasses.replace(m, slot=today.local(m.slot))

    def lifted(m: Placement) -> Placement:
        return dataclasses.replace(m, slot=m.slot + today.offset)

    profiles = tuple(
        p
        if p.max_meetings is None
        else dataclasses.replace(p, max_meetings=max(0, p.max_meetings - count[p.id]))
        for p in problem.profiles
    )
    alone = dataclasses.replace(
        problem,
        profiles=profiles,
        wishes=tuple(w for w in problem.wishes if w.pair not in met),
        slots=today.slots,
        pinned=tuple(local(m) for m in problem.pinned if today.holds(m.slot)),
        closed=frozenset((today.local(s), t) for s, t in problem.closed if today.holds(s)),
    )
    result = repair(
        alone,
        [local(m) for m in published if today.holds(m.slot)],
        dataclasses.replace(
            changes,
            from_slot=today.local(changes.from_slot),
            wanted=tuple(w for w in changes.wanted if w.pair not in met),
        ),
        options,
    )
    placements = tuple(
        sorted([*others, *map(lifted, result.placements)], key=lambda m: (m.slot, m.table))
    )
    kept = tuple(p for p in placements if p in set(published))
    return RepairResult(
        problem=dataclasses.replace(problem, pinned=kept),
        placements=placements,
        unplaced=result.unplaced,
        changes=tuple(
            dataclasses.replace(
                c,
                before=None if c.before is None else lifted(c.before),
                after=None if c.after is None else lifted(c.after),
            )
            for c in result.changes
        ),
        kept=len(set(published) & set(placements)),
    )


def _reseated(
    now: SchedulingProblem,
    kept: list[Placement],
    reasons: dict[Placement, Message],
    available: dict[str, frozenset[int]],
) -> list[Placement]:
    """Affected meetings that can stay in their slot at another table (a lost table): the
    smallest change for the two firms. They are pinned there like the untouched ones."""
    taken = {(m.slot, m.table) for m in kept}
    wished = {w.pair for w in now.wishes}
    moved: list[Placement] = []
    for m in sorted(reasons, key=lambda m: (m.slot, m.table)):
        if m.pair not in wished or any(m.slot not in available.get(p, ()) for p in (m.a, m.b)):
            continue
        if now.seats(m.a, m.b):
            table = now.seat(m.a, m.b, m.slot)
        else:
            free = (t for t in range(1, now.tables + 1) if now.table_free(m.slot, t, taken))
            table = next(free, None)
        if table is not None:
            taken.add((m.slot, table))
            moved.append(dataclasses.replace(m, table=table))
    return moved


def _changed(
    profile: Profile, changes: FairDayChanges, open_from: time, day: tuple[time, time]
) -> Profile:
    """The firm's profile with the changes as times away: a firm that does not come from the
    first open slot on (its meetings before stay as history); a late or early firm from the
    start of the day to its arrival and from its departure to the end of the day, so that no
    meeting is placed, or kept, where it cannot be."""
    start, end = day
    away: list[TimeRange] = []
    if profile.id in changes.absent and open_from < end:
        away.append(TimeRange(open_from, end))
    if profile.id in changes.arrives and changes.arrives[profile.id] > start:
        away.append(TimeRange(start, min(end, changes.arrives[profile.id])))
    if profile.id in changes.leaves:
        leaves = max(start, changes.leaves[profile.id])
        if leaves < end:
            away.append(TimeRange(leaves, end))
    if not away:
        return profile
    return dataclasses.replace(profile, unavailable=(*profile.unavailable, *away))


def _why_affected(
    m: Placement, changes: FairDayChanges, available: dict[str, frozenset[int]]
) -> Message | None:
    """Why the changes touch a published meeting; None when they do not."""
    for pid in (m.a, m.b):
        if pid in changes.absent:
            return Message(N_("%(firm)s does not come"), {"firm": pid})
    if m.pair in changes.cancelled:
        return Message(N_("the meeting was cancelled"))
    for pid in (m.a, m.b):
        if m.slot not in available[pid]:
            if pid in changes.arrives:
                return Message(N_("%(firm)s arrives at %(time)s"),
                               {"firm": pid, "time": f"{changes.arrives[pid]:%H:%M}"})  # fmt: skip
            if pid in changes.leaves:
                return Message(N_("%(firm)s leaves at %(time)s"),
                               {"firm": pid, "time": f"{changes.leaves[pid]:%H:%M}"})  # fmt: skip
            return Message(
                N_("%(firm)s is not there in slot %(slot)s"), {"firm": pid, "slot": m.slot}
            )
    if m.table in changes.lost_tables and m.slot >= changes.from_slot:
        return Message(N_("table %(table)s is out of use"), {"table": m.table})
    return None


def _both(
    m: Placement, kind: ChangeKind, before: Placement | None, after: Placement | None, why: Message
) -> list[AgendaChange]:
    return [
        AgendaChange(m.a, m.b, kind, before, after, why),
        AgendaChange(m.b, m.a, kind, before, after, why),
    ]
