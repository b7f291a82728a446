"""Countries as the fairs write them: stored as ISO 3166 two-letter codes, shown by their
names in the reader's language (CLDR data in Babel), and read from a spreadsheet either as a
code or as a name in any page language ("Россия", "Deutschland", "Polska", "대한민국")."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale

# The countries most firms of these fairs come from: first in a list to choose from.
COMMON = ("DE", "RU", "UA", "PL", "KR", "KZ", "BY", "AT", "CH")
# Languages whose country names an imported file may use.
NAME_LANGUAGES = ("de", "en", "ru", "uk", "pl", "ko")
# CLDR regions with two letters that are not countries (EU, UN, unknown) or only reserved.
_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN",
                            "XA", "XB", "ZZ"})  # fmt: skip
# Names people write that CLDR does not hold (normalised as `_key` does).
_ALIASES = {
    "russian federation": "RU", "российская федерация": "RU", "рф": "RU",
    "korea": "KR", "republic of korea": "KR", "корея": "KR", "южная корея": "KR",
    "한국": "KR", "남한": "KR", "republika korei": "KR", "korea płd.": "KR",
    "rzeczpospolita polska": "PL",
    "brd": "DE", "bundesrepublik deutschland": "DE", "фрг": "DE",
    "weißrussland": "BY", "белоруссия": "BY", "republic of belarus": "BY",
    "usa": "US", "сша": "US", "vereinigte staaten": "US",
}  # fmt: skip


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold().replace("ё", "е"))


def _sort_key(name: str) -> str:
    """A name as it sorts in a list: without accents ("Ägypten" among the A)."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", _key(name)) if not unicodedata.combining(c)
    )


@cache
def codes() -> frozenset[str]:
    """Every country's two-letter code."""
    territories = Locale.parse("en").territories
    found = {str(c) for c in territories if isinstance(c, str) and len(c) == 2 and c.isalpha()}
    return frozenset(found - _NOT_COUNTRIES)


@cache
def _by_name() -> dict[str, str]:
    found = {_key(alias): code for alias, code in _ALIASES.items()}
    for language in NAME_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code in codes():
                found.setdefault(_key(name), code)
    return found


def country_code(text: str) -> str | None:
    """The code of a country written as its code ("de", "RU") or its name in one of
    NAME_LANGUAGES; "" for an empty cell, None when it names no country."""
    if not text.strip():
        return ""
    code = text.strip().upper()
    if code in codes():
        return code
    return _by_name().get(_key(text))


def country_name(code: str, reader: str) -> str:
    """A country's name in the reader's language ("Russland"); the code when unknown."""
    try:
        names = Locale.parse(reader).territories
    except (ValueError, TypeError):
        return code
    return str(names.get(code.upper(), code)) if code else ""


def country_choices(reader: str) -> list[tuple[str, str]]:
    """(code, name) of every country for a list to choose from: the fairs' usual countries
    first, then the others by their name in the reader's language."""
    others = sorted(
        ((c, country_name(c, reader)) for c in codes() if c not in COMMON),
        key=lambda choice: _sort_key(choice[1]),
    )
    return [(c, country_name(c, reader)) for c in COMMON] + others
