"""Themed-table seating (Thementische): which firm sits at which table in which round."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, in_same_event


class TableSeat(Base):
    """A firm's seat at a themed table in one round; a firm sits once per round."""

    __tablename__ = "table_seat"
    __table_args__ = (
        UniqueConstraint("event_id", "round", "participant_id"),
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint("table_number >= 1", name="table_positive"),
        in_same_event("participant_id", "participant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    table_number: Mapped[int] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(200), default="")
    participant_id: Mapped[int] = mapped_column(Integer)
