"""The staff console: the events, an event's firms (search, approve, reject), the audit log;
admins also manage staff accounts (create, block, lift login limits, end sessions). The
login and passwords are in `views.staff_login`."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)

from matchmaker.auth import admin_required, staff
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.filters import FirmListQuery
from matchmaker.forms.organisations import StaffAccountForm
from matchmaker.i18n import explained
from matchmaker.labels import FIRM_STATES, audit_rows
from matchmaker.models import ParticipantStatus, StaffRole, StaffUser
from matchmaker.services.audit import audit_log, record
from matchmaker.services.checklist import checklist, next_step
from matchmaker.services.convert import event_slots
from matchmaker.services.events import list_events
from matchmaker.services.firm_admin import (
    SORTS,
    FirmNotFound,
    event_figures,
    list_firms,
    set_firm_status,
)
from matchmaker.services.logins import recent_failures
from matchmaker.services.organisations import add_member, list_organisations
from matchmaker.services.returning_firms import directory_organisations
from matchmaker.services.staff import StaffError, create_staff, end_sessions, set_active, unlock
from matchmaker.views.helpers import event_or_404, recruiter_choice, require_button
from matchmaker.views.staff import bp

DECISIONS = {
    "approve": ParticipantStatus.APPROVED,
    "reject": ParticipantStatus.REJECTED,
    "reopen": ParticipantStatus.REGISTERED,
}


@bp.get("/")
def dashboard() -> str:
    session = db.session()
    return render_template(
        "staff/dashboard.html",
        events=list_events(session, staff=staff()),
        organisations=directory_organisations(session, staff()),
    )


@bp.get("/e/<slug>/")
def event_home(slug: str) -> str:
    event = event_or_404(slug)
    steps = checklist(db.session(), event)
    return render_template(
        "staff/event.html",
        event=event,
        figures=event_figures(db.session(), event),
        steps=steps,
        next_step=next_step(steps),
    )


@bp.get("/e/<slug>/firms")
def firms(slug: str) -> str:
    event = event_or_404(slug)
    wanted = FirmListQuery(request.args)
    rows = list_firms(
        db.session(),
        event,
        text=wanted.q.data or "",
        status=wanted.status.data or "",
        group_id=wanted.group.data,
        sort=wanted.sort.data or "name",
    )
    choice = recruiter_choice(event)
    return render_template(
        "staff/firms.html",
        event=event,
        rows=[r for r in rows if choice.only is None or r.id in choice.only],
        choice=choice,
        recruiter_names={o.id: o.name for o in choice.organisers},
        action=ActionForm(),
        wanted=wanted,
        sorts=list(SORTS),
        statuses=[s.value for s in ParticipantStatus],
    )


@bp.post("/e/<slug>/firms/<int:firm_id>/<any(approve, reject, reopen):decision>")
def decide(slug: str, firm_id: int, decision: str) -> Response:
    event = event_or_404(slug)
    require_button()
    try:
        firm = set_firm_status(db.session(), event, firm_id, DECISIONS[decision], staff())
    except FirmNotFound:
        abort(404)
    db.session.commit()
    flash(_("%(firm)s: %(status)s.", firm=firm.name, status=_status_label(firm.status)))
    return redirect(request.referrer or url_for("staff.firms", slug=slug), code=303)


def _status_label(status: ParticipantStatus) -> str:
    return str(FIRM_STATES[status])


@bp.get("/e/<slug>/audit")
def audit(slug: str) -> str:
    event = event_or_404(slug)
    rows = audit_rows(
        audit_log(db.session(), event),
        event,
        firms={p.id: p.name for p in event.participants},
        tables={t.id: t.label for t in event.tables},
        slots={s.number: f"{s.start:%H:%M}" for s in event_slots(event)},
    )
    return render_template("staff/audit.html", event=event, entries=rows)


@bp.route("/admin/staff", methods=["GET", "POST"])
@admin_required
def accounts() -> Response | tuple[str, int] | str:
    form = StaffAccountForm()
    offices = {o.id: o for o, _members, _events in list_organisations(db.session())}
    form.organisation.choices = [
        SelectChoice(0, "—"),
        *(SelectChoice(i, o.name) for i, o in offices.items()),
    ]
    users = db.session.query(StaffUser).order_by(StaffUser.email).all()
    failures = {u.id: recent_failures(db.session(), u.email) for u in users}
    if form.validate_on_submit():
        try:
            user = create_staff(
                db.session(),
                form.email.data or "",
                form.password.data or "",
                name=form.name.data or "",
                role=StaffRole.ADMIN if form.admin.data else StaffRole.STAFF,
            )
            if form.organisation.data in offices:
                add_member(db.session(), offices[form.organisation.data], user)
        except StaffError as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, explained(error)]
            return render_template(
                "staff/accounts.html", form=form, users=users, failures=failures
            ), 422
        record(db.session(), staff(), "staff.create", subject=user.email)
        db.session.commit()
        flash(_("Account for %(email)s created.", email=user.email))
        return redirect(url_for("staff.accounts"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("staff/accounts.html", form=form, users=users, failures=failures), status


@bp.post("/admin/staff/<int:user_id>/<any(activate, deactivate):what>")
@admin_required
def account_state(user_id: int, what: str) -> Response:
    require_button()
    try:
        user = set_active(db.session(), user_id, what == "activate", staff())
    except StaffError as error:
        db.session.rollback()
        flash(explained(error))
        return redirect(url_for("staff.accounts"), code=303)
    db.session.commit()
    flash(_("%(email)s: %(state)s.", email=user.email,
            state=_("active") if user.active else _("blocked")))  # fmt: skip
    return redirect(url_for("staff.accounts"), code=303)


@bp.post("/admin/staff/<int:user_id>/<any(unlock, end_sessions):what>")
@admin_required
def account_access(user_id: int, what: str) -> Response:
    """Lift the login limits counted for an account, or end all its sessions."""
    require_button()
    try:
        if what == "unlock":
            user = unlock(db.session(), user_id, staff())
            message = _("%(email)s: login limits lifted.", email=user.email)
        else:
            user = end_sessions(db.session(), user_id, staff())
            message = _("%(email)s: all sessions ended.", email=user.email)
    except StaffError as error:
        db.session.rollback()
        flash(explained(error))
        return redirect(url_for("staff.accounts"), code=303)
    db.session.commit()
    flash(message)
    return redirect(url_for("staff.accounts"), code=303)
