"""Follow-up rounds months after the fair: each firm rates, per meeting held, what came of it
(the ladder of `Outcome`), so that organisers can show their committee what the fair brought."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.models.base import Base, enum_column, in_same_event, long_text, utcnow


class Outcome(enum.Enum):
    """What came of a meeting, in the order of the ladder (each step further than the last)."""

    NO_CONTACT = "no_contact"  # no further contact
    KNOWLEDGE = "knowledge"  # no further contact, but knowledge gained
    VALUABLE = "valuable"  # a valuable contact for future projects
    NEGOTIATION = "negotiation"  # negotiations started
    AGREEMENT = "agreement"  # a cooperation agreement reached

    @property
    def step(self) -> int:
        """0 for no contact up to 4 for an agreement."""
        return list(Outcome).index(self)


class FollowUpRound(Base):
    """A round of the follow-up: opened `months` after the fair's last day (`opens_on`), open
    until `closes_on`; the mails to the firms go out when it opens (`mailed_at`), then at most
    two reminders (`reminders`, the last at `reminded_at`) to firms with meetings unrated."""

    __tablename__ = "follow_up_round"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        CheckConstraint("closes_on > opens_on", name="closes_after_it_opens"),
        CheckConstraint("reminders BETWEEN 0 AND 2", name="at_most_two_reminders"),
        CheckConstraint("months BETWEEN 1 AND 36", name="months_one_to_36"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    months: Mapped[int] = mapped_column(Integer)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    mailed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    answers: Mapped[list[FollowUpAnswer]] = relationship(
        back_populates="round", cascade="all, delete-orphan", passive_deletes=True
    )


class FollowUpAnswer(Base):
    """One firm's rating of one meeting held, in one round; `named`: the firm agrees to be
    named in the organisers' success stories; `recorded_by`: the staff member who entered it
    on the firm's behalf (a phone call), else None."""

    __tablename__ = "follow_up_answer"
    __table_args__ = (
        UniqueConstraint("round_id", "participant_id", "partner_id"),
        CheckConstraint("participant_id <> partner_id", name="not_self"),
        in_same_event("participant_id", "participant"),
        in_same_event("partner_id", "participant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("follow_up_round.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(Integer)
    partner_id: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome, "follow_up_outcome"))
    comment: Mapped[str] = mapped_column(Text, default="", info=long_text(2000))
    named: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    answered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    round: Mapped[FollowUpRound] = relationship(back_populates="answers")
