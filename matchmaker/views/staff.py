"""The staff console: login, the events, an event's firms (search, approve, reject), the
audit log; admins also manage staff accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from matchmaker.auth import StaffLogin, admin_required, staff, staff_required
from matchmaker.extensions import db
from matchmaker.forms import ActionForm, LoginForm, StaffAccountForm
from matchmaker.i18n import explained
from matchmaker.models import ParticipantStatus, StaffRole, StaffUser
from matchmaker.services.events import list_events
from matchmaker.services.firm_admin import (
    SORTS,
    FirmNotFound,
    event_figures,
    list_firms,
    set_firm_status,
)
from matchmaker.services.staff import (
    StaffError,
    audit_log,
    check_login,
    create_staff,
    record,
    set_active,
)
from matchmaker.views.helpers import event_or_404

bp = Blueprint("staff", __name__, url_prefix="/staff")

DECISIONS = {
    "approve": ParticipantStatus.APPROVED,
    "reject": ParticipantStatus.REJECTED,
    "reopen": ParticipantStatus.REGISTERED,
}


@bp.after_request
def private(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


_event = event_or_404


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    form = LoginForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("staff/login.html", form=form, message=None), status
    result = check_login(
        db.session(),
        form.email.data or "",
        form.password.data or "",
        address=request.remote_addr or "",
    )
    db.session.commit()  # failures count even when the login is refused
    if result.user is None:
        if result.locked_until is not None:
            message = _("Too many wrong passwords. Please wait a few minutes and try again.")
            return render_template("staff/login.html", form=form, message=message), 429
        message = _("E-mail or password is wrong.")
        return render_template("staff/login.html", form=form, message=message), 401
    session.clear()  # a fresh session: nothing carried over from before the login
    login_user(StaffLogin(result.user))
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if not target.startswith("/staff") or parts.scheme or parts.netloc:
        target = url_for("staff.dashboard")
    return redirect(target, code=303)


@bp.post("/logout")
@staff_required
def logout() -> Response:
    if not ActionForm().validate():
        abort(400)
    logout_user()
    session.clear()
    return redirect(url_for("staff.login"), code=303)


@bp.get("/")
@staff_required
def dashboard() -> str:
    return render_template("staff/dashboard.html", events=list_events(db.session()))


@bp.get("/e/<slug>/")
@staff_required
def event_home(slug: str) -> str:
    event = _event(slug)
    return render_template(
        "staff/event.html", event=event, figures=event_figures(db.session(), event)
    )


@bp.get("/e/<slug>/firms")
@staff_required
def firms(slug: str) -> str:
    event = _event(slug)
    status = request.args.get("status", "")
    if status not in {s.value for s in ParticipantStatus}:
        status = ""
    sort = request.args.get("sort", "name")
    rows = list_firms(
        db.session(),
        event,
        text=request.args.get("q", "")[:200],
        status=status,
        group_id=request.args.get("group", type=int),
        sort=sort if sort in SORTS else "name",
    )
    return render_template(
        "staff/firms.html",
        event=event,
        rows=rows,
        action=ActionForm(),
        sorts=list(SORTS),
        statuses=[s.value for s in ParticipantStatus],
    )


@bp.post("/e/<slug>/firms/<int:firm_id>/<any(approve, reject, reopen):decision>")
@staff_required
def decide(slug: str, firm_id: int, decision: str) -> Response:
    event = _event(slug)
    if not ActionForm().validate():
        abort(400)
    try:
        firm = set_firm_status(db.session(), event, firm_id, DECISIONS[decision], staff())
    except FirmNotFound:
        abort(404)
    db.session.commit()
    flash(_("%(firm)s: %(status)s.", firm=firm.name, status=_status_label(firm.status)))
    return redirect(request.referrer or url_for("staff.firms", slug=slug), code=303)


def _status_label(status: ParticipantStatus) -> str:
    labels = {
        ParticipantStatus.REGISTERED: _("registered, not yet approved"),
        ParticipantStatus.APPROVED: _("approved"),
        ParticipantStatus.REJECTED: _("rejected"),
        ParticipantStatus.WITHDRAWN: _("withdrawn"),
    }
    return str(labels[status])


@bp.get("/e/<slug>/audit")
@staff_required
def audit(slug: str) -> str:
    event = _event(slug)
    return render_template("staff/audit.html", event=event, entries=audit_log(db.session(), event))


@bp.route("/admin/staff", methods=["GET", "POST"])
@admin_required
def accounts() -> Response | tuple[str, int] | str:
    form = StaffAccountForm()
    users = db.session.query(StaffUser).order_by(StaffUser.email).all()
    if form.validate_on_submit():
        try:
            user = create_staff(
                db.session(),
                form.email.data or "",
                form.password.data or "",
                name=form.name.data or "",
                role=StaffRole.ADMIN if form.admin.data else StaffRole.STAFF,
            )
        except StaffError as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, explained(error)]
            return render_template("staff/accounts.html", form=form, users=users), 422
        record(db.session(), staff(), "staff.create", subject=user.email)
        db.session.commit()
        flash(_("Account for %(email)s created.", email=user.email))
        return redirect(url_for("staff.accounts"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("staff/accounts.html", form=form, users=users), status


@bp.post("/admin/staff/<int:user_id>/<any(activate, deactivate):what>")
@admin_required
def account_state(user_id: int, what: str) -> Response:
    if not ActionForm().validate():
        abort(400)
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
