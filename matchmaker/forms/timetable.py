"""The forms of matching and the timetable (`views/staff/timetable.py`): running the
recommendations and the scheduler, the meeting whose move form is open, moving and locking a
meeting, publishing a version. The numbers of a run fall back to the pages' defaults and are
clamped (`forms.bounded`); a move or a lock without its integers is refused."""

from __future__ import annotations

from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired

from matchmaker.forms.base import Form
from matchmaker.forms.bounded import (
    DefaultFloat,
    DefaultInteger,
    FlagField,
    OptionalInteger,
    cut_text,
)
from matchmaker.forms.query import QueryForm
from matchmaker.models import ScheduleVersion
from matchmaker.models.limits import max_length


def _version_name() -> StringField:
    """A version's name: cleaned, cut to the column (an empty one: the app names it)."""
    return cut_text(max_length(ScheduleVersion.name))


class RecommendRunForm(Form):
    """Compute recommendations: partners per firm, 1 to 50 (10 when not given)."""

    top_k = DefaultInteger(default=10, low=1, high=50)

    def params(self) -> dict[str, object]:
        """The job's parameters (`jobs.start_job`)."""
        return {"top_k": self.top_k.data}


class ScheduleRunForm(Form):
    """Generate a timetable: a time limit of 5 to 300 seconds (30 when not given), whether
    unanswered requests count, meetings per firm from the recommendations (0 to 20), the
    version whose locked meetings stay (none when not given) and the new version's name."""

    time_limit = DefaultFloat(default=30.0, low=5.0, high=300.0)
    include_pending = FlagField()
    recommended = DefaultInteger(default=0, low=0, high=20)
    start_from = DefaultInteger(default=None)
    name = _version_name()

    def params(self) -> dict[str, object]:
        """The job's parameters (`jobs.start_job`)."""
        return {
            "time_limit": self.time_limit.data,
            "include_pending": self.include_pending.data,
            "recommended": self.recommended.data,
            "start_from": self.start_from.data,
            "name": self.name.data,
        }


class MeetingQuery(QueryForm):
    """`?meeting=<id>`: the meeting whose move form is open on a version's page (none when
    not given or not a number)."""

    meeting = OptionalInteger()


class LockForm(Form):
    """Lock or unlock a meeting: the revision the page showed (a newer one is refused as
    stale by `services.timetable`)."""

    revision = IntegerField(validators=[InputRequired()])

    def seen(self) -> int:
        """The revision the page showed (of a validated form)."""
        return self.revision.data or 0


class MoveForm(LockForm):
    """Move a meeting to a slot (its number) and a table (its id) of the grid."""

    slot = IntegerField(validators=[InputRequired()])
    table = IntegerField(validators=[InputRequired()])

    def place(self) -> tuple[int, int]:
        """(slot, table id) to move to (of a validated form)."""
        return self.slot.data or 0, self.table.data or 0


class PublishForm(Form):
    """Publish a version: its name, and that staff read the warnings (if any)."""

    name = _version_name()
    confirm = FlagField()
