"""Staff pages of the firms that offer a visit (issue 21): add one on a firm's behalf (it
phoned, or wrote) and change one (coordinates the planner needs, a window that moved), with
the host form's fields and checks; approving and rejecting are on the week's page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.core.messages import Explained
from matchmaker.extensions import db
from matchmaker.forms.visit_host import StaffHostForm
from matchmaker.i18n import explained
from matchmaker.models import Event, ParticipantStatus, VisitHost
from matchmaker.services import visit_hosts
from matchmaker.services.audit import record
from matchmaker.views.helpers import event_or_404
from matchmaker.views.staff import bp


def _page(event: Event, form: StaffHostForm, host: VisitHost | None, status: int = 200,
          problem: str = "") -> tuple[str, int]:  # fmt: skip
    page = render_template(
        "staff/host_edit.html", event=event, form=form, host=host, problem=problem
    )
    return page, status


@bp.route("/e/<slug>/week/hosts/new", methods=["GET", "POST"], defaults={"host_id": None})
@bp.route("/e/<slug>/week/hosts/<int:host_id>", methods=["GET", "POST"])
def edit_host(slug: str, host_id: int | None) -> Response | tuple[str, int]:
    event = event_or_404(slug)
    session = db.session()
    host = None if host_id is None else (visit_hosts.host_of(session, event, host_id) or abort(404))
    form = StaffHostForm(event, visit_hosts.visit_days(session, event))
    if not form.is_submitted():
        if host is not None:
            form.fill_from(host)
        else:
            form.preset()
        return _page(event, form, host)
    if not form.validate():
        return _page(event, form, host, 422)
    try:
        saved = visit_hosts.save_host(session, event, form.host_values(), host)
    except Explained as refused:
        session.rollback()
        return _page(event, form, host, 422, explained(refused))
    if host is None:  # staff vouch for a host they enter themselves
        visit_hosts.set_status(session, saved, ParticipantStatus.APPROVED)
    record(session, staff(), "week.host_saved", event=event, detail={"host": saved.id})
    session.commit()
    flash(_("%(firm)s is saved.", firm=saved.name))
    return redirect(url_for("staff.week", slug=slug, _anchor="hosts"), code=303)
