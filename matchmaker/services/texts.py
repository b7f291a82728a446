"""Texts of firms and events in the reader's language (see core/localised.py): knows which
language each record's original text is written in."""

from __future__ import annotations

from matchmaker.core.localised import LocalText, choose
from matchmaker.models import Event, EventBreak, EventTable, Group, Participant, Sector
from matchmaker.services.firm_language import text_language

Translated = Participant | Event | Sector | EventBreak | EventTable | Group


def original_language(record: Translated) -> str:
    """The language `record`'s own texts are written in: a firm's, or its event's."""
    if isinstance(record, Participant):
        return text_language(record) or record.event.language
    if isinstance(record, Event):
        return record.language
    return record.event.language


def local_text(record: Translated, field: str, reader: str) -> LocalText:
    """`record.field` as `reader` should see it: their language where it exists."""
    original = str(getattr(record, field) or "")
    return choose(original, original_language(record), record.translations or {}, field, reader)
