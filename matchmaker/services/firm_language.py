"""Which language a firm is written to in: its mails, printed agenda and documents.

A firm chooses it (registration, its page, an import column); until then it is inferred from
the language of its texts, then its country, then the fair's default page language.
"""

from __future__ import annotations

from collections.abc import Sequence

from matchmaker.core.text import detect_language
from matchmaker.models import Participant

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
