"""Language-aware text preparation for profile texts in German, English, Russian, Ukrainian,
Polish and Korean.

Profiles are short and technical. Two views of a text feed the TF-IDF core:
- word stems: normalised, stop words removed, reduced in the text's own language (Snowball
  for de, en, ru, pl; simplemma's lemma then a light suffix strip for uk; particles stripped
  and syllable bigrams for ko, core.korean);
- character n-grams (3-5, inside word boundaries) over the normalised text, which let a
  German compound ("Titanhalbzeuge") meet its parts ("Halbzeuge aus Titan").
The language comes from core.language_id. Stop-word lists, stemmers, lemma lists and the
detector's model ship inside their packages; nothing is downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import simplemma
import snowballstemmer  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from stop_words import get_stop_words  # type: ignore[import-untyped]

from matchmaker.core.text.korean import LIST_AND, korean_terms, strip_korean_cues, strip_particle
from matchmaker.core.text.language_id import CYRILLIC, HANGUL, fold
from matchmaker.core.text.language_id import detect_language as detect_language  # re-exported

# Stored language codes index this tuple: new languages are appended, never inserted.
LANGUAGES = ("de", "en", "ru", "uk", "pl", "ko")
_STEMMER_NAMES = {"de": "german", "en": "english", "ru": "russian", "pl": "polish"}

# Words that one of the English stop lists drops but that firms use to say what they do.
_ENGLISH_CONTENT_WORDS = frozenset(
    {"system", "systems", "part", "parts", "research", "fire", "bill", "interest", "found",
     "new", "large", "small", "work", "works", "service", "services", "well", "back", "top",
     "full", "front", "side", "show", "move", "call", "detail", "amount", "cry"}
)  # fmt: skip

# A word; hyphens join compounds, an apostrophe joins a Ukrainian word ("дистриб'ютор").
_WORD = re.compile(r"[^\W_]+(?:(?:-|(?<=[\u0400-\u04ff])'(?=[\u0400-\u04ff]))[^\W_]+)*")
_UKRAINIAN_ONLY = re.compile(r"[іїєґ]")
# Endings of Ukrainian nouns, adjectives and verbs, longest first: what is left of a lemma
# ("обробка", "пластиковий") once they go is the stem its inflected forms share.
_UKRAINIAN_ENDINGS = tuple(sorted((
    "ього", "ьому", "ьої", "ьою", "ого", "ому", "ої", "ою", "ею", "єю", "ами", "ями", "ими",
    "іми", "ові", "еві", "єві", "ів", "їв", "ий", "ій", "их", "іх", "им", "ім", "ом", "ем",
    "єм", "ей", "ам", "ям", "ах", "ях", "ти", "а", "я", "и", "і", "ї", "у", "ю", "е", "є", "о",
    "ь",
), key=len, reverse=True))  # fmt: skip
# Items end at ; , sentence ends, bullets and the conjunctions of lists ("A, B und C", "A та B",
# "A, B, and C", "A oraz B", "A 및 B", Korean "A와 B" where the particle agrees,
# core.korean.LIST_AND), but not at a German suspended hyphen ("Klein- und Großserien"). A
# one-letter "and" (pl i, uk і й) only in lower case, so "Klasse I und II" keeps its numeral.
# Linear time: a run of spaces is entered only at its start (`(?<![\s-])`) and taken whole
# (`\s++`, no backtracking), so 50,000 spaces cost 50,000 steps, not 50,000² (a plain `\s+`
# retried from every space).
_AND = (
    r"(?:und|sowie|oder|and|or|as well as|и|или|а также|та|або|а також|oraz|lub|albo|a także|"
    r"및|그리고|또는|(?-i:i|і|й))"
)
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_MASK = re.compile("\x00(\\d+)\x00")


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
    return fold(text).replace("ё", "е")


def words(text: str) -> list[str]:
    """Word tokens of a normalised text; hyphenated compounds also yield their parts."""
    tokens: list[str] = []
    for match in _WORD.finditer(text):
        token = match.group()
        tokens.append(token)
        if "-" in token:
            tokens.extend(part for part in token.split("-") if part)
    return tokens


def _ukrainian_stem(token: str) -> str:
    """simplemma's lemma (which undoes alternations: "обробці" -> "обробка"), then the
    Ukrainian ending stripped, at least three letters kept."""
    lemma = simplemma.lemmatize(token, lang="uk").casefold()  # "Німеччина" for names
    for ending in _UKRAINIAN_ENDINGS:
        if lemma.endswith(ending) and len(lemma) - len(ending) >= 3:
            return lemma[: -len(ending)]
    return lemma


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    if language == "uk":
        return _ukrainian_stem
    stemmer = snowballstemmer.stemmer(_STEMMER_NAMES[language])
    return stemmer.stemWord  # type: ignore[no-any-return]


def _own_language(token: str, language: str) -> str:
    """The language a word is read in: its text's, unless its script says otherwise (a
    Cyrillic word in a German text is Russian, or Ukrainian by its letters; a Latin word in a
    Russian, Ukrainian or Korean text English)."""
    if HANGUL.search(token):
        return "ko"
    if CYRILLIC.search(token):
        if language in ("ru", "uk"):
            return language
        return "uk" if _UKRAINIAN_ONLY.search(token) else "ru"
    return language if language in ("de", "en", "pl") else "en"


@lru_cache(maxsize=1 << 18)
def _terms(token: str, language: str) -> tuple[str, ...]:
    """A word's index terms (none for a stop word), memoised: the pure-Python stemmers cost
    ~0.1 ms a call, and a fair's texts repeat the same words many times."""
    own = _own_language(token, language)
    if own == "ko":
        return korean_terms(token, stop_words("ko"))
    if token in stop_words(own) or len(token) < 2 or token.isdigit():
        return ()
    return (_stemmer(own)(token),)


