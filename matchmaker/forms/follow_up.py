"""The forms of the follow-up: a firm's (or staff's, on its behalf) ratings of its meetings
held, one step of the ladder per partner (`outcome-<id>`, empty: not rated), a comment and
whether it may be named as a success story; and staff's new round. The rating form is made
per request for the partners of the firm's meetings held (`ratings_form`); a partner not on
it is not read."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from matchmaker.forms.base import Form
from matchmaker.forms.bounded import FlagField, form_with, one_of
from matchmaker.models import FollowUpAnswer, Outcome
from matchmaker.models.limits import max_length
from matchmaker.services.follow_up import OPEN_DAYS, Rating

OUTCOMES = tuple(o.value for o in Outcome)


def _cut_comment(value: object) -> str:
    return value[: max_length(FollowUpAnswer.comment)] if isinstance(value, str) else ""


class RatingsForm(Form):
    """The ratings of one firm; the fields are added per partner (`ratings_form`)."""

    partner_ids: tuple[int, ...] = ()

    def ratings(self) -> dict[int, Rating]:
        """The rating of each partner given a step of the ladder (the others: not rated)."""
        found = {}
        for partner_id in self.partner_ids:
            outcome = str(self[f"outcome-{partner_id}"].data or "")
            if outcome:
                found[partner_id] = Rating(
                    Outcome(outcome),
                    comment=str(self[f"comment-{partner_id}"].data or ""),
                    named=bool(self[f"named-{partner_id}"].data),
                )
        return found


def ratings_form(partner_ids: Iterable[int]) -> RatingsForm:
    """The rating form for these partners, bound to the request: `outcome-<id>` (a value of
    `Outcome`, anything else read as not rated), `comment-<id>`, `named-<id>` ("1")."""
    ids = tuple(dict.fromkeys(partner_ids))
    limit = max_length(FollowUpAnswer.comment)
    fields: dict[str, object] = {"partner_ids": ids}
    for partner_id in ids:
        fields[f"outcome-{partner_id}"] = one_of(OUTCOMES, "")
        fields[f"comment-{partner_id}"] = TextAreaField(
            validators=[Length(max=limit)], filters=[_cut_comment]
        )  # never fails: cut first
        fields[f"named-{partner_id}"] = FlagField()
    return form_with(RatingsForm, fields)()


class RoundForm(Form):
    """Staff's new round: months after the fair's last day, and days it stays open."""

    months = IntegerField(
        _l("Months after the fair"), default=6, validators=[DataRequired(), NumberRange(1, 36)]
    )
    open_days = IntegerField(
        _l("Days it stays open"),
        default=OPEN_DAYS,
        validators=[DataRequired(), NumberRange(7, 90)],
    )
