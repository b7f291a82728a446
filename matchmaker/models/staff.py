"""Staff accounts of the organising office."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, enum_column, utcnow


class StaffRole(enum.Enum):
    ADMIN = "admin"
    STAFF = "staff"


class StaffUser(Base):
    """A person who runs fairs; admins also manage staff. Only a password hash is stored.

    `session_epoch` is part of the id a login session (and a trusted-device cookie) carries:
    raising it ends every session of the account at once (password changed, admin's order).
    `demo` marks the development demo account, whose password is public: refused in
    production."""

    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint("session_epoch >= 0", name="session_epoch_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[StaffRole] = mapped_column(
        enum_column(StaffRole, "staff_role"), default=StaffRole.STAFF
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """Who changed what, when: one row per staff action that changes something. Rows stay
    when the staff account or the event goes (the ids are then emptied)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"), index=True
    )
    staff_email: Mapped[str] = mapped_column(String(254), default="")
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LoginFailure(Base):
    """One refused password (kind "password") or one mailed-link request (kind "mail"), by
    the network it came from, the account asked for (a SHA-256 of the normalised e-mail, kept
    for unknown addresses alike, so that limits tell nothing about which accounts exist) and
    the trusted-device cookie it carried, if any. Counted by `services.logins` to slow
    guessing down; rows older than a day are deleted as new ones come."""

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_address_at", "address", "at"),
        Index("ix_login_failure_account_at", "account", "at"),
        CheckConstraint("kind IN ('password', 'mail')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), default="password", server_default="password")
    address: Mapped[str] = mapped_column(String(45))
    account: Mapped[str] = mapped_column(String(64), default="", server_default="")
    device: Mapped[str] = mapped_column(String(32), default="", server_default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TokenPurpose(enum.Enum):
    SIGN_IN = "sign_in"
    RESET = "reset"


class StaffToken(Base):
    """A one-time link mailed to a staff member: to sign in without the password, or to set
    a new one. Only the SHA-256 of the random token is stored; a link works once (`used_at`)
    and until `expires_at`."""

    __tablename__ = "staff_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose, "token_purpose"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
