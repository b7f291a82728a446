"""The scheduler's verifier: is a schedule valid, and how good is it. Used by tests, the
command line and the pages, independently of how a schedule was made."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time

from matchmaker.core.messages import N_
from matchmaker.core.scheduling.interpreters import interpreter_slots
from matchmaker.core.scheduling.slots import available_slot_numbers
from matchmaker.core.scheduling.types import (
    MeetingWish,
    Placement,
    SchedulingProblem,
    gaps,
    needs_interpreter,
)
from matchmaker.core.types import Slot, TimeRange


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule a schedule breaks: an English template (marked `N_`) with its values, and
    the meeting it is about, if one. `str()` is the English line the command line prints;
    pages put in firm names and times and translate it."""

    reason: str
    values: Mapping[str, object] = field(default_factory=dict)
    meeting: Placement | None = None

    def __str__(self) -> str:
        text = self.reason % dict(self.values) if self.values else self.reason
        m = self.meeting
        return f"{m.a}-{m.b} in slot {m.slot} at table {m.table}: {text}" if m else text

    @property
    def kind(self) -> str:
        """The finding without the place it names: the same meeting against the same rule
        is one kind wherever the meeting sits (a move may keep a kind, not add one)."""
        text = self.reason % dict(self.values) if self.values else self.reason
        m = self.meeting
        return f"{m.a}-{m.b}: {text}" if m else text


def schedule_violations(problem: SchedulingProblem, placements: Sequence[Placement]) -> list[str]:
    """Every hard rule a schedule breaks, in English; empty when it is valid."""
    return [str(f) for f in schedule_findings(problem, placements)]


def schedule_findings(problem: SchedulingProblem, placements: Sequence[Placement]) -> list[Finding]:
    """Every hard rule a schedule breaks; empty when it is valid.

    Rules: known firms and slots and tables; no firm with itself; no firm in two meetings of
    one slot; at most one meeting per table and slot; every meeting inside both firms'
    availability and its wish's time window; at most `max_meetings` per firm; a pair at most
    once; every placed pair was wished (or pinned); every pinned meeting kept as it was; no
    new meeting at a closed table; a host's meetings at its own table, no other meeting there;
    firms without a common language with an interpreter who speaks for both, is there, sits
    in one meeting at a time and in no more than booked.
    """
    problems, pairs, meetings = _meeting_findings(problem, placements)
    return problems + _count_findings(problem, placements, pairs, meetings)


def _meeting_findings(
    problem: SchedulingProblem, placements: Sequence[Placement]
) -> tuple[list[Finding], Counter[frozenset[str]], Counter[str]]:
    """The rules each meeting breaks by itself or beside the meetings before it, and how
    often each pair and each firm meets (counted over the meetings with known firms and
    slots), for `_count_findings`."""
    profiles = {p.id: p for p in problem.profiles}
    slots = {s.number: s for s in problem.slots}
    available = {pid: available_slot_numbers(p, problem.slots) for pid, p in profiles.items()}
    wishes = {w.pair: w for w in problem.wishes}
    pinned_pairs = {p.pair for p in problem.pinned}
    pinned = set(problem.pinned)
    interpreting: dict[tuple[str, int], Placement] = {}
    problems: list[Finding] = []
    busy: dict[tuple[str, int], Placement] = {}
    tables: dict[tuple[int, int], Placement] = {}
    pairs: Counter[frozenset[str]] = Counter()
    meetings: Counter[str] = Counter()

    def found(m: Placement, reason: str, /, **values: object) -> None:
        problems.append(Finding(reason, values, m))

    for m in placements:
        if m.a == m.b:
            found(m, N_("a firm cannot meet itself"))
            continue
        unknown = [pid for pid in (m.a, m.b) if pid not in profiles]
        if unknown:
            found(m, N_("unknown firm %(firms)s"), firms=", ".join(unknown))
            continue
        if m.slot not in slots:
            found(m, N_("there is no slot %(slot)s"), slot=m.slot)
            continue
        if not 1 <= m.table <= problem.tables:
            found(m, N_("there is no table %(table)s (tables 1-%(tables)d)"), table=m.table,
                  tables=problem.tables)  # fmt: skip
        for pid in (m.a, m.b):
            other = busy.get((pid, m.slot))
            if other is not None:
                found(m, N_("%(firm)s already meets %(partner)s then"), firm=pid,
                      partner=_partner(other, pid))  # fmt: skip
            busy[(pid, m.slot)] = m
            if m.slot not in available[pid]:
                found(m, N_("%(firm)s is not available in slot %(slot)s"), firm=pid, slot=m.slot)
            meetings[pid] += 1
        if (m.slot, m.table) in problem.closed and m not in pinned:
            found(m, N_("the table is closed then"))
        problems.extend(_interpreter_problems(problem, m, interpreting))
        seats = problem.seats(m.a, m.b)
        if seats and m.table not in seats and m not in pinned:
            found(m, N_("a host's meeting belongs at its own table %(table)s"), table=seats[0])
        if not seats and m.table in problem.hosts.values() and m not in pinned:
            found(m, N_("the table is a host's own"))
        clash = tables.get((m.slot, m.table))
        if clash is not None:
            found(m, N_("the table is taken by %(other_a)s-%(other_b)s"), other_a=clash.a,
                  other_b=clash.b)  # fmt: skip
        tables[(m.slot, m.table)] = m
        pairs[m.pair] += 1
        wish = wishes.get(m.pair)
        if wish is None and m.pair not in pinned_pairs:
            found(m, N_("nobody asked for this meeting"))
        elif wish is not None and not _inside_window(wish, slots[m.slot].range):
            found(m, N_("outside the wished time window"))
    return problems, pairs, meetings


