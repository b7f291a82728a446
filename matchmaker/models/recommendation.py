"""Recommended partners per firm, as the matching core last computed them for an event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, in_same_event, utcnow


class Recommendation(Base):
    """One partner on a firm's list. `reason` holds the item pairs behind it
    ([{direction, offer, request, strength}]), so each page words it in its reader's language."""

    __tablename__ = "recommendation"
    __table_args__ = (
        UniqueConstraint("event_id", "participant_id", "rank"),
        UniqueConstraint("event_id", "participant_id", "partner_id"),
        CheckConstraint("participant_id <> partner_id", name="not_self"),
        CheckConstraint("rank >= 1", name="rank_positive"),
        in_same_event("participant_id", "participant"),
        in_same_event("partner_id", "participant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(Integer)
    partner_id: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    forward: Mapped[float] = mapped_column(Float)
    backward: Mapped[float] = mapped_column(Float)
    peer: Mapped[float] = mapped_column(Float)
    mutual: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    scorer: Mapped[str] = mapped_column(String(80))
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
