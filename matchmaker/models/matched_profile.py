"""What each firm's partner list was last computed from, so that the next run of a fair scores
only the firms that changed since (core/matching/update.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base


class MatchedProfile(Base):
    """One firm in the last whole-fair recommendation run: `fingerprint` is the SHA-256 of what
    its scores depend on (its texts, group and organisation), `basis` that of the run's rules
    and scorer. A firm whose fingerprint differs, or a run on another basis, is scored anew.
    `reserve`: the partners that follow its shown list (core/matching/update.py `RESERVE`), as
    [partner id, score, forward, backward, peer, mutual]; `floor`: the highest score a
    partner on neither may have (None: every partner worth listing is on one).
    Derived data: deleted with the firm or the event, rebuilt by the next whole run."""

    __tablename__ = "matched_profile"
    __table_args__ = (UniqueConstraint("event_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    fingerprint: Mapped[str] = mapped_column(String(64))
    basis: Mapped[str] = mapped_column(String(64))
    reserve: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    floor: Mapped[float | None] = mapped_column(Float)
