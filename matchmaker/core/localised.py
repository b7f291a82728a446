"""Which version of a text a reader sees: the one in their language where it exists, else the
original, marked with the language it is written in.

Firms write their offer in their own language and may add a second one; organisers give event
texts (description, sectors, breaks, table themes, group names) per offered language. Pure: the
caller says what the original language is and hands over the translations it has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The languages a text may be written in (the fairs' six); the pages themselves speak fewer.
TEXT_LANGUAGES = ("de", "en", "ru", "uk", "pl", "ko")

Translations = Mapping[str, Mapping[str, str]]  # language -> field -> text


@dataclass(frozen=True, slots=True)
class LocalText:
    """The text to show, the language it is in, and whether that is not the reader's (then a
    page marks it, so a German reader knows the Russian offer is the firm's own words)."""

    text: str
    language: str
    foreign: bool


def choose(
    original: str, original_language: str, translations: Translations, field: str, reader: str
) -> LocalText:
    """The reader's version of `field`: the original when it is in the reader's language or
    nothing else exists, else the translation into the reader's language."""
    if original_language != reader:
        translated = translations.get(reader, {}).get(field, "").strip()
        if translated:
            return LocalText(translated, reader, foreign=False)
    return LocalText(
        original, original_language, foreign=bool(original.strip()) and original_language != reader
    )


def with_translation(
    translations: Translations, language: str, field: str, text: str
) -> dict[str, dict[str, str]]:
    """A new translations mapping with `field` in `language` set (or removed when `text` is
    empty); a new object, so that the ORM sees the JSON column change."""
    result = {lang: dict(fields) for lang, fields in translations.items()}
    fields = result.setdefault(language, {})
    if text.strip():
        fields[field] = text.strip()
    else:
        fields.pop(field, None)
    return {lang: fields for lang, fields in result.items() if fields}
