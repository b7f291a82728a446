"""Meeting requests, schedule versions and the meetings placed in them.

The database itself refuses a double booking: every meeting owns one `MeetingAttendee` row per
firm, tied to the meeting's (id, schedule, slot) by a cascading foreign key, and attendees are
unique per (schedule, slot, participant). Unlike a check in code, this also holds when two
writers race.
"""

from __future__ import annotations

import enum
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, enum_column, in_same_event, long_text, utcnow

if TYPE_CHECKING:
    from matchmaker.models.event import EventInterpreter, EventTable
    from matchmaker.models.participant import Participant


class RequestStatus(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class ScheduleStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class MeetingStatus(enum.Enum):
    SCHEDULED = "scheduled"
    HELD = "held"
    NO_SHOW = "no_show"


class MeetingSource(enum.Enum):
    AUTO = "auto"
    MANUAL = "manual"


class MeetingRequest(Base):
    """A firm's wish to meet another; a pair asked both ways is a mutual wish."""

    __tablename__ = "meeting_request"
    __table_args__ = (
        UniqueConstraint("event_id", "from_participant_id", "to_participant_id"),
        CheckConstraint("from_participant_id <> to_participant_id", name="not_self"),
        CheckConstraint("priority >= 0", name="priority_not_negative"),
        CheckConstraint(
            "earliest IS NULL OR latest IS NULL OR latest > earliest", name="window_ordered"
        ),
        in_same_event("from_participant_id", "participant"),
        in_same_event("to_participant_id", "participant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    from_participant_id: Mapped[int] = mapped_column(Integer)
    to_participant_id: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer, default=1)
    message: Mapped[str] = mapped_column(Text, default="", info=long_text(1000))
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus, "request_status"), default=RequestStatus.PENDING
    )
    earliest: Mapped[time | None] = mapped_column(Time)
    latest: Mapped[time | None] = mapped_column(Time)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)

    from_participant: Mapped[Participant] = relationship(
        foreign_keys=[from_participant_id], viewonly=True
    )
    to_participant: Mapped[Participant] = relationship(
        foreign_keys=[to_participant_id], viewonly=True
    )


class ScheduleVersion(Base):
    """A timetable of an event: the draft being worked on, or a frozen, published release."""

    __tablename__ = "schedule_version"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        UniqueConstraint("id", "event_id"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(
            "frozen_before IS NULL OR frozen_before >= 1", name="frozen_before_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    # Non-empty when the app named the version: `name` is then a template marked by N_
    # ("repair of %(num)d") and these its values, so that each reader sees it in their
    # language (i18n.version_name); a name staff type is kept as typed, without values.
    name_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    status: Mapped[ScheduleStatus] = mapped_column(
        enum_column(ScheduleStatus, "schedule_status"), default=ScheduleStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A fair-day repair's freeze point: the first slot it could change; the slots before
    # stay as published (the verifier holds the version to it). None: not a repair.
    frozen_before: Mapped[int | None] = mapped_column(Integer)
    # No schedule of these meetings has fewer breaks: what the scheduler proved when it
    # made the version (None: made by hand, by a repair, or before bounds were kept).
    breaks_bound: Mapped[int | None] = mapped_column(Integer)

    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="schedule", cascade="all, delete-orphan", passive_deletes=True
    )


class Meeting(Base):
    """A 1:1 meeting of two firms at one table in one slot of one schedule version.

    The pair is stored in canonical order (a < b) so that the database can refuse a second
    meeting of the same pair in a schedule. Construct it with both participant ids and the
    slot: the attendee rows that guard against double booking are made with it.
    """

    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("participant_a_id < participant_b_id", name="pair_ordered"),
        CheckConstraint("slot >= 1", name="slot_positive"),
        UniqueConstraint("schedule_id", "participant_a_id", "participant_b_id"),
        UniqueConstraint("schedule_id", "slot", "table_id"),
        UniqueConstraint("id", "schedule_id", "slot"),
        UniqueConstraint("schedule_id", "slot", "interpreter_id"),  # one meeting at a time
        in_same_event("schedule_id", "schedule_version"),
        in_same_event("participant_a_id", "participant"),
        in_same_event("participant_b_id", "participant"),
        in_same_event("table_id", "event_table", ondelete=None),
        in_same_event("interpreter_id", "event_interpreter", ondelete=None),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    schedule_id: Mapped[int] = mapped_column(Integer)
    participant_a_id: Mapped[int] = mapped_column(Integer)
    participant_b_id: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    table_id: Mapped[int] = mapped_column(Integer)
    interpreter_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.SCHEDULED
    )
    source: Mapped[MeetingSource] = mapped_column(
        enum_column(MeetingSource, "meeting_source"), default=MeetingSource.AUTO
    )
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_request.id", ondelete="SET NULL")
    )
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012 - SQLAlchemy's own hook

    schedule: Mapped[ScheduleVersion] = relationship(back_populates="meetings")
    participant_a: Mapped[Participant] = relationship(
        foreign_keys=[participant_a_id], viewonly=True
    )
    participant_b: Mapped[Participant] = relationship(
        foreign_keys=[participant_b_id], viewonly=True
    )
    table: Mapped[EventTable] = relationship(foreign_keys=[table_id], viewonly=True)
    interpreter: Mapped[EventInterpreter | None] = relationship(
        foreign_keys=[interpreter_id], viewonly=True
    )
    attendees: Mapped[list[MeetingAttendee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        first, second = sorted((self.participant_a_id, self.participant_b_id))
        self.participant_a_id, self.participant_b_id = first, second
        self.attendees = [
            MeetingAttendee(participant_id=first),
            MeetingAttendee(participant_id=second),
        ]


class MeetingAttendee(Base):
    """One firm's seat in a meeting; unique per (schedule, slot, firm): no double booking."""

    __tablename__ = "meeting_attendee"
    __table_args__ = (
        UniqueConstraint("schedule_id", "slot", "participant_id"),
        ForeignKeyConstraint(
            ["meeting_id", "schedule_id", "slot"],
            ["meeting.id", "meeting.schedule_id", "meeting.slot"],
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
    )

    meeting_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    schedule_id: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
