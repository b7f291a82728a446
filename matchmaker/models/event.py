"""The fair itself: its day, slot grid, breaks, tables, sectors and groups."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, enum_column, long_text, utcnow

if TYPE_CHECKING:
    from matchmaker.models.follow_up import FollowUpRound
    from matchmaker.models.participant import Participant


class EventState(enum.Enum):
    DRAFT = "draft"
    REGISTRATION_OPEN = "registration_open"
    CLOSED = "closed"
    PUBLISHED = "published"


class ListingRule(enum.Enum):
    """When a firm that registered itself is shown to others (the event page, other firms'
    partner lists): once staff approve it, or already once it confirms its e-mail address."""

    APPROVED = "approved"
    CONFIRMED = "confirmed"


class GroupKind(enum.Enum):
    HOST = "host"
    DELEGATION = "delegation"
    OTHER = "other"


# An event that lists the languages it offers lists its own among them.
OFFERS_OWN_LANGUAGE = (
    "languages IS NULL OR (',' || languages || ',') LIKE ('%,' || language || ',%')"
)


class Event(Base):
    """One cooperation fair on `date`, or over `days` days from it (1-3, the same slot grid
    each day). Slot times are wall-clock times in `timezone`."""

    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("slot_minutes > 0", name="slot_minutes_positive"),
        CheckConstraint("slot_count > 0", name="slot_count_positive"),
        CheckConstraint("days BETWEEN 1 AND 3", name="days_one_to_three"),
        CheckConstraint(
            "max_requests_per_participant IS NULL OR max_requests_per_participant >= 0",
            name="request_limit_not_negative",
        ),
        CheckConstraint(OFFERS_OWN_LANGUAGE, name="offers_own_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", info=long_text())
    venue: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Berlin")
    first_slot_start: Mapped[time] = mapped_column(Time)
    slot_minutes: Mapped[int] = mapped_column(Integer, default=20)
    slot_count: Mapped[int] = mapped_column(Integer)  # per day
    days: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    registration_deadline: Mapped[datetime | None] = mapped_column(DateTime)
    max_requests_per_participant: Mapped[int | None] = mapped_column(Integer)
    cross_group_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # The rules the themed tables were seated by (size, min_size, rounds, themes, mixing),
    # kept so that the verifier can check the plan again after staff change it.
    table_rules: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    state: Mapped[EventState] = mapped_column(
        enum_column(EventState, "event_state"), default=EventState.DRAFT
    )
    # The language the organisers write the event's texts in; `translations` holds them in
    # the other languages the pages speak ({"ru": {"description": "…"}}), and so do the
    # sectors, breaks, tables and groups for their names, labels and themes.
    language: Mapped[str] = mapped_column(String(5), default="de", server_default="de")
    # The page languages its firm and public pages, mails and papers speak, comma-separated
    # ("de,en,ko"); NULL: every language of the installation (`firm_language.event_languages`).
    languages: Mapped[str | None] = mapped_column(String(100))
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    listing: Mapped[ListingRule] = mapped_column(
        enum_column(ListingRule, "listing_rule"),
        default=ListingRule.APPROVED,
        server_default=ListingRule.APPROVED.value,
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    breaks: Mapped[list[EventBreak]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventBreak.start"
    )
    tables: Mapped[list[EventTable]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventTable.number"
    )
    sectors: Mapped[list[Sector]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Sector.name"
    )
    groups: Mapped[list[Group]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Group.name"
    )
    interpreters: Mapped[list[EventInterpreter]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventInterpreter.name"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Participant.name"
    )
    # Read-only here (services/follow_up.py writes them); the database deletes them with it.
    follow_up_rounds: Mapped[list[FollowUpRound]] = relationship(
        order_by="FollowUpRound.number", viewonly=True
    )


class EventBreak(Base):
    """A pause in the slot grid (e.g. lunch); slots move past it."""

    __tablename__ = "event_break"
    __table_args__ = (
        CheckConstraint("end_time > start", name="ends_after_start"),
        UniqueConstraint("event_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    start: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    label: Mapped[str] = mapped_column(String(120), default="")
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )

    event: Mapped[Event] = relationship(back_populates="breaks")


class EventTable(Base):
    """A physical meeting table, numbered from 1; optionally named, themed or held by a host."""

    __tablename__ = "event_table"
    __table_args__ = (
        CheckConstraint("number >= 1", name="number_positive"),
        UniqueConstraint("event_id", "number"),
        UniqueConstraint("id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120), default="")
    theme: Mapped[str] = mapped_column(String(200), default="")
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    host_participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship(back_populates="tables")

    @property
    def label(self) -> str:
        return self.name or str(self.number)


class EventInterpreter(Base):
    """An interpreter the fair books: the languages they work between and their hours."""

    __tablename__ = "event_interpreter"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        UniqueConstraint("id", "event_id"),
        CheckConstraint("max_meetings IS NULL OR max_meetings >= 0", name="max_meetings_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    available_from: Mapped[time | None] = mapped_column(Time)
    available_to: Mapped[time | None] = mapped_column(Time)
    max_meetings: Mapped[int | None] = mapped_column(Integer)

    event: Mapped[Event] = relationship(back_populates="interpreters")


class Sector(Base):
    """A sector on the event's list, e.g. Medizintechnik."""

    __tablename__ = "sector"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )

    event: Mapped[Event] = relationship(back_populates="sectors")


class Group(Base):
    """The host region's firms or a visiting delegation."""

    __tablename__ = "participant_group"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[GroupKind] = mapped_column(
        enum_column(GroupKind, "group_kind"), default=GroupKind.OTHER
    )
    country: Mapped[str] = mapped_column(String(2), default="")
    description: Mapped[str] = mapped_column(Text, default="", info=long_text())
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )

    event: Mapped[Event] = relationship(back_populates="groups")
