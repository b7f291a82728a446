"""Which language a firm is written to in: its mails, printed agenda and documents.

A firm chooses it (registration, its page, an import column); until then it is inferred from
the language of its texts, then its country. Only the languages the fair offers are used
(`event_languages`, an event setting): a firm whose own the fair does not offer is written
to in English where offered, else in the fair's own language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from matchmaker.core.text.analysis import detect_language
from matchmaker.models import Event, Participant

# Countries whose firms read pages in one of the page languages more easily than English ones.
_COUNTRY_LANGUAGE = {
    "RU": "ru", "BY": "ru", "KZ": "ru", "KG": "ru", "UZ": "ru", "TJ": "ru", "AM": "ru",
    "DE": "de", "AT": "de", "CH": "de", "LI": "de", "LU": "de",
    "UA": "uk", "PL": "pl", "KR": "ko",
}  # fmt: skip
# Countries whose firms often write their texts in Russian for a Russian-speaking fair but
# are written to in their own language where the fair offers it: Ukrainian firms (the
# text language would otherwise win over the country).
_OWN_LANGUAGE_OVER_RUSSIAN = {"UA": "uk"}


def event_languages(event: Event, installed: Sequence[str]) -> tuple[str, ...]:
    """The page languages `event` offers, of those of the installation (`installed`, the
    app's LANGUAGES, in its order): as staff chose them (`Event.languages`), all when they
    did not; the event's own language is always among them where the installation has it."""
    chosen = set((event.languages or "").split(",")) - {""}
    offered = tuple(c for c in installed if not chosen or c in chosen or c == event.language)
    return offered or tuple(installed)


def fallback_language(event: Event, offered: Sequence[str]) -> str:
    """The language for a firm none of whose own languages the event offers: English
    where offered (a foreign firm more likely reads it than the fair's own language), else
    the event's language."""
    if "en" in offered:
        return "en"
    return event.language if event.language in offered else offered[0]


def text_language(participant: Participant) -> str:
    """The language the firm's offer, request and description are written in."""
    if participant.text_language:
        return participant.text_language
    written = " ".join((participant.offer, participant.request, participant.description))
    return detect_language(written) if written.strip() else ""


def firm_locale(participant: Participant, offered: Sequence[str], default: str) -> str:
    """The page language (one of `offered`, the event's languages) to write to the firm in:
    its own choice, else its texts' language, else its country's; `fallback_language` when
    it has one that is not offered, `default` when nothing tells (no choice, text, country).
    """
    country = participant.country.upper()
    written = text_language(participant)
    candidates = [participant.locale]
    if written == "ru" and country in _OWN_LANGUAGE_OVER_RUSSIAN:
        # its own language first; where the fair does not offer it, the Russian it writes
        candidates.append(_OWN_LANGUAGE_OVER_RUSSIAN[country])
    candidates += [written, _COUNTRY_LANGUAGE.get(country)]
    for candidate in candidates:
        if candidate in offered:
            return str(candidate)
    if any(candidates):
        return fallback_language(participant.event, offered)
    return default if default in offered else fallback_language(participant.event, offered)


def second_language(event: Event, own: str, translations: Mapping[str, object]) -> str:
    """The language to offer a firm for its texts' translation: one it has translations in
    already (the fair's own language first), else the fair's other language: the event's
    language for a firm writing in another, else the language most of its other firms write
    in (a German firm at a German–Russian fair: Russian), else English."""
    existing = [language for language in translations if language != own]
    if existing:
        return event.language if event.language in existing else existing[0]
    if own != event.language:
        return event.language
    written = Counter(text_language(p) for p in event.participants if p.offer.strip())
    for language, _ in written.most_common():
        if language and language != own:
            return language
    return "en" if own != "en" else "de"
