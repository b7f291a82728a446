"""The base of every form in `forms.py`: CSRF (Flask-WTF) and text fields that are cleaned
(`core.clean.clean_text`, the same cleaning as imported files) and bounded before they are
validated. Kept apart from the forms themselves only for size."""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from functools import partial
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy.orm import QueryableAttribute
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # (stubs lag 3.3)
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, Length, Optional

from matchmaker.core.text.clean import clean_text
from matchmaker.i18n import localised_lang, localised_text
from matchmaker.models.limits import max_length
from matchmaker.services.texts import Translated

# The most characters of a text field that stores into no single column (lists of lines).
FALLBACK_LIMIT = 10_000


def _clean(value: object, *, multiline: bool) -> object:
    return clean_text(value, multiline=multiline) if isinstance(value, str) else value


def form_text(value: str, column: QueryableAttribute[Any], *, multiline: bool = False) -> str:
    """A text sent outside a form class (a feedback comment, a version's name): cleaned as
    form fields are, and cut to what `column` holds."""
    return clean_text(value, multiline=multiline)[: max_length(column)]


def column_field(
    label: str, column: QueryableAttribute[Any], *, required: bool = False, rows: int = 0
) -> StringField:
    """A text field for a column: required or optional, as long as the column holds; a
    text area of `rows` lines when `rows` is given."""
    first = DataRequired() if required else Optional()
    validators = [first, Length(max=max_length(column))]
    if rows:
        return TextAreaField(label, validators=validators, render_kw={"rows": rows})
    return StringField(label, validators=validators)


class CleanMeta(DefaultMeta):
    """Every text field of every form is cleaned (`core.clean.clean_text`, the same as the
    import files) before it is validated, and bounded: a field without its own Length gets
    `FALLBACK_LIMIT`. Passwords are left exactly as typed."""

    def bind_field(self, form: Any, unbound_field: Any, options: MutableMapping[str, Any]) -> Any:
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
            multiline = issubclass(field_class, TextAreaField)
            own = unbound_field.kwargs.get("filters", ())
            options["filters"] = [partial(_clean, multiline=multiline), *own]
            validators = list(unbound_field.kwargs.get("validators") or ())
            if not any(isinstance(v, Length) for v in validators):
                options["validators"] = [*validators, Length(max=FALLBACK_LIMIT)]
        return super().bind_field(form, unbound_field, options)


class Form(FlaskForm):
    """The base of the app's forms: CSRF (Flask-WTF) and cleaned, bounded text fields."""

    class Meta(CleanMeta):
        pass


def localised_choices(records: Iterable[Translated], field: str) -> list[SelectChoice]:
    """The records' texts (a fair's groups) as a list's options in the reader's language,
    each with its `lang` where it is not the reader's: an `<option>` holds no marked span
    (`i18n.localised_lang`)."""
    return [SelectChoice(r.id, localised_text(r, field), localised_lang(r, field)) for r in records]
