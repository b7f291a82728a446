"""A firm's personal link in the console: shown on the firm's staff page (selectable, with a
copy button), sent to the firm again by e-mail (through the outbox and the worker), and
replaced after a confirmation that says the old link stops working at once."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.extensions import db
from matchmaker.forms.firm_console import ReplaceLinkForm
from matchmaker.models import MailKind, Participant
from matchmaker.services.audit import record
from matchmaker.services.links import new_link
from matchmaker.services.outbox import reachable
from matchmaker.urls import personal_link
from matchmaker.views.helpers import event_or_404, require_button, row_of_event
from matchmaker.views.staff import bp
from matchmaker.views.staff.outbox import queue_and_tell


def shown_link(firm: Participant) -> str | None:
    """The firm's link for its staff page, or None when it opens nothing (the firm no longer
    takes part). Handing it out may store its hash: committed here."""
    if not reachable(firm):
        return None
    link = personal_link(firm)
    db.session.commit()
    return link


def _edit_page(slug: str, firm: Participant) -> Response:
    return redirect(url_for("staff.edit_firm", slug=slug, firm_id=firm.id) + "#link", code=303)


@bp.post("/e/<slug>/firms/<int:firm_id>/send-link")
def send_firm_link(slug: str, firm_id: int) -> Response:
    """Queue a mail with the firm's link to its address."""
    event = event_or_404(slug)
    require_button()
    firm = row_of_event(Participant, firm_id, event)
    queue_and_tell(event, MailKind.LINK, [firm])
    return _edit_page(slug, firm)


@bp.route("/e/<slug>/firms/<int:firm_id>/replace-link", methods=["GET", "POST"])
def replace_firm_link(slug: str, firm_id: int) -> Response | str:
    """Step 1 (GET): what replacing means, and the choice to mail the new link; step 2
    (POST): the old link stops working, the new one is shown (and queued for mailing)."""
    event = event_or_404(slug)
    firm = row_of_event(Participant, firm_id, event)
    if not reachable(firm):
        abort(404)
    form = ReplaceLinkForm()
    if request.method == "GET":
        return render_template("staff/replace_link.html", event=event, firm=firm, action=form)
    if not form.validate():
        abort(400)
    session = db.session()
    new_link(session, firm, current_app.config["SECRET_KEY"])
    record(session, staff(), "firm.new_link", event=event, subject=firm.name,
           detail={"firm": firm.id})  # fmt: skip
    session.commit()
    flash(_("The link of %(firm)s is replaced: the old link opens nothing any more.",
            firm=firm.name))  # fmt: skip
    if form.send.data:
        queue_and_tell(event, MailKind.LINK, [firm])
    else:
        # Not the link itself: flashed messages travel in the (signed, readable) cookie.
        flash(_("The new link is shown below: give it to the firm."))
    return _edit_page(slug, firm)
