"""Which version of a text a reader sees: the one in their language where it exists, else an
English one, else the original; either of the last two marked with the language it is in.

Firms write their offer in their own language and may add a second one; organisers give event
texts (description, sectors, breaks, table themes, group names) per offered language. Pure: the
caller says what the original language is and hands over the translations it has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matchmaker.core.text.analysis import split_items, strip_cues

# The languages a text may be written in (the fairs' six); the pages themselves speak fewer.
TEXT_LANGUAGES = ("de", "en", "ru", "uk", "pl", "ko")

Translations = Mapping[str, Mapping[str, str]]  # language -> field -> text
FALLBACK = "en"  # the translation shown where the reader's own is missing, before the original


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
    """The reader's version of `field`: the original when it is in the reader's language,
    else the translation into the reader's language, else an English translation (a Korean,
    Ukrainian or Polish reader reads English sooner than the fair's German; marked as
    foreign like the original would be), else the original, marked."""
    if original_language != reader:
        translated = translations.get(reader, {}).get(field, "").strip()
        if translated:
            return LocalText(translated, reader, foreign=False)
        english = translations.get(FALLBACK, {}).get(field, "").strip()
        if english and original_language != FALLBACK:
            return LocalText(english, FALLBACK, foreign=True)
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


def _items(text: str) -> list[str]:
    """A text's items as reasons quote them (core/matching/evidence.py): as written, empty ones
    dropped."""
    return [item for item in split_items(text) if strip_cues(item)]


def choose_item(
    fields: Sequence[tuple[str, str]], original_language: str, item: str, reader: str
) -> LocalText:
    """One item of a firm's text (as a reason quotes it) for `reader`, in the reader's
    language wherever a translation exists. `fields` are the (original, translation) texts
    the item may come from (the offer, then the description): in the one that holds it, the
    same item of the translation when both list as many items (the n-th of one is the n-th of
    the other), else that whole translation (shortened), since the reader's words say more
    than a foreign fragment; only without a translation the item as written, marked."""
    if original_language != reader:
        for original, translated in fields:
            items = _items(original)
            if not translated.strip() or not any(item in i or i in item for i in items):
                continue
            translations = _items(translated)
            at = [k for k, i in enumerate(items) if item in (i, strip_cues(i))]
            if at and len(items) == len(translations):
                return LocalText(translations[at[0]], reader, foreign=False)
            return LocalText(shortened(translated.strip()), reader, foreign=False)
    return LocalText(item, original_language, foreign=bool(item) and original_language != reader)


def shortened(text: str, limit: int = 120) -> str:
    """`text` cut at a word before `limit` characters, with " …" when cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;.") + " …"
