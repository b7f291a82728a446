"""The web forms firms (and, later, staff on their behalf) fill in, with their server-side
checks. Labels and messages are lazily translated: the reader's language decides. Every
text field is cleaned and bounded by their base, `forms_base.Form`."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from matchmaker.core.timeparse import parse_time_range
from matchmaker.core.types import TimeRange
from matchmaker.forms_base import Form
from matchmaker.models import Event, MeetingRequest, Participant, StaffUser
from matchmaker.models.limits import max_length
from matchmaker.services.registration import ProfileData

# Languages a firm can tick; the scheduler and the tables read these codes.
LANGUAGES = (
    ("de", "Deutsch"),
    ("en", "English"),
    ("ru", "Русский"),
    ("fr", "Français"),
    ("pl", "Polski"),
    ("uk", "Українська"),
    ("cs", "Čeština"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("tr", "Türkçe"),
    ("zh", "中文"),
    ("ko", "한국어"),
    ("kk", "Қазақ тілі"),
)
# Values of MeetingRequest.priority.
PRIORITIES = ((3, _l("high")), (2, _l("medium")), (1, _l("low")))


def email_field() -> EmailField:
    """A required e-mail address, checked for its form (not whether it receives mail)."""
    return EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Length(max=max_length(Participant.email)),
            Email(message=_l("Not a valid e-mail address."), check_deliverability=False),
        ],
    )


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (usable without script, on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(Form):
    """A firm's profile: who it is, what it offers and seeks, when it can meet."""

    submission_key = HiddenField(validators=[Length(max=max_length(Participant.submission_key))])
    name = StringField(
        _l("Firm name"), validators=[DataRequired(), Length(max=max_length(Participant.name))]
    )
    country = StringField(
        _l("Country (two-letter code, e.g. DE, RU)"),
        validators=[
            Optional(),
            Regexp(r"^[A-Za-z]{2}$", message=_l("Two letters, e.g. DE.")),
        ],
        filters=[lambda v: v.strip().upper() if isinstance(v, str) else v],
    )
    city = StringField(
        _l("City"), validators=[Optional(), Length(max=max_length(Participant.city))]
    )
    group = SelectField(_l("Group or delegation"), coerce=int, validators=[Optional()])
    sectors = MultiCheckboxField(_l("Sectors"), coerce=int)
    offer = TextAreaField(
        _l("We offer"),
        validators=[DataRequired(), Length(max=max_length(Participant.offer))],
        render_kw={"rows": 4},
    )
    request = TextAreaField(
        _l("We seek"),
        validators=[DataRequired(), Length(max=max_length(Participant.request))],
        render_kw={"rows": 4},
    )
    description = TextAreaField(
        _l("About us"),
        validators=[Optional(), Length(max=max_length(Participant.description))],
        render_kw={"rows": 4},
    )
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=max_length(Participant.website)),
            Regexp(r"^https?://[^\s]+$", message=_l("An address starting with https://.")),
        ],
    )
    contact_person = StringField(
        _l("Contact person"),
        validators=[DataRequired(), Length(max=max_length(Participant.contact_person))],
    )
    email = email_field()
    phone = StringField(
        _l("Phone"), validators=[Optional(), Length(max=max_length(Participant.phone))]
    )
    languages = MultiCheckboxField(
        _l("Languages spoken"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES],
        validators=[DataRequired(message=_l("Choose at least one language."))],
    )
    available_from = TimeField(_l("Arrival"), validators=[Optional()])
    available_to = TimeField(_l("Departure"), validators=[Optional()])
    unavailable = StringField(
        _l("Not available (e.g. 11:00-11:30, 14:00-14:20)"),
        validators=[Optional(), Length(max=300)],
    )
    max_meetings = IntegerField(
        _l("At most this many meetings"), validators=[Optional(), NumberRange(min=0, max=200)]
    )
    consent = BooleanField(
        _l("I agree to the privacy notice."),
        validators=[InputRequired(message=_l("Please agree to the privacy notice."))],
    )

    def __init__(self, event: Event, *args: Any, consent: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not consent:  # given once, at registration
            del self.consent
        self.group.choices = [SelectChoice(0, "—")] + [
            SelectChoice(g.id, g.name) for g in event.groups
        ]
        self.sectors.choices = [SelectChoice(s.id, s.name) for s in event.sectors]

    def validate_available_to(self, field: TimeField) -> None:
        start = self.available_from.data
        if start is not None and field.data is not None and field.data <= start:
            raise ValidationError(_l("Departure must be after arrival."))

    def validate_unavailable(self, field: StringField) -> None:
        try:
            self.unavailable_ranges()
        except ValueError as error:
            raise ValidationError(
                _l("Write each time as HH:MM-HH:MM, the end after the start, separated by commas.")
            ) from error

    def unavailable_ranges(self) -> tuple[TimeRange, ...]:
        text = (self.unavailable.data or "").strip()
        parts = [p for p in re.split(r"[,;]\s*", text) if p.strip()]
        return tuple(parse_time_range(part) for part in parts)

    def profile_data(self) -> ProfileData:
        group = self.group.data or None
        return ProfileData(
            name=(self.name.data or "").strip(),
            country=self.country.data or "",
            city=(self.city.data or "").strip(),
            group_id=group,
            sector_ids=tuple(self.sectors.data or ()),
            offer=(self.offer.data or "").strip(),
            request=(self.request.data or "").strip(),
            description=(self.description.data or "").strip(),
            website=(self.website.data or "").strip(),
            contact_person=(self.contact_person.data or "").strip(),
            email=(self.email.data or "").strip(),
            phone=(self.phone.data or "").strip(),
            languages=tuple(self.languages.data or ()),
            available_from=self.available_from.data,
            available_to=self.available_to.data,
            unavailable=self.unavailable_ranges(),
            max_meetings=self.max_meetings.data,
        )

    def fill_from(self, participant: Participant) -> None:
        """Show a firm's stored profile in the form (editing)."""
        self.name.data = participant.name
        self.country.data = participant.country
        self.city.data = participant.city
        self.group.data = participant.group_id or 0
        self.sectors.data = [s.id for s in participant.sectors]
        self.offer.data = participant.offer
        self.request.data = participant.request
        self.description.data = participant.description
        self.website.data = participant.website
        self.contact_person.data = participant.contact_person
        self.email.data = participant.email
        self.phone.data = participant.phone
        self.languages.data = list(participant.languages)
        self.available_from.data = participant.available_from
        self.available_to.data = participant.available_to
        self.unavailable.data = ", ".join(
            f"{u.start:%H:%M}-{u.end_time:%H:%M}" for u in participant.unavailable
        )
        self.max_meetings.data = participant.max_meetings


class ResendLinkForm(Form):
    email = email_field()


class MeetingRequestForm(Form):
    partner = HiddenField(validators=[DataRequired()])
    priority = SelectField(
        _l("Priority"),
        coerce=int,
        choices=[SelectChoice(value, label) for value, label in PRIORITIES],
        default=2,
    )
    message = TextAreaField(
        _l("Message (optional)"),
        validators=[Optional(), Length(max=max_length(MeetingRequest.message))],
        render_kw={"rows": 2},
    )


class ActionForm(Form):
    """A button that changes something: only its CSRF token travels."""


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class StaffAccountForm(Form):
    email = email_field()
    name = StringField(_l("Name"), validators=[Optional(), Length(max=max_length(StaffUser.name))])
    password = PasswordField(
        _l("Password (at least 10 characters)"),
        validators=[DataRequired(), Length(min=10, max=200)],
    )
    admin = BooleanField(_l("Administrator (manages staff and events)"))


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
