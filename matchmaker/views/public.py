"""Pages anyone may see: the list of fairs and a fair's public page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.i18n import LANGUAGE_COOKIE
from matchmaker.services.events import event_overview, find_event, list_events

bp = Blueprint("public", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.get("/")
def home() -> str:
    return render_template("public/home.html", events=list_events(db.session()))


@bp.get("/e/<slug>")
def event_page(slug: str) -> str:
    event = find_event(db.session(), slug)
    if event is None:
        abort(404)
    return render_template("public/event.html", overview=event_overview(db.session(), event))


@bp.get("/language/<code>")
def choose_language(code: str) -> Response:
    """Remember the reader's language and go back to where they were (on this site only)."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    target = request.args.get("next", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = "/"
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
