"""The staff's form of the event's texts in other languages: one field per text and offered
language, bounded by the original's column (kept apart from `forms.py` only for size; the
same base, `forms.base.Form`, cleans the text)."""

from __future__ import annotations

from collections.abc import Sequence

from wtforms import Field, StringField, TextAreaField
from wtforms.validators import Length, Optional

from matchmaker.forms.base import Form
from matchmaker.i18n import language_name
from matchmaker.services.event_texts import EventText


def field_name(text: EventText, language: str) -> str:
    return f"{text.key}-{language}"


class TranslationsForm(Form):
    """Built per event by `translations_form`: the fields are the event's texts."""

    def translations(
        self, texts: Sequence[EventText], languages: Sequence[str]
    ) -> dict[str, dict[str, str]]:
        """The texts as sent: key -> language -> text (empty: no translation); a field the
        request does not carry is left out, so that it changes nothing."""
        sent: dict[str, dict[str, str]] = {}
        for text in texts:
            for language in languages:
                field = self[field_name(text, language)]
                if field.raw_data:
                    sent.setdefault(text.key, {})[language] = str(field.data or "")
        return sent

    def field_for(self, text: EventText, language: str) -> Field:
        found: Field = self[field_name(text, language)]
        return found


def translations_form(
    texts: Sequence[EventText], languages: Sequence[str], *, fill: bool
) -> TranslationsForm:
    """A form with a field per text and language; `fill`: showing the stored translations
    (a first visit) rather than what was sent."""

    class Bound(TranslationsForm):
        pass

    for text in texts:
        kind = TextAreaField if text.multiline else StringField
        for language in languages:
            setattr(
                Bound,
                field_name(text, language),
                kind(
                    language_name(language),
                    validators=[Optional(), Length(max=text.limit)],
                    default=text.translation(language) if fill else None,
                    render_kw={"lang": language, "rows": 3}
                    if text.multiline
                    else {"lang": language},
                ),
            )
    return Bound() if not fill else Bound(formdata=None)
