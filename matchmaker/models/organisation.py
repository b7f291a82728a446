"""Who runs fairs: organisations (an economic development office, a chamber, an agency),
the staff who belong to them, and each event's organisers with their role on it.

An event has exactly one owning organisation (a partial unique index) and any number of
co-organisers. What a role allows is decided in `services.organisations`; these are records.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, enum_column, utcnow


class EventRole(enum.Enum):
    """An organisation's role on one event, from most to least allowed."""

    OWNER = "owner"  # everything, publishing and deleting included
    ORGANISER = "organiser"  # settings, firms, matching, timetable
    SUPPORTER = "supporter"  # reads, exports, the fair-day desk


class Organisation(Base):
    """An office that runs or co-runs fairs. `sender_name` and `reply_to` go on the mails of
    its fairs (empty: the installation's)."""

    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint("name <> ''", name="name_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    sender_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    reply_to: Mapped[str] = mapped_column(String(254), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Membership(Base):
    """A staff account belongs to an organisation (one account may belong to several)."""

    __tablename__ = "membership"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EventOrganiser(Base):
    """An organisation's role on an event: its owner, or a co-organiser."""

    __tablename__ = "event_organiser"
    __table_args__ = (
        Index(
            "uq_event_organiser_one_owner",
            "event_id",
            unique=True,
            sqlite_where=text("role = 'owner'"),
            postgresql_where=text("role = 'owner'"),
        ),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[EventRole] = mapped_column(enum_column(EventRole, "event_role"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EventInvitation(Base):
    """An invitation, mailed to `email`, to co-organise an event with `role` (never owner).

    Only the SHA-256 of the link's token is stored. Whoever opens the link signed in as a
    staff account chooses which of the account's organisations accepts; `organisation_id`
    and `accepted_at` record that. `locale` is the language the mail was written in.
    """

    __tablename__ = "event_invitation"
    __table_args__ = (CheckConstraint("role <> 'owner'", name="not_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[EventRole] = mapped_column(enum_column(EventRole, "event_role"))
    locale: Mapped[str] = mapped_column(String(5), default="de")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
