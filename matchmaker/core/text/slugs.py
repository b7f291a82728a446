"""Short names for addresses and keys made from a name a person typed: lower-case ASCII
letters, digits and hyphens. German umlauts are written out (Müller -> mueller) and
Cyrillic is transliterated (Омск -> omsk), so that a German or Russian name gives a
readable short name rather than an empty one."""

from __future__ import annotations

import re
import unicodedata

# German first (ä is "ae", not the "a" that stripping the accent would give), then Russian
# and Ukrainian Cyrillic in a simple, readable transliteration (as on passports since 2013).
_TRANSLITERATION = str.maketrans(
    {
        "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
        "я": "ia", "і": "i", "ї": "i", "є": "ie", "ґ": "g",
    }
)  # fmt: skip
_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")


def _in_ascii(text: str) -> str:
    """`text` transliterated and without accents; punctuation and spaces that ASCII lacks
    (dashes, guillemets, non-breaking spaces) become a space, so that they still separate
    words ("Magdeburg–Omsk" is two words, not "magdeburgomsk")."""
    written = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLITERATION))
    return "".join(
        c if c.isascii() else " " if unicodedata.category(c)[0] in "PZS" else "" for c in written
    )


def slugify(text: str, max_length: int = 80) -> str:
    """`text` as a short name of at most `max_length` characters; "" when nothing of it
    can be written in ASCII letters or digits."""
    slug = _NOT_ALLOWED.sub("-", _in_ascii(text)).strip("-")
    return slug[:max_length].rstrip("-")


# Spellings that differ between German, English and passport transliterations of the same
# Russian name (Петрова: Petrowa/Petrova; Юрий: Juri/Yuri/Iurii; Алексей: Alexej/Aleksei),
# made the same on both sides of a search.
_LOOSE = (("w", "v"), ("x", "ks"), ("y", "i"), ("j", "i"))


def search_keys(text: str) -> tuple[str, str]:
    """`text` in two forms for finding it by what a person types or hears: transliterated
    with umlauts written out ("Müller" -> "mueller", "Соколова" -> "sokolova") and with
    umlauts dropped ("muller"), each with the loose spellings made the same. A search word
    matches when its first form is in either form of the text."""
    folded = _in_ascii(text)
    plain = _in_ascii(text.casefold().replace("ß", "ss").translate(_UMLAUT_DROPPED))
    return _loosened(folded), _loosened(plain)


_UMLAUT_DROPPED = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


def _loosened(text: str) -> str:
    for written, same in _LOOSE:
        text = text.replace(written, same)
    return text


def search_matches(words: str, *texts: str) -> bool:
    """Whether every word of `words` is found in one of `texts` (see `search_keys`)."""
    keys = [key for text in texts for key in search_keys(text)]
    return all(any(w in key for key in keys) for w in search_keys(words)[0].split())
