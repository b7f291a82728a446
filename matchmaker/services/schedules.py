"""An event's timetable from the database: the scheduler's problem built from the firms,
their meeting requests and the event's slot grid and tables; drafts stored as schedule
versions; the verifier's figures for any version.

Core ids are the participants' database ids as text; core tables 1..n are the event's tables
in the order of their numbers. Locked meetings of the draft a new run starts from stay where
they are (pinned).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Message
from matchmaker.core.scheduling.checks import (
    Finding,
    ScheduleStats,
    fair_day_findings,
    schedule_findings,
    schedule_stats,
)
from matchmaker.core.scheduling.types import (
    Interpreter,
    MeetingWish,
    Placement,
    SchedulingProblem,
)
from matchmaker.core.scheduling.wish_slots import unplaced_reasons
from matchmaker.core.types import Profile
from matchmaker.models import (
    Event,
    EventTable,
    Meeting,
    MeetingRequest,
    PairRuleKind,
    Participant,
    RequestStatus,
    ScheduleVersion,
)
from matchmaker.services.agenda import published_version
from matchmaker.services.convert import event_slots, participant_profile, slot_label
from matchmaker.services.day_facts import day_facts
from matchmaker.services.events import event_now
from matchmaker.services.full_day import recommended_day, table_themes
from matchmaker.services.pair_rules import FORCED_PRIORITY, pairs
from matchmaker.services.participants import active_participants


class SchedulingError(ValueError):
    """The event cannot be scheduled as it is set up (e.g. it has no tables)."""


@dataclass(frozen=True, slots=True)
class EventProblem:
    """The scheduler's problem for an event, and the way back to its database rows."""

    problem: SchedulingProblem
    tables: tuple[EventTable, ...]  # core table k is tables[k - 1]


@dataclass(frozen=True, slots=True)
class VersionReport:
    findings: tuple[Finding, ...]
    stats: ScheduleStats
    unplaced: tuple[tuple[str, str, Message], ...] = ()  # firm, partner, why (names, not ids)
    lines: tuple[ReportLine, ...] = ()  # the findings for people

    @property
    def violations(self) -> tuple[str, ...]:
        """The findings in English with the scheduler's ids, as the command line prints them."""
        return tuple(str(f) for f in self.findings)


@dataclass(frozen=True, slots=True)
class ReportLine:
    """A verifier finding for people: firm and interpreter names, clock times and table
    labels instead of ids and numbers. `place` names the meeting it is about, if one: keys
    a, b, table, and time (or slot, when the slot is no longer in the grid). Pages translate
    `reason` and `place` and fill them in."""

    reason: str
    values: dict[str, object]
    place: dict[str, object] | None = None


_FIRM_KEYS = frozenset({"firm", "partner", "a", "b", "other_a", "other_b"})


def report_lines(
    event: Event, built: EventProblem, findings: Iterable[Finding]
) -> tuple[ReportLine, ...]:
    """The findings with names a person knows."""
    named = namer(event, built)
    lines = []
    for f in findings:
        m = f.meeting
        place = None
        if m is not None:
            place = {"a": named("a", m.a), "b": named("b", m.b), "table": named("table", m.table)}
            if isinstance(clock := named("slot", m.slot), str):
                place["time"] = clock
            else:  # the grid shrank since: the slot has no time any more
                place["slot"] = m.slot
        lines.append(ReportLine(f.reason, {k: named(k, v) for k, v in f.values.items()}, place))
    return tuple(lines)


def namer(event: Event, built: EventProblem) -> Callable[[str, object], object]:
    """Puts what a person knows in place of the scheduler's ids and numbers, by the value's
    key: firms and interpreters by name, slots by their clock time, tables by their label."""
    firms = {str(p.id): p.name for p in event.participants}
    interpreters = {_interpreter_id(i.id): i.name for i in event.interpreters}
    times = {s.number: slot_label(event, s) for s in built.problem.slots}
    tables = {k: t.label for k, t in enumerate(built.tables, start=1)}

    def named(key: str, value: object) -> object:
        if key in _FIRM_KEYS:
            return firms.get(str(value), value)
        if key == "firms":
            return ", ".join(firms.get(x, x) for x in str(value).split(", "))
        if key == "interpreter":
            return interpreters.get(str(value), value)
        if key == "slot" and isinstance(value, int):
            return times.get(value, value)
        if key == "table" and isinstance(value, int):
            return tables.get(value, value)
        return value

    return named


