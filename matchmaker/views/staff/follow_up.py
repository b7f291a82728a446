"""The follow-up in the staff console (issue 22): rounds months after the fair (added,
removed while not yet mailed), how far the firms have answered, each firm's ratings, and a
rating recorded on a firm's behalf (a phone call). The mails go out through the outbox when
a round opens (`services.follow_up.due_mails`, from the worker)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.follow_up import RoundForm, ratings_form
from matchmaker.i18n import explained, text_date
from matchmaker.labels import OUTCOMES
from matchmaker.models import Event, FollowUpRound, Participant
from matchmaker.services.events import event_now
from matchmaker.services.follow_up import (
    FollowUpError,
    add_round,
    answers_of,
    held_partners,
    remove_round,
    round_of,
    round_state,
    rounds_of,
    save_ratings,
)
from matchmaker.services.outbox import firms_by_id
from matchmaker.views.helpers import event_or_404
from matchmaker.views.staff import bp


def _round(event: Event, number: int) -> FollowUpRound:
    found = round_of(db.session(), event, number)
    if found is None:
        abort(404)
    return found


@bp.get("/e/<slug>/follow-up")
def follow_up(slug: str, form: RoundForm | None = None) -> str:
    event = event_or_404(slug)
    session = db.session()
    today = event_now(event).date()
    firms = [p for p in event.participants if held_partners(session, p)]
    rows = []
    for chosen in rounds_of(session, event):
        answered = sum(1 for p in firms if answers_of(session, chosen, p))
        rows.append((chosen, round_state(chosen, today), answered))
    return render_template("staff/follow_up.html", event=event, rows=rows, firms=len(firms),
                           form=form or RoundForm(formdata=None), action=ActionForm())  # fmt: skip


@bp.post("/e/<slug>/follow-up")
def add_follow_up(slug: str) -> Response | tuple[str, int]:
    event = event_or_404(slug)
    form = RoundForm()
    if not form.validate():
        return follow_up(slug, form), 422
    try:
        added = add_round(db.session(), event, form.months.data or 0,
                          form.open_days.data or 0, staff())  # fmt: skip
    except FollowUpError as error:
        form.months.errors = [explained(error)]
        return follow_up(slug, form), 422
    db.session.commit()
    if round_state(added, event_now(event).date()) == "open":  # a fair held long ago
        flash(_("Round %(num)d is open now: the firms get their mail in a few minutes.",
                num=added.number))  # fmt: skip
    else:
        flash(_("Round %(num)d opens on %(date)s; the firms get their mail then.",
                num=added.number, date=text_date(added.opens_on)))  # fmt: skip
    return redirect(url_for("staff.follow_up", slug=slug), code=303)


@bp.post("/e/<slug>/follow-up/<int:number>/remove")
def remove_follow_up(slug: str, number: int) -> Response:
    event = event_or_404(slug)
    try:
        remove_round(db.session(), event, _round(event, number), staff())
    except FollowUpError as error:
        flash(explained(error))
        return redirect(url_for("staff.follow_up", slug=slug), code=303)
    db.session.commit()
    flash(_("Round %(num)d is removed.", num=number))
    return redirect(url_for("staff.follow_up", slug=slug), code=303)


@bp.get("/e/<slug>/follow-up/<int:number>")
def follow_up_round(slug: str, number: int) -> str:
    event = event_or_404(slug)
    chosen = _round(event, number)
    session = db.session()
    firms = [(p, held_partners(session, p)) for p in event.participants]
    rows = [(p, partners, answers_of(session, chosen, p)) for p, partners in firms if partners]
    return render_template("staff/follow_up_round.html", event=event, round=chosen, rows=rows,
                           outcomes=OUTCOMES)  # fmt: skip


@bp.route("/e/<slug>/follow-up/<int:number>/firm/<int:firm_id>", methods=["GET", "POST"])
def record_follow_up(slug: str, number: int, firm_id: int) -> Response | str:
    """Staff enter a firm's ratings for it (a phone call)."""
    event = event_or_404(slug)
    chosen = _round(event, number)
    session = db.session()
    found = firms_by_id(session, event, [firm_id])
    if not found:
        abort(404)
    firm: Participant = found[0]
    partners = held_partners(session, firm)
    form = ratings_form(p.id for p in partners)
    if form.is_submitted():
        if not form.validate():
            abort(400)
        try:
            save_ratings(session, chosen, firm, form.ratings(), event_now(event).date(), staff())
        except FollowUpError as error:
            flash(explained(error))
            return redirect(url_for("staff.follow_up_round", slug=slug, number=number), code=303)
        session.commit()
        flash(_("The ratings of %(firm)s are saved.", firm=firm.name))
        return redirect(url_for("staff.follow_up_round", slug=slug, number=number), code=303)
    return render_template("staff/follow_up_firm.html", event=event, round=chosen, firm=firm,
                           partners=partners, answers=answers_of(session, chosen, firm),
                           outcomes=OUTCOMES, action=ActionForm())  # fmt: skip
