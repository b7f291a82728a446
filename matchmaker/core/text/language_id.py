"""Which of the fairs' six languages a short business text is written in.

The script decides first: Hangul is Korean; Cyrillic is Ukrainian or Russian, told apart by
the letters only one of them has (і ї є ґ and the apostrophe inside a word against ы э ъ ё),
then by endings and small words only one of them uses; Latin is German, English or Polish.
What the letters leave open goes to py3langid (a naive-Bayes model over byte n-grams, BSD,
4.6 MB wheel), restricted to the candidates the script allows. On 510 short profile items
(tests/data/language_items.tsv) it is right for 98.6 % alone and 99.2 % after the rules,
where rules alone (stop words and letters) reach 79 %: "Konstrukcje stalowe",
"Powder coating" or "Токарна обробка деталей" carry no stop word and no tell-tale letter.
lingua-language-detector reached 99.4 % but is a 96 MB wheel and takes 200 MB of memory;
fastText's lid.176 reached 97.6 %. tests/core/test_text_languages.py prints the confusion.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from stop_words import get_stop_words  # type: ignore[import-untyped]

DETECTED = ("de", "en", "ru", "uk", "pl", "ko")
LATIN_LANGUAGES = ("de", "en", "pl")
CYRILLIC_LANGUAGES = ("ru", "uk")

_FOLD = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                       "\u2014": "-", "\u00ad": None, "\u2019": "'", "\u02bc": "'",
                       "\u00a0": " "})  # fmt: skip
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z\u00df-\u024f]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґ]|(?<=[а-щьюяіїєґ])'(?=[а-щьюяіїєґ])")
_RUSSIAN_LETTERS = re.compile(r"[ыэъё]")
_GERMAN_LETTERS = re.compile(r"[äöü]")
_POLISH_LETTERS = re.compile(r"[ąćęłńśźż]")
_WORDS = re.compile(r"[^\W\d_]+")
# The model reads a text's beginning only: its cost grows with the bytes it walks.
_MODEL_CHARS = 300
# Without those letters: a Russian word may start with и ("изготовление", "и") and end in
# -ая -ое -ее -ие -ия, which Ukrainian spells -а -е -і -ія; Ukrainian doubles a consonant
# before -я ("зварювання", "покриття"), writes е where Russian writes э ("електро", "експорт")
# and has its own small words ("та", "з", "що") and stems of the commonest business words
# ("обробка", "виробництво", "обладнання" against "обработка", "производство", "оборудование").
_RUSSIAN_WORDS = re.compile(
    r"(?<![\w'])(?:и|с|что|также|как|чем)(?![\w'])|(?<![\w'])и\w"
    r"|\w(?:ая|яя|ое|ее|ие|ия|ию)(?![\w'])|обработ|производ|оборудов|поставщ|обеспеч"
)
_UKRAINIAN_WORDS = re.compile(
    r"(?<![\w'])(?:та|й|з|що|це|або|також|щодо|як)(?![\w'])"
    r"|(?:нн|тт|дд|зз|сс|лл|жж|чч|шш)я(?![\w'])"
    r"|(?<![\w'])(?:електр|енерг|економ|екол|експ|ефект)"
    r"|оброб|виробн|виготов|обладнан|постачальн|забезпеч"
)


def fold(text: str) -> str:
    """NFKC, case-folded, dashes, soft hyphens and apostrophes unified (ё is kept)."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()


def detect_language(text: str) -> str:
    """de, en, ru, uk, pl or ko (see the module's docstring). A text without letters counts
    as German, the fairs' default language."""
    folded = fold(text)
    hangul = len(HANGUL.findall(folded))
    cyrillic = len(CYRILLIC.findall(folded))
    latin = len(_LATIN.findall(folded))
    if hangul and 3 * hangul >= max(cyrillic, latin):  # a syllable holds two or three letters
        return "ko"
    if cyrillic > latin:
        return _cyrillic(text, folded)
    if not latin:
        return "de"
    return _latin(text, folded)


def _latin(text: str, folded: str) -> str:
    """German, English or Polish: a longer text says so by the stop words only one of them
    has and by its letters (three to one at least); the model decides the rest, among them
    nearly every short item."""
    telling = _telling_words()
    scores = dict.fromkeys(LATIN_LANGUAGES, 0)
    for word in _WORDS.findall(folded):
        for language in LATIN_LANGUAGES:
            scores[language] += word in telling[language]
    scores["de"] += 2 * len(_GERMAN_LETTERS.findall(folded))
    scores["pl"] += 2 * len(_POLISH_LETTERS.findall(folded))
    (best, top), (_, second), _ = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if top >= 3 and top >= 3 * second:
        return best
    return likeliest(text, LATIN_LANGUAGES)


@cache
def _telling_words() -> dict[str, frozenset[str]]:
    """The stop words of German, English and Polish that the other two lack ("wir", "the",
    "jest"; not "in", "a", "to")."""
    lists = {language: {fold(w) for w in get_stop_words(language)} for language in LATIN_LANGUAGES}
    return {
        language: frozenset(
            w for w in own if len(w) > 1 and not any(w in lists[o] for o in lists if o != language)
        )
        for language, own in lists.items()
    }


def _cyrillic(text: str, folded: str) -> str:
    """Ukrainian or Russian: by the letters only one has, then by endings and small words,
    then by the model."""
    ukrainian = len(_UKRAINIAN_LETTERS.findall(folded))
    russian = len(_RUSSIAN_LETTERS.findall(folded))
    if not (ukrainian and russian) and ukrainian != russian:
        return "uk" if ukrainian else "ru"
    ukrainian += len(_UKRAINIAN_WORDS.findall(folded))
    russian += len(_RUSSIAN_WORDS.findall(folded))
    if ukrainian != russian:
        return "uk" if ukrainian > russian else "ru"
    return likeliest(text, CYRILLIC_LANGUAGES)


def likeliest(text: str, among: tuple[str, ...]) -> str:
    """The likeliest language of the text among the given ones, by py3langid (which reads
    the letters' case: "Galvanik" is German, "galvanik" English)."""
    for language, _ in _identifier().rank(text[:_MODEL_CHARS]):
        if language in among:
            return str(language)
    return among[0]  # not reached: the model knows every language of DETECTED but Korean


@cache
def _identifier() -> Any:
    """py3langid's model (loaded once, 0.5 s), restricted to the languages the script leaves
    open: restricting both speeds it up and keeps far-off languages out."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages([*LATIN_LANGUAGES, *CYRILLIC_LANGUAGES])
    return identifier
