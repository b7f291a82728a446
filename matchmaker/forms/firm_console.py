"""The forms of a firm's page in the staff console that are not its profile (that is
`forms/firm.py`): replacing its personal link (and mailing the new one), and the organiser
the firm is credited to."""

from __future__ import annotations

from wtforms import IntegerField
from wtforms.validators import Optional

from matchmaker.forms.base import Form
from matchmaker.forms.bounded import FlagField


class ReplaceLinkForm(Form):
    """Replace the firm's link; `send` mails the new one to the firm."""

    send = FlagField()


class RecruiterForm(Form):
    """Credit the firm to one of the event's organisers (its id), or to none (nothing
    chosen); an id that is no number is refused rather than taken for none."""

    recruited_by = IntegerField(validators=[Optional()])