def _count_findings(
    problem: SchedulingProblem,
    placements: Sequence[Placement],
    pairs: Counter[frozenset[str]],
    meetings: Counter[str],
) -> list[Finding]:
    """The rules of the whole schedule: a pair at most once, at most `max_meetings` per
    firm and per interpreter, every pinned meeting kept."""
    profiles = {p.id: p for p in problem.profiles}
    problems: list[Finding] = []
    for pair, count in pairs.items():
        if count > 1:
            a, b = sorted(pair)
            problems.append(Finding(N_("%(a)s-%(b)s meet %(count)d times"),
                                    {"a": a, "b": b, "count": count}))  # fmt: skip
    for pid, count in meetings.items():
        limit = profiles[pid].max_meetings
        if limit is not None and count > limit:
            problems.append(Finding(
                N_("%(firm)s has %(count)d meetings, more than its maximum of %(limit)d"),
                {"firm": pid, "count": count, "limit": limit},
            ))  # fmt: skip
    load = Counter(m.interpreter for m in placements if m.interpreter)
    for i in problem.interpreters:
        if i.max_meetings is not None and load[i.id] > i.max_meetings:
            problems.append(Finding(
                N_("interpreter %(interpreter)s has %(count)d meetings, more than the "
                   "%(limit)d booked"),
                {"interpreter": i.id, "count": load[i.id], "limit": i.max_meetings},
            ))  # fmt: skip
    placed = set(placements)
    for pin in problem.pinned:
        if pin not in placed:
            problems.append(Finding(
                N_("pinned meeting %(a)s-%(b)s (slot %(slot)s, table %(table)s) was moved or "
                   "dropped"),
                {"a": pin.a, "b": pin.b, "slot": pin.slot, "table": pin.table},
            ))  # fmt: skip
    return problems


@dataclass(frozen=True, slots=True)
class DayFacts:
    """What the desk knows on the fair day, for the verifier: when firms arrive and leave
    (clock times), which do not come, and the freeze point: slots before `frozen_before`
    stay as in `published` (the timetable the firms have; empty: nothing published). On a
    fair over several days the desk's notes are about one `day` (0-based; None: every day)."""

    arrives: Mapping[str, time] = field(default_factory=dict)
    leaves: Mapping[str, time] = field(default_factory=dict)
    absent: frozenset[str] = field(default=frozenset())
    frozen_before: int = 1
    published: tuple[Placement, ...] = ()
    day: int | None = None

    def noted(self, slot: Slot) -> bool:
        """Whether the desk's notes are about the slot's day."""
        return self.day is None or slot.day == self.day

    def away(self, firm: str, slot: Slot) -> Finding | None:
        """Why the firm cannot have met in the slot by the desk's clock times, if so."""
        if not self.noted(slot):
            return None
        if firm in self.arrives and slot.start < self.arrives[firm]:
            return Finding(N_("%(firm)s arrives only at %(time)s"),
                           {"firm": firm, "time": f"{self.arrives[firm]:%H:%M}"})  # fmt: skip
        if firm in self.leaves and slot.end > self.leaves[firm]:
            return Finding(N_("%(firm)s leaves already at %(time)s"),
                           {"firm": firm, "time": f"{self.leaves[firm]:%H:%M}"})  # fmt: skip
        return None


