"""The firm's follow-up page behind its link: months after the fair, per meeting it held,
what came of it (the ladder), a comment and whether it may be named; correctable until the
round closes. A round's mail links each meeting to this page with `?partner=<id>`, which
shows that meeting first (a link in a mail opens the page, it never saves: mail scanners
open links too)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.forms.account import ActionForm
from matchmaker.forms.follow_up import ratings_form
from matchmaker.i18n import explained, text_date
from matchmaker.labels import OUTCOMES
from matchmaker.services.events import event_now
from matchmaker.services.follow_up import (
    FollowUpError,
    answers_of,
    held_partners,
    round_state,
    rounds_of,
    save_ratings,
)
from matchmaker.views.firm import bp, current_firm


@bp.route("/follow-up", methods=["GET", "POST"])
def follow_up() -> Response | str:
    firm = current_firm()
    session = db.session()
    today = event_now(firm.event).date()
    rounds = [r for r in rounds_of(session, firm.event) if round_state(r, today) != "planned"]
    open_round = next((r for r in reversed(rounds) if round_state(r, today) == "open"), None)
    partners = held_partners(session, firm)
    if request.method == "POST":
        form = ratings_form(p.id for p in partners)
        if not form.validate():  # only the CSRF token can be refused
            abort(400)
        if open_round is None:
            flash(_("The follow-up is closed: your answers can no longer be changed."))
            return redirect(url_for("firm.follow_up"), code=303)
        try:
            save_ratings(session, open_round, firm, form.ratings(), today)
        except FollowUpError as error:
            flash(explained(error))
            return redirect(url_for("firm.follow_up"), code=303)
        session.commit()
        flash(_("Thank you: your answers are saved. You can change them until %(date)s.",
                date=text_date(open_round.closes_on)))  # fmt: skip
        return redirect(url_for("firm.follow_up"), code=303)
    first = request.args.get("partner", type=int)
    partners.sort(key=lambda p: p.id != first)  # the meeting the mail's link named, first
    return render_template(
        "firm/follow_up.html",
        firm=firm,
        partners=partners,
        open_round=open_round,
        answers=answers_of(session, open_round, firm) if open_round else {},
        closed=[(r, answers_of(session, r, firm)) for r in rounds if r is not open_round],
        outcomes=OUTCOMES,
        action=ActionForm(),
    )
