"""Staff pages to create an event (admins) and change its settings, with the meetings a
change would break shown before it is saved."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.auth import admin_required, staff, staff_required
from matchmaker.extensions import db
from matchmaker.forms_event import EventForm
from matchmaker.i18n import explained
from matchmaker.messages import N_
from matchmaker.models import EventState, GroupKind, ListingRule
from matchmaker.services.event_setup import (
    EventSettings,
    SetupError,
    create_event,
    impact,
    parse_breaks,
    parse_interpreters,
    parse_lines,
    parse_tables,
    update_event,
)
from matchmaker.views.staff import _event, bp

KINDS = {k.value: k for k in GroupKind}


def _settings(form: EventForm) -> EventSettings:
    """The form's values as settings; SetupError names the field that is wrong."""
    groups = []
    for number, line in enumerate(parse_lines(form.groups.data or ""), start=1):
        name, _, kind = line.partition("|")
        kind = kind.strip().lower() or "other"
        if kind not in KINDS:
            raise SetupError(
                "groups", N_("line %(line)d: kind must be host, delegation or other"), line=number
            )
        groups.append((name.strip(), KINDS[kind]))
    if form.date.data is None or form.first_slot_start.data is None:
        raise SetupError("date", N_("a date and a first slot are needed"))
    return EventSettings(
        name=(form.name.data or "").strip(),
        date=form.date.data,
        first_slot_start=form.first_slot_start.data,
        slot_minutes=form.slot_minutes.data or 20,
        slot_count=form.slot_count.data or 1,
        timezone=(form.timezone.data or "").strip(),
        description=(form.description.data or "").strip(),
        language=form.language.data or "de",
        venue=(form.venue.data or "").strip(),
        city=(form.city.data or "").strip(),
        breaks=parse_breaks(form.breaks.data or ""),
        tables=parse_tables(form.table_count.data or 1, form.table_names.data or ""),
        sectors=parse_lines(form.sectors.data or ""),
        groups=tuple(groups),
        registration_deadline=form.registration_deadline.data,
        max_requests_per_participant=form.max_requests.data,
        cross_group_only=bool(form.cross_group_only.data),
        state=EventState(form.state.data),
        listing=ListingRule(form.listing.data),
        interpreters=parse_interpreters(form.interpreters.data or ""),
    )


def _field_error(form: EventForm, error: SetupError) -> None:
    field = getattr(form, error.field, None) or form.name
    field.errors = [*field.errors, explained(error)]


@bp.route("/admin/events/new", methods=["GET", "POST"])
@admin_required
def new_event() -> Response | tuple[str, int] | str:
    form = EventForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("staff/event_form.html", form=form, event=None), status
    session = db.session()
    try:
        event = create_event(session, (form.slug.data or "").strip(), _settings(form), staff())
    except SetupError as error:
        session.rollback()
        _field_error(form, error)
        return render_template("staff/event_form.html", form=form, event=None), 422
    session.commit()
    flash(_("Event %(name)s created.", name=event.name))
    return redirect(url_for("staff.event_home", slug=event.slug), code=303)


@bp.route("/e/<slug>/settings", methods=["GET", "POST"])
@staff_required
def settings(slug: str) -> Response | tuple[str, int] | str:
    event = _event(slug)
    form = EventForm()
    del form.slug  # the address stays
    if not form.is_submitted():
        form.fill_from(event)
        return render_template("staff/event_form.html", form=form, event=event)
    if not form.validate():
        return render_template("staff/event_form.html", form=form, event=event), 422
    session = db.session()
    try:
        wanted = _settings(form)
        broken = impact(session, event, wanted)
        if broken and form.confirm.data != "1":
            form.confirm.data = "1"
            return render_template(
                "staff/event_form.html", form=form, event=event, broken=broken
            ), 409
        update_event(session, event, wanted, staff())
    except SetupError as error:
        session.rollback()
        _field_error(form, error)
        return render_template("staff/event_form.html", form=form, event=event), 422
    session.commit()
    flash(_("Settings saved."))
    return redirect(url_for("staff.event_home", slug=slug), code=303)
