"""Small things several blueprints need: an event or one of its rows by URL, or 404; a
table offered as a CSV or XLSX download; a firm's personal link; the uploads folder; a mail
to a firm that another firm's action causes."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from flask import abort, current_app, render_template, request, send_file
from flask_babel import force_locale
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.filters import RecruiterQuery
from matchmaker.i18n import firm_language, offer_event_languages
from matchmaker.io.writers import Cell, write_table
from matchmaker.jobs import post_mails
from matchmaker.models import Event, MailKind, Organisation, Participant
from matchmaker.services.events import find_event, is_public
from matchmaker.services.mail import mail_configured
from matchmaker.services.organisations import event_role
from matchmaker.services.outbox import queue_mails
from matchmaker.services.recruiting import recruiters, recruits_of


class _OfEvent(Protocol):
    event_id: int


Row = TypeVar("Row", bound=_OfEvent)


def event_or_404(slug: str) -> Event:
    event = find_event(db.session(), slug)
    if event is None:
        abort(404)
    return event


def public_event_or_404(slug: str) -> Event:
    """The event for a public page: one in preparation is 404 for everyone but the staff of
    its organisers, who see it as a preview (`previewing`); another organisation's draft
    stays unseen. The page speaks the event's languages."""
    event = event_or_404(slug)
    if not is_public(event) and not (
        current_user.is_authenticated and event_role(db.session(), current_user.user, event)
    ):
        abort(404)
    offer_event_languages(event)
    return event


def previewing(event: Event) -> bool:
    """Whether a public page shows staff an event the public cannot see yet."""
    return not is_public(event)


def row_of_event(model: type[Row], row_id: int | None, event: Event) -> Row:
    """The row with this id if it belongs to the event; any other id is 404, so that ids
    tell nothing about other events."""
    row = db.session.get(model, row_id) if row_id is not None else None
    if row is None or row.event_id != event.id:
        abort(404)
    return row


def table_download(name: str, columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Response:
    """The rows as a file to download; CSV or XLSX by the name's ending, formula-safe."""
    with tempfile.TemporaryDirectory(prefix="matchmaker-export-") as folder:
        path = Path(folder) / name
        write_table(path, columns, rows)
        data = path.read_bytes()
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name)


def uploads_folder() -> Path:
    """Where uploaded spreadsheets wait for their import to be confirmed."""
    return Path(current_app.instance_path) / "uploads"


def in_firm_language(participant: Participant, template: str, **context: object) -> Markup:
    """A part of a page rendered in the language the firm is written to in (its printed
    agenda), whoever asks for it: staff printing every firm's agenda get each in its own."""
    with force_locale(firm_language(participant)):
        # the template's own output: autoescaped by Jinja, so safe to embed as it is
        return Markup(render_template(template, firm=participant, **context))  # noqa: S704


def tell_firm(firm: Participant, kind: MailKind, values: dict[str, object]) -> None:
    """Queue a mail of `kind` to `firm` in its language through the outbox (a firm's own
    action caused it: not audited), commit, and hand it to the worker; nothing when mail is
    not set up (the page the firm sees is its answer) or the firm has no address."""
    if not mail_configured(current_app.config):
        return
    session = db.session()
    queued = queue_mails(
        session, firm.event, kind, [firm], None, firm_language, {firm.id: values}, audit=False
    )
    session.commit()
    if queued.mails:
        post_mails([mail.id for mail in queued.mails])


@dataclass(frozen=True, slots=True)
class RecruiterChoice:
    """The `?by=<organisation id>` of a firms list, statistics or report page: the event's
    organisers to choose from, the one chosen, and its recruits' ids (None: the whole fair)."""

    organisers: list[Organisation]
    chosen: Organisation | None
    only: set[int] | None


def recruiter_choice(event: Event) -> RecruiterChoice:
    session = db.session()
    organisers = recruiters(session, event)
    wanted = RecruiterQuery(request.args).by.data
    chosen = next((o for o in organisers if o.id == wanted), None)
    only = recruits_of(session, event, chosen.id) if chosen else None
    return RecruiterChoice(organisers, chosen, only)


def require_button() -> None:
    """A button that changes something carries only its CSRF token: without a valid one the
    request is refused (400) before anything changes."""
    if not ActionForm().validate():
        abort(400)
