"""The numbered plans of a day of company visits (issue 21): storing the planner's plan as a
draft, publishing one (the former published plan is kept, superseded), reading them back for
the verifier and the pages, and changing a plan by hand, each change a new draft checked by
the verifier. Flushes, never commits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained
from matchmaker.core.visits.assignment import Assignment, make_plan
from matchmaker.core.visits.checks import DayRecord, Finding, visit_findings
from matchmaker.core.visits.timing import time_route
from matchmaker.core.visits.types import GroupPlan, Visit, VisitPlan
from matchmaker.models import ProgrammeItem, VisitPlanState, VisitPlanVersion
from matchmaker.models.base import utcnow
from matchmaker.services.visit_problem import VisitInput

ROUTE_DOES_NOT_FIT = N_("Group %(group)d's visits do not fit into the day in this order.")
NO_SUCH_GROUP = N_("There is no group %(group)d on this day.")
NOT_IN_PLAN = N_("That host or member is not part of this day.")
ONLY_DRAFTS = N_("Only a draft can be published; version %(number)d is %(state)s.")


def plan_json(plan: VisitPlan) -> dict[str, Any]:
    """The plan as JSON (what the version stores)."""
    return {
        "relevance_total": plan.relevance_total,
        "notes": list(plan.notes),
        "groups": [
            {
                "number": g.number,
                "members": list(g.members),
                "interpreter": g.interpreter,
                "lunch": list(g.lunch) if g.lunch else None,
                "visits": [[v.host, v.arrive, v.start, v.end] for v in g.visits],
            }
            for g in plan.groups
        ],
    }


def plan_of(version: VisitPlanVersion) -> VisitPlan:
    """The stored plan as the core's value."""
    data = version.plan
    groups = tuple(
        GroupPlan(
            number=int(g["number"]),
            members=tuple(str(m) for m in g["members"]),
            interpreter=None if g["interpreter"] is None else str(g["interpreter"]),
            visits=tuple(
                Visit(int(g["number"]), str(h), int(a), int(s), int(e))
                for h, a, s, e in g["visits"]
            ),
            lunch=(int(g["lunch"][0]), int(g["lunch"][1])) if g["lunch"] else None,
        )
        for g in data["groups"]
    )
    return VisitPlan(groups, float(data["relevance_total"]), tuple(data.get("notes", ())))


def _visit(group: int, row: list[Any]) -> Visit:
    host, arrive, start, end = row
    return Visit(group, str(host), int(arrive), int(start), int(end))


def versions_of(session: Session, item: ProgrammeItem) -> list[VisitPlanVersion]:
    """The item's plans, newest first."""
    query = select(VisitPlanVersion).where(VisitPlanVersion.item_id == item.id)
    return list(session.scalars(query.order_by(VisitPlanVersion.number.desc())))


def version_of(session: Session, item: ProgrammeItem, number: int) -> VisitPlanVersion | None:
    """The item's plan with this number, or None."""
    query = select(VisitPlanVersion).where(
        VisitPlanVersion.item_id == item.id, VisitPlanVersion.number == number
    )
    return session.scalars(query).one_or_none()


def published_of(session: Session, item: ProgrammeItem) -> VisitPlanVersion | None:
    """The item's published plan, or None."""
    query = select(VisitPlanVersion).where(
        VisitPlanVersion.item_id == item.id,
        VisitPlanVersion.state == VisitPlanState.PUBLISHED,
    )
    return session.scalars(query).one_or_none()


@dataclass(frozen=True)
class PlanFigures:
    """How a plan came about: its origin, the baseline's total and the seconds it took."""

    origin: str = "planner"
    baseline_total: float | None = None
    seconds: float | None = None
    changes: tuple[dict[str, Any], ...] = ()


def store_plan(
    session: Session, item: ProgrammeItem, plan: VisitPlan, figures: PlanFigures
) -> VisitPlanVersion:
    """The plan as the item's next numbered draft."""
    highest = session.scalar(
        select(func.max(VisitPlanVersion.number)).where(VisitPlanVersion.item_id == item.id)
    )
    version = VisitPlanVersion(
        item_id=item.id,
        number=(highest or 0) + 1,
        origin=figures.origin,
        plan=plan_json(plan),
        relevance_total=plan.relevance_total,
        baseline_total=figures.baseline_total,
        seconds=figures.seconds,
        changes=list(figures.changes),
    )
    session.add(version)
    session.flush()
    return version


