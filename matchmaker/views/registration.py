"""Registering a firm for a fair, confirming its e-mail address, and getting one's personal
link again. Registering and re-sending are rate-limited per network address and per
e-mail address (`services.throttle`); over the limit the answer is 429, the same whether
or not the address is registered."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.forms.filters import RegistrationQuery
from matchmaker.forms.firm import ProfileForm, ResendLinkForm
from matchmaker.models import Event, ListingRule, Participant
from matchmaker.notify import link_mail, send
from matchmaker.services.events import registration_problem
from matchmaker.services.links import current_token
from matchmaker.services.mail import MailError, mail_configured
from matchmaker.services.recommendations import refresh_firm
from matchmaker.services.recruiting import recruiter_from_link
from matchmaker.services.registration import (
    RegistrationClosed,
    confirm_email,
    firms_with_email,
    register,
)
from matchmaker.services.throttle import attempt, hourly
from matchmaker.urls import personal_link, public_url
from matchmaker.views.helpers import public_event_or_404

bp = Blueprint("registration", __name__)


_event = public_event_or_404
CONFIRMATION_DAYS = 30  # a confirmation link works this long


Refusal = tuple[str, int, dict[str, str]]


def throttled(event: Event, form: str, email: str) -> Refusal | None:
    """The 429 page when this network address or e-mail address has sent `form` too often
    (THROTTLE_PER_ADDRESS, THROTTLE_PER_EMAIL an hour)."""
    config = current_app.config
    limits = hourly(form, int(config["THROTTLE_PER_ADDRESS"]), int(config["THROTTLE_PER_EMAIL"]))
    address = request.remote_addr or ""  # ProxyFix puts the client's address here
    checks = [(limits[0], address), (limits[1], email)]
    if attempt(db.session(), str(current_app.secret_key or ""), checks):
        db.session.commit()
        return None
    db.session.rollback()
    page = render_template("public/throttled.html", event=event)
    return page, 429, {"Retry-After": str(int(limits[0].window.total_seconds()))}


@bp.route("/e/<slug>/register", methods=["GET", "POST"])
def register_firm(slug: str) -> Response | tuple[str, int] | Refusal | str:
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
        form.preset_languages(event)
        return render_template("public/register.html", event=event, form=form, closed=None)
    if not form.validate() or not form.submission_key.data:
        return render_template("public/register.html", event=event, form=form, closed=None), 422
    if (refused := throttled(event, "register", form.email.data or "")) is not None:
        return refused
    session = db.session()
    try:
        via = RegistrationQuery(request.args).via.data or ""
        recruiter = recruiter_from_link(session, event, via)
        participant, created = register(
            session, event, form.profile_data(), form.submission_key.data, recruited_by=recruiter
        )
    except RegistrationClosed as error:
        session.rollback()
        return render_template(
            "public/register.html", event=event, form=None, closed=str(error)
        ), 403
    token = current_token(session, participant, current_app.config["SECRET_KEY"])
    session.commit()
    if created:
        refresh_firm(session, participant)  # its partners at once, where it takes part
        session.commit()
        send_link(participant)
    return redirect(url_for("firm.welcome", token=token), code=303)


@bp.route("/e/<slug>/link", methods=["GET", "POST"])
def resend_link(slug: str) -> Response | tuple[str, int] | Refusal | str:
    """Send the personal link again to the registered address. The answer is the same
    whether or not the address is known, so it tells nobody who has registered."""
    event = _event(slug)
    form = ResendLinkForm()
    if form.validate_on_submit():
        if (refused := throttled(event, "resend", form.email.data or "")) is not None:
            return refused
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
    """E-mail the firm its personal link in its language, when the fair has a mail server,
    from the fair's organisers (`notify.link_mail`; the caller commits: the link's hash may
    be stored now)."""
    config = current_app.config
    if not mail_configured(config) or not participant.email:
        return False
    confirm = _confirm_link(participant)
    mail = link_mail(participant, personal_link(participant), confirm_link=confirm)
    try:
        send(config, mail)
    except MailError as error:
        current_app.logger.warning("%s", error)
        return False
    return True


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.secret_key or ""), salt="confirm-email")


def _confirm_link(participant: Participant) -> str:
    """The link that confirms the firm's address, when the event shows self-registered
    firms only once they have (empty otherwise): the link mail then asks for it."""
    event = participant.event
    if event.listing != ListingRule.CONFIRMED or participant.email_confirmed_at is not None:
        return ""
    token = str(_serializer().dumps([participant.id, participant.email.casefold()]))
    return public_url("registration.confirm", slug=event.slug, token=token)


@bp.get("/e/<slug>/confirm/<token>")
def confirm(slug: str, token: str) -> str:
    """The firm opened the confirmation link mailed to it: its address is confirmed, unless
    it has changed since (then the link is void) or the link is too old or not ours."""
    event = _event(slug)
    try:
        firm_id, email = _serializer().loads(token, max_age=CONFIRMATION_DAYS * 24 * 3600)
    except (BadSignature, ValueError, TypeError):
        abort(404)
    participant = confirm_email(db.session(), event, int(firm_id), str(email))
    if participant is None:
        abort(404)
    db.session.commit()
    return render_template("public/confirmed.html", event=event, firm=participant)


def send_confirmation(participant: Participant) -> bool:
    """Mail the firm its link again with the confirmation request (its address changed)."""
    return send_link(participant)
