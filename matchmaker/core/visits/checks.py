"""The verifier of visit plans: every rule a plan breaks, in plain English, each with a
`kind`, independently of how the plan was made (tests run every solver's plans through it).

Rules: at most the day's number of groups; every member in exactly one group; known members,
hosts and interpreters; each host visited at most once; no group larger than a host it
visits takes; every visit as long as the host's visits, wholly inside one of its windows and
inside the day; arrival no later than the start; between consecutive stops (from the start
site at the opening, to the end site by the close) the travel minutes fit outside lunch;
lunch present when the day has one, as long as it should be, inside its window and the day,
overlapping no visit; an interpreter with one group at most; the stated relevance total
equal to the recomputed one.

A plan re-made on the day (`replan`) is checked with a `DayRecord`: what had happened by
then is taken as fact, not as plan (see `DayRecord`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from matchmaker.core.visits.types import GroupPlan, Visit, VisitPlan, VisitProblem


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule: its `kind` (a short stable name tests and pages sort by), the
    sentence that says what is wrong, and the group it is about (None: the whole plan)."""

    kind: str
    text: str
    group: int | None = None

    def __str__(self) -> str:
        return self.text if self.group is None else f"group {self.group}: {self.text}"


KINDS = (
    "groups", "unknown", "member-missing", "member-twice", "host-twice", "capacity",
    "duration", "window", "arrival", "travel", "day", "lunch-missing", "lunch-window",
    "lunch-overlap", "interpreter-twice", "total",
)  # fmt: skip
DAY_KINDS = ("past", "past-changed")  # found only with a `DayRecord`


@dataclass(frozen=True, slots=True)
class DayRecord:
    """What had happened by `now` when a plan was re-made on the day: the visits (and, per
    group number, the lunches) that had begun by then, as they happened. A group whose bus
    was late reached the visit it was on at `now` later than planned, so its record may
    break a rule of planning (the visit outside the host's window, say): that is what
    happened, and no plan can change it. So the verifier takes the record as fact: it does
    not apply the rules of timing (duration, window, the day, arrival, the travel that led
    there, the lunch window) to recorded visits and lunches, but it does require them in the
    plan exactly as recorded (`past-changed`), and every other visit and lunch to begin at
    or after `now` (`past`). Every other rule holds as for any plan, including the travel
    from a recorded visit onwards, lunch overlapping no visit, and the total."""

    now: int
    visits: tuple[Visit, ...] = ()
    lunches: Mapping[int, tuple[int, int]] = field(default_factory=dict)


