"""The staff console: one blueprint, `staff`, under /staff/. Every page needs a signed-in
account but the login's own pages and an invitation's (`login.ANONYMOUS`), checked once
here for every request, as is the account's role on the event a page belongs to
(`access.guard`). The pages live in the modules below by subject; importing them adds their
routes to the blueprint."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker.views.staff.access import guard

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
def signed_in_only() -> Response | None:
    """Anyone not signed in goes to the login page (and back after it)."""
    from matchmaker.views.staff.login import ANONYMOUS

    if current_user.is_authenticated or request.endpoint in ANONYMOUS:
        return None
    answer: Response = current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    return answer


guard(bp)


@bp.after_request
def private(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


from matchmaker.views.staff import (  # noqa: E402  (the pages add their routes to bp)
    committee,
    console,
    directory,
    fair_day,
    firm_link,
    firms,
    follow_up,
    login,
    mail,
    organisations,
    organisers,
    outbox,
    setup,
    tables,
    texts,
    timetable,
    visit_changes,
    visit_day,
    visit_hosts,
    week,
    week_mail,
)

__all__ = [
    "bp",
    "committee",
    "console",
    "directory",
    "fair_day",
    "firm_link",
    "firms",
    "follow_up",
    "login",
    "mail",
    "organisations",
    "organisers",
    "outbox",
    "setup",
    "tables",
    "texts",
    "timetable",
    "visit_changes",
    "visit_day",
    "visit_hosts",
    "week",
    "week_mail",
]
