"""Attempts at public forms (registering, re-sending a link), counted per network address
and per e-mail address so that a limit holds across all web processes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, utcnow


class ThrottleHit(Base):
    """One attempt: which limit it counts against (`scope`, e.g. `register-address`) and
    whose (`key`: a keyed hash of the address, never the address itself)."""

    __tablename__ = "throttle_hit"
    __table_args__ = (Index("ix_throttle_hit_scope_key_at", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
