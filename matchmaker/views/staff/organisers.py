"""An event's organisers (issue 19): who co-organises it with which role, invitations to
co-organise mailed to an address, and the invitation's own page, where a signed-in account
accepts for one of its organisations and someone new creates their organisation.

Changing who organises an event is the owner's (`staff_access.NEEDS`); every role may see
the list. The invitation mail is sent in the request, like the sign-in links: the owner
learns at once whether it went, and is shown the link to pass on when mail is not set up.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)

from matchmaker.auth import staff
from matchmaker.core.messages import N_
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.firm_console import RecruiterForm
from matchmaker.forms.organisations import AcceptForm, InviteForm, JoinForm, RoleForm
from matchmaker.i18n import explained
from matchmaker.labels import ROLE_NAMES
from matchmaker.models import (
    Event,
    EventInvitation,
    EventRole,
    Organisation,
    Participant,
    StaffUser,
)
from matchmaker.notify import co_organiser_mail, send
from matchmaker.services.audit import record
from matchmaker.services.co_organisers import (
    IssuedInvitation,
    accept,
    event_organisers,
    find_invitation,
    invite,
    join_and_accept,
    open_invitations,
    remove_co_organiser,
    withdraw_invitation,
)
from matchmaker.services.mail import MailError, mail_configured
from matchmaker.services.organisations import (
    OrganisationError,
    organisations_of,
    set_event_role,
)
from matchmaker.services.recruiting import recruiters, set_recruiter
from matchmaker.services.staff import StaffError
from matchmaker.urls import public_url
from matchmaker.views.helpers import event_or_404, require_button, row_of_event
from matchmaker.views.staff import bp
from matchmaker.views.staff.login import signed_in

Page = Response | str | tuple[str, int]


def _page(slug: str, form: InviteForm | None = None, status: int = 200) -> tuple[str, int]:
    event = event_or_404(slug)
    organisers = event_organisers(db.session(), event)
    page = render_template(
        "staff/organisers.html",
        event=event,
        organisers=organisers,
        links={
            o.organisation.id: public_url(
                "registration.register_firm", slug=event.slug, via=o.organisation.slug
            )
            for o in organisers
        },
        invitations=open_invitations(db.session(), event),
        form=form or InviteForm(),
        role_form=RoleForm(),
        action=ActionForm(),
    )
    return page, status


@bp.get("/e/<slug>/organisers")
def organisers(slug: str) -> tuple[str, int]:
    return _page(slug)


@bp.post("/e/<slug>/organisers/invite")
def invite_organiser(slug: str) -> Page:
    event = event_or_404(slug)
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(slug, form, 422)
    try:
        issued = invite(
            db.session(), event, form.email.data or "", EventRole(form.role.data),
            inviter=staff(), locale=form.locale.data or "de",
        )  # fmt: skip
    except OrganisationError as error:
        db.session.rollback()
        form.email.errors = [*form.email.errors, explained(error)]
        return _page(slug, form, 422)
    record(db.session(), staff(), "organiser.invite", event=event, subject=issued.invitation.email,
           detail={"role": issued.invitation.role.value})  # fmt: skip
    db.session.commit()
    _send_invitation(issued, event)
    return redirect(url_for("staff.organisers", slug=slug), code=303)


def _send_invitation(issued: IssuedInvitation, event: Event) -> None:
    """Mail the invitation in its language, from the owning organisation (its sender name;
    replies to it); tell the owner whether it went, and show the link to pass on when it
    did not."""
    invitation, config = issued.invitation, current_app.config
    link = public_url("staff.invitation", token=issued.token)
    mail = co_organiser_mail(invitation, event, link, who=staff().name or staff().email)
    if mail_configured(config):
        try:
            send(config, mail)
            flash(_("The invitation was mailed to %(email)s.", email=invitation.email))
            return
        except MailError as error:
            current_app.logger.warning("%s", error)
    flash(
        _(
            "The invitation could not be mailed. Pass this link on to %(email)s yourself "
            "(it works once, for 14 days): %(link)s",
            email=invitation.email,
            link=link,
        )
    )


def _role_name(role: EventRole) -> str:
    return str(ROLE_NAMES[role.value])


@bp.post("/e/<slug>/organisers/<int:organisation_id>/<any(role, remove):what>")
def change_organiser(slug: str, organisation_id: int, what: str) -> Page:
    """A co-organiser's role changed, or the co-organiser taken off the event."""
    event = event_or_404(slug)
    form = RoleForm() if what == "role" else ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if isinstance(form, RoleForm):
            held = next(o for o in event_organisers(db.session(), event)
                        if o.organisation.id == organisation_id)  # fmt: skip
            if held.role is EventRole.OWNER:
                raise OrganisationError(N_("the owner cannot be taken off its own event"))
            set_event_role(db.session(), event, held.organisation, EventRole(form.role.data))
            name = held.organisation.name
        else:
            name = remove_co_organiser(db.session(), event, organisation_id).name
    except StopIteration:
        abort(404)
    except OrganisationError as error:
        db.session.rollback()
        flash(explained(error))
        return redirect(url_for("staff.organisers", slug=slug), code=303)
    action = "organiser.role" if what == "role" else "organiser.remove"
    record(db.session(), staff(), action, event=event, subject=name)
    db.session.commit()
    flash(_("%(name)s: changed.", name=name))
    return redirect(url_for("staff.organisers", slug=slug), code=303)


