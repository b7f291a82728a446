"""Registering a firm for a fair, and getting one's personal link again."""

from __future__ import annotations

import secrets

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.forms import ProfileForm, ResendLinkForm
from matchmaker.models import Participant
from matchmaker.services.events import registration_problem
from matchmaker.services.links import current_token
from matchmaker.services.mail import MailError, mail_configured, send_mail
from matchmaker.services.registration import (
    RegistrationClosed,
    firms_with_email,
    register,
)
from matchmaker.views.helpers import event_or_404, personal_link

bp = Blueprint("registration", __name__)


_event = event_or_404


@bp.route("/e/<slug>/register", methods=["GET", "POST"])
def register_firm(slug: str) -> Response | tuple[str, int] | str:
    event = _event(slug)
    closed = registration_problem(event)
    form = ProfileForm(event)
    if closed is not None:
        status = 403 if form.is_submitted() else 200
        return render_template(
            "public/register.html", event=event, form=None, closed=closed
        ), status
    if not form.is_submitted():
        form.submission_key.data = secrets.token_urlsafe(24)
        return render_template("public/register.html", event=event, form=form, closed=None)
    if not form.validate() or not form.submission_key.data:
        return render_template("public/register.html", event=event, form=form, closed=None), 422
    session = db.session()
    try:
        participant, created = register(
            session, event, form.profile_data(), form.submission_key.data
        )
    except RegistrationClosed as error:
        session.rollback()
        return render_template(
            "public/register.html", event=event, form=None, closed=str(error)
        ), 403
    token = current_token(session, participant, current_app.config["SECRET_KEY"])
    session.commit()
    if created:
        send_link(participant)
    return redirect(url_for("firm.welcome", token=token), code=303)


@bp.route("/e/<slug>/link", methods=["GET", "POST"])
def resend_link(slug: str) -> Response | tuple[str, int] | str:
    """Send the personal link again to the registered address. The answer is the same
    whether or not the address is known, so it tells nobody who has registered."""
    event = _event(slug)
    form = ResendLinkForm()
    if form.validate_on_submit():
        for participant in firms_with_email(db.session(), event, form.email.data or ""):
            send_link(participant)
        db.session.commit()  # a link handed out for the first time keeps its hash
        if mail_configured(current_app.config):
            flash(_("If a firm is registered with this address, its link is on its way."))
        else:
            flash(_("E-mail is not set up for this fair: please ask the organisers."))
        return redirect(url_for("registration.resend_link", slug=slug), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("public/resend.html", event=event, form=form), status


def send_link(participant: Participant) -> bool:
    """E-mail the firm its personal link, when the fair has a mail server (the caller
    commits: the link's hash may be stored now)."""
    config = current_app.config
    if not mail_configured(config) or not participant.email:
        return False
    link = personal_link(participant)
    body = _(
        "Hello %(person)s,\n\nthis is the personal link of %(firm)s for %(event)s:\n\n"
        "%(link)s\n\nThrough it you edit your profile, see your recommended partners, ask for "
        "meetings and, once published, find your agenda. Keep it to yourself: whoever has the "
        "link acts for your firm.\n",
        person=participant.contact_person or participant.name,
        firm=participant.name,
        event=participant.event.name,
        link=link,
    )
    try:
        send_mail(
            config,
            participant.email,
            _("Your link for %(event)s", event=participant.event.name),
            body,
        )
    except MailError as error:
        current_app.logger.warning("%s", error)
        return False
    return True
