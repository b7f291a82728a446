"""How long a stored text may be, read from the model's own column, so that the forms and
the import readers refuse exactly what the database would (and the same on SQLite, which
does not enforce `VARCHAR(n)`, as on PostgreSQL, which does).

A `String(n)` column allows n characters; a `Text` column the `max_length` in its `info`
(the database sets none, the app does).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import QueryableAttribute

from matchmaker.models.event import Group, Sector
from matchmaker.models.participant import Participant


def max_length(attribute: QueryableAttribute[Any]) -> int:
    """The most characters the column behind this model attribute holds."""
    column = attribute.property.columns[0]
    if "max_length" in column.info:
        return int(column.info["max_length"])
    if isinstance(column.type, String) and column.type.length:
        return int(column.type.length)
    raise ValueError(f"{attribute} has no length limit; give its column info max_length")


def profile_limits() -> dict[str, int]:
    """The profiles file's text columns and the most characters each holds in the database
    (`id` is stored as the firm's `external_id`; `sectors` is per sector name)."""
    columns = {
        "id": Participant.external_id, "name": Participant.name,
        "city": Participant.city, "offer": Participant.offer, "request": Participant.request,
        "description": Participant.description, "website": Participant.website,
        "contact_person": Participant.contact_person, "email": Participant.email,
        "phone": Participant.phone, "group": Group.name, "sectors": Sector.name,
    }  # fmt: skip
    return {name: max_length(attribute) for name, attribute in columns.items()}
