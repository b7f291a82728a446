"""The committee report's choice (issue 22), in the address so that a report can be linked
and printed: the period, some of the organisation's fairs, a partner country."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import Optional

from matchmaker.forms.bounded import FlagField, IdListField, cut_text
from matchmaker.forms.query import QueryForm
from matchmaker.services.committee_report import ReportChoice


class ReportQuery(QueryForm):
    """`?start=&end=&event=<id>&country=&recruited=1`; an empty period: the last two
    calendar years."""

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("Until"), validators=[Optional()])
    event = IdListField(_l("Fairs"))
    country = cut_text(2)
    recruited = FlagField(_l("Only meetings with a firm we brought to the fair"))

    def choice(self, today: date, organisation: int) -> ReportChoice:
        start = self.start.data if self.start.data and not self.start.errors else None
        end = self.end.data if self.end.data and not self.end.errors else None
        return ReportChoice(
            start=start or date(today.year - 1, 1, 1),
            end=end or date(today.year, 12, 31),
            event_ids=frozenset(self.event.data) if self.event.data else None,
            country=(self.country.data or "").strip().upper(),
            recruited=organisation if self.recruited.data else None,
        )
