"""A firm's pages for finding partners and asking them for meetings: the partner list, a
partner's page, and the requests made and received (on the firm blueprint, `firm.bp`)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.filters import PartnerQuery
from matchmaker.forms.firm import PRIORITIES, MeetingRequestForm
from matchmaker.i18n import reader_language
from matchmaker.models import MailKind, Participant
from matchmaker.services.agenda import published_version, scheduled_partner_ids
from matchmaker.services.events import is_listed
from matchmaker.services.match_reasons import local_reason, reasons_with
from matchmaker.services.meeting_requests import (
    RequestError,
    answer_request,
    request_lists,
    request_state,
    requests_problem,
    send_request,
    withdraw_request,
)
from matchmaker.services.partners import partner_row, partner_rows
from matchmaker.services.texts import local_text, original_language
from matchmaker.views.firm import bp, current_firm
from matchmaker.views.helpers import require_button, tell_firm

REFUSALS = {
    "closed": _l("Requests are closed for this fair."),
    "draft": _l(
        "The organisers have not opened the fair yet: you can ask for meetings once they "
        "open it. Meanwhile you can complete your profile."
    ),
    "unknown": _l("This firm or request is not part of your fair."),
    "self": _l("You cannot ask your own firm for a meeting."),
    "same_group": _l("At this fair, firms meet firms of other groups only."),
    "duplicate": _l("You already have a request with this firm."),
    "declined": _l("This firm has declined your request."),
    "limit": _l("You have reached the number of requests allowed at this fair."),
    "not_pending": _l("This request has already been answered."),
    "forbidden": _l("The organisers have ruled out a meeting between these two firms."),
    "not_listed": _l(
        "You can ask for meetings once your firm is shown to the other firms (see your overview)."
    ),
}


def asking_problem(firm: Participant) -> str | None:
    """Why the firm cannot ask for meetings now (see `requests_problem`), or "not_listed":
    a firm the others do not see yet (registration not approved) would be refused, so its
    partner pages show why instead of a form that fails."""
    problem = requests_problem(firm.event)
    return problem if problem is not None or is_listed(firm) else "not_listed"


@bp.get("/partners")
def partners() -> str:
    firm = current_firm()
    wanted = PartnerQuery(request.args).wanted()
    session = db.session()
    rows = partner_rows(session, firm, wanted, reader_language())
    return render_template(
        "firm/partners.html",
        firm=firm,
        rows=rows,
        wanted=wanted,
        states=request_state(session, firm),
        met=scheduled_partner_ids(session, firm),
        countries=sorted({r.partner.country for r in rows if r.partner.country}),
        form=MeetingRequestForm(),
        requests_problem=asking_problem(firm),
    )


@bp.get("/partners/<int:partner_id>")
def partner(partner_id: int) -> str:
    """One firm's full profile, in the reader's language where the firm gave one."""
    firm = current_firm()
    session = db.session()
    row = partner_row(session, firm, partner_id, reader_language())
    if row is None:
        abort(404)
    reader, shown = reader_language(), row.partner
    labels = {"offer": _("Offers"), "request": _("Seeks"), "description": _("About the firm")}
    return render_template(
        "firm/partner.html",
        firm=firm,
        row=row,
        original_language=original_language(shown),
        originals=[  # the firm's own words where the page shows a translation
            (label, getattr(shown, name))
            for name, label in labels.items()
            if local_text(shown, name, reader).language != original_language(shown)
        ],
        state=request_state(session, firm).get(partner_id),
        met=partner_id in scheduled_partner_ids(session, firm),
        form=MeetingRequestForm(),
        requests_problem=asking_problem(firm),
    )


@bp.get("/requests")
def requests() -> str:
    """The firm's requests; those asked of it with the asking firm's profile and why the
    pair was suggested, so that it can decide."""
    firm = current_firm()
    session = db.session()
    lists = request_lists(session, firm)
    reader = reader_language()
    asking = {r.from_participant_id: r.from_participant for r in lists.incoming}
    reasons = {
        partner_id: local_reason(reason, asking[partner_id], reader)
        for partner_id, reason in reasons_with(session, firm, asking.values()).items()
    }
    return render_template(
        "firm/requests.html",
        firm=firm,
        lists=lists,
        reasons=reasons,
        priorities=dict(PRIORITIES),
        action=ActionForm(),
        requests_problem=requests_problem(firm.event),
        published=published_version(db.session(), firm.event) is not None,
    )


@bp.post("/requests")
def new_request() -> Response | tuple[str, int]:
    firm = current_firm()
    form = MeetingRequestForm()
    if not form.validate() or not (form.partner.data or "").isdigit():
        abort(400)
    session = db.session()
    try:
        made = send_request(
            session,
            firm,
            int(form.partner.data or 0),
            priority=form.priority.data,
            message=(form.message.data or "").strip(),
        )
    except RequestError as error:
        session.rollback()
        return _refused(error)
    session.commit()
    if made.to_participant_id == firm.id:  # their request is accepted by asking back
        tell_firm(made.from_participant, MailKind.ANSWER, {"partner": firm.name, "accepted": 1})
        flash(
            _(
                "%(firm)s had already asked you: the meeting is now wanted by both.",
                firm=made.from_participant.name,
            )
        )
    else:
        tell_firm(made.to_participant, MailKind.REQUEST, {"partner": firm.name})
        flash(_("Request sent to %(firm)s.", firm=made.to_participant.name))
    return redirect(url_for("firm.requests"), code=303)


@bp.post("/requests/<int:request_id>/<any(accept, decline, withdraw):action>")
def change_request(request_id: int, action: str) -> Response | tuple[str, int]:
    firm = current_firm()
    require_button()
    session = db.session()
    try:
        if action == "withdraw":
            withdraw_request(session, firm, request_id)
        else:
            answered = answer_request(session, firm, request_id, accept=action == "accept")
    except RequestError as error:
        session.rollback()
        return _refused(error)
    session.commit()
    if action != "withdraw":
        accepted = int(action == "accept")
        tell_firm(
            answered.from_participant, MailKind.ANSWER, {"partner": firm.name, "accepted": accepted}
        )
    done = {
        "accept": _("Request accepted."),
        "decline": _("Request declined."),
        "withdraw": _("Request withdrawn."),
    }
    flash(done[action])
    return redirect(url_for("firm.requests"), code=303)


def _refused(error: RequestError) -> tuple[str, int]:
    status = 404 if error.code == "unknown" else 409
    return render_template(
        "firm/refused.html", firm=current_firm(), message=REFUSALS[error.code]
    ), status
