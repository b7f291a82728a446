"""Re-plan the rest of a visit day when something changes on the day (a host cancels, a bus
is late, a member drops out), with the least change (issue 21).

What had begun by `now` stays as it was: the visits begun (a visit in progress stays, even
at a host that cancels) and a lunch begun; a group whose bus is late reached the visit it is
on later, and that visit is recorded as it happens (`DayChange.late`). Groups keep their
members and interpreter, the remaining visits keep their order, and no visit moves earlier
than planned (the host expects the group then); visits move later only as far as the
timing of `timing.time_rest` (the rules and earliest-start logic of `time_route`) needs. A
cancelled host's visit is dropped; when the rest of a group's day no longer fits (windows,
lunch, back by the close), the fewest visits are dropped, and of those choices the one that
loses the least relevance. Then hosts nobody visits are inserted into freed time, the one
that gains the most relevance first, but only where no kept visit moves (an insertion is a
change too, so one is made only when it gains relevance, and it is listed).

The result lists, per group, what became of every visit and of the lunch (`VisitChange`:
kinds and values a page words in its reader's language; no sentence is made here, as new
message templates would first have to reach the catalogue), and is checked by the verifier
with the `DayRecord` of what had happened (see docs/VISITS.md, "Changes on the day")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations, islice
from typing import Literal, get_args

from matchmaker.core.visits.checks import (
    DayRecord,
    Finding,
    clock,
    recomputed_total,
    visit_findings,
)
from matchmaker.core.visits.timing import Resume, RouteTiming, time_rest
from matchmaker.core.visits.types import GroupPlan, Visit, VisitPlan, VisitProblem

MAX_DROP_TRIES = 2000  # choices of k visits to drop tried per k (a group has few left)


@dataclass(frozen=True, slots=True)
class DayChange:
    """What happened on the day. `now`: minutes since midnight; what began before it has
    happened. `cancelled`: hosts (ids) that cancelled. `late`: group number -> minutes the
    group is behind its plan now (its bus is late): a group on a visit at `now` reached it
    that much later (the visit is recorded so), a group between stops (on the road, at
    lunch, at the hotel) needs that much longer for the leg it is on. `unavailable_members`:
    members who dropped out; they stay in their group's list (they were in it so far), but
    their relevance no longer counts for a host they have not visited."""

    now: int
    cancelled: frozenset[str] = field(default=frozenset())
    late: Mapping[int, int] = field(default_factory=dict)
    unavailable_members: frozenset[str] = field(default=frozenset())


ChangeKind = Literal["kept", "shifted", "dropped", "added"]
Why = Literal["", "held", "late", "re-timed", "cancelled", "no-longer-fits", "free-time"]


@dataclass(frozen=True, slots=True)
class VisitChange:
    """What became of one visit (`host`) or of the lunch (`host` None) of a group: `kind`,
    the planned (start, end) (`before`, None when added) and the new one (`after`, None
    when dropped), and why: "held" (it had begun: as it was), "late" (the group is late),
    "re-timed" (moved with the rest of the day, e.g. lunch after a drop), "cancelled",
    "no-longer-fits", "free-time" (added into freed time); `relevance`: what a drop loses
    or an addition gains."""

    group: int
    host: str | None
    kind: ChangeKind
    before: tuple[int, int] | None
    after: tuple[int, int] | None
    why: Why = ""
    relevance: float = 0.0


@dataclass(frozen=True, slots=True)
class Replan:
    """The re-made plan; `changes` per group in the order of the day; `problem`: the day as
    it now is (the relevance of members who dropped out zeroed where they have not been),
    which `plan`'s total is for; `record`: what had happened, for the verifier; `findings`:
    the verifier's, empty unless what had happened leaves no valid rest of the day (then
    the group visits nothing more and its findings say what cannot be kept)."""

    plan: VisitPlan
    changes: tuple[VisitChange, ...]
    problem: VisitProblem
    record: DayRecord
    findings: tuple[Finding, ...] = ()

    def changes_for(self, group: int) -> list[VisitChange]:
        """The group's changes (kept visits included)."""
        return [c for c in self.changes if c.group == group]

    def changed(self) -> list[VisitChange]:
        """Only what is not kept as it was."""
        return [c for c in self.changes if c.kind != "kept"]


