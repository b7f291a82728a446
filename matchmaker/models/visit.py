"""Company visits (issue 21): local firms that offer to host the delegation, when they can,
and the planned versions of a day of visits."""

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
from matchmaker.models.participant import ParticipantStatus, new_link_salt

if TYPE_CHECKING:
    from matchmaker.models.event import Event
    from matchmaker.models.programme import ProgrammeItem


class VisitHost(Base):
    """A local firm that offers a company visit: who it is and what it offers and seeks (the
    matcher scores it against each member's firm), where (`address`, `lat`, `lon`), how many
    visitors at most, how long a visit lasts, the languages spoken there, and its contact,
    who gets the notice of who comes when. Staff approve it before the planner uses it."""

    __tablename__ = "visit_host"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("duration_minutes >= 1", name="duration_positive"),
        CheckConstraint("lat IS NULL OR (lat >= -90 AND lat <= 90)", name="lat_valid"),
        CheckConstraint("lon IS NULL OR (lon >= -180 AND lon <= 180)", name="lon_valid"),
        UniqueConstraint("event_id", "submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    offer: Mapped[str] = mapped_column(Text, default="", info=long_text())
    request: Mapped[str] = mapped_column(Text, default="", info=long_text())
    description: Mapped[str] = mapped_column(Text, default="", info=long_text())
    website: Mapped[str] = mapped_column(String(300), default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    locale: Mapped[str | None] = mapped_column(String(5))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    capacity: Mapped[int] = mapped_column(Integer, default=12)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    status: Mapped[ParticipantStatus] = mapped_column(
        enum_column(ParticipantStatus, "visit_host_status"), default=ParticipantStatus.REGISTERED
    )
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    submission_key: Mapped[str | None] = mapped_column(String(64))
    link_salt: Mapped[str] = mapped_column(String(32), default=new_link_salt)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # When staff last mailed the host its notice of a published plan, and of which plan.
    notified_at: Mapped[datetime | None] = mapped_column(DateTime)
    notified_plan_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    windows: Mapped[list[VisitHostWindow]] = relationship(
        back_populates="host",
        cascade="all, delete-orphan",
        order_by="(VisitHostWindow.day, VisitHostWindow.start)",
    )


class VisitHostWindow(Base):
    """When a host can take a visit on a day (the whole visit inside). A host with no window
    can take one at any time of any day of visits."""

    __tablename__ = "visit_host_window"
    __table_args__ = (CheckConstraint("end_time > start", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(
        ForeignKey("visit_host.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    start: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)

    host: Mapped[VisitHost] = relationship(back_populates="windows")


class VisitPlanState(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class VisitPlanVersion(Base):
    """A numbered plan of one day of visits: the groups, their members and interpreter, the
    visits in order with their times, and lunch (`plan`, the core's VisitPlan as JSON with
    the database ids as strings), what it gains (`relevance_total`) beside the greedy
    baseline, and how it came about (`origin`: planner, hand, change on the day). At most one
    version of an item is published; publishing supersedes the one before."""

    __tablename__ = "visit_plan"
    __table_args__ = (
        UniqueConstraint("item_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("programme_item.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[VisitPlanState] = mapped_column(
        enum_column(VisitPlanState, "visit_plan_state"), default=VisitPlanState.DRAFT
    )
    origin: Mapped[str] = mapped_column(String(40), default="planner")
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    relevance_total: Mapped[float] = mapped_column(Float, default=0.0)
    baseline_total: Mapped[float | None] = mapped_column(Float)
    seconds: Mapped[float | None] = mapped_column(Float)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)

    item: Mapped[ProgrammeItem] = relationship()
