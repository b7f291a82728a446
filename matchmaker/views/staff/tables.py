"""Staff pages for the themed tables: seat the firms, see the plan with the verifier's
findings, rename a table's theme, move a firm, print the plan and place cards."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.core.matching.semantic import default_embedder
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.tables import SeatForm, TableMoveForm, ThemeForm
from matchmaker.i18n import explained, reader_language
from matchmaker.models import Event, Participant
from matchmaker.security import CSP_INLINE_STYLE
from matchmaker.services.audit import record
from matchmaker.services.table_plans import (
    TablePlanError,
    check_tables,
    move_firm,
    printable_plan,
    rename_theme,
    seat_event,
)
from matchmaker.views.helpers import event_or_404, row_of_event
from matchmaker.views.staff import bp


@bp.get("/e/<slug>/tables")
def tables(slug: str) -> str:
    event = event_or_404(slug)
    try:
        checked = check_tables(db.session(), event)
    except TablePlanError:
        checked = None
    names = {str(p.id): p.name for p in event.participants}
    return render_template(
        "staff/tables.html", event=event, checked=checked, names=names, action=ActionForm()
    )


@bp.post("/e/<slug>/tables")
def seat(slug: str) -> Response:
    event = event_or_404(slug)
    form = SeatForm()
    if not form.validate():
        abort(400)
    try:
        rules = form.rules()
    except ValueError:
        flash(
            _(
                "Write the themes as Medizintechnik;Pflege=2 (each with 1 table or more); a table seats 2 firms or more."  # noqa: E501
            )
        )
        return redirect(url_for("staff.tables", slug=slug), code=303)
    seat_event(db.session(), event, rules, embedder=default_embedder())
    detail = {"size": rules.size, "rounds": rules.rounds}
    record(db.session(), staff(), "tables.seat", event=event, detail=detail)
    db.session.commit()
    flash(_("The firms are seated."))
    return redirect(url_for("staff.tables", slug=slug), code=303)


@bp.post("/e/<slug>/tables/<int:round_number>/<int:table>/theme")
def table_theme(slug: str, round_number: int, table: int) -> Response:
    event = event_or_404(slug)
    form = ThemeForm()
    if not form.validate():
        abort(400)
    theme = form.theme.data or ""
    return _changed(
        event,
        lambda: rename_theme(db.session(), event, round_number, table, theme),
        "tables.theme",
        {"round": round_number, "table": table},
    )


@bp.post("/e/<slug>/tables/move")
def table_move(slug: str) -> Response:
    event = event_or_404(slug)
    form = TableMoveForm()
    if not form.validate():
        abort(400)
    firm = row_of_event(Participant, form.firm.data, event)
    place = form.place()
    if place is None:
        abort(400)
    round_number, table = place
    return _changed(
        event,
        lambda: move_firm(db.session(), event, firm, round_number, table),
        "tables.move",
        {"round": round_number, "table": table},
        subject=firm.name,
    )


def _changed(
    event: Event,
    change: Callable[[], object],
    action: str,
    detail: dict[str, object],
    subject: str = "",
) -> Response:
    """Make a change to the plan; a refusal is flashed, a success logged; back to the plan."""
    try:
        change()
    except TablePlanError as error:
        db.session.rollback()
        flash(explained(error))
    else:
        record(db.session(), staff(), action, event=event, subject=subject, detail=detail)
        db.session.commit()
    return redirect(url_for("staff.tables", slug=event.slug), code=303)


@bp.get("/e/<slug>/tables/print")
def tables_print(slug: str) -> Response:
    event = event_or_404(slug)
    try:
        page = printable_plan(db.session(), event, reader_language())
    except TablePlanError:
        abort(404)
    response = make_response(page)
    # The print page is one self-contained file (the command line writes the same one).
    response.headers["Content-Security-Policy"] = CSP_INLINE_STYLE
    return response