def publish(session: Session, version: VisitPlanVersion) -> VisitPlanVersion | None:
    """Publish the draft; the plan published before is superseded and returned."""
    if version.state is not VisitPlanState.DRAFT:
        raise Explained(ONLY_DRAFTS, number=version.number, state=version.state.value)
    former = published_of(session, version.item)
    if former is not None:
        former.state = VisitPlanState.SUPERSEDED
        session.flush()
    version.state = VisitPlanState.PUBLISHED
    version.published_at = utcnow()
    session.flush()
    return former


def findings(
    given: VisitInput, version: VisitPlanVersion, record: DayRecord | None = None
) -> list[Finding]:
    """What the verifier finds wrong with the stored plan against today's data (a member
    added, a host withdrawn since it was made shows here); `record`: what had happened when
    it was re-made on the day (services/visit_day_changes.record_of)."""
    return visit_findings(given.problem, plan_of(version), record)


def _assignment(given: VisitInput, plan: VisitPlan) -> tuple[Assignment, list[list[int]]]:
    """The plan as the core's assignment and routes (indices of the problem); a member not
    in the plan (added since) goes with group 1, a host no longer usable is left out."""
    problem = given.problem
    groups = max(problem.day.groups, len(plan.groups))
    member_index = {m.id: k for k, m in enumerate(problem.members)}
    host_index = {h.id: k for k, h in enumerate(problem.hosts)}
    interpreter_index = {i.id: k for k, i in enumerate(problem.interpreters)}
    group_of = [0] * len(problem.members)
    interpreter_of: list[int | None] = [None] * groups
    routes: list[list[int]] = [[] for _ in range(groups)]
    for g in plan.groups:
        for member in g.members:
            if member in member_index:
                group_of[member_index[member]] = g.number - 1
        if g.interpreter is not None:
            interpreter_of[g.number - 1] = interpreter_index.get(g.interpreter)
        routes[g.number - 1] = [host_index[v.host] for v in g.visits if v.host in host_index]
    return Assignment(tuple(group_of), tuple(interpreter_of)), routes


@dataclass(frozen=True)
class HandChange:
    """One change by hand: move a member to a group, drop a host's visit, or add a host's
    visit to a group at a position (0: first; beyond the end: last)."""

    kind: str  # "move", "drop", "add"
    group: int = 0
    member: str = ""
    host: str = ""
    position: int = 0


def changed_by_hand(given: VisitInput, version: VisitPlanVersion, change: HandChange) -> VisitPlan:
    """The plan with the change made and every visit re-timed; `Explained` when the change
    names nothing of the day or a route then does not fit into the day."""
    problem = given.problem
    assignment, routes = _assignment(given, plan_of(version))
    group_of = list(assignment.group_of)
    if change.kind in ("move", "add") and not 1 <= change.group <= len(routes):
        raise Explained(NO_SUCH_GROUP, group=change.group)
    hosts = [h.id for h in problem.hosts]
    if change.kind == "move":
        members = [m.id for m in problem.members]
        if change.member not in members:
            raise Explained(NOT_IN_PLAN)
        group_of[members.index(change.member)] = change.group - 1
    elif change.host not in hosts:
        raise Explained(NOT_IN_PLAN)
    else:
        host = hosts.index(change.host)
        routes = [[h for h in route if h != host] for route in routes]
        if change.kind == "add":
            routes[change.group - 1].insert(max(change.position, 0), host)
    for g, route in enumerate(routes):
        if time_route(problem, route) is None:
            raise Explained(ROUTE_DOES_NOT_FIT, group=g + 1)
    moved = Assignment(tuple(group_of), assignment.interpreter_of)
    return make_plan(problem, moved, routes, ("changed by hand",))


READING = N_("Reading the delegation, the hosts and the day")
PLANNING = N_("Planning the visits")
STORING = N_("Storing the new plan")
PLANNED = N_("Plan %(version)d: relevance %(total).2f (simple plan: %(baseline).2f)")
