"""The staff's form of an event's settings (kept apart from `forms.py` only for size; the
same base, `forms_base.Form`, cleans and bounds its text)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from matchmaker.forms_base import Form
from matchmaker.i18n import LANGUAGE_NAMES
from matchmaker.models import Event
from matchmaker.models.limits import max_length


class EventForm(Form):
    """An event's settings; the text areas hold one item per line."""

    slug = StringField(
        _l("Short name in addresses (e.g. boerse-barleben-2027)"),
        validators=[Optional(), Length(max=max_length(Event.slug))],
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=max_length(Event.name))])
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=max_length(Event.description))]
    )
    language = SelectField(
        _l("Language of the fair's texts (description, sectors, breaks, tables, groups)"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        default="de",
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=max_length(Event.venue))])
    city = StringField(_l("City"), validators=[Optional(), Length(max=max_length(Event.city))])
    date = DateField(_l("Date"), validators=[DataRequired()])
    timezone = StringField(
        _l("Time zone"),
        default="Europe/Berlin",
        validators=[DataRequired(), Length(max=max_length(Event.timezone))],
    )
    first_slot_start = TimeField(_l("First slot starts"), validators=[DataRequired()])
    slot_minutes = IntegerField(
        _l("Minutes per slot"), default=20, validators=[DataRequired(), NumberRange(5, 240)]
    )
    slot_count = IntegerField(
        _l("Number of slots"), default=12, validators=[DataRequired(), NumberRange(1, 100)]
    )
    breaks = TextAreaField(
        _l("Breaks (one per line: 12:00-13:00 Lunch)"), validators=[Optional(), Length(max=2000)]
    )
    table_count = IntegerField(
        _l("Number of tables"), default=10, validators=[DataRequired(), NumberRange(1, 500)]
    )
    table_names = TextAreaField(
        _l(
            "Named, themed or hosted tables (one per line: 3: Medizintechnik 1 | "
            "Medizintechnik | id of the firm that keeps the table)"
        ),
        validators=[Optional(), Length(max=10000)],
    )
    sectors = TextAreaField(_l("Sectors (one per line)"), validators=[Optional(), Length(max=5000)])
    groups = TextAreaField(
        _l("Groups (one per line: Delegation Omsk | delegation; kinds: host, delegation, other)"),
        validators=[Optional(), Length(max=5000)],
    )
    registration_deadline = DateTimeLocalField(
        _l("Registration until"), validators=[Optional()], format="%Y-%m-%dT%H:%M"
    )
    max_requests = IntegerField(
        _l("Requests per firm at most"), validators=[Optional(), NumberRange(0, 500)]
    )
    cross_group_only = BooleanField(_l("Firms meet only firms of other groups"))
    interpreters = TextAreaField(
        _l("Interpreters (one per line: Name | de,ru | 09:00-13:00 | 8)"),
        validators=[Optional(), Length(max=5000)],
    )
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

    def fill_from(self, event: Event) -> None:
        self.name.data = event.name
        self.description.data = event.description
        self.language.data = event.language
        self.venue.data = event.venue
        self.city.data = event.city
        self.date.data = event.date
        self.timezone.data = event.timezone
        self.first_slot_start.data = event.first_slot_start
        self.slot_minutes.data = event.slot_minutes
        self.slot_count.data = event.slot_count
        self.breaks.data = "\n".join(
            f"{b.start:%H:%M}-{b.end_time:%H:%M} {b.label}".strip() for b in event.breaks
        )
        self.table_count.data = len(event.tables)
        hosts = {p.id: p.external_id for p in event.participants}
        self.table_names.data = "\n".join(
            f"{t.number}: {t.name} | {t.theme}"
            + (f" | {hosts.get(t.host_participant_id, '')}" if t.host_participant_id else "")
            for t in event.tables
            if t.name or t.theme or t.host_participant_id
        )
        self.sectors.data = "\n".join(s.name for s in event.sectors)
        self.groups.data = "\n".join(f"{g.name} | {g.kind.value}" for g in event.groups)
        self.registration_deadline.data = event.registration_deadline
        self.max_requests.data = event.max_requests_per_participant
        self.cross_group_only.data = event.cross_group_only
        self.state.data = event.state.value
        self.listing.data = event.listing.value
        self.interpreters.data = "\n".join(
            " | ".join(
                [
                    i.name,
                    ",".join(i.languages),
                    f"{i.available_from:%H:%M}-{i.available_to:%H:%M}"
                    if i.available_from and i.available_to
                    else "",
                    str(i.max_meetings) if i.max_meetings is not None else "",
                ]
            ).rstrip(" |")
            for i in event.interpreters
        )
