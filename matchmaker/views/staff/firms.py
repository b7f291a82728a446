"""Staff pages for an event's firms beyond the list: import from a spreadsheet with a
column-mapping preview, export, and editing a firm's profile on its behalf (the edit page
also shows the firm's earlier fairs, `services.returning_firms.firm_history`)."""

from __future__ import annotations

from datetime import date

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.config import secret_keys
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.firm import ProfileForm
from matchmaker.forms.imports import ImportConfirmForm, PairRuleForm, UploadForm
from matchmaker.i18n import (
    column_labels,
    explained,
    problem_text,
    problems_text,
    reader_language,
    reason_html,
)
from matchmaker.io.errors import InputFileError
from matchmaker.io.tabular import Table
from matchmaker.models import Event, Participant
from matchmaker.services.firm_admin import list_firms
from matchmaker.services.firm_import import (
    EXPORT_COLUMNS,
    UploadError,
    drop_upload,
    export_rows,
    guess_mapping,
    import_table,
    import_targets,
    load_upload,
    purge_abandoned_uploads,
    remap,
    store_upload,
    with_ids,
)
from matchmaker.services.firm_language import event_languages
from matchmaker.services.match_reasons import local_reason, stored_reason
from matchmaker.services.pair_rules import PairRuleError, remove_rule, rules, set_rule
from matchmaker.services.partners import band  # the bands firms see
from matchmaker.services.privacy import erase_personal_data, erased_rows
from matchmaker.services.recommendations import recommendations_for
from matchmaker.services.registration import staff_update_profile
from matchmaker.services.returning_firms import firm_history
from matchmaker.views.helpers import (
    event_or_404,
    require_button,
    row_of_event,
    table_download,
    uploads_folder,
)
from matchmaker.views.staff import bp
from matchmaker.views.staff.firm_link import shown_link

_uploads = uploads_folder


@bp.route("/e/<slug>/import", methods=["GET", "POST"])
def import_firms(slug: str) -> tuple[str, int] | str:
    """Step 1: upload; step 2 (same page): see the columns, map them, confirm."""
    event = event_or_404(slug)
    purge_abandoned_uploads(_uploads())
    if request.method == "GET":
        return render_template(
            "staff/import.html", event=event, action=ActionForm(), step="upload",
            labels=column_labels(),
        )  # fmt: skip
    form = UploadForm()
    if not form.validate():
        if form.refused():
            abort(400)
        return _upload_page(event, form.problem(), 422)
    upload = form.upload()
    try:
        token = store_upload(_uploads(), upload.filename or "", upload.read())
    except UploadError as error:
        return _upload_page(event, explained(error), 422)
    try:
        table = load_upload(_uploads(), token)
    except InputFileError as error:  # a refused file is not kept
        drop_upload(_uploads(), token)
        return _upload_page(event, problems_text(error), 422)
    return _map_page(event, token, table, guess_mapping(table.columns))


def _map_page(
    event: Event,
    token: str,
    table: Table,
    mapping: dict[str, str],
    problems: list[str] | None = None,
    message: str = "",
) -> str:
    """Step 2: the columns to map, and the rows of firms erased at their request, each to be
    brought back only by ticking its name."""
    try:
        mapped = with_ids(db.session(), event, remap(table, mapping))
        erased = erased_rows(db.session(), event, mapped, secret_keys(current_app.config))
    except InputFileError:  # two columns mapped to one: the confirm step says so
        erased = []
    return render_template(
        "staff/import.html",
        event=event,
        action=ActionForm(),
        step="map",
        token=token,
        table=table,
        mapping=mapping,
        targets=import_targets(
            table.columns, event_languages(event, current_app.config["LANGUAGES"])
        ),
        labels=column_labels(),
        erased=erased,
        problems=problems,
        message=message,
    )


@bp.post("/e/<slug>/import/confirm")
def import_confirm(slug: str) -> Response | tuple[str, int]:
    event = event_or_404(slug)
    form = ImportConfirmForm()
    if not form.validate():  # only the CSRF token can be refused
        abort(400)
    token = form.token.data or ""
    try:
        table = load_upload(_uploads(), token)
    except UploadError as error:
        return _upload_page(event, explained(error), 422)
    except InputFileError as error:
        return _upload_page(event, problems_text(error), 422)
    mapping = form.mapping(table.columns)
    session = db.session()
    keys = secret_keys(current_app.config)
    try:
        mapped = remap(table, mapping)
        unseen = {
            r.id for r in erased_rows(session, event, with_ids(session, event, mapped), keys)
        } - form.erased_ids()
        if unseen:  # the mapping changed which rows are erased firms: staff decide first
            message = _("Some rows are firms whose data was erased: decide for each below.")
            return _map_page(event, token, table, mapping, message=message), 422
        result = import_table(
            session, event, mapped, staff(), secrets=keys,
            bring_back_ids=form.bring_back_ids(),
        )  # fmt: skip
    except InputFileError as error:
        session.rollback()
        problems = [problem_text(p, column_labels()) for p in error.problems]
        return _map_page(event, token, table, mapping, problems), 422
    session.commit()
    drop_upload(_uploads(), token)
    flash(
        _(
            "Imported: %(created)d firms new, %(updated)d updated.",
            created=result.created,
            updated=result.updated,
        )
    )
    if result.left_out:
        flash(
            ngettext(
                "%(num)d row of a firm whose data was erased was left out.",
                "%(num)d rows of firms whose data was erased were left out.",
                result.left_out,
            )
        )
    return redirect(url_for("staff.firms", slug=slug), code=303)


