"""Language-aware text preparation for German, English and Russian profile texts.

Profiles are short and technical. Two views of a text feed the TF-IDF core:
- word stems: normalised, stop words removed, Snowball-stemmed in the text's own language;
- character n-grams (3-5, inside word boundaries) over the normalised text, which let a
  German compound ("Titanhalbzeuge") meet its parts ("Halbzeuge aus Titan").
Stop-word lists and stemmers ship inside their packages; nothing is downloaded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

import snowballstemmer  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from stop_words import get_stop_words  # type: ignore[import-untyped]

LANGUAGES = ("de", "en", "ru")
_STEMMER_NAMES = {"de": "german", "en": "english", "ru": "russian"}

# Words that one of the English stop lists drops but that firms use to say what they do.
_ENGLISH_CONTENT_WORDS = frozenset(
    {"system", "systems", "part", "parts", "research", "fire", "bill", "interest", "found",
     "new", "large", "small", "work", "works", "service", "services", "well", "back", "top",
     "full", "front", "side", "show", "move", "call", "detail", "amount", "cry"}
)  # fmt: skip

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
_GERMAN_MARKS = re.compile(r"[äöüß]")
# Items end at ; , sentence ends, bullets and the conjunctions of lists ("A, B und C"), but not
# at a German suspended hyphen ("Klein- und Großserien"). Linear time: a run of spaces is
# entered only at its start (`(?<![\s-])`) and taken whole (`\s++`, no backtracking), so
# 50,000 spaces cost 50,000 steps, not 50,000² (a plain `\s+` retried from every space).
_ITEM_BREAK = re.compile(
    r"[;\n•·]+|(?<=[.!?])\s++|,\s++"
    r"|(?<![\s-])\s++(?:und|sowie|oder|and|or|as well as|и|или|а также)\s++",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_MASK = re.compile("\x00(\\d+)\x00")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u00ad": None, "\u2019": "'", "\u00a0": " "})  # fmt: skip


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stop words of a language, normalised like the texts they are removed from."""
    if language == "en":
        words = (set(get_stop_words("en")) & set(ENGLISH_STOP_WORDS)) - _ENGLISH_CONTENT_WORDS
    else:
        words = set(get_stop_words(language))
    return frozenset(normalise(w) for w in words)


def normalise(text: str) -> str:
    """NFKC, case-folded (so ß becomes ss), ё read as е, dashes and soft hyphens unified."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).casefold()
    return text.replace("ё", "е")


def words(text: str) -> list[str]:
    """Word tokens of a normalised text; hyphenated compounds also yield their parts."""
    tokens: list[str] = []
    for match in _WORD.finditer(text):
        token = match.group()
        tokens.append(token)
        if "-" in token:
            tokens.extend(part for part in token.split("-") if part)
    return tokens


def detect_language(text: str) -> str:
    """de, en or ru from the script and the stop words a text uses (texts here are short, so
    a statistical detector buys little). Latin text without clues counts as German, the
    fairs' default language."""
    folded = normalise(text)
    cyrillic = len(_CYRILLIC.findall(folded))
    latin = len(_LATIN.findall(folded))
    if cyrillic > latin:
        return "ru"
    tokens = words(folded)
    german = sum(t in stop_words("de") for t in tokens) + 2 * len(_GERMAN_MARKS.findall(folded))
    english = sum(t in stop_words("en") for t in tokens)
    return "en" if english > german else "de"


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    stemmer = snowballstemmer.stemmer(_STEMMER_NAMES[language])
    return stemmer.stemWord  # type: ignore[no-any-return]


@lru_cache(maxsize=1 << 18)
def _stem(token: str, language: str) -> str:
    """Snowball stem, memoised: the pure-Python stemmers cost ~0.1 ms a call, and a fair's
    texts repeat the same words many times."""
    # A Cyrillic word in a Latin text (or the reverse) is stemmed by its own script's rules.
    if language != "ru" and _CYRILLIC.search(token):
        language = "ru"
    elif language == "ru" and not _CYRILLIC.search(token):
        language = "en"
    return _stemmer(language)(token)


