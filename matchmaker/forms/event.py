"""The staff's form of an event's settings (kept apart from `forms.py` only for size; the
same base, `forms.base.Form`, cleans and bounds its text). Breaks, tables, groups and
interpreters are rows of small forms (`forms.rows`); a "more rows" button re-shows the form
with more empty rows, without script and without saving."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import time
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, ValidationError

from matchmaker.forms.base import Form
from matchmaker.forms.firm import MultiCheckboxField
from matchmaker.forms.rows import BreakRow, GroupRow, InterpreterRow, TableRow
from matchmaker.i18n import LANGUAGE_NAMES, language_name
from matchmaker.models import Event, Participant
from matchmaker.models.limits import max_length

# The zones a fair in Germany and its partners' countries most likely needs, first.
COMMON_ZONES = (
    "Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "Europe/Amsterdam", "Europe/Brussels",
    "Europe/Paris", "Europe/Warsaw", "Europe/Prague", "Europe/Rome", "Europe/Madrid",
    "Europe/London", "Europe/Helsinki", "Europe/Kyiv", "Europe/Minsk", "Europe/Moscow",
    "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk",
)  # fmt: skip
ROW_LISTS = ("breaks", "tables", "groups", "interpreters")
BLANK_ROWS = 2  # empty rows below the filled ones, to add without script
MORE_ROWS = 3  # rows a "more rows" button adds


@cache
def _zones() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The common zones this system knows, and all the others, sorted."""
    known = available_timezones()
    common = tuple(z for z in COMMON_ZONES if z in known)
    return common, tuple(sorted(known - set(common)))


def zone_choices() -> dict[str, list[tuple[str, str]]]:
    """The time zones for the select list: the common European ones, then all others."""
    common, others = _zones()
    return {
        str(_l("Common time zones")): [(z, z) for z in common],
        str(_l("All time zones")): [(z, z) for z in others],
    }


