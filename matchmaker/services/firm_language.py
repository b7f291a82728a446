"""Which language a firm is written to in: its mails, printed agenda and documents.

A firm chooses it (registration, its page, an import column); until then it is inferred from
the language of its texts, then its country, then the fair's default page language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from matchmaker.core.text import detect_language
from matchmaker.models import Event, Participant

# Countries whose firms read Russian or German pages more easily than English ones.
_COUNTRY_LANGUAGE = {
    "RU": "ru", "BY": "ru", "KZ": "ru", "KG": "ru", "UZ": "ru", "TJ": "ru", "AM": "ru",
    "DE": "de", "AT": "de", "CH": "de", "LI": "de", "LU": "de",
}  # fmt: skip


def text_language(participant: Participant) -> str:
    """The language the firm's offer, request and description are written in."""
    if participant.text_language:
        return participant.text_language
    written = " ".join((participant.offer, participant.request, participant.description))
    return detect_language(written) if written.strip() else ""


def firm_locale(participant: Participant, offered: Sequence[str], default: str) -> str:
    """The page language (one of `offered`) to write to the firm in."""
    for candidate in (
        participant.locale,
        text_language(participant),
        _COUNTRY_LANGUAGE.get(participant.country.upper()),
    ):
        if candidate in offered:
            return str(candidate)
    return default


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
