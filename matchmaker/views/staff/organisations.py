"""Organisations in the staff console (issue 19): the installation's administrators list
and create them and choose their members; an organisation's own staff see its page and
set what it shows publicly and signs its fairs' mails with. Another organisation's staff
find nothing (404), as for events."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.auth import admin_required, staff
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.organisations import MemberForm, NewOrganisationForm, OrganisationForm
from matchmaker.i18n import explained
from matchmaker.models import Organisation, StaffRole
from matchmaker.services.audit import record
from matchmaker.services.organisations import (
    OrganisationError,
    add_member_by_email,
    create_organisation,
    find_by_slug,
    is_member,
    list_organisations,
    members_of,
    remove_member,
    update_organisation,
)
from matchmaker.views.helpers import require_button
from matchmaker.views.staff import bp

Page = Response | str | tuple[str, int]


@bp.route("/admin/organisations", methods=["GET", "POST"])
@admin_required
def organisations() -> Page:
    form = NewOrganisationForm()
    if form.validate_on_submit():
        try:
            made = create_organisation(
                db.session(), form.name.data or "", form.contact_email.data or ""
            )
        except OrganisationError as error:
            db.session.rollback()
            form.name.errors = [*form.name.errors, explained(error)]
        else:
            record(db.session(), staff(), "organisation.create", subject=made.name)
            db.session.commit()
            flash(_("%(name)s created.", name=made.name))
            return redirect(url_for("staff.organisation", org=made.slug), code=303)
    page = render_template(
        "staff/organisations.html", rows=list_organisations(db.session()), form=form
    )
    return page, 422 if form.is_submitted() else 200


def _own(org: str) -> Organisation:
    """The organisation, if the account is an administrator or one of its staff; else 404."""
    found = find_by_slug(db.session(), org)
    user = staff()
    if found is None or not (user.role is StaffRole.ADMIN or is_member(db.session(), user, found)):
        abort(404)
    return found


def _organisation_page(organisation: Organisation, form: OrganisationForm, status: int) -> Page:
    page = render_template(
        "staff/organisation.html",
        organisation=organisation,
        form=form,
        member_form=MemberForm(),
        members=members_of(db.session(), organisation),
        action=ActionForm(),
    )
    return page, status


@bp.route("/organisations/<org>", methods=["GET", "POST"])
def organisation(org: str) -> Page:
    found = _own(org)
    form = OrganisationForm(obj=found)
    if form.validate_on_submit():
        update_organisation(
            db.session(), found, contact_email=form.contact_email.data or "",
            sender_name=form.sender_name.data or "", reply_to=form.reply_to.data or "",
        )  # fmt: skip
        record(db.session(), staff(), "organisation.settings", subject=found.name)
        db.session.commit()
        flash(_("Saved."))
        return redirect(url_for("staff.organisation", org=found.slug), code=303)
    return _organisation_page(found, form, 422 if form.is_submitted() else 200)


@bp.post("/organisations/<org>/members")
@admin_required
def add_organisation_member(org: str) -> Page:
    found = _own(org)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            user = add_member_by_email(db.session(), found, form.email.data or "")
        except OrganisationError as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, explained(error)]
        else:
            record(db.session(), staff(), "organisation.member", subject=found.name,
                   detail={"added": user.email})  # fmt: skip
            db.session.commit()
            flash(_("%(email)s belongs to %(name)s.", email=user.email, name=found.name))
            return redirect(url_for("staff.organisation", org=found.slug), code=303)
    page = render_template(
        "staff/organisation.html", organisation=found, form=OrganisationForm(obj=found),
        member_form=form, members=members_of(db.session(), found), action=ActionForm(),
    )  # fmt: skip
    return page, 422


@bp.post("/organisations/<org>/members/<int:staff_id>/remove")
@admin_required
def remove_organisation_member(org: str, staff_id: int) -> Response:
    found = _own(org)
    require_button()
    try:
        user = remove_member(db.session(), found, staff_id)
    except OrganisationError:
        abort(404)
    record(db.session(), staff(), "organisation.member", subject=found.name,
           detail={"removed": user.email})  # fmt: skip
    db.session.commit()
    flash(_("%(email)s no longer belongs to %(name)s.", email=user.email, name=found.name))
    return redirect(url_for("staff.organisation", org=found.slug), code=303)
