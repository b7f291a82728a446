"""A returning firm starts from the profile it gave at an earlier fair (issue 19): the offer
on its overview and profile pages, and the button that copies it (on the firm blueprint,
`firm.bp`). The firm's personal link proves it controls the address both registrations
share; pressing the button, a CSRF-protected POST, is its consent. What is offered and
copied is decided in `services.profile_reuse`."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.forms.feedback import ReuseForm
from matchmaker.i18n import explained, reader_language
from matchmaker.models import Participant
from matchmaker.services.events import profile_problem
from matchmaker.services.profile_reuse import ReuseRefused, reuse_offer, reuse_profile
from matchmaker.services.recommendations import refresh_firm
from matchmaker.services.texts import local_text
from matchmaker.views.firm import bp, current_firm


@bp.context_processor
def offer_of_earlier_profile() -> dict[str, Callable[[], Participant | None]]:
    """`reuse_offer()` for the firm's templates: the earlier registration to offer, or None
    while profiles are closed. A function, so that only the pages showing the offer look."""

    def offered() -> Participant | None:
        firm = current_firm()
        if profile_problem(firm.event) is not None:
            return None
        return reuse_offer(db.session(), firm)

    return {"reuse_offer": offered}


@bp.post("/reuse")
def reuse() -> Response:
    """Copy the offered earlier profile, then show the profile page to review it; a refusal
    (closed, copied already, no longer offered) changes nothing and says why."""
    firm = current_firm()
    form = ReuseForm()
    if not form.validate():  # only the CSRF token can be refused
        abort(400)
    session = db.session()
    try:
        earlier = reuse_profile(session, firm, form.earlier.data)
    except ReuseRefused as error:
        session.rollback()
        flash(explained(error))
        return redirect(url_for("firm.overview"), code=303)
    session.commit()
    refresh_firm(session, firm)  # its partners for what it now says, at once
    session.commit()
    fair = local_text(earlier.event, "name", reader_language()).text
    flash(
        _(
            "Your profile now holds what you gave for %(fair)s. Please check it and change "
            "what is different this time.",
            fair=fair,
        )
    )
    return redirect(url_for("firm.profile"), code=303)
