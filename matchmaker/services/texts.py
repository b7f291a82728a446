"""Texts of firms and events in the reader's language (see core/text/localised.py): knows which
language each record's original text is written in."""

from __future__ import annotations

from matchmaker.core.text.localised import LocalText, choose
from matchmaker.models import (
    Event,
    EventBreak,
    EventTable,
    Group,
    Participant,
    ProgrammeItem,
    Sector,
)
from matchmaker.services.firm_language import text_language

Translated = Participant | Event | Sector | EventBreak | EventTable | Group | ProgrammeItem


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


def theme_table(event: Event, theme: str) -> EventTable | None:
    """The event's table with this theme (the themes of a seating plan are typed on the
    themed-tables page; their translations are the tables' own, given with the settings)."""
    wanted = theme.strip().casefold()
    return next((t for t in event.tables if wanted and t.theme.strip().casefold() == wanted), None)


def local_theme(event: Event, theme: str, reader: str) -> str:
    """A seating plan's theme in `reader`'s language where a table of the event has it."""
    table = theme_table(event, theme)
    return local_text(table, "theme", reader).text if table is not None else theme
