"""The outbox: every mail the console sends to a firm (invitations, links, agenda notices), so
that staff see per firm what was sent, what failed and why, and can send failed mails again.

A row holds what is needed to build the mail again in the worker, never the mail itself: the
kind, the firm, the address and language chosen when it was queued, and a few figures
(`figures`, e.g. how many meetings changed). The firm's personal link is not stored: it is a
secret, derived again when the mail is sent (services/links.py).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, enum_column, in_same_event, utcnow


class MailKind(enum.Enum):
    INVITATION = "invitation"  # an imported firm is invited, with its personal link
    LINK = "link"  # staff sent the firm its link again (or a replaced one)
    AGENDA = "agenda"  # a published timetable changed the firm's agenda
    REQUEST = "request"  # another firm asked the firm for a meeting
    ANSWER = "answer"  # the firm's request was accepted or declined
    FOLLOW_UP = "follow_up"  # a follow-up round asks what came of the firm's meetings


class MailState(enum.Enum):
    QUEUED = "queued"  # waiting for the worker
    SENDING = "sending"  # a worker took it
    SENT = "sent"  # the mail server accepted it
    FAILED = "failed"  # not sent; `error` says why


class OutboxMail(Base):
    """One mail to a firm and how it went: state, attempts, when, and why it failed (an
    `N_` template in `error` with `error_values`, translated when shown)."""

    __tablename__ = "outbox_mail"
    __table_args__ = (
        in_same_event("participant_id", "participant"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("state <> 'sent' OR sent_at IS NOT NULL", name="sent_has_time"),
        CheckConstraint("state <> 'failed' OR error <> ''", name="failure_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(Integer, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    kind: Mapped[MailKind] = mapped_column(enum_column(MailKind, "mail_kind"))
    address: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(8))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[MailState] = mapped_column(
        enum_column(MailState, "mail_state"), default=MailState.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")  # an N_ template
    error_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempted_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
