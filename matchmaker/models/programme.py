"""The delegation's week around the fair (issue 21): programme items on several days, the
delegation's members as persons, and who does not take part in what.

Days are the dates of the items (no table of their own): a day exists when it holds an item.
An item is a fixed point (an excursion, a reception, a trade-fair visit: place, start, end),
the fair itself (its slot grid lives on the event) or a block of company visits, whose
settings (groups, lunch, the hotel, travel) the visit planner reads.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, enum_column, long_text, utcnow
from matchmaker.models.participant import new_link_salt

if TYPE_CHECKING:
    from matchmaker.models.event import Event
    from matchmaker.models.participant import Participant


class ItemKind(enum.Enum):
    VISITS = "visits"
    FIXED = "fixed"
    FAIR = "fair"


class ProgrammeItem(Base):
    """One point of the week's programme, on one day, from `start` to `end_time` (wall-clock
    times in the event's time zone). For company visits, `start`/`end_time` are the day's
    frame (leave the hotel, be back), and the columns below describe the day for the planner:
    `groups` buses, a lunch of `lunch_minutes` between `lunch_from` and `lunch_to`, the hotel
    (`place`, `lat`, `lon`), road speed and detour for travel from coordinates, or staff's
    own travel minutes (`travel`: {"sites": ["hotel", "<host id>", ...], "minutes": [[...]]})."""

    __tablename__ = "programme_item"
    __table_args__ = (
        CheckConstraint("end_time > start", name="ends_after_start"),
        CheckConstraint("groups >= 1", name="groups_positive"),
        CheckConstraint("lunch_minutes IS NULL OR lunch_minutes > 0", name="lunch_positive"),
        CheckConstraint("speed_kmh > 0 AND detour >= 1", name="travel_sensible"),
        UniqueConstraint("id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind, "item_kind"))
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(300), default="")
    start: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    description: Mapped[str] = mapped_column(Text, default="", info=long_text())
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    groups: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    lunch_minutes: Mapped[int | None] = mapped_column(Integer)
    lunch_from: Mapped[time | None] = mapped_column(Time)
    lunch_to: Mapped[time | None] = mapped_column(Time)
    speed_kmh: Mapped[float] = mapped_column(Float, default=50.0, server_default="50")
    detour: Mapped[float] = mapped_column(Float, default=1.3, server_default="1.3")
    travel: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Counts the item's changes: the SEQUENCE of its calendar entries, so that a calendar
    # that imports the week again moves the entry instead of adding a copy.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    event: Mapped[Event] = relationship()


class DelegationMember(Base):
    """A person of the visiting delegation, for a firm of the fair (`participant`, or none for
    an official), with the languages they speak and the language of their pages and mails.
    Their personal link to the week works as a firm's does (services/links.py): only the
    hash is stored, derived from `link_salt` with the app's key."""

    __tablename__ = "delegation_member"
    __table_args__ = (UniqueConstraint("id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    locale: Mapped[str | None] = mapped_column(String(5))
    link_salt: Mapped[str] = mapped_column(String(32), default=new_link_salt)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # When staff last mailed the member the link to their week (None: never).
    mailed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    participant: Mapped[Participant | None] = relationship()
    absences: Mapped[list[ProgrammeAbsence]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )


class ProgrammeAbsence(Base):
    """A member who does not take part in an item; everyone else of the delegation does."""

    __tablename__ = "programme_absence"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("delegation_member.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("programme_item.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    member: Mapped[DelegationMember] = relationship(back_populates="absences")
