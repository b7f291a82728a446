"""The event's own texts in the other languages its pages speak: every translatable text of
an event (its name and description; the names of its sectors; the labels of its breaks; the
names and themes of its tables; the names and descriptions of its groups; the titles and
descriptions of the delegation's programme items) with the
translations staff give for it, one per offered language other than the event's own
(`Event.language`).

The originals are edited in the settings; here only their translations, so that a change of
the settings form (rows of tables and groups) and this page do not step on each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import QueryableAttribute, Session, object_session

from matchmaker.core.messages import N_
from matchmaker.core.text.localised import with_translation
from matchmaker.models import (
    Event,
    EventBreak,
    EventTable,
    Group,
    ProgrammeItem,
    Sector,
    StaffUser,
)
from matchmaker.models.limits import max_length
from matchmaker.services.audit import record
from matchmaker.services.firm_language import event_languages
from matchmaker.services.texts import Translated

# What each kind of text is, for the page (templates marked for translation).
KIND_LABELS = {
    "event-name": N_("Name of the fair"),
    "event-description": N_("Description of the fair"),
    "sector-name": N_("Sector"),
    "break-label": N_("Break"),
    "table-name": N_("Name of table %(num)d"),
    "table-theme": N_("Theme of table %(num)d"),
    "group-name": N_("Group"),
    "group-description": N_("Description of the group %(name)s"),
    "item-title": N_("Programme item on %(day)s"),
    "item-description": N_("Description of the programme item %(name)s"),
}


@dataclass(frozen=True, slots=True)
class EventText:
    """One translatable text of the event: which record and field, its original, and what
    the page calls it (`kind`, a key of KIND_LABELS, with `values`)."""

    key: str  # unique on the page: "sector-3-name"
    record: Translated
    field: str
    kind: str
    values: Mapping[str, object]
    original: str
    limit: int  # the most characters a translation may have: as many as the original's column
    multiline: bool

    def translation(self, language: str) -> str:
        return str((self.record.translations or {}).get(language, {}).get(self.field, ""))


def offered_languages(event: Event, languages: Sequence[str]) -> tuple[str, ...]:
    """The page languages the event offers (of `languages`, the app's LANGUAGES: an event
    setting, `firm_language.event_languages`) its texts may be given in besides its own."""
    return tuple(code for code in event_languages(event, languages) if code != event.language)


def _text(
    prefix: str,
    record: Translated,
    field: str,
    column: QueryableAttribute[Any],
    multiline: bool = False,
    **values: object,
) -> EventText:
    return EventText(
        key=f"{prefix}-{record.id}-{field}",
        record=record,
        field=field,
        kind=f"{prefix}-{field}",
        values=values,
        original=str(getattr(record, field) or ""),
        limit=max_length(column),
        multiline=multiline,
    )


def event_texts(event: Event) -> list[EventText]:
    """Every text of the event that readers of another language need, in the order the
    settings list them; empty originals are left out (nothing to translate)."""
    found = [_text("event", event, "name", Event.name)]
    found.append(_text("event", event, "description", Event.description, multiline=True))
    found += [_text("sector", s, "name", Sector.name) for s in event.sectors]
    found += [_text("break", b, "label", EventBreak.label) for b in event.breaks]
    for table in event.tables:
        found.append(_text("table", table, "name", EventTable.name, num=table.number))
        found.append(_text("table", table, "theme", EventTable.theme, num=table.number))
    for group in event.groups:
        found.append(_text("group", group, "name", Group.name))
        found.append(_text("group", group, "description", Group.description, True, name=group.name))
    for item in _programme(event):
        day = item.day.isoformat()
        found.append(_text("item", item, "title", ProgrammeItem.title, day=day))
        found.append(_text("item", item, "description", ProgrammeItem.description, True,
                           name=item.title))  # fmt: skip
    return [text for text in found if text.original.strip()]


def _programme(event: Event) -> list[ProgrammeItem]:
    """The items of the delegation's week (issue 21), by day and start."""
    session = object_session(event)
    if session is None:
        return []
    query = select(ProgrammeItem).where(ProgrammeItem.event_id == event.id)
    return list(session.scalars(query.order_by(ProgrammeItem.day, ProgrammeItem.start)))


def any_translation(event: Event) -> bool:
    """Whether staff gave any of the event's texts in another language (the checklist)."""
    return any(
        text for t in event_texts(event) for texts in (t.record.translations or {}).values()
        for text in texts.values()
    )  # fmt: skip


def save_translations(
    session: Session,
    event: Event,
    given: Mapping[str, Mapping[str, str]],
    languages: Sequence[str],
    staff: StaffUser,
) -> int:
    """Store the translations staff gave (`given[key][language]`, already cleaned and
    bounded by the form; an empty text removes a translation) and log the change. Only the
    `languages` offered for the event are touched. Returns how many texts changed."""
    changed = 0
    for text in event_texts(event):
        for language in languages:
            wanted = given.get(text.key, {}).get(language)
            if wanted is None or wanted.strip() == text.translation(language):
                continue
            text.record.translations = with_translation(
                text.record.translations or {}, language, text.field, wanted
            )
            changed += 1
    session.flush()
    if changed:
        record(session, staff, "event.texts", event=event, subject=event.name,
               detail={"texts": changed})  # fmt: skip
    return changed
