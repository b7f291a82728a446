"""Languages as people read them: by their names in the reader's language (CLDR data in
Babel), never as the codes the app stores ("Deutsch, Russisch" for a German reader, "독일어,
러시아어" for a Korean one, not "DE, RU"). The one place pages, prints, mails and calendar
entries take a language's name from."""

from __future__ import annotations

from collections.abc import Iterable

from babel import Locale, UnknownLocaleError


def language_name(code: str, reader: str) -> str:
    """A language's name in the reader's language ("Russisch"); the code when unknown."""
    try:
        names = Locale.parse(reader).languages
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return str(names.get(code.strip().lower(), code))


def language_names(codes: Iterable[str], reader: str) -> str:
    """Several languages by their names in the reader's language, comma-separated."""
    return ", ".join(language_name(code, reader) for code in codes if code)