def stems(text: str, language: str | None = None) -> list[str]:
    """Stemmed content words of a text, in its detected (or given) language."""
    return analysed(text, language)[0]


def char_text(text: str) -> str:
    """The normalised text the character n-gram view reads."""
    return " ".join(_char_tokens(words(normalise(text))))


def _char_tokens(tokens: list[str]) -> list[str]:
    """Words for the character n-grams: a Korean word without its particle ("금형을" reads as
    "금형"), since two-syllable words share few n-grams once a particle pads them."""
    return [strip_particle(t) if HANGUL.search(t) else t for t in tokens]


def analysed(text: str, language: str | None = None) -> tuple[list[str], list[str]]:
    """Both views of a text from one pass of normalisation: its stems (as `stems`) and the
    word tokens its character n-grams are read from (as `char_text`)."""
    folded = fold(text)
    lang = language or detect_language(text)
    tokens = words(folded.replace("ё", "е"))
    terms = [term for token in tokens for term in _terms(token, lang)]
    return terms, _char_tokens(tokens) if HANGUL.search(folded) else tokens


# Abbreviations whose dot ends no sentence, in the fairs' languages (kept whole like brackets).
_ABBREVIATION = re.compile(
    r"(?<![^\W_])(?:bzw|ca|usw|inkl|ggf|evtl|etc|vs|approx|nr|z\.\s?b|u\.\s?a|d\.\s?h|e\.g|i\.e|"
    r"np|tzw|itd|itp|ok|tj|m\.in|sp|z\so\.o|т\.\s?[дпе]|напр|наприкл|див|ок|ул|вул|г)\.",
    re.IGNORECASE,
)


