"""Staff decisions about a pair of firms: they must meet, or must not."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, enum_column, in_same_event, utcnow


class PairRuleKind(enum.Enum):
    FORCE = "force"  # scheduled as a mutual wish of the highest priority
    FORBID = "forbid"  # never recommended, requested or scheduled


class PairRule(Base):
    __tablename__ = "pair_rule"
    __table_args__ = (
        UniqueConstraint("event_id", "a_id", "b_id"),
        CheckConstraint("a_id < b_id", name="pair_ordered"),
        in_same_event("a_id", "participant"),
        in_same_event("b_id", "participant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    a_id: Mapped[int] = mapped_column(Integer)
    b_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[PairRuleKind] = mapped_column(enum_column(PairRuleKind, "pair_rule_kind"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
