"""Which slots each wish may take, the scheduler's task built from them, and why a wish is left
out: the part of the scheduler before any search, and the reasons after it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from matchmaker.core.messages import N_, Message
from matchmaker.core.scheduling.interpreters import plan_interpreters
from matchmaker.core.scheduling.placement import PlacementTask
from matchmaker.core.scheduling.slots import available_slot_numbers
from matchmaker.core.scheduling.types import Meeting, MeetingWish, Placement, SchedulingProblem
from matchmaker.core.types import Profile, Slot


@dataclass(frozen=True, slots=True)
class Unplaced:
    wish: MeetingWish
    why: Message

    @property
    def reason(self) -> str:
        """Why, in English with the firms' ids."""
        return str(self.why)


def wish_weight(wish: MeetingWish) -> int:
    """What placing a wish is worth: its priority, doubled when both firms asked."""
    return max(1, wish.priority) * (2 if wish.mutual else 1)


@dataclass(frozen=True, slots=True)
class WishSlots:
    """Each placeable wish with the slots it may take and the interpreter it takes (by pair),
    and the wishes that cannot be placed at all, with the reason."""

    placeable: list[tuple[MeetingWish, list[int]]]
    unplaceable: list[Unplaced]
    interpreters: dict[frozenset[str], str]


def wish_slots(problem: SchedulingProblem) -> WishSlots:
    """The slots each wish may take: both firms there and not held by a pinned meeting,
    inside its window, a table left, and its interpreter there and free."""
    profiles = {p.id: p for p in problem.profiles}
    slots = {s.number: s for s in problem.slots}
    available = {pid: available_slot_numbers(p, problem.slots) for pid, p in profiles.items()}
    pinned_busy = {(pid, pin.slot) for pin in problem.pinned for pid in (pin.a, pin.b)}
    tables_left = problem.open_tables()
    pinned_pairs = {pin.pair for pin in problem.pinned}
    placeable: list[tuple[MeetingWish, list[int]]] = []
    unplaceable: list[Unplaced] = []
    seen: set[frozenset[str]] = set()
    for wish in problem.wishes:
        reason = _why_impossible(wish, profiles, seen | pinned_pairs)
        seen.add(wish.pair)
        if reason is not None:
            if wish.pair not in pinned_pairs:
                unplaceable.append(Unplaced(wish, reason))
            continue
        allowed = [
            n
            for n in sorted(available[wish.a] & available[wish.b])
            if (wish.a, n) not in pinned_busy
            and (wish.b, n) not in pinned_busy
            and _inside(wish, slots[n])
            and (
                problem.seat(wish.a, wish.b, n) is not None
                if problem.seats(wish.a, wish.b)
                else tables_left[n] > 0
            )
        ]
        if allowed:
            placeable.append((wish, allowed))
        else:
            unplaceable.append(Unplaced(wish, _no_common_slot(wish, available, slots)))
    plan = plan_interpreters(problem, placeable)
    unplaceable += [Unplaced(placeable[k][0], reason) for k, reason in plan.refused.items()]
    kept = [
        (wish, plan.slots.get(k, allowed))
        for k, (wish, allowed) in enumerate(placeable)
        if k not in plan.refused
    ]
    interpreters = {placeable[k][0].pair: pid for k, pid in plan.interpreter.items()}
    return WishSlots(kept, unplaceable, interpreters)


def placement_task(problem: SchedulingProblem, wishes: WishSlots) -> PlacementTask:
    """The placeable wishes as a `PlacementTask` around the pinned meetings; an interpreter
    is a third party of the meetings they go with."""
    busy = [(pid, pin.slot) for pin in problem.pinned for pid in _parties(pin)]
    pinned_count: Counter[str] = Counter(pid for pid, _ in busy)
    limits = [(p.id, p.max_meetings) for p in problem.profiles]
    limits += [(i.id, i.max_meetings) for i in problem.interpreters]
    return PlacementTask(
        meetings=[
            Meeting(
                w.a,
                w.b,
                tuple(allowed),
                shared=not problem.seats(w.a, w.b),
                extra=(wishes.interpreters[w.pair],) if w.pair in wishes.interpreters else (),
            )
            for w, allowed in wishes.placeable
        ],
        weights=[wish_weight(w) for w, _ in wishes.placeable],
        slots=[s.number for s in problem.slots],
        tables=problem.open_tables(),
        busy=frozenset(busy),
        room={pid: max(0, limit - pinned_count[pid]) for pid, limit in limits if limit is not None},
    )


def _parties(m: Placement) -> tuple[str, ...]:
    return (m.a, m.b) if m.interpreter is None else (m.a, m.b, m.interpreter)


def _why_impossible(
    wish: MeetingWish, profiles: dict[str, Profile], done: set[frozenset[str]]
) -> Message | None:
    unknown = [pid for pid in (wish.a, wish.b) if pid not in profiles]
    if unknown:
        return Message(N_("unknown firm %(firms)s"), {"firms": ", ".join(unknown)})
    if wish.a == wish.b:
        return Message(N_("a firm cannot meet itself"))
    if wish.pair in done:
        return Message(N_("the pair already meets"))
    return None


def _inside(wish: MeetingWish, slot: Slot) -> bool:
    if wish.earliest is not None and slot.start < wish.earliest:
        return False
    return not (wish.latest is not None and slot.end > wish.latest)


def _no_common_slot(
    wish: MeetingWish, available: dict[str, frozenset[int]], slots: dict[int, Slot]
) -> Message:
    common = available[wish.a] & available[wish.b]
    if not common:
        return Message(N_("%(a)s and %(b)s are never there at the same time"),
                       {"a": wish.a, "b": wish.b})  # fmt: skip
    if not any(_inside(wish, slots[n]) for n in common):
        return Message(N_("no slot inside the wished time window while both are there"))
    return Message(N_("every slot both could use is taken by pinned meetings"))


def unplaced_reasons(problem: SchedulingProblem, placements: Sequence[Placement]) -> list[Unplaced]:
    """The wishes a schedule (any, e.g. one staff edited) leaves out, each with the reason."""
    placed = {p.pair for p in placements}
    impossible = {u.wish.pair: u for u in wish_slots(problem).unplaceable}
    return [
        impossible.get(w.pair) or Unplaced(w, reason_left_out(problem, w, placements))
        for w in problem.wishes
        if w.pair not in placed
    ]


def reason_left_out(
    problem: SchedulingProblem, wish: MeetingWish, placements: Sequence[Placement]
) -> Message:
    """Why a placeable-looking wish was left out of the schedule."""
    count: Counter[str] = Counter(pid for p in placements for pid in (p.a, p.b))
    limits = {p.id: p.max_meetings for p in problem.profiles}
    for pid in (wish.a, wish.b):
        limit = limits[pid]
        if limit is not None and count[pid] >= limit:
            return Message(N_("%(firm)s has reached its maximum of %(limit)d meetings"),
                           {"firm": pid, "limit": limit})  # fmt: skip
    return Message(N_("no slot where both firms and a table are free (the others weigh more)"))
