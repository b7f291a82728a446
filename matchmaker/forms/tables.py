"""The forms of the themed tables (`views/staff/tables.py`): seating the firms (table size
8 and 1 round when not given; `core.tables.rules` refuses what cannot be seated), renaming a
table's theme, moving a firm to another table."""

from __future__ import annotations

from wtforms import StringField

from matchmaker.core.tables.rules import TableRules, parse_themes
from matchmaker.forms.base import Form
from matchmaker.forms.bounded import DefaultInteger, FlagField, OptionalInteger, cut_text
from matchmaker.models import TableSeat
from matchmaker.models.limits import max_length


class SeatForm(Form):
    """How to seat the firms: most firms a table, rounds, themes (`Medizintechnik;Pflege=2`),
    whether the groups are mixed at every table."""

    size = DefaultInteger(default=8)
    rounds = DefaultInteger(default=1)
    themes = StringField(default="")
    mix = FlagField()

    def rules(self) -> TableRules:
        """The rules to seat by; a ValueError when the themes or numbers cannot be used."""
        return TableRules(
            size=self.size.data or 8,
            rounds=self.rounds.data or 1,
            themes=parse_themes(self.themes.data or ""),
            mix_groups=bool(self.mix.data),
        )


class ThemeForm(Form):
    """A table's new theme: cleaned and cut to the column (an empty one is refused by
    `services.table_plans`)."""

    theme = cut_text(max_length(TableSeat.theme))


class TableMoveForm(Form):
    """Seat a firm (its id) at a table (its number) in a round (its number). Each is None
    when missing or not a number: the view answers 404 for the firm, 400 for the place."""

    firm = OptionalInteger()
    round = OptionalInteger()
    table = OptionalInteger()

    def place(self) -> tuple[int, int] | None:
        """(round, table), or None when either is missing."""
        if self.round.data is None or self.table.data is None:
            return None
        return self.round.data, self.table.data
