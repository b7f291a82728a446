"""Whether two items meet on what they are about or only on a code family or a generic word.

"обучение сварщиков по ISO 9606" and "zertifiziert nach ISO 9001" both name an ISO standard;
"Abnehmer für Braugerste im Export" and "льняное масло на экспорт" both say "export". TF-IDF
and the sentence encoder both see a likeness there, but a firm reading the reason sees none:
welder training is not a quality certificate, barley is not linseed oil. Different codes are
no match ("ISO 9606" against "ISO 9001"); the same code is ("EN 1090" on both sides).
"""

from __future__ import annotations

import re

from matchmaker.core.text.analysis import normalise, stems, words

# A standard and its number ("ISO 9606", "DIN EN ISO 3834", "IATF 16949", "EN 1090") or a
# material number ("1.4441"): the number is what says which one.
_CODE = re.compile(
    r"\b(?:iso|en|din|iec|iatf|astm|vda|api|asme|gost|гост|дсту|pn)(?:[\s/-]+(?:en|iso|iec))*"
    r"[\s-]*(\d+(?:[-.:]\d+)*)|\b(1\.\d{4})\b",
    re.IGNORECASE,
)
# Words of a code family and words of trade that many firms write whatever they make.
_GENERIC = re.compile(
    r"^(?:iso|en|din|iec|iatf|astm|vda|gost|гост|дсту|pn|exc\d?|"
    r"export|экспорт|експорт|eksport|ausfuhr|import|импорт|імпорт|einfuhr|수출|수입)",
)
# An item pair that shares only such words is evidence only when the encoder is sure of it.
GENERIC_COSINE = 0.6


def codes(text: str) -> frozenset[str]:
    """The code numbers an item names ("9606" of "ISO 9606", "1.4441")."""
    return frozenset(m.group(1) or m.group(2) for m in _CODE.finditer(normalise(text)))


def _generic_words(text: str) -> bool:
    return any(_GENERIC.match(w) for w in words(normalise(text)))


def _specific_stems(text: str, language: str) -> set[str]:
    return {s for s in stems(text, language) if not _GENERIC.match(s) and not s.isdigit()}


def only_generic(need: str, offer: str, languages: tuple[str, str], cosine: float) -> bool:
    """Whether an item pair meets only on a code family or a generic word: both name codes
    and none is the same; or both name a generic word (a code family, "export"), share no
    code and no other stem, and the encoder's centred cosine is below `GENERIC_COSINE`."""
    need_codes, offer_codes = codes(need), codes(offer)
    if need_codes & offer_codes:
        return False
    if need_codes and offer_codes:
        return True
    if not (_generic_words(need) and _generic_words(offer)):
        return False
    shared = _specific_stems(need, languages[0]) & _specific_stems(offer, languages[1])
    return not shared and cosine < GENERIC_COSINE
