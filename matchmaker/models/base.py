"""Declarative base with a constraint naming convention (stable names for Alembic on both
SQLite and PostgreSQL) and a helper for enum columns stored as checked strings."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Enum, ForeignKeyConstraint, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def long_text(limit: int = 4000) -> dict[str, Any]:
    """The `info` of a Text column people write into (offers, descriptions): the database
    sets no length limit, the app does (`models.limits.max_length` reads it)."""
    return {"max_length": limit}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Timestamps are stored as naive UTC; pages convert them to the event's time zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def enum_column(enum_type: type[enum.Enum], name: str) -> Enum:
    """A portable enum: a VARCHAR holding the member's value, guarded by a CHECK constraint."""

    def values(members: Any) -> list[str]:
        return [member.value for member in members]

    return Enum(
        enum_type,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=values,
        validate_strings=True,
    )


def in_same_event(
    column: str, table: str, ondelete: str | None = "CASCADE"
) -> ForeignKeyConstraint:
    """A foreign key `(column, event_id)` -> `table(id, event_id)`: the row it points to must
    belong to the same event, so no meeting, request or seat can join two fairs."""
    return ForeignKeyConstraint(
        [column, "event_id"], [f"{table}.id", f"{table}.event_id"], ondelete=ondelete
    )
