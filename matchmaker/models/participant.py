"""A participating firm's registration for one event, and when it cannot meet."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from matchmaker.models.base import Base, enum_column, long_text, utcnow

LINK_SALT_BYTES = 16


def new_link_salt() -> str:
    """A new generation of a firm's personal link: 128 random bits, hex."""
    return secrets.token_hex(LINK_SALT_BYTES)


if TYPE_CHECKING:
    from matchmaker.models.event import Event, Group, Sector


class ParticipantStatus(enum.Enum):
    REGISTERED = "registered"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


participant_sector = Table(
    "participant_sector",
    Base.metadata,
    Column("participant_id", ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sector.id", ondelete="CASCADE"), primary_key=True),
)


class Participant(Base):
    """A firm at one fair: who it is, what it offers and seeks, and when it is there.

    `external_id` is the firm's key in the staff's spreadsheets (the `id` column of a profiles
    file). The personal link's secret is not stored: `link_salt` is the random generation it is
    derived from with the app's key, `token_hash` the SHA-256 of the link the app now hands out
    and `former_token_hash` that of one earlier link still honoured (from before migration 0013
    or a change of SECRET_KEY); see services/links.py. `erased_at` is set once the firm's
    personal data is erased.
    """

    __tablename__ = "participant"
    __table_args__ = (
        UniqueConstraint("event_id", "external_id"),
        UniqueConstraint("id", "event_id"),
        UniqueConstraint("event_id", "submission_key"),
        CheckConstraint(
            "max_meetings IS NULL OR max_meetings >= 0", name="max_meetings_not_negative"
        ),
        CheckConstraint(
            "available_from IS NULL OR available_to IS NULL OR available_to > available_from",
            name="stay_ends_after_start",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant_group.id", ondelete="SET NULL")
    )
    offer: Mapped[str] = mapped_column(Text, default="", info=long_text())
    request: Mapped[str] = mapped_column(Text, default="", info=long_text())
    description: Mapped[str] = mapped_column(Text, default="", info=long_text())
    website: Mapped[str] = mapped_column(String(300), default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The language the firm reads its mails and documents in (one the pages speak); None:
    # not chosen yet, services/firm_language.py then infers one.
    locale: Mapped[str | None] = mapped_column(String(5))
    # The language offer, request and description are written in; None: detected from them.
    text_language: Mapped[str | None] = mapped_column(String(5))
    # Those texts in further languages: {"ru": {"offer": "…", "request": "…"}}.
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    available_from: Mapped[time | None] = mapped_column(Time)
    available_to: Mapped[time | None] = mapped_column(Time)
    # The fair's days (0-based) the firm is there on, its stay holding on each; None: all.
    days: Mapped[list[int] | None] = mapped_column(JSON)
    max_meetings: Mapped[int | None] = mapped_column(Integer)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When the firm opened the confirmation link mailed to `email` (reset when it changes).
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    link_salt: Mapped[str] = mapped_column(String(32), default=new_link_salt)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    former_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The registration form's one-time key: a form sent twice creates one firm.
    submission_key: Mapped[str | None] = mapped_column(String(64))
    # The fair day, as the desk records it: checked in, not coming, or there for part of it.
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    no_show: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    arrives_at: Mapped[time | None] = mapped_column(Time)
    leaves_at: Mapped[time | None] = mapped_column(Time)
    status: Mapped[ParticipantStatus] = mapped_column(
        enum_column(ParticipantStatus, "participant_status"), default=ParticipantStatus.REGISTERED
    )
    # The co-organising organisation that brought the firm to this fair (None: not recorded).
    recruited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    # The firm's registration at an earlier fair whose profile it chose to start from, and when.
    reused_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    reused_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="participants")
    group: Mapped[Group | None] = relationship()
    sectors: Mapped[list[Sector]] = relationship(
        secondary=participant_sector, order_by="Sector.name"
    )
    unavailable: Mapped[list[Unavailability]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", order_by="Unavailability.start"
    )


class Unavailability(Base):
    """A time range on the fair's day in which the firm cannot meet."""

    __tablename__ = "unavailability"
    __table_args__ = (CheckConstraint("end_time > start", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)

    participant: Mapped[Participant] = relationship(back_populates="unavailable")


class ErasedFirm(Base):
    """What is left of a firm whose personal data was erased at its request: keyed hashes
    (HMAC with the app's key) of its spreadsheet id and e-mail address, nothing readable. An
    import recognises the firm by them and brings it back only when staff confirm it.

    `event_id` scopes the id (ids are keys of one event's spreadsheet); the e-mail is matched
    across events. The row stays when its event is deleted (the id then matches nothing).
    """

    __tablename__ = "erased_firm"
    __table_args__ = (
        CheckConstraint("id_key IS NOT NULL OR email_key IS NOT NULL", name="has_a_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    id_key: Mapped[str | None] = mapped_column(String(64))
    email_key: Mapped[str | None] = mapped_column(String(64), index=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
