"""Text as it may be stored: the one cleaning every text from outside goes through (web
forms and imported files alike), so that a stranger's text cannot break a page, an export,
a matching run or the database.

What is removed is what no person types on purpose: control characters (C0 and C1; in a
multi-line field newline and tab stay), lone surrogates (not UTF-8, refused by the
database driver) and the byte-order mark. What remains is normalised to NFC (an "ä" typed
as "a" + combining diaeresis is the same text as "ä") and stripped of surrounding space.
Each pass over the text is linear in its length.
"""

from __future__ import annotations

import unicodedata

_KEEP_MULTILINE = frozenset("\n\t")
_BOM = "\ufeff"
_SPACED = frozenset("\n\t\v\f")


def _dropped(char: str, keep: frozenset[str]) -> bool:
    if char in keep:
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cs") or char == _BOM


def remove_controls(text: str, *, multiline: bool = False) -> str:
    """`text` without control characters, lone surrogates and byte-order marks. A line end
    (`\\r\\n`, `\\r`) becomes `\\n` in a multi-line text and a space in a single-line one,
    as does a tab: words that a control character separated stay apart."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():  # the common case, in C speed
        return text
    keep = _KEEP_MULTILINE if multiline else frozenset()
    spaced = "" if multiline else _SPACED
    return "".join(
        " " if char in spaced else char
        for char in text
        if char in spaced or not _dropped(char, keep)
    )


def clean_text(text: str, *, multiline: bool = False) -> str:
    """The text as it is stored: controls removed (`remove_controls`), NFC, stripped."""
    return unicodedata.normalize("NFC", remove_controls(text, multiline=multiline)).strip()


def looks_like_email(text: str) -> bool:
    """One `@` between a non-empty local part and a domain with an inner dot, no space: the
    form check for an address in an imported file, in one pass (no regular expression that
    can backtrack)."""
    if text.count("@") != 1 or any(char.isspace() for char in text):
        return False
    local, domain = text.split("@")
    return bool(local) and "." in domain[1:-1]
