"""What a reason quotes for an item of a firm's text: the phrase the firm wrote, not a stump.

Items are cut small so that a need meets the one offer that fits ("Stanzteile" of "Stanzteile
und Stanzbiegeteile vom Band"); quoted alone they read as fragments ("изготовленных по ISO
13485", "naprawy narzędzi", "высокопрочного чугуна"). A reason therefore quotes the clause an
item stands in when that is of readable length, else the part between its commas joined to
the part it continues (a participle, an adverb: "…, изготовленных по ISO 13485") and led by
the clause's heading ("Stanzbiegeteile vom Band: Stahl"). Pure functions of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matchmaker.core.text.analysis import Clause, clauses

QUOTE_LIMIT = 100  # characters: a clause up to this long is quoted whole
HEADING_LIMIT = 70  # a longer heading is not put before the part it leads
# Words that open a part continuing the one before it rather than a new list entry (adverbs,
# prepositions: "Pierniki tradycyjne, w czekoladzie", "partners, for joint projects").
_LEADS = re.compile(
    r"^(?:especially|ideally|including|in particular|preferably|mainly|"
    r"insbesondere|vor allem|idealerweise|gern|auch|vorzugsweise|"
    r"особенно|в том числе|включая|желательно|преимущественно|"
    r"особливо|зокрема|бажано|переважно|"
    r"zwłaszcza|szczególnie|również|także|najlepiej|głównie|w tym|"
    r"for|with|in|from|to|by|для|с|со|в|во|на|по|из|от|з|із|у|від|dla|z|ze|w|we|do|od|po)\b",
    re.IGNORECASE,
)
# A participle that opens a part: it describes what the part before names ("детали,
# изготовленные по ISO 13485", "części wykonane wg rysunku", "parts made to drawing").
_PARTICIPLE = {
    "ru": re.compile(
        r"^[а-яё]+(?:нн|енн|ем|им|ющ|ящ|ущ|ащ|вш)(?:ый|ая|ое|ые|ых|ого|ой|ым|ыми|ую|ий|ие|их|ем)$"
    ),
    "uk": re.compile(r"^[а-яіїєґ']+(?:ован|ен|ан|ян|єн|ит|ут)(?:ий|а|е|і|их|ого|ій|ими|им|у)$"),
    "pl": re.compile(r"^[a-ząćęłńóśźż]+(?:an|on|ęt|yt)(?:y|a|e|ych|ego|ej|ym|ymi|i)$"),
    "en": re.compile(r"^(?:[a-z]+ed|made|built|done|grown)$"),
}


def continues(segment: str, language: str) -> bool:
    """Whether a part between commas continues the part before it (in a German text a part
    that opens in lower case: nouns, which list entries are, open in capitals)."""
    first = segment.split(maxsplit=1)[0] if segment.split() else ""
    if not first or _LEADS.match(segment):
        return bool(first)
    if language == "de":
        return first[0].islower()
    pattern = _PARTICIPLE.get(language)
    return bool(pattern and pattern.match(first.casefold()))


def _quotes(clause: Clause, language: str) -> list[tuple[str, str]]:
    """(item, quote) for the items of one clause."""
    items = [(n, item) for n, (_, its) in enumerate(clause.segments) for item in its]
    if len(clause.text) <= QUOTE_LIMIT:
        return [(item, clause.text) for _, item in items]
    heading_parts = clause.heading_parts
    groups: list[list[int]] = []
    for n, (segment, _) in enumerate(clause.segments):
        joined = groups and n != heading_parts and continues(segment, language)
        if joined:
            groups[-1].append(n)
        else:
            groups.append([n])
    quote: dict[int, str] = {}
    for group in groups:
        text = ", ".join(clause.segments[n][0] for n in group)
        led = clause.heading and group[0] >= heading_parts
        if led and len(clause.heading) <= HEADING_LIMIT:
            text = f"{clause.heading}: {text}"
        quote.update(dict.fromkeys(group, text))
    return [(item, quote[n]) for n, item in items]


def quoted_items(
    text: str, language: str, cut: Sequence[Clause] | None = None
) -> list[tuple[str, str]]:
    """Each item of `text` (as `split_items` gives them, in order) with the phrase a reason
    quotes for it; `cut`: the text's `clauses`, when the caller has them already."""
    found = clauses(text) if cut is None else cut
    return [pair for clause in found for pair in _quotes(clause, language)]


def phrases(text: str, language: str) -> list[str]:
    """The distinct phrases `quoted_items` quotes from `text`, in order."""
    return list(dict.fromkeys(quote for _, quote in quoted_items(text, language)))