def _upload_page(event: Event, message: str, status: int) -> tuple[str, int]:
    page = render_template(
        "staff/import.html", event=event, action=ActionForm(), step="upload", message=message,
        labels=column_labels(),
    )  # fmt: skip
    return page, status


@bp.get("/e/<slug>/export/firms.<any(csv, xlsx):kind>")
def export_firms(slug: str, kind: str) -> Response:
    event = event_or_404(slug)
    rows = export_rows(list_firms(db.session(), event))
    return table_download(f"{event.slug}-firms.{kind}", EXPORT_COLUMNS, rows)


@bp.route("/e/<slug>/firms/<int:firm_id>/edit", methods=["GET", "POST"])
def edit_firm(slug: str, firm_id: int) -> Response | tuple[str, int] | str:
    event = event_or_404(slug)
    firm = row_of_event(Participant, firm_id, event)
    form = ProfileForm(event, consent=False)
    form.text_language.label.text = _("The texts above are written in")  # not "our texts"
    link = shown_link(firm)  # commits: before anything of the form is applied
    if not form.is_submitted():
        form.fill_from(firm)
        return _edit_page(event, firm, form, link)
    if not form.validate():
        return _edit_page(event, firm, form, link), 422
    staff_update_profile(db.session(), firm, form.profile_data(), staff())
    db.session.commit()
    flash(_("The profile of %(firm)s is saved.", firm=firm.name))
    return redirect(url_for("staff.firms", slug=slug) + f"#firm-{firm.id}", code=303)


def _edit_page(event: Event, firm: Participant, form: ProfileForm, link: str | None) -> str:
    """The edit page, with the firm's link and its earlier fairs that the reader may see."""
    history = firm_history(db.session(), firm, staff(), date.today())
    return render_template(
        "staff/firm_edit.html", event=event, firm=firm, form=form, link=link, history=history
    )


@bp.get("/e/<slug>/firms/<int:firm_id>/matches")
def firm_matches(slug: str, firm_id: int) -> str:
    """A firm's recommendations with their reasons, and the pairs staff forced or forbade."""
    event = event_or_404(slug)
    firm = row_of_event(Participant, firm_id, event)
    session = db.session()
    names = {p.id: p for p in event.participants}
    found = recommendations_for(session, firm)
    language = reader_language()
    return render_template(
        "staff/firm_matches.html",
        event=event,
        firm=firm,
        recommended=[  # bands in words, as firms see them, not raw scores like 0.049
            (
                names.get(r.partner_id),
                r,
                band(r.score),
                reason_html(
                    local_reason(stored_reason(r), names[r.partner_id], language, about=firm)
                ),
            )
            for r in found
            if r.partner_id in names
        ],
        rules=[r for r in rules(session, event) if firm.id in (r.a_id, r.b_id)],
        names=names,
        action=ActionForm(),
    )


@bp.post("/e/<slug>/pairs")
def add_pair_rule(slug: str) -> Response:
    event = event_or_404(slug)
    form = PairRuleForm()
    if not form.validate():  # a missing or non-numeric id, an unknown kind, no CSRF token
        abort(400)
    a, b, kind = form.rule()
    try:
        set_rule(db.session(), event, a, b, kind, staff())
    except PairRuleError:
        abort(404)
    db.session.commit()
    return redirect(url_for("staff.firm_matches", slug=slug, firm_id=a), code=303)


@bp.post("/e/<slug>/pairs/<int:rule_id>/remove")
def remove_pair_rule(slug: str, rule_id: int) -> Response:
    event = event_or_404(slug)
    require_button()
    try:
        remove_rule(db.session(), event, rule_id, staff())
    except PairRuleError:
        abort(404)
    db.session.commit()
    return redirect(request.referrer or url_for("staff.firms", slug=slug), code=303)


@bp.post("/e/<slug>/firms/<int:firm_id>/erase")
def erase_firm(slug: str, firm_id: int) -> Response:
    """Delete a firm's personal data at its request (by phone or letter)."""
    event = event_or_404(slug)
    require_button()
    firm = row_of_event(Participant, firm_id, event)
    erase_personal_data(
        db.session(),
        firm,
        staff(),
        secret=current_app.config["SECRET_KEY"],
        uploads=_uploads(),
    )
    db.session.commit()
    flash(_("Personal data of %(firm)s deleted.", firm=firm.name))
    return redirect(url_for("staff.firms", slug=slug), code=303)