@bp.post("/e/<slug>/invitations/<int:invitation_id>/withdraw")
def withdraw(slug: str, invitation_id: int) -> Response:
    event = event_or_404(slug)
    require_button()
    try:
        gone = withdraw_invitation(db.session(), event, invitation_id)
    except OrganisationError:
        abort(404)
    record(db.session(), staff(), "organiser.withdraw", event=event, subject=gone.email)
    db.session.commit()
    flash(_("The invitation to %(email)s no longer works.", email=gone.email))
    return redirect(url_for("staff.organisers", slug=slug), code=303)


@bp.context_processor
def recruiter_lists() -> dict[str, object]:
    """`event_recruiters(event)` for the firm page's "recruited by" choice."""
    return {"event_recruiters": lambda event: recruiters(db.session(), event)}


@bp.post("/e/<slug>/firms/<int:firm_id>/recruiter")
def set_firm_recruiter(slug: str, firm_id: int) -> Response:
    """Credit the firm to another of the event's organisers (or to none)."""
    event = event_or_404(slug)
    firm = row_of_event(Participant, firm_id, event)
    form = RecruiterForm()
    if not form.validate():  # no CSRF token, or an organisation id that is no integer
        abort(400)
    try:
        set_recruiter(db.session(), event, firm, form.recruited_by.data)
    except OrganisationError as error:
        db.session.rollback()
        flash(explained(error))
    else:
        record(db.session(), staff(), "firm.recruiter", event=event, subject=firm.name,
               detail={"organisation": _name_of_organisation(firm.recruited_by_id)})  # fmt: skip
        db.session.commit()
        flash(_("%(name)s: changed.", name=firm.name))
    return redirect(url_for("staff.edit_firm", slug=slug, firm_id=firm.id), code=303)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Page:
    """Accept an invitation: signed in, for one of the account's organisations; else, by
    creating the organisation and an account for the invited address (or signing in)."""
    found = find_invitation(db.session(), token)
    if found is None:
        return render_template("staff/invitation.html", invitation=None), 404
    if current_user.is_authenticated:
        return _accept_signed_in(found, staff())
    return _join(found)


def _accept_signed_in(found: EventInvitation, user: StaffUser) -> Page:
    form = AcceptForm()
    form.organisation.choices = [
        SelectChoice(o.id, o.name) for o in organisations_of(db.session(), user)
    ]
    if form.validate_on_submit():
        chosen = next(o for o in organisations_of(db.session(), user)
                      if o.id == form.organisation.data)  # fmt: skip
        try:
            role = accept(db.session(), found, chosen)
        except OrganisationError as error:
            db.session.rollback()
            flash(explained(error))
            return redirect(url_for("staff.dashboard"), code=303)
        record(db.session(), user, "organiser.accept", event=_event_of(found),
               subject=chosen.name, detail={"role": role.value})  # fmt: skip
        db.session.commit()
        flash(_("%(name)s now co-organises this event as %(role)s.",
                name=chosen.name, role=_role_name(role)))  # fmt: skip
        slug = _slug_of(found)
        return redirect(url_for("staff.event_home", slug=slug), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("staff/invitation.html", invitation=found, event_name=_name_of(found),
                           form=form, join=None), status  # fmt: skip


def _join(found: EventInvitation) -> Page:
    form = JoinForm()
    if form.validate_on_submit():
        try:
            user = join_and_accept(
                db.session(), found, organisation_name=form.organisation.data or "",
                name=form.name.data or "", password=form.password.data or "",
            )  # fmt: skip
        except (OrganisationError, StaffError) as error:
            db.session.rollback()
            form.organisation.errors = [*form.organisation.errors, explained(error)]
        else:
            record(db.session(), user, "organiser.join", event=_event_of(found),
                   subject=form.organisation.data or "")  # fmt: skip
            db.session.commit()
            response = signed_in(user, url_for("staff.event_home", slug=_slug_of(found)))
            flash(_("%(name)s now co-organises this event as %(role)s.",
                    name=form.organisation.data, role=_role_name(found.role)))  # fmt: skip
            return response
    status = 422 if form.is_submitted() else 200
    return render_template("staff/invitation.html", invitation=found, event_name=_name_of(found),
                           form=None, join=form), status  # fmt: skip


def _event_of(found: EventInvitation) -> Event:
    return db.session.get_one(Event, found.event_id)


def _slug_of(found: EventInvitation) -> str:
    return _event_of(found).slug


def _name_of(found: EventInvitation) -> str:
    return _event_of(found).name


def _name_of_organisation(organisation_id: int | None) -> str:
    found = db.session.get(Organisation, organisation_id) if organisation_id else None
    return found.name if found else "—"
