"""What a firm says after the fair about each partner it was scheduled to meet."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, in_same_event, long_text, utcnow


class MeetingFeedback(Base):
    """One firm's answer about one partner: did they meet, agree a follow-up, start working
    together. The committee report counts these."""

    __tablename__ = "meeting_feedback"
    __table_args__ = (
        UniqueConstraint("event_id", "participant_id", "partner_id"),
        CheckConstraint("participant_id <> partner_id", name="not_self"),
        in_same_event("participant_id", "participant"),
        in_same_event("partner_id", "participant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(Integer)
    partner_id: Mapped[int] = mapped_column(Integer)
    met: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    cooperation: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str] = mapped_column(Text, default="", info=long_text())
    answered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
