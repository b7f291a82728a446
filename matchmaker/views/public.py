"""Pages anyone may see: the list of fairs, a fair's public page and an organisation's page,
each fair with its organisers linked to theirs."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.forms.filters import LanguageNextQuery
from matchmaker.i18n import LANGUAGE_COOKIE
from matchmaker.services.events import event_overview, is_public, list_events
from matchmaker.services.organisation_pages import Organisers, organisation_page, organisers_of
from matchmaker.services.visit_hosts import visit_days
from matchmaker.views.helpers import previewing, public_event_or_404

bp = Blueprint("public", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def home() -> str:
    """The fairs the public may see, with their organisers; logged-in staff also see, marked,
    those in preparation that their organisations have a role on (an administrator: all)."""
    session = db.session()
    staff = current_user.user if current_user.is_authenticated else None
    events = list_events(session, drafts=False, drafts_of=staff, public_counts=True)
    return render_template(
        "public/home.html",
        events=events,
        is_public=is_public,
        organisers=organisers_of(session, [item.event.id for item in events]),
    )


@bp.get("/e/<slug>")
def event_page(slug: str) -> str:
    event = public_event_or_404(slug)
    session = db.session()
    return render_template(
        "public/event.html",
        overview=event_overview(session, event),
        preview=previewing(event),
        organisers=organisers_of(session, [event.id]).get(event.id, Organisers()),
        visit_days=visit_days(session, event),
    )


@bp.get("/o/<org>")
def organisation(org: str) -> str:
    """An organisation's page: its contact address and the fairs it runs or co-runs, coming
    and held (never one in preparation); an unknown address is 404."""
    page = organisation_page(db.session(), org)
    if page is None:
        abort(404)
    return render_template("public/organisation.html", page=page)


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page links; the icon is a static SVG."""
    return redirect(url_for("static", filename="favicon.svg"))


@bp.get("/language/<code>")
def choose_language(code: str) -> Response:
    """Remember the reader's language and go back to where they were (on this site only)."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    target = LanguageNextQuery(request.args).next.data or "/"  # a path on this site
    response = redirect(target)
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=ONE_YEAR,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )
    return response
