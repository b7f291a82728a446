"""Staff pages that change a day of visits beyond the planner (issue 21): a change on the
day (a host cancels, a bus is late) re-plans the rest of the day with the least change into
a new draft; and staff's own travel minutes, downloaded as a table to correct and uploaded
back (checked whole: a wrong cell names its row and column, and nothing is stored)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.core.messages import Explained
from matchmaker.extensions import db
from matchmaker.forms.imports import UploadForm
from matchmaker.forms.week import DayChangeForm
from matchmaker.i18n import explained, problems_text
from matchmaker.io.errors import InputFileError
from matchmaker.services import visit_day_changes, visit_travel
from matchmaker.services.audit import record
from matchmaker.services.firm_import import UploadError, drop_upload, load_upload, store_upload
from matchmaker.services.visit_problem import minutes, visit_input
from matchmaker.views.helpers import require_button, table_download, uploads_folder
from matchmaker.views.staff import bp
from matchmaker.views.staff.visit_day import day_of, version_of_day


def _back(slug: str, item_id: int, number: int | None = None) -> Response:
    if number is None:
        return redirect(url_for("staff.visit_day", slug=slug, item_id=item_id), code=303)
    return redirect(url_for("staff.visit_day", slug=slug, item_id=item_id, number=number), 303)


@bp.post("/e/<slug>/week/visits/<int:item_id>/<int:number>/day-change")
def day_change(slug: str, item_id: int, number: int) -> Response:
    event, item = day_of(slug, item_id)
    version = version_of_day(item, number)
    form = DayChangeForm()
    if not form.validate() or form.now.data is None:
        flash(_("Give the time now to re-plan the rest of the day."))
        return _back(slug, item_id, number)
    events = visit_day_changes.DayEvents(
        now=minutes(form.now.data),
        cancelled=tuple(str(i) for i in form.cancelled.data),
        late_group=form.late_group.data or 0,
        late_minutes=form.late_minutes.data or 0,
    )
    session = db.session()
    try:
        replan = visit_day_changes.replanned(visit_input(session, item), version, events)
    except Explained as refused:
        flash(explained(refused))
        return _back(slug, item_id, number)
    new = visit_day_changes.store_replan(session, item, version, replan)
    detail = {"item": item.id, "version": new.number, "from": number}
    record(session, staff(), "week.plan_day_change", event=event, detail=detail)
    session.commit()
    changed = len(replan.changed())
    flash(ngettext("Plan %(version)d: %(num)d change to the rest of the day.",
                   "Plan %(version)d: %(num)d changes to the rest of the day.",
                   changed, version=new.number))  # fmt: skip
    return _back(slug, item_id, new.number)


@bp.get("/e/<slug>/week/visits/<int:item_id>/travel.<any(csv, xlsx):kind>")
def travel_download(slug: str, item_id: int, kind: str) -> Response:
    _event, item = day_of(slug, item_id)
    table = visit_travel.travel_table(db.session(), item)
    rows = [[name, *row] for name, row in zip(table.names, table.minutes, strict=True)]
    return table_download(f"travel-{item.day}.{kind}", ["", *table.names], rows)


@bp.post("/e/<slug>/week/visits/<int:item_id>/travel")
def travel_upload(slug: str, item_id: int) -> Response:
    event, item = day_of(slug, item_id)
    form = UploadForm()
    if not form.validate():
        if form.refused():
            abort(400)
        flash(form.problem())
        return _back(slug, item_id)
    upload = form.upload()
    folder = uploads_folder()
    session = db.session()
    try:
        token = store_upload(folder, upload.filename or "", upload.read())
    except UploadError as error:
        flash(explained(error))
        return _back(slug, item_id)
    try:
        visit_travel.set_travel(session, item, load_upload(folder, token))
    except InputFileError as error:
        session.rollback()
        flash(problems_text(error))
        return _back(slug, item_id)
    except Explained as refused:
        session.rollback()
        flash(explained(refused))
        return _back(slug, item_id)
    finally:
        drop_upload(folder, token)
    record(session, staff(), "week.travel", event=event, detail={"item": item.id})
    session.commit()
    flash(_("The travel minutes are saved; the planner uses them from now on."))
    return _back(slug, item_id)


@bp.post("/e/<slug>/week/visits/<int:item_id>/travel/clear")
def travel_clear(slug: str, item_id: int) -> Response:
    event, item = day_of(slug, item_id)
    require_button()
    visit_travel.clear_travel(db.session(), item)
    record(db.session(), staff(), "week.travel", event=event, detail={"item": item.id})
    db.session.commit()
    flash(_("The travel minutes are computed from the coordinates again."))
    return _back(slug, item_id)