def fair_day_findings(
    problem: SchedulingProblem, placements: Sequence[Placement], day: DayFacts
) -> list[Finding]:
    """Every rule of the fair day a schedule breaks: no meeting of a firm before it arrives
    or after it leaves (held or not: it cannot have been), none of a firm that does not come
    from the freeze point on, nothing new or moved before the freeze point, and no published
    meeting there moved or dropped unless a firm of it was not there."""
    slots = {s.number: s for s in problem.slots}
    published, placed = set(day.published), set(placements)
    last = problem.slots[-1].end if problem.slots else time(0)
    frozen = slots[day.frozen_before].start if day.frozen_before in slots else last
    problems: list[Finding] = []
    for m in placements:
        if m.slot not in slots:
            continue  # schedule_findings names it
        for pid in (m.a, m.b):
            away = day.away(pid, slots[m.slot])
            if away is not None:
                problems.append(Finding(away.reason, away.values, m))
            elif pid in day.absent and m.slot >= day.frozen_before and day.noted(slots[m.slot]):
                problems.append(Finding(N_("%(firm)s does not come"), {"firm": pid}, m))
        if published and m.slot < day.frozen_before and m not in published:
            problems.append(Finding(
                N_("placed before %(time)s, where nothing may change any more"),
                {"time": f"{frozen:%H:%M}"}, m,
            ))  # fmt: skip
    for p in sorted(published - placed, key=lambda p: (p.slot, p.table)):
        if p.slot >= day.frozen_before or p.slot not in slots:
            continue
        if day.absent & p.pair and day.noted(slots[p.slot]):
            continue
        if any(day.away(pid, slots[p.slot]) for pid in (p.a, p.b)):
            continue  # it cannot have been held: it may go
        problems.append(Finding(
            N_("the published meeting %(a)s-%(b)s at slot %(slot)s (table %(table)s) lies "
               "before the freeze point and was moved or dropped"),
            {"a": p.a, "b": p.b, "slot": p.slot, "table": p.table},
        ))  # fmt: skip
    return problems


def is_valid_schedule(problem: SchedulingProblem, placements: Sequence[Placement]) -> bool:
    return not schedule_violations(problem, placements)


@dataclass(frozen=True, slots=True)
class FirmDay:
    """One firm's day: its meetings, the slots it waits between its first and last, its
    breaks (runs of such slots), and the most meetings it could have: its wishes, capped by
    the slots it is there in and its maximum (`bound`; meetings below it are its distance
    from the best any schedule could do)."""

    meetings: int
    first_slot: int | None
    last_slot: int | None
    idle_slots: int
    breaks: int = 0
    bound: int = 0


