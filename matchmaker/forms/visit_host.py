"""The form a local firm fills in to offer the delegation a company visit (issue 21): who it
is, what it offers and seeks, where, how many visitors for how long, and on which days of
visits at what times. Built like the firms' registration (`forms/firm.py`), whose fields it
shares where they mean the same."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    FormField,
    HiddenField,
    IntegerField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from matchmaker.forms.base import Form, column_field
from matchmaker.forms.firm import (
    ChoiceOrNothing,
    email_field,
    mail_language_choices,
    spoken_languages_field,
    website_field,
)
from matchmaker.forms.rows import RowForm
from matchmaker.i18n import long_date, reader_language
from matchmaker.models import Event, VisitHost
from matchmaker.models.limits import max_length
from matchmaker.services.visit_hosts import HALF_COORDINATES, HostValues, HostWindow, VisitDay

CAPACITY = (1, 60)  # visitors at a time
DURATION = (15, 240)  # minutes a visit lasts


class DayRow(RowForm):
    """One day of visits: whether the firm can take a visit then, and from when until when
    (empty: the whole day). `visit_day` is set by the form around it."""

    hosts = BooleanField(_l("We can receive visitors on this day"))
    start = TimeField(_l("From"), validators=[Optional()])
    end = TimeField(_l("Until"), validators=[Optional()])
    visit_day: VisitDay

    def is_blank(self) -> bool:
        return not self.hosts.data and self.start.data is None and self.end.data is None

    def check_row(self) -> bool:
        """Times only on a ticked day; the visiting time ends after it starts (either
        end left empty is the day's own)."""
        day = long_date(self.visit_day.day)
        if not self.hosts.data:
            untick = _l("Tick %(day)s to offer visits then, or leave its times empty.", day=day)
            return self.refuse(self.hosts, untick)
        start, end = self.window()
        if end <= start:
            return self.refuse(
                self.end, _l("On %(day)s, 'until' must be later than 'from'.", day=day)
            )
        return True

    def window(self) -> tuple[time, time]:
        """From and until on this day, the day's own frame where left empty."""
        return (self.start.data or self.visit_day.start, self.end.data or self.visit_day.end)


class HostForm(Form):
    """A firm offering a visit; one row for each day of visits of the event."""

    submission_key = HiddenField(validators=[Length(max=max_length(VisitHost.submission_key))])
    name = column_field(_l("Firm name"), VisitHost.name, required=True)
    website = website_field(VisitHost.website)
    offer = column_field(_l("We offer"), VisitHost.offer, required=True, rows=4)
    request = column_field(_l("We seek"), VisitHost.request, rows=4)
    description = column_field(_l("About us"), VisitHost.description, rows=4)
    address = column_field(_l("Address of the visit"), VisitHost.address, required=True)
    lat = FloatField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(-90, 90, message=_l("Between -90 and 90."))],
    )
    lon = FloatField(
        _l("Longitude"),
        validators=[Optional(), NumberRange(-180, 180, message=_l("Between -180 and 180."))],
    )
    capacity = IntegerField(
        _l("Visitors at most"),
        default=12,
        validators=[
            InputRequired(message=_l("Please say how many visitors you can receive.")),
            NumberRange(*CAPACITY, message=_l("From 1 to 60 visitors.")),
        ],
    )
    duration_minutes = IntegerField(
        _l("A visit lasts (minutes)"),
        default=60,
        validators=[
            InputRequired(message=_l("Please say how long a visit lasts.")),
            NumberRange(*DURATION, message=_l("From 15 to 240 minutes.")),
        ],
    )
    days = FieldList(FormField(DayRow), label=_l("Days of visits"), max_entries=31)
    contact_person = column_field(_l("Contact person"), VisitHost.contact_person, required=True)
    email = email_field(VisitHost.email)
    phone = column_field(_l("Phone"), VisitHost.phone)
    locale = ChoiceOrNothing(_l("Correspondence language"), validators=[Optional()])
    languages = spoken_languages_field()
    consent = BooleanField(
        _l("I agree to the privacy notice."),
        validators=[InputRequired(message=_l("Please agree to the privacy notice."))],
    )

    def __init__(self, event: Event, days: Sequence[VisitDay], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = mail_language_choices(event)
        while len(self.days.entries) > len(days):  # a row for each day, whatever was sent
            self.days.pop_entry()
        while len(self.days.entries) < len(days):
            self.days.append_entry()
        for entry, day in zip(self.days.entries, days, strict=True):
            row: DayRow = entry.form
            row.visit_day = day
            on_day = _l("We can receive visitors on %(day)s", day=long_date(day.day))
            row.hosts.label.text = str(on_day)

    def preset(self) -> None:
        """A new form: mails in the page's language."""
        self.locale.data = reader_language()

    def rows(self) -> list[DayRow]:
        return [entry.form for entry in self.days.entries]

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, then what concerns several: both coordinates or neither, and at
        least one day ticked."""
        valid = bool(super().validate(extra_validators))
        lat, lon = self.lat, self.lon
        if not lat.errors and not lon.errors and (lat.data is None) != (lon.data is None):
            missing = lat if lat.data is None else lon
            missing.errors = [*missing.errors, gettext(HALF_COORDINATES)]
            valid = False
        rows = self.rows()
        if rows and not any(row.hosts.data for row in rows):
            wanted = str(_l("Tick at least one day on which you can receive visitors."))
            self.days.errors = [*self.days.errors, wanted]
            valid = False
        return valid

    def host_values(self) -> HostValues:
        """What the firm entered, its ticked days as visiting windows."""
        return HostValues(
            name=(self.name.data or "").strip(),
            offer=(self.offer.data or "").strip(),
            request=(self.request.data or "").strip(),
            description=(self.description.data or "").strip(),
            website=(self.website.data or "").strip(),
            contact_person=(self.contact_person.data or "").strip(),
            email=(self.email.data or "").strip(),
            phone=(self.phone.data or "").strip(),
            locale=self.locale.data or None,
            languages=tuple(self.languages.data or ()),
            address=(self.address.data or "").strip(),
            lat=self.lat.data,
            lon=self.lon.data,
            capacity=self.capacity.data or CAPACITY[0],
            duration_minutes=self.duration_minutes.data or DURATION[0],
            windows=tuple(
                HostWindow(row.visit_day.day, *row.window())
                for row in self.rows()
                if row.hosts.data
            ),
        )


class StaffHostForm(HostForm):
    """A host as staff add or change it in the console: the same fields, without the
    privacy consent and the one-time key (staff act on the firm's behalf)."""

    consent = None  # type: ignore[assignment]
    submission_key = None  # type: ignore[assignment]

    def fill_from(self, host: VisitHost) -> None:
        """Show the host's values; a day with a window ticked with its first window's
        times, every day ticked without times for a host with no window (any time)."""
        for name in ("name", "website", "offer", "request", "description", "address", "lat",
                     "lon", "capacity", "duration_minutes", "contact_person", "email",
                     "phone", "locale"):  # fmt: skip
            getattr(self, name).data = getattr(host, name)
        self.languages.data = list(host.languages)
        for row in self.rows():
            windows = [w for w in host.windows if w.day == row.visit_day.day]
            row.hosts.data = bool(windows) or not host.windows
            if windows:
                row.start.data, row.end.data = windows[0].start, windows[0].end_time