class EventForm(Form):
    """An event's settings: the fair, its slot grid and breaks, its tables, groups and
    interpreters as rows, and its rules."""

    slug = StringField(
        _l("Short name in addresses (optional: made from the name when left empty)"),
        validators=[Optional(), Length(max=max_length(Event.slug))],
    )
    # A new event's owning organisation: choices are the creator's organisations.
    owner = SelectField(_l("Organised by"), coerce=int, validators=[Optional()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=max_length(Event.name))])
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=max_length(Event.description))]
    )
    language = SelectField(
        _l("Language of the fair's texts (description, sectors, breaks, tables, groups)"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        default="de",
    )
    languages = MultiCheckboxField(  # choices: the installation's (`prepare`)
        _l("Languages of the fair's pages, mails and papers for firms"), validate_choice=True
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=max_length(Event.venue))])
    city = StringField(_l("City"), validators=[Optional(), Length(max=max_length(Event.city))])
    date = DateField(_l("Date"), validators=[DataRequired()])
    timezone = SelectField(  # zone names are identifiers, never translated (translate="no")
        _l("Time zone"),
        default="Europe/Berlin",
        validate_choice=True,
        render_kw={"translate": "no"},
    )
    first_slot_start = TimeField(
        _l("First slot starts"), default=time(9, 0), validators=[DataRequired()]
    )
    slot_minutes = IntegerField(
        _l("Minutes per slot"), default=20, validators=[DataRequired(), NumberRange(5, 240)]
    )
    slot_count = IntegerField(
        _l("Number of slots"), default=15, validators=[DataRequired(), NumberRange(1, 100)]
    )
    days = IntegerField(
        _l("Days of meetings"),
        default=1,
        validators=[DataRequired(), NumberRange(1, 3)],
    )
    breaks = FieldList(FormField(BreakRow), label=_l("Breaks"), max_entries=20)
    table_count = IntegerField(
        _l("Number of tables"), default=10, validators=[DataRequired(), NumberRange(1, 500)]
    )
    tables = FieldList(FormField(TableRow), label=_l("Tables"), max_entries=500)
    sectors = TextAreaField(_l("Sectors (one per line)"), validators=[Optional(), Length(max=5000)])
    groups = FieldList(FormField(GroupRow), label=_l("Groups"), max_entries=100)
    registration_deadline = DateTimeLocalField(
        _l("Registration until"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    max_requests = IntegerField(
        _l("Requests per firm at most"), validators=[Optional(), NumberRange(0, 500)]
    )
    cross_group_only = BooleanField(_l("Firms meet only firms of other groups"))
    interpreters = FieldList(FormField(InterpreterRow), label=_l("Interpreters"), max_entries=50)
    state = SelectField(
        _l("State"),
        choices=[
            SelectChoice("draft", _l("in preparation (not public)")),
            SelectChoice("registration_open", _l("registration open")),
            SelectChoice("closed", _l("registration closed")),
            SelectChoice("published", _l("timetable published")),
        ],
    )
    listing = SelectField(
        _l("Firms that register themselves are shown to the others"),
        choices=[
            SelectChoice("approved", _l("once staff approve them")),
            SelectChoice("confirmed", _l("once they confirm their e-mail address")),
        ],
        default="approved",
    )
    confirm = HiddenField(default="")
    # The "more rows" buttons (name="more", value: which list); never rendered as a field.
    more = StringField(validators=[Optional(), AnyOf(ROW_LISTS)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.list_errors: dict[str, list[str]] = {}

    def prepare(
        self,
        firms: Iterable[Participant],
        languages: Iterable[tuple[str, str]],
        zone: str,
        offered: Sequence[str],
    ) -> None:
        """The choices that depend on the event: the firms that may keep a table (by name),
        the languages interpreters may speak (code, name in the reader's language), the page
        languages the installation `offered` and the time zones (with the event's own `zone`,
        even one this system does not list); and one table row per table. Called last,
        after rows are added."""
        self.languages.choices = [SelectChoice(c, LANGUAGE_NAMES.get(c, c)) for c in offered]
        if self.languages.data is None:  # a new event: all that the installation offers
            self.languages.data = list(offered)
        zones = zone_choices()
        known = {zone for group in zones.values() for zone, _ in group}
        if zone not in known:
            zones[str(_l("All time zones"))].insert(0, (zone, zone))
        self.timezone.choices = zones  # optgroups: WTForms takes a dict
        hosts = [(0, str(_l("(nobody)")))] + [
            (p.id, p.name) for p in sorted(firms, key=lambda p: p.name.casefold())
        ]
        self.sync_tables()
        spoken = list(languages)
        for row in self._rows("tables"):
            row.host.choices = hosts
        for row in self._rows("interpreters"):
            row.languages.choices = spoken

    def _rows(self, name: str) -> Iterator[Any]:
        field: FieldList[Any] = getattr(self, name)
        return (entry.form for entry in field.entries)

    def add_rows(self, name: str, count: int = MORE_ROWS) -> None:
        """Empty rows added to a list (a table row is a new table: the count goes up)."""
        if name == "tables":
            self.table_count.data = min(500, (self.table_count.data or 0) + 1)
            return
        field: FieldList[Any] = getattr(self, name)
        for _ in range(count):
            if len(field.entries) < (field.max_entries or 0):
                field.append_entry()

    def pad_rows(self) -> None:
        """`BLANK_ROWS` empty rows at the end of each list but the tables."""
        for name in ("breaks", "groups", "interpreters"):
            getattr(self, name)
            blank = sum(1 for row in self._rows(name) if row.is_blank())
            self.add_rows(name, max(0, BLANK_ROWS - blank))

    def sync_tables(self) -> None:
        """One table row for each table 1..`table_count`, keeping what was typed in rows of
        those numbers."""
        count = self.table_count.data
        if not isinstance(count, int) or not 1 <= count <= 500:
            return
        typed = {
            int(row.number.data): row.data
            for row in self._rows("tables")
            if str(row.number.data or "").isdigit()
        }
        if sorted(typed) == list(range(1, count + 1)) and len(self.tables.entries) == count:
            return
        while self.tables.entries:
            self.tables.pop_entry()
        for number in range(1, count + 1):
            self.tables.append_entry(typed.get(number, {}) | {"number": str(number)})

    def validate_languages(self, field: MultiCheckboxField) -> None:
        """At least one language, and the language the fair's texts are written in."""
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))
        if self.language.data not in field.data:
            raise ValidationError(
                _l("Tick %(name)s too: the fair's texts are written in it.",
                   name=language_name(self.language.data or ""))
            )  # fmt: skip

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields and rows, then: no group, interpreter or break start twice."""
        ok: bool = super().validate(extra_validators)
        keys = (("groups", "name"), ("interpreters", "name"), ("breaks", "start"))
        for name, column in keys:
            seen: dict[object, int] = {}
            for number, entry in enumerate(getattr(self, name).entries, start=1):
                row = entry.form
                if not row.wanted():
                    continue
                field = getattr(row, column)
                key = field.data.strip().casefold() if isinstance(field.data, str) else field.data
                if key in seen:
                    ok = row.refuse(field, _l("Already in row %(row)d.", row=seen[key]))
                seen.setdefault(key, number)
        return ok

    def list_error(self, name: str, message: str) -> None:
        """An error about a whole list (a break before the first slot, an interpreter that
        still interprets meetings): shown above the list's rows."""
        self.list_errors.setdefault(name, []).append(message)

    def error_lines(self) -> list[str]:
        """Every error of the form as 'field: message', a row's as 'list, row n, field:
        message', for the summary at the top of the page."""
        lines = []
        for field in self:
            if isinstance(field, FieldList):
                lines += [f"{field.label.text}: {e}" for e in self.list_errors.get(field.name, [])]
                for number, entry in enumerate(field.entries, start=1):
                    for sub in entry.form:
                        lines += [
                            str(
                                _l(
                                    "%(list)s, row %(row)d, %(field)s: %(error)s",
                                    list=field.label.text,
                                    row=number,
                                    field=sub.label.text,
                                    error=e,
                                )
                            )
                            for e in sub.errors
                        ]
            else:
                lines += [f"{field.label.text}: {e}" for e in field.errors]
        return lines

    def fill_from(self, event: Event, offered: Sequence[str]) -> None:
        """The event's settings; `offered`: the page languages it offers."""
        self.name.data = event.name
        self.description.data = event.description
        self.language.data = event.language
        self.languages.data = list(offered)
        self.venue.data = event.venue
        self.city.data = event.city
        self.date.data = event.date
        self.timezone.data = event.timezone
        self.first_slot_start.data = event.first_slot_start
        self.slot_minutes.data = event.slot_minutes
        self.slot_count.data = event.slot_count
        self.days.data = event.days
        _fill(self.breaks, ({"start": b.start, "end": b.end_time, "label": b.label}
                            for b in sorted(event.breaks, key=lambda b: b.start)))  # fmt: skip
        self.table_count.data = len(event.tables)
        _fill(self.tables, ({"number": str(t.number), "name": t.name, "theme": t.theme,
                             "host": t.host_participant_id or 0}
                            for t in sorted(event.tables, key=lambda t: t.number)))  # fmt: skip
        self.sectors.data = "\n".join(s.name for s in event.sectors)
        _fill(self.groups, ({"name": g.name, "kind": g.kind.value} for g in event.groups))
        self.registration_deadline.data = event.registration_deadline
        self.max_requests.data = event.max_requests_per_participant
        self.cross_group_only.data = event.cross_group_only
        self.state.data = event.state.value
        self.listing.data = event.listing.value
        _fill(self.interpreters, ({"name": i.name, "languages": list(i.languages),
                                   "available_from": i.available_from,
                                   "available_to": i.available_to,
                                   "max_meetings": i.max_meetings}
                                  for i in event.interpreters))  # fmt: skip


def _fill(field: FieldList[Any], rows: Iterable[dict[str, Any]]) -> None:
    while field.entries:
        field.pop_entry()
    for row in rows:
        field.append_entry(row)


def spoken_languages(
    firms: Sequence[Participant], offered: Iterable[str], extra: Iterable[str] = ()
) -> list[str]:
    """The language codes interpreters of this event may work in: the event's offered
    languages, those its firms speak and any an interpreter already has."""
    codes = set(offered) | set(extra)
    for firm in firms:
        codes.update(firm.languages)
    return sorted(c for c in codes if len(c) == 2 and c.isalpha())
