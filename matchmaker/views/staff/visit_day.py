"""Staff page of a day of company visits (issue 21): who of the delegation takes part, the
planner run in the background, the numbered plans with the verifier's findings against
today's data, changes by hand (each a new draft, refused when a route no longer fits),
publishing, and the papers of the day: the bus plan per group, the hosts' notices and the
interpreters' plan."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.core.messages import Explained
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.week import HandChangeForm, VisitRunForm
from matchmaker.i18n import explained
from matchmaker.jobs import JobRefused, start_job
from matchmaker.models import Event, ItemKind, ProgrammeItem, VisitPlanVersion
from matchmaker.security import CSP_INLINE_STYLE
from matchmaker.services import programme, visit_day_changes, visit_hosts, visit_plans
from matchmaker.services.audit import record
from matchmaker.services.visit_problem import VisitInput, clock, visit_input
from matchmaker.views.helpers import event_or_404, require_button, row_of_event
from matchmaker.views.staff import bp

PLAN_STATES = {
    "draft": _l("draft"),
    "published": _l("published"),
    "superseded": _l("superseded"),
}
FINDING_KINDS = {
    "groups": _l("too many groups"),
    "unknown": _l("someone unknown to this day"),
    "member-missing": _l("a member in no group"),
    "member-twice": _l("a member in two groups"),
    "host-twice": _l("a host visited twice"),
    "capacity": _l("a group larger than a host takes"),
    "duration": _l("a visit of the wrong length"),
    "window": _l("a visit outside the host's times"),
    "arrival": _l("a visit that starts before the group arrives"),
    "travel": _l("not enough time to travel"),
    "day": _l("outside the day"),
    "lunch-missing": _l("no lunch"),
    "lunch-window": _l("lunch at the wrong time"),
    "lunch-overlap": _l("lunch during a visit"),
    "interpreter-twice": _l("an interpreter in two groups"),
    "total": _l("the stated relevance is wrong"),
}

CHANGE_WORDS = {
    "shifted": _l("moved"),
    "dropped": _l("dropped"),
    "added": _l("added"),
    "held": _l("had begun"),
    "late": _l("the group is late"),
    "re-timed": _l("moved with the rest of the day"),
    "cancelled": _l("the host cancelled"),
    "no-longer-fits": _l("no longer fits into the day"),
    "free-time": _l("in the time that came free"),
}


def day_of(slug: str, item_id: int) -> tuple[Event, ProgrammeItem]:
    event = event_or_404(slug)
    item = row_of_event(ProgrammeItem, item_id, event)
    if item.kind is not ItemKind.VISITS:
        abort(404)
    return event, item


def version_of_day(item: ProgrammeItem, number: int) -> VisitPlanVersion:
    return visit_plans.version_of(db.session(), item, number) or abort(404)


def _names(event: Event) -> dict[str, dict[str, str]]:
    """The names behind the ids of a plan: members, hosts, interpreters."""
    session = db.session()
    return {
        "members": {str(m.id): m.name for m in programme.members_of(session, event)},
        "hosts": {str(h.id): h.name for h in visit_hosts.hosts_of(session, event)},
        "interpreters": {str(i.id): i.name for i in event.interpreters},
    }


def _notified(event: Event, shown: VisitPlanVersion | None) -> int:
    """How many hosts were mailed their notice of the shown plan."""
    hosts = visit_hosts.hosts_of(db.session(), event)
    return sum(1 for h in hosts if shown is not None and h.notified_plan_id == shown.id)


def _input(item: ProgrammeItem) -> tuple[VisitInput | None, str]:
    """The day as the planner sees it, or why it cannot be planned yet."""
    try:
        return visit_input(db.session(), item), ""
    except Explained as why:
        return None, explained(why)


@bp.get("/e/<slug>/week/visits/<int:item_id>", defaults={"number": None})
@bp.get("/e/<slug>/week/visits/<int:item_id>/<int:number>")
def visit_day(slug: str, item_id: int, number: int | None) -> str:
    event, item = day_of(slug, item_id)
    session = db.session()
    versions = visit_plans.versions_of(session, item)
    shown = version_of_day(item, number) if number else (versions[0] if versions else None)
    given, problem = _input(item)
    record = visit_day_changes.record_of(shown) if shown else None
    findings = visit_plans.findings(given, shown, record) if given and shown else []
    members = programme.members_of(session, item.event)
    return render_template(
        "staff/visit_day.html",
        event=event,
        item=item,
        members=members,
        names=_names(event),
        absent=programme.absent_ids(session, item),
        versions=versions,
        shown=shown,
        plan=visit_plans.plan_of(shown) if shown else None,
        given=given,
        problem=problem,
        findings=findings,
        states=PLAN_STATES,
        day_changes=visit_day_changes.changes_of(shown) if shown else [],
        change_words=CHANGE_WORDS,
        travel_given=bool(item.travel),
        notified=sum(
            1
            for h in visit_hosts.hosts_of(session, event)
            if shown and h.notified_plan_id == shown.id
        ),
        finding_kinds=FINDING_KINDS,
        at=clock,
        action=ActionForm(),
    )


@bp.post("/e/<slug>/week/visits/<int:item_id>/plan")
def plan_visit_day(slug: str, item_id: int) -> Response:
    event, item = day_of(slug, item_id)
    form = VisitRunForm()
    if not form.validate():
        abort(400)
    params = {"item": item.id, "time_limit": form.time_limit.data}
    try:
        job = start_job(event, staff(), "visits", params)
    except JobRefused as refused:
        flash(explained(refused))
        job = refused.active
    return redirect(url_for("staff.job", slug=slug, job_id=job.id), code=303)


@bp.post("/e/<slug>/week/visits/<int:item_id>/<int:number>/change")
def change_visits(slug: str, item_id: int, number: int) -> Response:
    event, item = day_of(slug, item_id)
    version = version_of_day(item, number)
    form = HandChangeForm()
    if not form.validate():
        abort(400)
    given, problem = _input(item)
    change = visit_plans.HandChange(
        kind=form.kind.data or "move",
        group=form.group.data or 0,
        member=str(form.member.data or ""),
        host=str(form.host.data or ""),
        position=(form.position.data or 1) - 1,
    )
    session = db.session()
    try:
        if given is None:
            raise Explained(problem)
        plan = visit_plans.changed_by_hand(given, version, change)
    except Explained as refused:
        flash(explained(refused))
        return redirect(url_for("staff.visit_day", slug=slug, item_id=item_id, number=number), 303)
    figures = visit_plans.PlanFigures("hand", version.baseline_total, None, ({"from": number},))
    new = visit_plans.store_plan(session, item, plan, figures)
    record(
        session,
        staff(),
        "week.plan_changed",
        event=event,
        detail={"item": item.id, "version": new.number},
    )
    session.commit()
    flash(_("Version %(num)d holds the change.", num=new.number))
    return redirect(url_for("staff.visit_day", slug=slug, item_id=item_id, number=new.number), 303)


@bp.post("/e/<slug>/week/visits/<int:item_id>/<int:number>/publish")
def publish_visits(slug: str, item_id: int, number: int) -> Response:
    event, item = day_of(slug, item_id)
    require_button()
    version = version_of_day(item, number)
    session = db.session()
    try:
        visit_plans.publish(session, version)
    except Explained as refused:
        flash(explained(refused))
        return redirect(url_for("staff.visit_day", slug=slug, item_id=item_id, number=number), 303)
    record(
        session,
        staff(),
        "week.plan_published",
        event=event,
        detail={"item": item.id, "version": number},
    )
    session.commit()
    flash(_("Version %(num)d is published: the members see it in their week.", num=number))
    return redirect(url_for("staff.visit_day", slug=slug, item_id=item_id, number=number), 303)


@bp.get("/e/<slug>/week/visits/<int:item_id>/<int:number>/print")
def print_visits(slug: str, item_id: int, number: int) -> tuple[str, int, dict[str, str]]:
    event, item = day_of(slug, item_id)
    version = version_of_day(item, number)
    given, _problem = _input(item)
    page = render_template(
        "staff/visit_print.html",
        event=event,
        item=item,
        version=version,
        plan=visit_plans.plan_of(version),
        given=given,
        names=_names(event),
        hosts={str(h.id): h for h in visit_hosts.hosts_of(db.session(), event)},
        at=clock,
    )
    return page, 200, {"Content-Security-Policy": CSP_INLINE_STYLE}