def stems(text: str, language: str | None = None) -> list[str]:
    """Stemmed content words of a text, in its detected (or given) language."""
    return analysed(text, language)[0]


def char_text(text: str) -> str:
    """The normalised text the character n-gram view reads."""
    return " ".join(words(normalise(text)))


def analysed(text: str, language: str | None = None) -> tuple[list[str], list[str]]:
    """Both views of a text from one pass of normalisation: its stems (as `stems`) and the
    word tokens its character n-grams are read from (as `char_text`)."""
    folded = normalise(text)
    tokens = words(folded)
    lang = language or detect_language(folded)
    drop = stop_words(lang)
    kept = [
        _stem(token, lang)
        for token in tokens
        if token not in drop and len(token) > 1 and not token.isdigit()
    ]
    return kept, tokens


def split_items(text: str) -> list[str]:
    """A profile text cut into the items it lists (by sentence, semicolon, comma, bullet).

    Used to explain a match by the very phrases that carried it.
    """
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:  # brackets stay whole: "(Grade 5, Grade 23)"
        kept.append(match.group())
        return f"\x00{len(kept) - 1}\x00"

    masked = _BRACKETS.sub(keep, text.replace("\x00", ""))  # NUL marks the kept brackets
    items = []
    for part in _ITEM_BREAK.split(masked):
        restored = _MASK.sub(lambda m: kept[int(m.group(1))], part).strip(" .:-–\t")
        if len(restored) >= 3:
            items.append(restored)
    return items


# Openers of offer and request lists ("Wir suchen Lieferanten für ...", "Ищем поставщиков ...").
# They say nothing about *what* is offered or sought, yet make every request item look alike to
# a sentence embedding; they are removed from the text that is matched (not the one shown).
_CUES = re.compile(
    r"^(?:"
    r"(?:wir\s+)?(?:bieten|liefern|fertigen|produzieren|vertreiben|entwickeln|suchen|benötigen|"
    r"brauchen|haben\s+bedarf\s+an|vermitteln|übernehmen)(?:\s+an)?|"
    r"(?:unser(?:e)?\s+)?(?:angebot|leistungen|produkte|programm)\s*:|im\s+programm\s*:?|"
    r"gesucht(?:\s+werden)?\s*:?|bedarf\s+an|herstellung\s+(?:von|und\s+lieferung\s+von)|"
    r"(?:aufträge|auftraggeber)\s+(?:für|im\s+bereich)|(?:orders|contracts)\s+for|"
    r"(?:заказы|заказов|заказчиков)\s+на|"
    r"(?:lieferanten|partner|anbieter|hersteller|kunden|abnehmer|händler|bezugsquellen)\s+(?:für|von)|"
    r"we(?:\s+are)?\s+(?:offer(?:ing)?|provide|supply|manufacture|produce|sell|deliver|develop|"
    r"looking\s+for|need|seek(?:ing)?|want)|looking\s+for|seeking|"
    r"our\s+(?:portfolio|offer|products|services)(?:\s+includes?|\s*:)|"
    r"(?:manufacturer|producer|supplier|provider|distributor)(?:\s+and\s+\w+)?\s+of|"
    r"(?:suppliers|partners|buyers|customers|distributors|providers)\s+(?:of|for)|"
    r"(?:мы\s+)?(?:предлагаем|производим|поставляем|изготавливаем|разрабатываем|ищем|оказываем)|"
    r"(?:поставка|производство|изготовление)(?=\s)|наше\s+предложение\s*:?|"
    r"(?:требуются|интересуют|нужны|нужен|нужна)|"
    r"(?:поставщиков|партнёров|партнеров|покупателей|заказчиков|дистрибьюторов|производителей)"
    r"(?:\s+(?:для|по))?\s*:?"
    r")\s*",
    re.IGNORECASE,
)


def strip_cues(item: str) -> str:
    """An item without the openers that only say 'we offer' or 'we seek'."""
    previous = None
    while previous != item:
        previous = item
        item = _CUES.sub("", item, count=1).strip(" :–-")
    return item


def language_counts(texts: Iterable[str]) -> dict[str, int]:
    """How many texts are in each language, for reports."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for text in texts:
        if text.strip():
            counts[detect_language(text)] += 1
    return counts
