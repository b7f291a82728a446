"""The forms a firm fills in (its profile, asking for its link again, a meeting request),
also used by staff on its behalf, with their server-side checks. Labels and messages are
lazily translated: the reader's language decides. Every text field is cleaned and bounded
by their base, `forms.base.Form`."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import QueryableAttribute
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
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

from matchmaker.core.text.analysis import detect_language
from matchmaker.core.text.countries import country_choices
from matchmaker.core.text.localised import TEXT_LANGUAGES
from matchmaker.core.timeparse import parse_time_range
from matchmaker.core.types import TimeRange
from matchmaker.forms.base import Form, localised_choices
from matchmaker.i18n import (
    LANGUAGE_NAMES,
    firm_language,
    language_name,
    localised,
    long_date,
    reader_language,
)
from matchmaker.models import Event, MeetingRequest, Participant
from matchmaker.models.limits import max_length
from matchmaker.services.convert import fair_dates
from matchmaker.services.firm_language import event_languages, second_language, text_language
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
# The texts a firm may give in a second language.
TRANSLATED = ("offer", "request", "description")
# Values of MeetingRequest.priority.
PRIORITIES = ((3, _l("high")), (2, _l("medium")), (1, _l("low")))


def with_scheme(value: object) -> object:
    """A web address as people write it ("www.firma.de") with the https:// it needs."""
    if isinstance(value, str) and value.strip() and "://" not in value:
        return "https://" + value.strip()
    return value


def email_field(column: QueryableAttribute[Any] = Participant.email) -> EmailField:
    """A required e-mail address, checked for its form (not whether it receives mail)."""
    return EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Length(max=max_length(column)),
            Email(message=_l("Not a valid e-mail address."), check_deliverability=False),
        ],
    )


def website_field(column: QueryableAttribute[Any] = Participant.website) -> URLField:
    """An optional web address, "www.firma.de" taken as https://www.firma.de."""
    return URLField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=max_length(column)),
            Regexp(r"^https?://[^\s/]+\.[^\s]+$", message=_l("A web address, e.g. www.firm.de.")),
        ],
        filters=[with_scheme],
    )


def spoken_languages_field() -> MultiCheckboxField:
    """The languages spoken by a firm's people, one checkbox each; at least one."""
    return MultiCheckboxField(
        _l("Languages spoken"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES],
        validators=[DataRequired(message=_l("Choose at least one language."))],
    )


def mail_language_choices(event: Event) -> list[SelectChoice]:
    """The languages the fair writes to its firms in, each by its own name."""
    return [
        SelectChoice(code, LANGUAGE_NAMES.get(code, code))
        for code in event_languages(event, current_app.config["LANGUAGES"])
    ]


class ChoiceOrNothing(SelectField):
    """A list to choose from whose answer may be empty or missing from the sent form (a
    form from before the list existed); anything else must be one of the choices."""

    def pre_validate(self, form: Any) -> None:
        if self.data not in (None, ""):
            super().pre_validate(form)

    @property
    def sent(self) -> bool:
        """Whether the form carried this field at all."""
        return bool(self.raw_data)


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
    country = ChoiceOrNothing(
        _l("Country"),
        validators=[Optional()],
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
    website = website_field()
    text_language = ChoiceOrNothing(_l("Our texts above are written in"), validators=[Optional()])
    locale = ChoiceOrNothing(_l("Correspondence language"), validators=[Optional()])
    translation_language = ChoiceOrNothing(_l("Second language"), validators=[Optional()])
    translation_shown = HiddenField(validators=[Optional(), Length(max=5)])
    offer_translation = TextAreaField(
        _l("Offer, translated"),
        validators=[Optional(), Length(max=max_length(Participant.offer))],
        render_kw={"rows": 3},
    )
    request_translation = TextAreaField(
        _l("Search, translated"),
        validators=[Optional(), Length(max=max_length(Participant.request))],
        render_kw={"rows": 3},
    )
    description_translation = TextAreaField(
        _l("Description, translated"),
        validators=[Optional(), Length(max=max_length(Participant.description))],
        render_kw={"rows": 3},
    )
    contact_person = StringField(
        _l("Contact person"),
        validators=[DataRequired(), Length(max=max_length(Participant.contact_person))],
    )
    email = email_field()
    phone = StringField(
        _l("Phone"), validators=[Optional(), Length(max=max_length(Participant.phone))]
    )
    languages = spoken_languages_field()
    days = MultiCheckboxField(_l("Days at the fair"), coerce=int)  # a fair of several days
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
        self.group.choices = [SelectChoice(0, "—"), *localised_choices(event.groups, "name")]
        # a checkbox's label holds the marked text (`localised`); an option cannot
        self.sectors.choices = [SelectChoice(s.id, localised(s, "name")) for s in event.sectors]
        reader = reader_language()
        self.country.choices = [SelectChoice("", "—")] + [
            SelectChoice(code, name) for code, name in country_choices(reader)
        ]
        languages = [SelectChoice(c, language_name(c, reader)) for c in TEXT_LANGUAGES]
        self.text_language.choices = [SelectChoice("", _l("recognise automatically")), *languages]
        self.translation_language.choices = languages
        self.locale.choices = mail_language_choices(event)
        if event.days > 1:
            self.days.choices = [
                SelectChoice(day, long_date(on)) for day, on in enumerate(fair_dates(event))
            ]
            if self.days.data is None:
                self.days.data = list(range(event.days))
        else:
            del self.days

    def validate_translation_language(self, field: SelectField) -> None:
        own = self.text_language.data or detect_language(
            f"{self.offer.data or ''} {self.request.data or ''}"
        )
        given = self.offer_translation.data or self.request_translation.data
        if given and field.data == own:
            raise ValidationError(_l("Choose a language other than that of your texts above."))

    def preset_languages(self, event: Event) -> None:
        """A new firm's choices: mails in the page's language, and the second language
        suggested for a firm writing in it."""
        self.locale.data = page = reader_language()
        self.translation_language.data = second_language(event, page, {})

    def validate_days(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one day."))

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
            days=tuple(self.days.data or ()) if "days" in self else None,
            available_from=self.available_from.data,
            available_to=self.available_to.data,
            unavailable=self.unavailable_ranges(),
            max_meetings=self.max_meetings.data,
            text_language=(self.text_language.data or "") if self.text_language.sent else None,
            locale=self.locale.data or None,
            translation_language=self.translation_language.data or "",
            translation=tuple(
                (name, (getattr(self, f"{name}_translation").data or "").strip())
                for name in TRANSLATED
            ),
            replaced_language=self.translation_shown.data or "",
        )

    def fill_from(self, participant: Participant) -> None:
        """Show a firm's stored profile in the form (editing), with its texts' translation
        into the suggested second language (`firm_language.second_language`)."""
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
        if "days" in self:
            self.days.data = list(participant.days or range(participant.event.days))
        self.available_from.data = participant.available_from
        self.available_to.data = participant.available_to
        self.unavailable.data = ", ".join(
            f"{u.start:%H:%M}-{u.end_time:%H:%M}" for u in participant.unavailable
        )
        self.max_meetings.data = participant.max_meetings
        self.text_language.data = own = text_language(participant)
        self.locale.data = firm_language(participant)
        texts = participant.translations or {}
        second = second_language(participant.event, own or participant.event.language, texts)
        self.translation_language.data = self.translation_shown.data = second
        for name in TRANSLATED:
            getattr(self, f"{name}_translation").data = texts.get(second, {}).get(name, "")


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