@dataclass(slots=True)
class _Part:
    """One group: what it has done (`held`, `lunch`: as recorded), where it goes on from,
    its planned visits by host index, and the hosts of the rest of its day in order."""

    group: GroupPlan
    held: list[Visit]
    lunch: tuple[int, int] | None
    resume: Resume
    planned: dict[int, Visit]
    route: list[int]
    prize: list[float] = field(default_factory=list)
    dropped: dict[int, Why] = field(default_factory=dict)
    timing: RouteTiming | None = None
    stranded: bool = False  # no rest of the day fits

    def pins(self, route: Sequence[int]) -> list[int]:
        """The earliest start of each visit: its planned start (0 for a new one)."""
        return [self.planned[h].start if h in self.planned else 0 for h in route]


def replan_day(problem: VisitProblem, plan: VisitPlan, change: DayChange) -> Replan:
    """The rest of the day re-planned with the least change (see the module's text)."""
    _check(problem, plan, change)
    index = {h.id: i for i, h in enumerate(problem.hosts)}
    parts = [_split(problem, g, change, index) for g in plan.groups]
    now_problem = _as_now(problem, parts, change.unavailable_members)
    for part in parts:
        part.prize = _prizes(now_problem, part.group)
        for h in part.route:
            if problem.hosts[h].id in change.cancelled:
                part.dropped[h] = "cancelled"
        part.route = [h for h in part.route if h not in part.dropped]
        _fit(now_problem, part)
    added = _fill(now_problem, parts, change.cancelled)
    groups = tuple(_group_plan(now_problem, part) for part in parts)
    record = DayRecord(
        change.now,
        tuple(v for part in parts for v in part.held),
        {part.group.number: part.lunch for part in parts if part.lunch is not None},
    )
    changes = [c for part, g in zip(parts, groups, strict=True)
               for c in _changes(problem, part, g, added, change)]  # fmt: skip
    counts = [f"{sum(c.kind == k for c in changes if c.host)} {k}" for k in get_args(ChangeKind)]
    note = f"re-planned at {clock(change.now)}: visits {', '.join(counts)}"
    new_plan = VisitPlan(groups, 0.0, (note,))
    new_plan = replace(new_plan, relevance_total=recomputed_total(now_problem, new_plan))
    findings = visit_findings(now_problem, new_plan, record)
    return Replan(new_plan, tuple(changes), now_problem, record, tuple(findings))


def _check(problem: VisitProblem, plan: VisitPlan, change: DayChange) -> None:
    """Refuse changes that name unknown hosts, groups or members, or a negative delay."""
    hosts = {h.id for h in problem.hosts}
    members = {m.id for m in problem.members}
    numbers = {g.number for g in plan.groups}
    if unknown := sorted(change.cancelled - hosts):
        raise ValueError(f"unknown host(s) cancelled: {', '.join(unknown)}")
    if unknown := sorted(change.unavailable_members - members):
        raise ValueError(f"unknown member(s): {', '.join(unknown)}")
    for number, minutes in change.late.items():
        if number not in numbers:
            raise ValueError(f"there is no group {number}")
        if minutes < 0:
            raise ValueError(f"group {number} cannot be {minutes} minutes late")


