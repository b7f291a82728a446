"""Stored encoder vectors of firms' texts, so that a recommendation run encodes only the texts
that are new or changed (a fair of 20,000 firms is encoded once, not at every run)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base


class TextVector(Base):
    """The vector one encoder gave one text of an event's firms (`digest`: SHA-256 of the text
    as it was encoded, `vector`: float32, little-endian). Kept per event and deleted with it;
    a run deletes the vectors of texts no firm uses any more, and erasing a firm's data
    deletes those of its texts at once (services/text_vectors.py)."""

    __tablename__ = "text_vector"
    __table_args__ = (UniqueConstraint("event_id", "encoder", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    encoder: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
