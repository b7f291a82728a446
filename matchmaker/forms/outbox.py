"""The forms of reaching the firms by e-mail (`views/staff/outbox.py`): inviting every firm
not yet invited or the ticked ones, the outbox's filter by state in the address, and sending
failed mails again (all of them, or one)."""

from __future__ import annotations

from wtforms import IntegerField, StringField
from wtforms.validators import Optional

from matchmaker.forms.base import Form
from matchmaker.forms.bounded import FlagField, IdListField
from matchmaker.forms.query import QueryForm
from matchmaker.models import MailState


class InviteFirmsForm(Form):
    """Invite firms: `which=all` every firm not yet invited, anything else the ticked ones
    (`firm`, ids); `draft_ok` invites while the fair is still in preparation."""

    draft_ok = FlagField()
    which = StringField(default="")
    firm = IdListField()

    def everyone(self) -> bool:
        """Every firm not yet invited, rather than the ticked ones."""
        return self.which.data == "all"


class OutboxQuery(QueryForm):
    """`?state=`: show only the mails in this state (all when not given or unknown)."""

    state = StringField(default="")

    def chosen(self) -> MailState | None:
        return next((s for s in MailState if s.value == self.state.data), None)


class RetryForm(Form):
    """Send failed mails again: the one given by `mail` (its id), all when none is given;
    a `mail` that is no number is refused rather than taken for all."""

    mail = IntegerField(validators=[Optional()])
