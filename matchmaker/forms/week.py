"""The forms of the delegation's week in the staff console (`views/staff/week.py`): a
programme item (with a day of visits' settings), a member of the delegation, who takes part
in an item, a planner run and a change of a plan by hand. Errors stand beside their field;
the services check what spans fields (an item's times, the lunch inside the day)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, FloatField, IntegerField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from matchmaker.forms.base import Form, column_field
from matchmaker.forms.bounded import DefaultFloat, IdField, IdListField, one_of
from matchmaker.models import DelegationMember, ItemKind, ProgrammeItem
from matchmaker.services.programme import ItemValues, MemberValues

KIND_LABELS = {
    ItemKind.VISITS.value: _l("Company visits"),
    ItemKind.FAIR.value: _l("The fair"),
    ItemKind.FIXED.value: _l("Fixed point (excursion, reception, trade fair)"),
}


class ItemForm(Form):
    """A programme item; the visit settings below the line matter for a day of visits."""

    day = DateField(_l("Day"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()])
    title = column_field(_l("Title"), ProgrammeItem.title, required=True)
    place = column_field(
        _l("Place (for visits: where the day starts and ends)"), ProgrammeItem.place
    )
    start = TimeField(_l("Starts"), validators=[DataRequired()])
    end = TimeField(_l("Ends"), validators=[DataRequired()])
    lat = FloatField(_l("Latitude of the start"), validators=[Optional(), NumberRange(-90, 90)])
    lon = FloatField(_l("Longitude of the start"), validators=[Optional(), NumberRange(-180, 180)])
    groups = IntegerField(
        _l("Groups (buses)"), default=1, validators=[Optional(), NumberRange(1, 10)]
    )
    lunch_minutes = IntegerField(
        _l("Lunch (minutes)"), validators=[Optional(), NumberRange(10, 180)]
    )
    lunch_from = TimeField(_l("Lunch not before"), validators=[Optional()])
    lunch_to = TimeField(_l("Lunch over by"), validators=[Optional()])
    speed_kmh = FloatField(
        _l("Road speed (km/h)"), default=50.0, validators=[Optional(), NumberRange(10, 130)]
    )
    detour = FloatField(
        _l("Detour factor (road length over straight line)"), default=1.3,
        validators=[Optional(), NumberRange(1.0, 3.0)],
    )  # fmt: skip

    def values(self) -> ItemValues:
        """What the service saves."""
        assert self.day.data  # validated: required
        assert self.start.data
        assert self.end.data
        return ItemValues(
            day=self.day.data,
            kind=ItemKind(self.kind.data),
            title=self.title.data or "",
            start=self.start.data,
            end=self.end.data,
            place=self.place.data or "",
            lat=self.lat.data,
            lon=self.lon.data,
            groups=self.groups.data or 1,
            lunch_minutes=self.lunch_minutes.data,
            lunch_from=self.lunch_from.data,
            lunch_to=self.lunch_to.data,
            speed_kmh=self.speed_kmh.data or 50.0,
            detour=self.detour.data or 1.3,
        )

    def show(self, item: ProgrammeItem) -> None:
        """Fill the form with the item's values."""
        for name in ("day", "title", "place", "start", "lat", "lon", "groups", "lunch_minutes",
                     "lunch_from", "lunch_to", "speed_kmh", "detour"):  # fmt: skip
            getattr(self, name).data = getattr(item, name)
        self.kind.data = item.kind.value
        self.end.data = item.end_time


class MemberForm(Form):
    """A member of the delegation; the firm is one of the fair's (0: none, an official)."""

    name = column_field(_l("Name"), DelegationMember.name, required=True)
    firm = SelectField(_l("Firm"), coerce=int, default=0)
    function = column_field(_l("Function"), DelegationMember.function)
    email = StringField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    phone = column_field(_l("Phone"), DelegationMember.phone)
    languages = StringField(
        _l("Languages spoken (codes: ru, de, en)"), validators=[Length(max=100)]
    )
    locale = one_of(("de", "en", "ru", "uk", "pl", "ko"), "de")

    def values(self) -> MemberValues:
        """What the service saves."""
        spoken = (self.languages.data or "").replace(";", ",").split(",")
        codes = tuple(dict.fromkeys(c.strip().lower()[:5] for c in spoken if c.strip()))
        return MemberValues(
            name=self.name.data or "",
            participant_id=self.firm.data or None,
            function=self.function.data or "",
            email=self.email.data or "",
            phone=self.phone.data or "",
            languages=codes,
            locale=self.locale.data or None,
        )


class AttendanceForm(Form):
    """Who of the delegation takes part in an item: the ticked members."""

    attends = IdListField()


class VisitRunForm(Form):
    """Plan a day of visits: a time limit of 2 to 60 seconds (10 when not given)."""

    time_limit = DefaultFloat(default=10.0, low=2.0, high=60.0)


class HandChangeForm(Form):
    """A change of a plan by hand: move a member to a group, drop a visit, add a host's
    visit to a group at a position (1: first)."""

    kind = one_of(("move", "drop", "add"), "move")
    group = IntegerField(validators=[Optional(), NumberRange(1, 10)])
    member = IdField()
    host = IdField()
    position = IntegerField(validators=[Optional(), NumberRange(1, 100)])


class DayChangeForm(Form):
    """A change on the day: the time now, the hosts that cancelled (ticked ids), and a group
    whose bus is late by some minutes (none: no group late)."""

    now = TimeField(_l("Time now"), validators=[DataRequired()])
    cancelled = IdListField()
    late_group = IntegerField(_l("Group that is late"), validators=[Optional(), NumberRange(1, 10)])
    late_minutes = IntegerField(
        _l("Minutes late"), default=0, validators=[Optional(), NumberRange(0, 600)]
    )


class MailMembersForm(Form):
    """Which members to mail the link to their week (none ticked: all with an address)."""

    member = IdListField()