def _split(
    problem: VisitProblem, group: GroupPlan, change: DayChange, index: dict[str, int]
) -> _Part:
    """The group's day at `now`: the visits begun (the one in progress reached late when
    the group is late), the lunch begun, and where and when it goes on."""
    now, day = change.now, problem.day
    delay = change.late.get(group.number, 0)
    held = [v for v in group.visits if v.start < now]
    planned = {index[v.host]: v for v in group.visits}
    extra, site, free = delay, day.start_site, day.opens
    if held:
        last, host = held[-1], problem.hosts[index[held[-1].host]]
        if delay and last.end > now:  # on this visit now: the bus brought the group late
            start = max(last.start, last.arrive + delay)
            held[-1] = replace(last, arrive=last.arrive + delay, start=start,
                               end=start + host.duration)  # fmt: skip
            extra = 0
        site, free = host.site, held[-1].end
    lunch = group.lunch if group.lunch is not None and group.lunch[0] < now else None
    in_leg = lunch is not None and lunch[0] >= free  # after the last visit begun
    resume = Resume(
        site=site,
        free=free,
        now=now,
        extra=extra,
        lunch=lunch if in_leg else None,
        lunch_done=lunch is not None and not in_leg,
        lunch_wanted=group.lunch[0] if group.lunch is not None and lunch is None else None,
    )
    route = [index[v.host] for v in group.visits if v.start >= now]
    return _Part(group, held, lunch, resume, planned, route)


def _as_now(problem: VisitProblem, parts: list[_Part], gone: frozenset[str]) -> VisitProblem:
    """The problem with the relevance of members who dropped out zeroed for the hosts their
    group has not visited (begun) by now."""
    if not gone:
        return problem
    index = {h.id: i for i, h in enumerate(problem.hosts)}
    seen = {m: {index[v.host] for v in p.held} for p in parts for m in p.group.members}
    rows = tuple(
        tuple(r if member.id not in gone or h in seen.get(member.id, set()) else 0.0
              for h, r in enumerate(row))
        for member, row in zip(problem.members, problem.relevance, strict=True)
    )  # fmt: skip
    return replace(problem, relevance=rows)


def _prizes(problem: VisitProblem, group: GroupPlan) -> list[float]:
    """What the group gains at each host (0 where it is larger than the host takes)."""
    members = {m.id: i for i, m in enumerate(problem.members)}
    mine = [members[m] for m in group.members if m in members]
    who = next((i for i in problem.interpreters if i.id == group.interpreter), None)
    return [
        problem.prize(mine, h, who) if len(group.members) <= host.capacity else 0.0
        for h, host in enumerate(problem.hosts)
    ]


def _fit(problem: VisitProblem, part: _Part) -> None:
    """The part's route made to fit: as it is if it can; else without the fewest visits,
    of those choices the one losing the least relevance (then delaying the rest least)."""
    route = part.route
    part.timing = time_rest(problem, part.resume, route, part.pins(route))
    if part.timing is not None:
        return
    for k in range(1, len(route) + 1):
        best: tuple[tuple[float, int, int], list[int], RouteTiming] | None = None
        for drop in islice(combinations(range(len(route)), k), MAX_DROP_TRIES):
            kept = [h for i, h in enumerate(route) if i not in drop]
            timing = time_rest(problem, part.resume, kept, part.pins(kept))
            if timing is None:
                continue
            lost = sum(part.prize[route[i]] for i in drop)
            delay = sum(s - p for s, p in zip(timing.start, part.pins(kept), strict=True))
            key = (round(lost, 9), delay, timing.back)
            if best is None or key < best[0]:
                best = (key, kept, timing)
        if best is not None:
            part.dropped.update((h, "no-longer-fits") for h in route if h not in best[1])
            part.route, part.timing = best[1], best[2]
            return
    part.dropped.update((h, "no-longer-fits") for h in route)
    part.route, part.timing, part.stranded = [], _stranded(problem, part.resume), True


def _stranded(problem: VisitProblem, resume: Resume) -> RouteTiming:
    """What is left when no rest of the day fits (what had happened rules it out): straight
    back, lunch (if still to take) as soon as may be; the verifier says what breaks."""
    day, lunch = problem.day, problem.day.lunch
    back = resume.free + resume.extra + problem.travel[resume.site][day.end_site]
    span = resume.lunch
    if lunch is not None and not resume.lunch_done and span is None:
        begins = max(resume.free, resume.now, lunch.earliest, day.opens)
        span = (begins, begins + lunch.minutes)
    return RouteTiming((), (), span, back)


