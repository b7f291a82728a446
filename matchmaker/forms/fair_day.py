"""The forms of the fair day's desk (`views/staff/fair_day.py`): the desk's search words in
the address, a check-in action with the time a firm arrives or leaves, and repairing the
published timetable from a slot on."""

from __future__ import annotations

from datetime import time

from wtforms import StringField

from matchmaker.core.timeparse import parse_time
from matchmaker.forms.base import Form
from matchmaker.forms.bounded import DefaultInteger, cut_text
from matchmaker.forms.query import QueryForm

# The most characters of the desk's search words.
QUERY_LIMIT = 200


class DeskQuery(QueryForm):
    """`?q=`: the desk's search words (in the address, so that the search works without
    JavaScript and survives the desk's actions)."""

    q = cut_text(QUERY_LIMIT)


class DeskActionForm(Form):
    """A desk button; arriving late and leaving early carry the time (`at`, HH:MM)."""

    at = StringField(default="")

    def moment(self) -> time | None:
        """The time given, or None when it is no time of day (`core.timeparse`)."""
        try:
            return parse_time(self.at.data or "")
        except ValueError:
            return None


class RepairForm(Form):
    """Repair the published timetable, changing nothing before this slot (1 when not given)."""

    from_slot = DefaultInteger(default=1)
