"""The forms of a firm's own buttons that carry more than their CSRF token: its feedback
after the fair (per scheduled partner: met, follow-up, cooperation, a comment), the
confirmation that deletes its personal data, and the earlier profile it starts from. The
feedback's field names hold the partner's id (`met-<id>`), so its form is made per request
for the partners of the firm's agenda (`feedback_form`); a partner not on it is not read."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import TextAreaField
from wtforms.validators import Length

from matchmaker.forms.base import Form
from matchmaker.forms.bounded import FlagField, IdField, form_with
from matchmaker.models import MeetingFeedback
from matchmaker.models.limits import max_length
from matchmaker.services.outcome import Answer


def _cut_comment(value: object) -> str:
    return value[: max_length(MeetingFeedback.comment)] if isinstance(value, str) else ""


def _comment_field() -> TextAreaField:
    """A comment on a meeting: cleaned (several lines) and cut to what the column holds
    rather than refused, as the feedback page always did."""
    limit = max_length(MeetingFeedback.comment)
    return TextAreaField(validators=[Length(max=limit)], filters=[_cut_comment])  # never fails


class FeedbackForm(Form):
    """The firm's answers after the fair; the fields are added per partner
    (`feedback_form`)."""

    partner_ids: tuple[int, ...] = ()

    def answers(self) -> dict[int, Answer]:
        """The answer for each partner of the form (a box not ticked: no)."""
        return {
            partner_id: Answer(
                met=bool(self[f"met-{partner_id}"].data),
                follow_up=bool(self[f"follow-{partner_id}"].data),
                cooperation=bool(self[f"coop-{partner_id}"].data),
                comment=str(self[f"comment-{partner_id}"].data or ""),
            )
            for partner_id in self.partner_ids
        }


def feedback_form(partner_ids: Iterable[int]) -> FeedbackForm:
    """The feedback form for these partners (those of the firm's agenda), bound to the
    request: `met-<id>`, `follow-<id>`, `coop-<id>` (ticked when "1") and `comment-<id>`."""
    ids = tuple(dict.fromkeys(partner_ids))
    fields: dict[str, object] = {"partner_ids": ids}
    for partner_id in ids:
        fields[f"met-{partner_id}"] = FlagField()
        fields[f"follow-{partner_id}"] = FlagField()
        fields[f"coop-{partner_id}"] = FlagField()
        fields[f"comment-{partner_id}"] = _comment_field()
    return form_with(FeedbackForm, fields)()


class EraseForm(Form):
    """The firm deletes its personal data: only with the box `confirm` ticked ("1")."""

    confirm = FlagField()


class ReuseForm(Form):
    """The firm starts from an earlier registration's profile: `earlier`, its id (None
    when it is none; the service then refuses)."""

    earlier = IdField()
