"""Staff pages to create an event (admins) and change its settings, with the meetings a
change would break shown before it is saved. Breaks, tables, groups and interpreters are
rows of the form; a "more rows" button shows the form again with more rows, unsaved."""

from __future__ import annotations

from datetime import time

from babel import Locale
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import FieldList
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)

from matchmaker.auth import staff
from matchmaker.core.messages import N_
from matchmaker.extensions import db
from matchmaker.forms.event import ROW_LISTS, EventForm, spoken_languages
from matchmaker.i18n import explained, reader_language
from matchmaker.models import Event, EventState, GroupKind, ListingRule, Organisation
from matchmaker.services.event_setup import (
    EventSettings,
    InterpreterSpec,
    SetupError,
    TableSpec,
    create_event,
    impact,
    parse_lines,
    update_event,
)
from matchmaker.services.firm_language import event_languages
from matchmaker.services.organisations import list_organisations, organisations_of
from matchmaker.views.helpers import event_or_404
from matchmaker.views.staff import bp


def _settings(form: EventForm) -> EventSettings:
    """The form's values (already checked row by row) as settings."""
    if form.date.data is None or form.first_slot_start.data is None:
        raise SetupError("date", N_("a date and a first slot are needed"))
    breaks = tuple(sorted(
        (r.start.data, r.end.data, (r.label.data or "").strip())
        for r in _wanted(form.breaks)
    ))  # fmt: skip
    rows = {int(r.number.data or 0): r for r in (e.form for e in form.tables.entries)}
    tables = tuple(
        TableSpec(n, (rows[n].name.data or "").strip(), (rows[n].theme.data or "").strip(),
                  rows[n].host.data or None)
        if n in rows else TableSpec(n)
        for n in range(1, (form.table_count.data or 1) + 1)
    )  # fmt: skip
    return EventSettings(
        name=(form.name.data or "").strip(),
        date=form.date.data,
        first_slot_start=form.first_slot_start.data,
        slot_minutes=form.slot_minutes.data or 20,
        slot_count=form.slot_count.data or 1,
        days=form.days.data or 1,
        timezone=(form.timezone.data or "").strip(),
        description=(form.description.data or "").strip(),
        language=form.language.data or "de",
        languages=tuple(form.languages.data or ()),
        venue=(form.venue.data or "").strip(),
        city=(form.city.data or "").strip(),
        breaks=breaks,
        tables=tables,
        sectors=parse_lines(form.sectors.data or ""),
        groups=tuple(
            ((r.name.data or "").strip(), GroupKind(r.kind.data)) for r in _wanted(form.groups)
        ),
        registration_deadline=form.registration_deadline.data,
        max_requests_per_participant=form.max_requests.data,
        cross_group_only=bool(form.cross_group_only.data),
        state=EventState(form.state.data),
        listing=ListingRule(form.listing.data),
        interpreters=tuple(
            InterpreterSpec(
                (r.name.data or "").strip(),
                tuple(r.languages.data),
                r.available_from.data,
                r.available_to.data,
                r.max_meetings.data,
            )
            for r in _wanted(form.interpreters)
        ),
    )


def _wanted(rows: FieldList) -> list:  # type: ignore[type-arg]
    return [entry.form for entry in rows.entries if entry.form.wanted()]


def _field_error(form: EventForm, error: SetupError) -> None:
    field = getattr(form, error.field, None) or form.name
    if isinstance(field, FieldList):
        form.list_error(field.name, explained(error))
    else:
        field.errors = [*field.errors, explained(error)]


def _prepared(form: EventForm, event: Event | None) -> EventForm:
    """The form with the event's choices, the rows a "more rows" button asked for and a
    few empty rows to fill in."""
    firms = [p for p in event.participants if p.erased_at is None] if event else []
    if form.more.data in ROW_LISTS:
        form.add_rows(form.more.data)
    form.pad_rows()
    names = Locale.parse(reader_language()).languages
    kept = [code for i in event.interpreters for code in i.languages] if event else []
    codes = spoken_languages(firms, current_app.config["LANGUAGES"], kept)
    zone = event.timezone if event else "Europe/Berlin"
    offered = current_app.config["LANGUAGES"]
    form.prepare(firms, [(code, names.get(code, code)) for code in codes], zone, offered)
    return form


def _page(
    form: EventForm, event: Event | None, status: int = 200, **extra: object
) -> tuple[str, int]:
    page = render_template(
        "staff/event_form.html", form=form, event=event, errors=form.error_lines(), **extra
    )
    return page, status


def _new_form() -> EventForm:
    """A new event's form with sensible defaults: 15 slots of 20 minutes from 09:00, ten
    tables, a lunch break."""
    form = EventForm()
    if not form.is_submitted():
        form.breaks.append_entry({"start": time(12, 0), "end": time(13, 0),
                                  "label": _("Lunch break")})  # fmt: skip
    return form


@bp.route("/admin/events/new", methods=["GET", "POST"])
def new_event() -> Response | tuple[str, int]:
    """A new event, owned by one of the creator's organisations (an administrator may
    choose any); staff in no organisation may not make one."""
    offices = _owners()
    if not offices and not current_user.is_admin:
        abort(403)
    form = _prepared(_new_form(), None)
    form.owner.choices = [SelectChoice(o.id, o.name) for o in offices]
    if not form.is_submitted() or form.more.data:
        return _page(form, None)
    if not form.validate():
        return _page(form, None, 422)
    session = db.session()
    try:
        owner = next((o for o in offices if o.id == form.owner.data), None)
        event = create_event(session, (form.slug.data or "").strip(), _settings(form), staff(),
                             owner=owner)  # fmt: skip
    except SetupError as error:
        session.rollback()
        _field_error(form, error)
        return _page(form, None, 422)
    session.commit()
    flash(_("Event %(name)s created.", name=event.name))
    return redirect(url_for("staff.event_home", slug=event.slug), code=303)


def _owners() -> list[Organisation]:
    """The organisations a new event of this account may belong to."""
    if current_user.is_admin:
        return [o for o, _members, _events in list_organisations(db.session())]
    return organisations_of(db.session(), staff())


@bp.route("/e/<slug>/settings", methods=["GET", "POST"])
def settings(slug: str) -> Response | tuple[str, int]:
    event = event_or_404(slug)
    form = EventForm()
    del form.slug  # the address stays
    del form.owner  # handed over on the organisers page, not here
    if not form.is_submitted():
        form.fill_from(event, event_languages(event, current_app.config["LANGUAGES"]))
    _prepared(form, event)
    if not form.is_submitted() or form.more.data:
        return _page(form, event)
    if not form.validate():
        return _page(form, event, 422)
    session = db.session()
    try:
        wanted = _settings(form)
        broken = impact(session, event, wanted)
        if broken and form.confirm.data != "1":
            form.confirm.data = "1"
            return _page(form, event, 409, broken=broken)
        update_event(session, event, wanted, staff())
    except SetupError as error:
        session.rollback()
        _field_error(form, error)
        return _page(form, event, 422)
    session.commit()
    flash(_("Settings saved."))
    return redirect(url_for("staff.event_home", slug=slug), code=303)
