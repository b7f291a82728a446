"""The rows of an event's settings form: one row per break, table, group and interpreter,
each a small form of its own (WTForms `FieldList` of `FormField`), so that staff fill in
fields and choose from lists (firms by name, kinds and languages by their names) instead of
typing a line syntax with firm ids and English keywords. Kept apart from `forms/event.py`
only for size."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.i18n import translations
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)
from wtforms.validators import Length, NumberRange, Optional

from matchmaker.forms.base import CleanMeta
from matchmaker.forms.firm import MultiCheckboxField
from matchmaker.models import EventBreak, EventInterpreter, EventTable, Group, GroupKind
from matchmaker.models.limits import max_length


class RowMeta(CleanMeta):
    """Text cleaned and bounded as in every form; WTForms' own messages in the reader's
    language, as Flask-WTF gives them to whole forms (a row has no CSRF token of its own:
    the form around it has one)."""

    def get_translations(self, form: Any) -> Any:
        if not current_app.config.get("WTF_I18N_ENABLED", True):
            return super().get_translations(form)
        return translations


class RowForm(Form):
    Meta = RowMeta

    def is_blank(self) -> bool:
        """Nothing typed or chosen in the row (such rows are left out)."""
        return not any(
            field.data not in (None, "", [], 0, False)
            for name, field in self._fields.items()
            if name not in ("remove", "number")
        )

    def wanted(self) -> bool:
        """The row is to be saved: not blank and not ticked for removal."""
        remove = self._fields.get("remove")
        return not self.is_blank() and not (remove is not None and remove.data)

    def validate(self, extra_validators: Any = None) -> bool:
        """Only a row to be saved is checked: its fields, then `check_row`."""
        if not self.wanted():
            return True
        return super().validate(extra_validators) and self.check_row()

    def check_row(self) -> bool:
        """Rules across the row's fields; False after adding errors to them."""
        return True

    def refuse(self, field: Any, message: Any) -> bool:
        field.errors = [*field.errors, str(message)]
        return False


class BreakRow(RowForm):
    start = TimeField(_l("From"), validators=[Optional()])
    end = TimeField(_l("Until"), validators=[Optional()])
    label = StringField(_l("Label"), validators=[Length(max=max_length(EventBreak.label))])
    remove = BooleanField(_l("Remove"))

    def check_row(self) -> bool:
        if self.start.data is None:
            return self.refuse(self.start, _l("Please give the time the break starts."))
        if self.end.data is None or self.end.data <= self.start.data:
            return self.refuse(self.end, _l("Must be later than 'from'."))
        return True


class TableRow(RowForm):
    number = HiddenField()
    name = StringField(_l("Name"), validators=[Length(max=max_length(EventTable.name))])
    theme = StringField(_l("Theme"), validators=[Length(max=max_length(EventTable.theme))])
    host = SelectField(_l("Kept all day by"), coerce=int, default=0, validate_choice=True)


GROUP_KINDS = [
    SelectChoice(GroupKind.HOST.value, _l("host region (the fair's own firms)")),
    SelectChoice(GroupKind.DELEGATION.value, _l("visiting delegation")),
    SelectChoice(GroupKind.OTHER.value, _l("other group")),
]


class GroupRow(RowForm):
    name = StringField(_l("Name"), validators=[Length(max=max_length(Group.name))])
    kind = SelectField(_l("Kind"), choices=GROUP_KINDS, default=GroupKind.OTHER.value)
    remove = BooleanField(_l("Remove"))

    def is_blank(self) -> bool:
        return not self.name.data


class InterpreterRow(RowForm):
    name = StringField(_l("Name"), validators=[Length(max=max_length(EventInterpreter.name))])
    languages = MultiCheckboxField(_l("Languages"), validate_choice=True)
    available_from = TimeField(_l("From"), validators=[Optional()])
    available_to = TimeField(_l("Until"), validators=[Optional()])
    max_meetings = IntegerField(
        _l("Meetings at most"), validators=[Optional(), NumberRange(0, 500)]
    )
    remove = BooleanField(_l("Remove"))

    def check_row(self) -> bool:
        """A used row needs a name and two languages or more; its hours run forwards."""
        if not self.name.data:
            return self.refuse(self.name, _l("Please give a name."))
        if len(self.languages.data or []) < 2:
            return self.refuse(self.languages, _l("Choose two languages or more."))
        start, end = self.available_from.data, self.available_to.data
        if (start is None) != (end is None):
            return self.refuse(self.available_to, _l("Give both times or neither."))
        if start is not None and end is not None and end <= start:
            return self.refuse(self.available_to, _l("Must be later than 'from'."))
        return True
