"""A local firm offers the visiting delegation a company visit (issue 21): the public host
form of an event with days of visits, and its thank-you page. Open while the event takes
registrations, refused as a firm's registration is; rate-limited as that is
(`registration.throttled`). Staff approve the hosts before the planner uses them."""

from __future__ import annotations

import secrets

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from matchmaker.core.messages import Explained
from matchmaker.extensions import db
from matchmaker.forms.visit_host import HostForm
from matchmaker.i18n import explained
from matchmaker.models import Event
from matchmaker.services.events import registration_problem
from matchmaker.services.registration import RegistrationClosed
from matchmaker.services.visit_hosts import register_host, visit_days
from matchmaker.views.helpers import public_event_or_404
from matchmaker.views.registration import Refusal, throttled

bp = Blueprint("visit_host", __name__)

PAGE = "visit_host/register.html"


def _refused(event: Event, closed: str, status: int) -> tuple[str, int]:
    """The page without its form: registration is closed (`closed` says why)."""
    return render_template(PAGE, event=event, form=None, closed=closed, problem=None), status


@bp.route("/e/<slug>/host", methods=["GET", "POST"])
def register(slug: str) -> Response | tuple[str, int] | Refusal | str:
    """The host form: a new one with its one-time submission key, or a sent one saved
    (then on to the thank-you page) or shown again with its errors beside the fields."""
    event = public_event_or_404(slug)
    days = visit_days(db.session(), event)
    form = HostForm(event, days)
    sent = form.is_submitted()
    closed = registration_problem(event)
    if closed is not None:
        return _refused(event, closed, 403 if sent else 200)
    if not days:  # nothing to offer visits on yet
        return _refused(event, "no_days", 403 if sent else 200)
    if not sent:
        form.submission_key.data = secrets.token_urlsafe(24)
        form.preset()
        return render_template(PAGE, event=event, form=form, closed=None, problem=None)
    if not form.validate() or not form.submission_key.data:
        return render_template(PAGE, event=event, form=form, closed=None, problem=None), 422
    if (refused := throttled(event, "host", form.email.data or "")) is not None:
        return refused
    session = db.session()
    try:
        register_host(session, event, form.host_values(), form.submission_key.data)
    except RegistrationClosed as error:
        session.rollback()
        return _refused(event, str(error), 403)
    except Explained as error:  # the form checks the same: only a form out of step
        session.rollback()
        page = render_template(PAGE, event=event, form=form, closed=None, problem=explained(error))
        return page, 422
    session.commit()
    return redirect(url_for("visit_host.thanks", slug=event.slug), code=303)


@bp.get("/e/<slug>/host/thanks")
def thanks(slug: str) -> str:
    """After the form: what happens next, in the visitor's language."""
    event = public_event_or_404(slug)
    return render_template("visit_host/thanks.html", event=event)