@dataclass(frozen=True, slots=True)
class ScheduleStats:
    wishes: int
    placed: int
    placed_priority: int
    wished_priority: int
    unplaced: tuple[MeetingWish, ...]
    firms: dict[str, FirmDay]
    table_slots: int = 0  # meetings the tables can hold in the day: a bound on `placed`
    possible: int | None = None  # wishes whose two firms are ever there at the same time

    @property
    def placed_bound(self) -> int:
        """No schedule places more: the wishes whose firms are ever there together, the
        tables' room, and half of what the firms can each take (every meeting takes two)."""
        wishes = self.wishes if self.possible is None else self.possible
        return min(wishes, self.table_slots, sum(d.bound for d in self.firms.values()) // 2)

    @property
    def meetings_spread(self) -> tuple[int, int]:
        """Fewest and most meetings of a firm with at least one wish (fairness)."""
        counts = [d.meetings for d in self.firms.values() if d.bound]
        return (min(counts), max(counts)) if counts else (0, 0)

    @property
    def breaks_spread(self) -> tuple[int, int]:
        """Fewest and most breaks of a firm with a meeting (fairness)."""
        counts = [d.breaks for d in self.firms.values() if d.meetings]
        return (min(counts), max(counts)) if counts else (0, 0)

    @property
    def idle_per_firm(self) -> float:
        """Mean idle slots per firm with at least one meeting."""
        days = [d for d in self.firms.values() if d.meetings]
        return sum(d.idle_slots for d in days) / len(days) if days else 0.0


def schedule_stats(problem: SchedulingProblem, placements: Sequence[Placement]) -> ScheduleStats:
    """What was placed and what not, and each firm's idle slots between its first and last
    meeting (a slot it is away in does not count as idle: nobody waits for it)."""
    placed_pairs = {m.pair for m in placements}
    available = {p.id: available_slot_numbers(p, problem.slots) for p in problem.profiles}
    day_of = {s.number: s.day for s in problem.slots}
    taken: dict[str, set[int]] = defaultdict(set)
    for m in placements:
        taken[m.a].add(m.slot)
        taken[m.b].add(m.slot)
    possible = {
        w.pair
        for w in problem.wishes
        if available.get(w.a, frozenset()) & available.get(w.b, frozenset())
    }
    wished: Counter[str] = Counter(pid for pair in possible for pid in pair)
    firms: dict[str, FirmDay] = {}
    for profile in problem.profiles:
        room = len(available[profile.id])
        if profile.max_meetings is not None:
            room = min(room, profile.max_meetings)
        bound = min(wished[profile.id], room)
        own = taken.get(profile.id, set())
        if not own:
            firms[profile.id] = FirmDay(0, None, None, 0, 0, bound)
            continue
        first, last = min(own), max(own)
        idle = sum(
            1
            for s in range(first, last + 1)
            if s not in own and s in available[profile.id] and _between(s, own, day_of)
        )
        firms[profile.id] = FirmDay(len(own), first, last, idle, gaps(own, day_of), bound)
    unplaced = tuple(w for w in problem.wishes if w.pair not in placed_pairs)
    return ScheduleStats(
        wishes=len(problem.wishes),
        placed=len(problem.wishes) - len(unplaced),
        placed_priority=sum(w.priority for w in problem.wishes if w.pair in placed_pairs),
        wished_priority=sum(w.priority for w in problem.wishes),
        unplaced=unplaced,
        firms=firms,
        table_slots=problem.tables * len(problem.slots) - len(problem.closed),
        possible=len(possible),
    )


def _between(slot: int, own: set[int], day_of: Mapping[int, int]) -> bool:
    """Whether the firm meets before and after the slot on its day (the night is no wait)."""
    day = day_of.get(slot)
    same = [s for s in own if day_of.get(s) == day]
    return bool(same) and min(same) < slot < max(same)


def _interpreter_problems(
    problem: SchedulingProblem,
    m: Placement,
    interpreting: dict[tuple[str, int], Placement],
) -> list[Finding]:
    """A meeting of firms without a common language has an interpreter who speaks for both,
    is there, and is in no other meeting of the slot."""
    profiles = {p.id: p for p in problem.profiles}
    a, b = profiles[m.a], profiles[m.b]
    if m.interpreter is None:
        if needs_interpreter(a, b):
            return [Finding(N_("the firms share no language and have no interpreter"), {}, m)]
        return []
    found = next((i for i in problem.interpreters if i.id == m.interpreter), None)
    if found is None:
        return [
            Finding(N_("unknown interpreter %(interpreter)s"), {"interpreter": m.interpreter}, m)
        ]
    problems: list[Finding] = []
    named = {"interpreter": found.id}
    if not found.speaks_for(a, b):
        problems.append(Finding(N_("interpreter %(interpreter)s does not speak for both firms"),
                                named, m))  # fmt: skip
    if m.slot not in interpreter_slots(problem, found):
        problems.append(Finding(N_("interpreter %(interpreter)s is not there in slot %(slot)s"),
                                {**named, "slot": m.slot}, m))  # fmt: skip
    other = interpreting.get((found.id, m.slot))
    if other is not None:
        problems.append(Finding(
            N_("interpreter %(interpreter)s is already with %(other_a)s-%(other_b)s"),
            {**named, "other_a": other.a, "other_b": other.b}, m,
        ))  # fmt: skip
    interpreting[(found.id, m.slot)] = m
    return problems


def _partner(m: Placement, pid: str) -> str:
    return m.b if m.a == pid else m.a


def _inside_window(wish: MeetingWish, when: TimeRange) -> bool:
    if wish.earliest is not None and when.start < wish.earliest:
        return False
    return not (wish.latest is not None and when.end > wish.latest)