def _fill(
    problem: VisitProblem, parts: list[_Part], cancelled: frozenset[str]
) -> set[tuple[int, int]]:
    """Hosts nobody visits inserted into the rest of the day of groups that lost a visit
    (into the time it freed, or later), the insertion that gains the most relevance first
    (then the one back earliest), only where every kept visit keeps its times (lunch may
    move); returns the (group number, host index) pairs added. A host another group dropped
    may be added; the group that dropped it does not try it again."""
    taken = {v.host for p in parts for v in p.held} | cancelled
    routed = {h for p in parts for h in p.route}
    free = [h for h, host in enumerate(problem.hosts) if h not in routed and host.id not in taken]
    added: set[tuple[int, int]] = set()
    while True:
        best: tuple[tuple[float, int], _Part, list[int], RouteTiming, int] | None = None
        for part in parts:
            if part.timing is None or part.stranded or not part.dropped:
                continue  # only time freed by a dropped visit is filled
            for h in free:
                if part.prize[h] <= 0 or h in part.dropped:  # no gain; or did not fit
                    continue
                for position in range(len(part.route) + 1):
                    route = [*part.route[:position], h, *part.route[position:]]
                    timing = time_rest(problem, part.resume, route, part.pins(route))
                    if timing is None:
                        continue
                    others = timing.start[:position] + timing.start[position + 1 :]
                    if others != part.timing.start:
                        continue  # a kept visit would move
                    key = (round(part.prize[h], 9), -timing.back)
                    if best is None or key > best[0]:
                        best = (key, part, route, timing, h)
        if best is None:
            return added
        _, part, route, timing, h = best
        part.route, part.timing = route, timing
        free.remove(h)
        added.add((part.group.number, h))


def _group_plan(problem: VisitProblem, part: _Part) -> GroupPlan:
    """The group's new day: what it had done, then the rest as timed. A kept visit keeps its
    planned arrival when that still comes after the earliest one and by its start."""
    timing = part.timing
    assert timing is not None
    number = part.group.number
    visits = list(part.held)
    for h, arrive, start in zip(part.route, timing.arrive, timing.start, strict=True):
        old = part.planned.get(h)
        if old is not None and old.start == start and arrive <= old.arrive <= start:
            arrive = old.arrive
        visits.append(Visit(number, problem.hosts[h].id, arrive, start,
                            start + problem.hosts[h].duration))  # fmt: skip
    lunch = part.lunch if part.resume.lunch_done else timing.lunch
    return replace(part.group, visits=tuple(visits), lunch=lunch)


def _changes(
    problem: VisitProblem,
    part: _Part,
    new: GroupPlan,
    added: set[tuple[int, int]],
    change: DayChange,
) -> list[VisitChange]:
    """What became of each visit and of the lunch of the group, in the order of the day."""
    number = part.group.number
    why: Why = "late" if change.late.get(number, 0) else "re-timed"
    after = {v.host: (v.start, v.end) for v in new.visits}
    found: list[VisitChange] = []
    for h, old in part.planned.items():
        before = (old.start, old.end)
        if h in part.dropped:
            found.append(VisitChange(number, old.host, "dropped", before, None,
                                     part.dropped[h], part.prize[h]))  # fmt: skip
        elif after[old.host] == before:
            held: Why = "held" if old.start < change.now else ""
            found.append(VisitChange(number, old.host, "kept", before, before, held))
        else:
            found.append(VisitChange(number, old.host, "shifted", before, after[old.host], why))
    for group, h in sorted(added):
        if group == number:
            host = problem.hosts[h].id
            found.append(VisitChange(number, host, "added", None, after[host], "free-time",
                                     part.prize[h]))  # fmt: skip
    old_lunch, new_lunch = part.group.lunch, new.lunch
    if old_lunch is not None or new_lunch is not None:
        kind: ChangeKind = "kept" if old_lunch == new_lunch else "shifted"
        held_lunch: Why = "held" if part.lunch is not None else ""
        found.append(VisitChange(number, None, kind, old_lunch, new_lunch,
                                 held_lunch if kind == "kept" else why))  # fmt: skip
    return sorted(found, key=lambda c: ((c.after or c.before or (0, 0))[0], c.host or ""))
