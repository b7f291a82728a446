"""Staff pages of the delegation's week (issue 21): the programme day by day, its items
added, changed and removed, the delegation's members, who takes part in what, and the
hosts that offered a visit (approved or rejected here). A day of visits has its own page
(`views/staff/visit_day.py`)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)

from matchmaker.auth import staff
from matchmaker.core.messages import Explained
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.week import KIND_LABELS, AttendanceForm, ItemForm, MemberForm
from matchmaker.i18n import explained
from matchmaker.labels import FIRM_STATES
from matchmaker.models import Event, ItemKind, ParticipantStatus, ProgrammeItem
from matchmaker.services import programme, visit_hosts
from matchmaker.services.audit import record
from matchmaker.services.itinerary import member_token
from matchmaker.urls import public_url
from matchmaker.views.helpers import event_or_404, require_button
from matchmaker.views.staff import bp

HOST_STATUSES = {"approve": ParticipantStatus.APPROVED, "reject": ParticipantStatus.REJECTED}


def _member_form(event: Event) -> MemberForm:
    form = MemberForm()
    form.firm.choices = [SelectChoice(0, _("none (an official)"))] + [
        SelectChoice(p.id, p.name) for p in event.participants if p.erased_at is None
    ]
    return form


def _page(event: Event, item_form: ItemForm | None = None, member_form: MemberForm | None = None,
          status: int = 200) -> tuple[str, int]:  # fmt: skip
    session = db.session()
    members = programme.members_of(session, event)
    secret = str(current_app.config["SECRET_KEY"])
    links = {m.id: public_url("week.week", token=member_token(session, m, secret)) for m in members}
    session.commit()  # the links' hashes, so that the links shown open the weeks
    return render_template(
        "staff/week.html",
        event=event,
        days=programme.week(session, event),
        members=members,
        links=links,
        host_form=public_url("visit_host.register", slug=event.slug),
        hosts=visit_hosts.hosts_of(session, event),
        kinds=KIND_LABELS,
        states=FIRM_STATES,
        item_form=item_form or ItemForm(formdata=None, day=event.date),
        member_form=member_form or _member_form(event),
        action=ActionForm(),
    ), status


@bp.get("/e/<slug>/week")
def week(slug: str) -> tuple[str, int]:
    return _page(event_or_404(slug))


def _saved_item(event: Event, form: ItemForm, item: ProgrammeItem | None) -> ProgrammeItem | None:
    """The form's item saved and committed; None when the form or the service refused it
    (the service's reason then stands beside the end)."""
    if not form.validate():
        return None
    session = db.session()
    try:
        saved = programme.save_item(session, event, form.values(), item)
    except Explained as refused:
        session.rollback()
        form.end.errors = [explained(refused)]
        return None
    record(session, staff(), "week.item", event=event, detail={"item": saved.id})
    session.commit()
    return saved


@bp.post("/e/<slug>/week/items")
def add_item(slug: str) -> Response | tuple[str, int]:
    event = event_or_404(slug)
    form = ItemForm()
    if (item := _saved_item(event, form, None)) is None:
        return _page(event, item_form=form, status=422)
    flash(_("The item is in the programme."))
    return redirect(url_for("staff.week", slug=slug, _anchor=f"day-{item.day}"), code=303)


@bp.route("/e/<slug>/week/items/<int:item_id>", methods=["GET", "POST"])
def edit_item(slug: str, item_id: int) -> Response | tuple[str, int]:
    event = event_or_404(slug)
    session = db.session()
    item = programme.item_of(session, event, item_id) or abort(404)
    form = ItemForm()
    if not form.is_submitted():
        form.show(item)
        return _item_page(event, item, form)
    if _saved_item(event, form, item) is None:
        return _item_page(event, item, form, 422)
    flash(_("The item is saved."))
    return redirect(url_for("staff.week", slug=slug, _anchor=f"day-{item.day}"), code=303)


def _item_page(
    event: Event, item: ProgrammeItem, form: ItemForm, status: int = 200
) -> tuple[str, int]:
    session = db.session()
    page = render_template(
        "staff/week_item.html",
        event=event,
        item=item,
        form=form,
        members=programme.members_of(session, event),
        absent=programme.absent_ids(session, item),
        action=ActionForm(),
    )
    return page, status


@bp.post("/e/<slug>/week/items/<int:item_id>/attendance")
def item_attendance(slug: str, item_id: int) -> Response:
    event = event_or_404(slug)
    item = programme.item_of(db.session(), event, item_id) or abort(404)
    form = AttendanceForm()
    if not form.validate():
        abort(400)
    ticked = set(form.attends.data)
    members = programme.members_of(db.session(), event)
    programme.set_attendance(db.session(), item, {m.id: m.id in ticked for m in members})
    record(db.session(), staff(), "week.attendance", event=event, detail={"item": item.id})
    db.session.commit()
    flash(_("Saved who takes part."))
    back = "staff.visit_day" if item.kind is ItemKind.VISITS else "staff.edit_item"
    return redirect(url_for(back, slug=slug, item_id=item.id), code=303)


@bp.post("/e/<slug>/week/items/<int:item_id>/delete")
def delete_item(slug: str, item_id: int) -> Response:
    event = event_or_404(slug)
    require_button()
    item = programme.item_of(db.session(), event, item_id) or abort(404)
    programme.delete_item(db.session(), item)
    record(db.session(), staff(), "week.item_removed", event=event, detail={"item": item_id})
    db.session.commit()
    flash(_("The item is removed from the programme."))
    return redirect(url_for("staff.week", slug=slug), code=303)


@bp.post("/e/<slug>/week/members")
def add_member(slug: str) -> Response | tuple[str, int]:
    event = event_or_404(slug)
    form = _member_form(event)
    if not form.validate():
        return _page(event, member_form=form, status=422)
    session = db.session()
    try:
        member = programme.save_member(session, event, form.values())
    except Explained as refused:
        session.rollback()
        form.firm.errors = [explained(refused)]
        return _page(event, member_form=form, status=422)
    record(session, staff(), "week.member", event=event, detail={"member": member.id})
    session.commit()
    flash(_("%(name)s is a member of the delegation.", name=member.name))
    return redirect(url_for("staff.week", slug=slug, _anchor="members"), code=303)


@bp.post("/e/<slug>/week/members/<int:member_id>/delete")
def delete_member(slug: str, member_id: int) -> Response:
    event = event_or_404(slug)
    require_button()
    member = programme.member_of(db.session(), event, member_id) or abort(404)
    programme.delete_member(db.session(), member)
    record(db.session(), staff(), "week.member_removed", event=event, detail={"member": member_id})
    db.session.commit()
    flash(_("The member is removed from the delegation."))
    return redirect(url_for("staff.week", slug=slug, _anchor="members"), code=303)


@bp.post("/e/<slug>/week/hosts/<int:host_id>/<any(approve, reject):what>")
def host_status(slug: str, host_id: int, what: str) -> Response:
    event = event_or_404(slug)
    require_button()
    host = visit_hosts.host_of(db.session(), event, host_id) or abort(404)
    visit_hosts.set_status(db.session(), host, HOST_STATUSES[what])
    record(
        db.session(), staff(), "week.host", event=event, detail={"host": host_id, "status": what}
    )
    db.session.commit()
    flash(_("%(firm)s: %(status)s.", firm=host.name, status=str(FIRM_STATES[host.status])))
    return redirect(url_for("staff.week", slug=slug, _anchor="hosts"), code=303)
