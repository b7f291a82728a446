"""Staff reach the firms by e-mail: invitations of the firms they brought in (all not yet
invited, or the ones ticked), the outbox of every mail to the event's firms with its state and
why it failed, and sending failed mails again. Pages only queue mails (`services.outbox`);
the worker sends them. Every answer says how many mails were queued and, for each firm left
out, why (no address, no longer taking part, mail not set up, no worker running)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.core.messages import Message
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.outbox import InviteFirmsForm, OutboxQuery, RetryForm
from matchmaker.i18n import firm_language, message_text, reader_language
from matchmaker.jobs import post_mails, worker_running
from matchmaker.models import Event, EventState, MailKind, MailState, Participant
from matchmaker.services.mail import mail_configured
from matchmaker.services.mail_failures import NOT_SET_UP
from matchmaker.services.outbox import (
    Queued,
    counts,
    firms_by_id,
    outbox,
    queue_mails,
    retry_failed,
    uninvited,
    without_address,
)
from matchmaker.views.helpers import event_or_404
from matchmaker.views.staff import bp

STATES = {
    MailState.QUEUED: _l("waiting for the worker"),
    MailState.SENDING: _l("being sent"),
    MailState.SENT: _l("sent"),
    MailState.FAILED: _l("failed"),
}
KINDS = {
    MailKind.INVITATION: _l("Invitation"),
    MailKind.LINK: _l("Personal link"),
    MailKind.AGENDA: _l("Agenda changed"),
    MailKind.REQUEST: _l("Meeting request received"),
    MailKind.ANSWER: _l("Request answered"),
    MailKind.FOLLOW_UP: _l("Follow-up: what came of the meetings"),
}
NAMES_SHOWN = 10  # firms named in a message; the rest are counted


def _names(firms: Sequence[Participant]) -> str:
    names = ", ".join(f.name for f in firms[:NAMES_SHOWN])
    return names + (" …" if len(firms) > NAMES_SHOWN else "")


def not_set_up() -> str:
    """Why no mail goes out while MAIL_SERVER is empty, and who can change it."""
    return " ".join(
        [
            message_text(Message(NOT_SET_UP)),
            _("An administrator sees the mail settings on the page “Mail settings”."),
        ]
    )


def reach_notes(kind: MailKind, queued: Queued, posted: bool = True) -> list[str]:
    """What queueing did, in words for staff: how many mails go out and why each firm left
    out gets none."""
    count = len(queued.mails)
    notes: list[str] = []
    if count and kind == MailKind.INVITATION:
        notes.append(ngettext(
            "%(num)d invitation is queued; the worker sends it in the firm's language.",
            "%(num)d invitations are queued; the worker sends them, each in the firm's "
            "language.", count,
        ))  # fmt: skip
    elif count and kind == MailKind.AGENDA:
        notes.append(ngettext(
            "%(num)d firm is told by e-mail (queued for the worker).",
            "%(num)d firms are told by e-mail (queued for the worker).", count,
        ))  # fmt: skip
    elif count:
        notes.append(_("The link is queued for sending to %(address)s.",
                       address=queued.mails[0].address))  # fmt: skip
    if queued.no_address:
        notes.append(ngettext(
            "%(num)d firm has no e-mail address and gets no mail: %(names)s.",
            "%(num)d firms have no e-mail address and get no mail: %(names)s.",
            len(queued.no_address), names=_names(queued.no_address),
        ))  # fmt: skip
    if queued.gone:
        notes.append(ngettext(
            "%(num)d firm no longer takes part and gets no mail: %(names)s.",
            "%(num)d firms no longer take part and get no mail: %(names)s.",
            len(queued.gone), names=_names(queued.gone),
        ))  # fmt: skip
    if count and not posted:
        notes.append(_("The mails could not be handed to the worker; they go out when a "
                       "worker starts."))  # fmt: skip
    elif count and not worker_running():
        notes.append(_("No worker is running just now: the mails wait until "
                       "“matchmaker worker” runs."))  # fmt: skip
    if count:
        notes.append(_("The outbox shows how each mail went."))
    return notes


def queue_and_tell(
    event: Event,
    kind: MailKind,
    firms: Sequence[Participant],
    values: Mapping[int, dict[str, Any]] | None = None,
) -> Queued | None:
    """Queue a mail of `kind` to each firm, commit, hand them to the worker and flash what
    happened; None (nothing queued, and why flashed) when mail is not set up."""
    if not mail_configured(current_app.config):
        flash(not_set_up())
        return None
    session = db.session()
    queued = queue_mails(session, event, kind, firms, staff(), firm_language, values)
    session.commit()
    posted = post_mails([m.id for m in queued.mails]) if queued.mails else True
    for note in reach_notes(kind, queued, posted):
        flash(note)
    return queued


@bp.post("/e/<slug>/firms/invite")
def invite(slug: str) -> Response:
    """Invite the firms ticked on the firms page, or (which=all) every firm staff brought in
    that has no invitation queued or sent yet."""
    event = event_or_404(slug)
    form = InviteFirmsForm()
    if not form.validate():
        abort(400)
    if event.state == EventState.DRAFT and not form.draft_ok.data:
        why = _(
            "Nobody was invited: the fair is still in preparation, so invited firms could not "
            "ask for meetings yet. Open the registration in the settings first, or tick "
            "“Invite anyway” to let the firms complete their profiles already."
        )
        flash(why)
        return redirect(url_for("staff.firms", slug=slug), code=303)
    session = db.session()
    if form.everyone():
        firms = uninvited(session, event)
        if not firms:
            flash(_("No firm to invite: every firm brought in by staff has an invitation "
                    "queued or sent already (see the outbox)."))  # fmt: skip
            return redirect(url_for("staff.firms", slug=slug), code=303)
    else:
        firms = firms_by_id(session, event, form.firm.data)
        if not firms:
            flash(_("Please tick the firms to invite in the list first."))
            return redirect(url_for("staff.firms", slug=slug), code=303)
    queue_and_tell(event, MailKind.INVITATION, firms)
    return redirect(url_for("staff.outbox_page", slug=slug), code=303)


@bp.get("/e/<slug>/outbox")
def outbox_page(slug: str) -> str:
    """Every mail to the event's firms, by firm: its kind, address, language, state, attempts
    and why it failed; filtered by state."""
    event = event_or_404(slug)
    session = db.session()
    state = OutboxQuery(request.args).chosen()
    figures = counts(session, event)
    rows = [
        (mail, firm, message_text(Message(mail.error, mail.error_values)) if mail.error else "")
        for mail, firm in outbox(session, event, state)
    ]
    return render_template(
        "staff/outbox.html",
        event=event,
        rows=rows,
        state=state,
        counts=figures,
        waiting=figures[MailState.QUEUED],
        failed=figures[MailState.FAILED],
        unreachable=without_address(session, event),
        uninvited=len(uninvited(session, event)),
        states=STATES,
        kinds=KINDS,
        when=lambda moment: local_time(moment, event),
        worker=worker_running(),
        action=ActionForm(),
    )


@bp.post("/e/<slug>/outbox/retry")
def retry(slug: str) -> Response:
    """Send the event's failed mails again (all, or the one given by `mail`)."""
    event = event_or_404(slug)
    form = RetryForm()
    if not form.validate():  # no CSRF token, or a mail id that is no integer
        abort(400)
    if not mail_configured(current_app.config):
        flash(not_set_up())
        return redirect(url_for("staff.outbox_page", slug=slug), code=303)
    one = form.mail.data
    session = db.session()
    ids = retry_failed(session, event, staff(), firm_language, None if one is None else [one])
    session.commit()
    if not ids:
        flash(_("No failed mail could be sent again: the firms have no e-mail address or no "
                "longer take part (see the reason of each)."))  # fmt: skip
    else:
        posted = post_mails(ids)
        flash(ngettext("%(num)d mail is queued again.", "%(num)d mails are queued again.",
                       len(ids)))  # fmt: skip
        if not posted:
            flash(_("The mails could not be handed to the worker; they go out when a worker "
                    "starts."))  # fmt: skip
    return redirect(url_for("staff.outbox_page", slug=slug, state="failed"), code=303)


def local_time(moment: datetime | None, event: Event) -> str:
    """A stored moment (naive UTC) as the reader writes it, in the event's time zone."""
    if moment is None:
        return ""
    try:
        zone = ZoneInfo(event.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return str(
        format_datetime(
            moment.replace(tzinfo=UTC), format="short", tzinfo=zone, locale=reader_language()
        )
    )