# A clause ends at ; a sentence end, a line or a bullet; inside it a heading ends at ": "
# ("Stanzteile vom Band: Stahl, Edelstahl"), segments at commas, items at the conjunctions.
_CLAUSE_BREAK = re.compile(r"[;\n•·]+|(?<=[.!?])\s++")
_HEADING_END = re.compile(r"(?<=\S):\s++")
_COMMA = re.compile(rf",\s++(?:{_AND}\s++)?", re.IGNORECASE)
_WITHIN = re.compile(rf"(?<![\s-])\s++{_AND}\s++|{LIST_AND}", re.IGNORECASE)
_ENDS = " .:;,-–\t"


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of a text as written (`text`), its heading ("Stanzteile vom Band" of
    "Stanzteile vom Band: Stahl, Aluminium"; "" without one), and its segments (the heading
    parts first, then the others; they end at commas), each with the items it lists."""

    text: str
    heading: str
    segments: tuple[tuple[str, tuple[str, ...]], ...]
    heading_parts: int  # how many of the segments the heading is


def clauses(text: str) -> list[Clause]:
    """A profile text cut into clauses, segments and items (see `split_items`)."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:  # brackets stay whole: "(Grade 5, Grade 23)"
        kept.append(match.group())
        return f"\x00{len(kept) - 1}\x00"

    def restore(part: str) -> str:  # most parts hold no kept bracket: no substitution
        if "\x00" in part:
            part = _MASK.sub(lambda m: kept[int(m.group(1))], part)
        return part.strip(_ENDS)

    masked = _BRACKETS.sub(keep, text.replace("\x00", ""))  # NUL marks the kept brackets
    masked = _ABBREVIATION.sub(keep, masked)  # "bzw.", "z. B.", "т. д." end no sentence
    out = []
    for clause in _CLAUSE_BREAK.split(masked):
        head, rest = "", clause
        colon = _HEADING_END.search(clause)
        if colon and strip_cues(restore(clause[: colon.start()]) + ":"):  # not "Gesucht:"
            head, rest = clause[: colon.start()], clause[colon.end() :]
        heading = [(p, True) for p in _COMMA.split(head)] if head else []
        segments = [
            (restore(part), tuple(i for i in map(restore, _WITHIN.split(part)) if _is_item(i)), led)
            for part, led in heading + [(p, False) for p in _COMMA.split(rest)]
        ]
        kept_segments = tuple((s, items) for s, items, _ in segments if items)
        if kept_segments:
            parts = sum(1 for _, items, led in segments if items and led)
            out.append(Clause(restore(clause), restore(head), kept_segments, parts))
    return out


def _is_item(item: str) -> bool:
    return len(item) >= 3 or (len(item) == 2 and bool(HANGUL.search(item)))  # "도금", "물류"


def split_items(text: str) -> list[str]:
    """A profile text cut into the items it lists (by sentence, semicolon, comma, bullet,
    the conjunction of a list, and after a list's heading: "Bleche: Stahl, Aluminium").

    Used to explain a match by the very phrases that carried it.
    """
    return [item for c in clauses(text) for _, items in c.segments for item in items]


# Openers of offer and request lists ("Wir suchen Lieferanten für ...", "Ищем поставщиков ...",
# "Шукаємо постачальників ...", "Poszukujemy dostawców ...").
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
    r"(?:\s+(?:для|по))?\s*:?|"
    r"(?:ми\s+)?(?:пропонуємо|виробляємо|постачаємо|виготовляємо|розробляємо|шукаємо|надаємо|"
    r"продаємо)|(?:постачання|виробництво|виготовлення)(?=\s)|наша\s+пропозиція\s*:?|"
    r"(?:потрібні|потрібен|потрібна|потрібно|цікавлять)|(?:замовлення|замовників)\s+на|"
    r"(?:постачальників|партнерів|покупців|замовників|дистриб'юторів|виробників|виконавців)"
    r"(?:\s+(?:для|з|із|на))?\s*:?|(?:партнера|постачальника|виконавця)\s+(?:для|з|із|на)|"
    r"(?:oferujemy|produkujemy|dostarczamy|wytwarzamy|projektujemy|poszukujemy|szukamy|"
    r"świadczymy(?:\s+usługi)?|sprzedajemy|zapewniamy|potrzebujemy)|"
    r"(?:nasza\s+oferta|w\s+ofercie|oferta)\s*:|(?:zlecenia|zamówienia|zleceń|zamówień)\s+na|"
    r"(?:dostawców|partnerów|odbiorców|klientów|dystrybutorów|producentów|wykonawców|kooperantów)"
    r"(?:\s+(?:dla|do|w\s+zakresie))?\s*:?|"
    r"(?:partnera|dostawcy|odbiorcy|wykonawcy|kooperanta)\s+(?:dla|do|w\s+zakresie)"
    r")\s*",
    re.IGNORECASE,
)


def strip_cues(item: str) -> str:
    """An item without the openers that only say 'we offer' or 'we seek'."""
    previous = None
    while previous != item:
        previous = item
        item = _CUES.sub("", item, count=1).strip(" :–-")
        if HANGUL.search(item):  # Korean says it at the end: "… 제공합니다"
            item = strip_korean_cues(item).strip(" :–-.")
    return item


def language_counts(texts: Iterable[str]) -> dict[str, int]:
    """How many texts are in each language, for reports."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for text in texts:
        if text.strip():
            counts[detect_language(text)] += 1
    return counts
