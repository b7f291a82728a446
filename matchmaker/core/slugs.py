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


def slugify(text: str, max_length: int = 80) -> str:
    """`text` as a short name of at most `max_length` characters; "" when nothing of it
    can be written in ASCII letters or digits."""
    written = text.casefold().translate(_TRANSLITERATION)
    ascii_only = unicodedata.normalize("NFKD", written).encode("ascii", "ignore").decode()
    slug = _NOT_ALLOWED.sub("-", ascii_only).strip("-")
    return slug[:max_length].rstrip("-")
