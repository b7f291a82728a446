"""Staff pages for matching and the timetable: background runs with their progress, the grid
of a version, moving, swapping and locking meetings, copying and publishing versions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.timetable import (
    LockForm,
    MeetingQuery,
    MoveForm,
    PublishForm,
    RecommendRunForm,
    ScheduleRunForm,
)
from matchmaker.i18n import explained, finding_text
from matchmaker.jobs import JobRefused, look_at, silence, start_job
from matchmaker.models import Event, Job, JobStatus, MailKind, ScheduleVersion
from matchmaker.models.base import utcnow
from matchmaker.services.publishing import empty_reasons, meeting_changes, publish_warnings
from matchmaker.services.schedules import COPY_NAME, version_report
from matchmaker.services.timetable import (
    FirmChange,
    TimetableError,
    changes_for_firms,
    grid,
    move_meeting,
    publish,
    set_locked,
    version_by_number,
    versions,
)
from matchmaker.services.versions import copy_version, name_by_app
from matchmaker.views.helpers import event_or_404, require_button, row_of_event
from matchmaker.views.staff import bp
from matchmaker.views.staff.outbox import queue_and_tell

REFUSED = {
    "not_draft": _l("A published version does not change: copy it into a new draft."),
    "stale": _l("Someone changed this meeting since you opened the page; here it is as it is now."),
    "locked": _l("The meeting is locked."),
    "double_booking": _l("A firm or the table is taken at that time."),
    "rules": _l("The move breaks a rule of the timetable:"),
    "no_slot": _l("No such slot."),
    "no_table": _l("No such table."),
    "unknown": _l("No such meeting in this version."),
    "confirm": _l("Please read the warnings and confirm that you want to publish this version."),
}


JOB_KINDS = {
    "recommend": _l("Recommendations"),
    "schedule": _l("Timetable"),
    "visits": _l("Company visits"),
}
JOB_STATUSES = {
    JobStatus.QUEUED: _l("waiting for the worker"),
    JobStatus.RUNNING: _l("running"),
    JobStatus.DONE: _l("done"),
    JobStatus.FAILED: _l("failed"),
}


def _version(event_slug: str, number: int) -> tuple[Event, ScheduleVersion]:
    event = event_or_404(event_slug)
    version = version_by_number(db.session(), event, number)
    if version is None:
        abort(404)
    return event, version


@bp.get("/e/<slug>/timetable")
def timetable(slug: str) -> str:
    event = event_or_404(slug)
    jobs = (
        db.session.query(Job)
        .filter(Job.event_id == event.id)
        .order_by(Job.id.desc())
        .limit(5)
        .all()
    )
    return render_template(
        "staff/timetable.html",
        event=event,
        versions=versions(db.session(), event),
        jobs=jobs,
        kinds=JOB_KINDS,
        statuses=JOB_STATUSES,
        action=ActionForm(),
    )


@bp.post("/e/<slug>/jobs/<any(recommend, schedule):kind>")
def run_job(slug: str, kind: str) -> Response:
    event = event_or_404(slug)
    form = ScheduleRunForm() if kind == "schedule" else RecommendRunForm()
    if not form.validate():
        abort(400)
    try:
        job = start_job(event, staff(), kind, form.params())
    except JobRefused as refused:  # one run per event and kind at a time: show the one
        flash(explained(refused))
        job = refused.active
    return redirect(url_for("staff.job", slug=slug, job_id=job.id), code=303)


@bp.get("/e/<slug>/jobs/<int:job_id>")
def job(slug: str, job_id: int) -> str:
    event = event_or_404(slug)
    found = row_of_event(Job, job_id, event)
    worker = look_at(found) if found.status in (JobStatus.QUEUED, JobStatus.RUNNING) else True
    return render_template(
        "staff/job.html",
        event=event,
        job=found,
        share=_share(found),
        worker=worker,
        silent=silence(found),
        kinds=JOB_KINDS,
    )


def _share(job: Job) -> float | None:
    """How far the run is: what it reported, else (searching a timetable) the time used
    of its limit, else unknown."""
    if job.progress is not None or job.started_at is None:
        return job.progress
    limit = float(job.params.get("time_limit", 0) or 0)
    elapsed = (utcnow() - job.started_at).total_seconds()
    return min(0.99, elapsed / limit) if limit > 0 else None


@bp.get("/e/<slug>/timetable/<int:number>")
def version_page(slug: str, number: int) -> str:
    event, version = _version(slug, number)
    draft = version.status.value == "draft"
    changes = changes_for_firms(db.session(), event, version) if draft else None
    selected = MeetingQuery(request.args).meeting.data  # the meeting whose move form is open
    return _version_view(event, version, changes=changes, selected=selected)


def _version_view(event: Event, version: ScheduleVersion, **extra: object) -> str:
    session = db.session()
    report = version_report(session, event, version)
    draft = version.status.value == "draft"
    return render_template(
        "staff/version.html",
        event=event,
        grid=grid(session, event, version),
        report=report,
        action=ActionForm(),
        warnings=publish_warnings(session, event, version, report) if draft else [],
        moves=meeting_changes(session, event, version) if draft else [],
        empty=empty_reasons(session, event) if not version.meetings else [],
        **extra,
    )


@bp.post("/e/<slug>/timetable/<int:number>/meetings/<int:meeting_id>/move")
def move(slug: str, number: int, meeting_id: int) -> Response | tuple[str, int]:
    event, version = _version(slug, number)
    form = MoveForm()
    if not form.validate():  # no CSRF token, or a slot, table or revision that is no integer
        abort(400)
    (slot, table), revision = form.place(), form.seen()
    session = db.session()
    try:
        move_meeting(session, event, version, meeting_id, slot, table, revision, staff())
    except TimetableError as error:
        session.rollback()
        return _refused(slug, number, error)
    session.commit()
    flash(_("Meeting moved."))
    return redirect(url_for("staff.version_page", slug=slug, number=number), code=303)


@bp.post("/e/<slug>/timetable/<int:number>/meetings/<int:meeting_id>/<any(lock, unlock):what>")
def lock(slug: str, number: int, meeting_id: int, what: str) -> Response | tuple[str, int]:
    event, version = _version(slug, number)
    form = LockForm()
    if not form.validate():
        abort(400)
    revision = form.seen()
    session = db.session()
    try:
        set_locked(session, event, version, meeting_id, revision, what == "lock", staff())
    except TimetableError as error:
        session.rollback()
        return _refused(slug, number, error)
    session.commit()
    return redirect(url_for("staff.version_page", slug=slug, number=number), code=303)


@bp.post("/e/<slug>/timetable/<int:number>/copy")
def copy(slug: str, number: int) -> Response:
    event, version = _version(slug, number)
    require_button()
    draft = copy_version(db.session(), event, version, staff())
    name_by_app(draft, COPY_NAME, num=version.number)
    db.session.commit()
    flash(_("Version %(num)d is a new draft.", num=draft.number))
    return redirect(url_for("staff.version_page", slug=slug, number=draft.number), code=303)


@bp.post("/e/<slug>/timetable/<int:number>/publish")
def publish_page(slug: str, number: int) -> Response | tuple[str, int]:
    event, version = _version(slug, number)
    form = PublishForm()
    if not form.validate():
        abort(400)
    session = db.session()
    try:
        changes = publish(
            session, event, version, form.name.data or "", staff(), confirmed=form.confirm.data
        )
    except TimetableError as error:
        session.rollback()
        return _refused(slug, number, error)
    session.commit()
    flash(
        _(
            "Version %(num)d is published: %(firms)d firms have changes.",
            num=version.number,
            firms=len(changes),
        )
    )
    _notify(event, version.number, changes)
    return redirect(url_for("staff.version_page", slug=slug, number=number), code=303)


def _notify(event: Event, number: int, changes: list[FirmChange]) -> None:
    """Queue a mail to each affected firm that its agenda changed (the worker sends it, with
    the firm's link, in its language); the flashed notes say who gets none and why."""
    if not changes:
        return
    values = {
        change.firm.id: {
            "added": len(change.added),
            "moved": len(change.moved),
            "removed": len(change.removed),
            "version": number,
        }
        for change in changes
    }
    queue_and_tell(event, MailKind.AGENDA, [change.firm for change in changes], values)


def _refused(slug: str, number: int, error: TimetableError) -> tuple[str, int]:
    event, version = _version(slug, number)
    message = str(REFUSED.get(error.code, _l("Not possible")))
    if error.code == "rules":
        message = " ".join([message, *(finding_text(line) for line in error.lines)])
    status = (
        409
        if error.code in ("stale", "double_booking", "rules", "locked", "not_draft", "confirm")
        else 404
    )
    changes = changes_for_firms(db.session(), event, version) if error.code == "confirm" else None
    return _version_view(event, version, changes=changes, refused=message), status