def clock(minutes: int) -> str:
    """Minutes since midnight as a clock time, e.g. 570 as 09:30."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def visit_violations(
    problem: VisitProblem, plan: VisitPlan, record: DayRecord | None = None
) -> list[str]:
    """Every rule the plan breaks, in English; empty when it is valid. With a `record`:
    the plan was re-made on the day, and the record says what had happened."""
    return [str(f) for f in visit_findings(problem, plan, record)]


def visit_findings(
    problem: VisitProblem, plan: VisitPlan, record: DayRecord | None = None
) -> list[Finding]:
    """Every rule the plan breaks (the rules are in the module's text; with a `record`,
    those of `DayRecord` too)."""
    found = _plan_findings(problem, plan)
    for group in plan.groups:
        found += _group_findings(problem, group, record)
    if record is not None:
        found += _record_findings(plan, record)
    total = _total_finding(problem, plan)
    return found if total is None else [*found, total]


def _record_findings(plan: VisitPlan, record: DayRecord) -> list[Finding]:
    """The plan holds the record unchanged, and nothing else begins before its `now`."""
    found: list[Finding] = []
    planned = {(v.group, v.host): v for g in plan.groups for v in g.visits}
    recorded = {(v.group, v.host): v for v in record.visits}
    for key, visit in recorded.items():
        if planned.get(key) != visit:
            found.append(Finding("past-changed", f"the visit at {visit.host} "
                                 f"({clock(visit.start)}-{clock(visit.end)}) had begun by "
                                 f"{clock(record.now)} but is changed", visit.group))  # fmt: skip
    for key, visit in planned.items():
        if key not in recorded and visit.start < record.now:
            found.append(Finding("past", f"the visit at {visit.host} begins at "
                                 f"{clock(visit.start)}, before {clock(record.now)}",
                                 visit.group))  # fmt: skip
    for g in plan.groups:
        held = record.lunches.get(g.number)
        if held is not None and g.lunch != held:
            found.append(Finding("past-changed", f"lunch {clock(held[0])}-{clock(held[1])} "
                                 "had begun but is changed", g.number))  # fmt: skip
        elif held is None and g.lunch is not None and g.lunch[0] < record.now:
            found.append(Finding("past", f"lunch begins at {clock(g.lunch[0])}, before "
                                 f"{clock(record.now)}", g.number))  # fmt: skip
    return found


def _plan_findings(problem: VisitProblem, plan: VisitPlan) -> list[Finding]:
    """The rules across groups: their number, members, hosts and interpreters."""
    found: list[Finding] = []
    if len(plan.groups) > problem.day.groups:
        found.append(Finding("groups", f"{len(plan.groups)} groups, but the day has "
                                       f"{problem.day.groups} at most"))  # fmt: skip
    members = Counter(m for g in plan.groups for m in g.members)
    for member in problem.members:
        if members[member.id] == 0:
            found.append(Finding("member-missing", f"member {member.id} is in no group"))
        elif members[member.id] > 1:
            found.append(Finding("member-twice", f"member {member.id} is in "
                                                 f"{members[member.id]} groups"))  # fmt: skip
    known_members = {m.id for m in problem.members}
    hosts = {h.id for h in problem.hosts}
    interpreters = {i.id for i in problem.interpreters}
    for g in plan.groups:
        for name in g.members:
            if name not in known_members:
                found.append(Finding("unknown", f"there is no member {name}", g.number))
        for visit in g.visits:
            if visit.host not in hosts:
                found.append(Finding("unknown", f"there is no host {visit.host}", g.number))
        if g.interpreter is not None and g.interpreter not in interpreters:
            found.append(Finding("unknown", f"there is no interpreter {g.interpreter}", g.number))
    visited = Counter(v.host for g in plan.groups for v in g.visits)
    for host, count in sorted(visited.items()):
        if count > 1:
            found.append(Finding("host-twice", f"host {host} is visited {count} times"))
    with_interpreter = Counter(g.interpreter for g in plan.groups if g.interpreter)
    for interpreter, count in sorted(with_interpreter.items()):
        if count > 1:
            found.append(Finding("interpreter-twice", f"interpreter {interpreter} goes with "
                                                      f"{count} groups"))  # fmt: skip
    return found


def _group_findings(
    problem: VisitProblem, group: GroupPlan, record: DayRecord | None
) -> list[Finding]:
    """The rules of one group's day: visits, travel, the day's frame and lunch (the rules
    of timing not for what the record says happened)."""
    day = problem.day
    hosts = {h.id: h for h in problem.hosts}
    held = {v for v in record.visits if v.group == group.number} if record else set()
    found: list[Finding] = []

    def add(kind: str, text: str) -> None:
        """Note a finding about this group."""
        found.append(Finding(kind, text, group.number))

    lunch_held = record is not None and group.number in record.lunches
    found += _lunch_findings(problem, group, lunch_held)
    site, free = day.start_site, day.opens
    for visit in group.visits:
        host = hosts.get(visit.host)
        if host is None:
            continue
        span = f"{clock(visit.start)}-{clock(visit.end)}"
        if len(group.members) > host.capacity:
            add("capacity", f"{len(group.members)} members, but host {host.id} takes at "
                            f"most {host.capacity}")  # fmt: skip
        if visit in held:  # what happened: the rules of timing do not apply
            site, free = host.site, max(free, visit.end)
            continue
        if visit.end - visit.start != host.duration:
            add("duration", f"the visit at {host.id} ({span}) should last {host.duration} min")
        if not any(w.start <= visit.start and visit.end <= w.end for w in host.windows):
            add("window", f"the visit at {host.id} ({span}) lies outside its windows")
        if visit.start < day.opens or visit.end > day.closes:
            add("day", f"the visit at {host.id} ({span}) lies outside the day")
        if visit.arrive > visit.start:
            add("arrival", f"arrives at {host.id} at {clock(visit.arrive)}, after its start")
        driving = visit.arrive - free - _overlap(group.lunch, free, visit.arrive)
        if driving < problem.travel[site][host.site]:
            add("travel", f"{problem.travel[site][host.site]} min to {host.id} do not fit "
                          f"between {clock(free)} and {clock(visit.arrive)}")  # fmt: skip
        site, free = host.site, max(free, visit.end)
    driving = day.closes - free - _overlap(group.lunch, free, day.closes)
    if driving < problem.travel[site][day.end_site]:
        add("day", f"cannot be back at the end by {clock(day.closes)} (leaves at {clock(free)}, "
                   f"{problem.travel[site][day.end_site]} min)")  # fmt: skip
    return found


def _overlap(lunch: tuple[int, int] | None, start: int, end: int) -> int:
    """Minutes of lunch within [start, end]."""
    if lunch is None:
        return 0
    return max(0, min(lunch[1], end) - max(lunch[0], start))


def _lunch_findings(problem: VisitProblem, group: GroupPlan, held: bool) -> list[Finding]:
    """The lunch rules of one group (its window not when `held`: the lunch had begun)."""
    wanted, day = problem.day.lunch, problem.day
    if wanted is None:
        return []
    if group.lunch is None:
        return [Finding("lunch-missing", "has no lunch break", group.number)]
    start, end = group.lunch
    found: list[Finding] = []
    span = f"{clock(start)}-{clock(end)}"
    if not held and (
        end - start != wanted.minutes
        or start < max(wanted.earliest, day.opens)
        or end > min(wanted.latest, day.closes)
    ):
        found.append(Finding("lunch-window", f"lunch {span} is not {wanted.minutes} min within "
                             f"{clock(wanted.earliest)}-{clock(wanted.latest)}",
                             group.number))  # fmt: skip
    for visit in group.visits:
        if start < visit.end and visit.start < end:
            found.append(Finding("lunch-overlap", f"lunch {span} overlaps the visit at "
                                 f"{visit.host}", group.number))  # fmt: skip
    return found


def _total_finding(problem: VisitProblem, plan: VisitPlan) -> Finding | None:
    """A finding when the stated total differs from the recomputed one."""
    total = recomputed_total(problem, plan)
    if abs(total - plan.relevance_total) > 1e-6 * max(1.0, abs(total)):
        return Finding("total", f"the relevance total is {total:.4f}, not "
                                f"{plan.relevance_total:.4f}")  # fmt: skip
    return None


def recomputed_total(problem: VisitProblem, plan: VisitPlan) -> float:
    """The plan's relevance: per group and visited host, the relevance to each member who
    can communicate there (directly or through the group's interpreter)."""
    members = {m.id: i for i, m in enumerate(problem.members)}
    hosts = {h.id: i for i, h in enumerate(problem.hosts)}
    interpreters = {i.id: i for i in problem.interpreters}
    total = 0.0
    for g in plan.groups:
        who = interpreters.get(g.interpreter) if g.interpreter else None
        mine = [members[m] for m in g.members if m in members]
        for visit in g.visits:
            if visit.host in hosts:
                total += problem.prize(mine, hosts[visit.host], who)
    return total
