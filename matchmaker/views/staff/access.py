"""Who may open which event's staff pages (issue 19): checked once per request for every
page under `/staff/e/<slug>/`, before the page's own code, so that a page added later is
covered without anyone remembering to.

An event that is not the account's answers 404, as if it did not exist; a page its role
does not allow answers 403. Reading (GET) needs a supporter, changing (POST) an organiser;
`NEEDS` lists the exceptions: the fair-day desk is a supporter's work, publishing (a
timetable, a plan of visits),
erasing and choosing who co-organises are the owner's.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, request
from flask_login import current_user

from matchmaker.extensions import db
from matchmaker.models import EventRole
from matchmaker.services.events import find_event
from matchmaker.services.organisations import allows, event_role

NEEDS = {
    "staff.desk_action": EventRole.SUPPORTER,
    "staff.erase_firm": EventRole.OWNER,
    "staff.publish_page": EventRole.OWNER,
    "staff.publish_visits": EventRole.OWNER,
    "staff.invite_organiser": EventRole.OWNER,
    "staff.change_organiser": EventRole.OWNER,
    "staff.withdraw": EventRole.OWNER,
}


def needed_role(endpoint: str, method: str) -> EventRole:
    """The least role that may use the endpoint with this method."""
    if endpoint in NEEDS:
        return NEEDS[endpoint]
    return EventRole.SUPPORTER if method in ("GET", "HEAD") else EventRole.ORGANISER


def guard(bp: Blueprint) -> None:
    """Check the account's role on the event of every request to `bp` that names one."""

    @bp.before_request
    def check_event_role() -> None:
        slug = (request.view_args or {}).get("slug")
        if slug is None or not current_user.is_authenticated:
            return  # not an event's page, or the login page follows (signed_in_only)
        event = find_event(db.session(), slug)
        if event is None:
            abort(404)
        role = event_role(db.session(), current_user.user, event)
        if role is None:
            abort(404)
        if not allows(role, needed_role(request.endpoint or "", request.method)):
            abort(403)
        g.event_role = role