def event_problem(
    session: Session,
    event: Event,
    *,
    include_pending: bool = False,
    pinned: Sequence[Meeting] = (),
    recommended: int = 0,
    themed: bool = False,
) -> EventProblem:
    """The firms still in the event (registered or approved), their accepted requests as
    mutual wishes (and, with `include_pending`, unanswered ones as one-sided wishes), the
    event's slots and tables; `pinned` meetings are kept where they are. With `recommended`,
    recommended pairs are added so that each firm has that many meetings where it can
    (`full_day`); with `themed`, the tables' themes and the firms' fit to them, for seating."""
    tables = tuple(sorted(event.tables, key=lambda t: t.number))
    if not tables:
        raise SchedulingError(f"event {event.slug} has no tables; add tables before scheduling")
    index = {t.id: k for k, t in enumerate(tables, start=1)}
    participants = active_participants(session, event)
    present = {p.id for p in participants}
    statuses = [RequestStatus.ACCEPTED] + ([RequestStatus.PENDING] if include_pending else [])
    requests = session.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.event_id == event.id, MeetingRequest.status.in_(statuses))
        .order_by(MeetingRequest.id)
    ).all()
    forbidden = pairs(session, event, PairRuleKind.FORBID)
    wishes = _wishes(
        r
        for r in requests
        if {r.from_participant_id, r.to_participant_id} <= present
        and frozenset((r.from_participant_id, r.to_participant_id)) not in forbidden
    )
    asked = {w.pair for w in wishes}
    wishes += [
        MeetingWish(str(a), str(b), priority=FORCED_PRIORITY, mutual=True)
        for a, b in sorted(tuple(sorted(p)) for p in pairs(session, event, PairRuleKind.FORCE))
        if {a, b} <= present and frozenset((str(a), str(b))) not in asked
    ]
    hosts = {
        str(t.host_participant_id): index[t.id]
        for t in tables
        if t.host_participant_id is not None and t.host_participant_id in present
    }
    problem = SchedulingProblem(
        profiles=tuple(_profile(p) for p in participants),
        wishes=tuple(wishes),
        slots=event_slots(event),
        tables=len(tables),
        pinned=tuple(_placement(m, index) for m in pinned),
        hosts=hosts,
        interpreters=tuple(
            Interpreter(
                _interpreter_id(i.id),
                tuple(i.languages),
                i.available_from,
                i.available_to,
                i.max_meetings,
            )
            for i in event.interpreters
        ),
    )
    if recommended > 0:
        blocked = {w.pair for w in wishes} | {frozenset(map(str, p)) for p in forbidden}
        more = recommended_day(session, event, problem, recommended, blocked)
        problem = replace(problem, wishes=(*problem.wishes, *more))
    if themed:
        problem = replace(problem, themes=table_themes(tables, problem))
    return EventProblem(problem, tables)


REPAIR_NAME = N_("repair of %(num)d")
COPY_NAME = N_("copy of %(num)d")


def version_placements(built: EventProblem, version: ScheduleVersion) -> list[Placement]:
    """A stored version's meetings as the core's placements (tables numbered as in `built`)."""
    index = {t.id: k for k, t in enumerate(built.tables, start=1)}
    return [_placement(m, index) for m in version.meetings]


def with_placed_wishes(
    problem: SchedulingProblem, placements: Iterable[Placement]
) -> SchedulingProblem:
    """The problem with every placed pair counted as a wish: a stored version's meetings
    came from wishes that may not be requests (a run's recommended matches, a forced pair
    since lifted, a meeting staff placed by hand), and judging the version must not call
    them unasked."""
    asked = {w.pair for w in problem.wishes}
    extra = [MeetingWish(m.a, m.b) for m in placements if m.pair not in asked]
    return replace(problem, wishes=(*problem.wishes, *extra)) if extra else problem


def version_report(
    session: Session, event: Event, version: ScheduleVersion, moment: datetime | None = None
) -> VersionReport:
    """The verifier's verdict and figures for a stored version, against the event as it is
    now (a firm withdrawn since, or a changed grid, shows up as a violation) and the fair
    day as the desk noted it by `moment` (event time; default now): arrivals, departures,
    firms not coming, and for a draft the freeze point (services/day_facts.py)."""
    built = event_problem(session, event)
    placements = version_placements(built, version)
    built = EventProblem(with_placed_wishes(built.problem, placements), built.tables)
    current = published_version(session, event)
    facts = day_facts(
        event,
        active_participants(session, event),
        version,
        version_placements(built, current) if current is not None else [],
        moment or event_now(event),
    )
    findings = schedule_findings(built.problem, placements)
    findings += fair_day_findings(built.problem, placements, facts)
    named = namer(event, built)
    return VersionReport(
        findings=tuple(findings),
        lines=report_lines(event, built, findings),
        stats=schedule_stats(built.problem, placements),
        unplaced=tuple(
            (
                str(named("a", u.wish.a)),
                str(named("b", u.wish.b)),
                Message(u.why.template, {k: named(k, v) for k, v in u.why.values.items()}),
            )
            for u in unplaced_reasons(built.problem, placements)
        ),
    )


def _profile(participant: Participant) -> Profile:
    return replace(participant_profile(participant), id=str(participant.id))


def _placement(meeting: Meeting, index: dict[int, int]) -> Placement:
    interpreter = meeting.interpreter_id
    return Placement(
        str(meeting.participant_a_id),
        str(meeting.participant_b_id),
        meeting.slot,
        index[meeting.table_id],
        _interpreter_id(interpreter) if interpreter is not None else None,
    )


def _interpreter_id(row_id: int) -> str:
    """Interpreters share the scheduler's name space of parties with firms (whose ids are
    their row ids): a prefix keeps them apart."""
    return f"interpreter:{row_id}"


def interpreter_row(core_id: str | None) -> int | None:
    return int(core_id.removeprefix("interpreter:")) if core_id else None


def _wishes(requests: Iterable[MeetingRequest]) -> list[MeetingWish]:
    """One wish per pair: accepted, or asked both ways, is mutual; the higher priority; the
    narrower of two time windows."""
    merged: dict[frozenset[str], MeetingWish] = {}
    for r in requests:
        a, b = str(r.from_participant_id), str(r.to_participant_id)
        wish = MeetingWish(
            a,
            b,
            priority=max(1, r.priority),
            earliest=r.earliest,
            latest=r.latest,
            mutual=r.status == RequestStatus.ACCEPTED,
        )
        first = merged.get(wish.pair)
        if first is None:
            merged[wish.pair] = wish
            continue
        merged[wish.pair] = MeetingWish(
            first.a,
            first.b,
            priority=max(first.priority, wish.priority),
            earliest=max((t for t in (first.earliest, wish.earliest) if t), default=None),
            latest=min((t for t in (first.latest, wish.latest) if t), default=None),
            mutual=first.mutual or wish.mutual or (first.a, first.b) == (b, a),
        )
    return list(merged.values())
