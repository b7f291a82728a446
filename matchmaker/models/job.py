"""Long staff actions (matching, scheduling) run by the worker process; a row says how far.

The `job` row is the record staff see; the queue (huey) only carries its id. While a run is
active its row holds the stage and share done, and a heartbeat the worker renews, so that a
run whose worker died can be told apart from a slow one. The database allows one active run
per event and kind (a partial unique index, on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, enum_column, utcnow


class JobStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
_ACTIVE_SQL = text("status IN ('queued', 'running')")


class Job(Base):
    """One background run: its kind, parameters, stage and progress (0..1, or None when
    unknown), the worker running it and its last sign of life, and the outcome: a message
    template with its values (translated on the page) and the figures."""

    __tablename__ = "job"
    __table_args__ = (
        Index(
            "uq_job_active_run",
            "event_id",
            "kind",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(
        enum_column(JobStatus, "job_status"), default=JobStatus.QUEUED
    )
    progress: Mapped[float | None] = mapped_column(Float)
    stage: Mapped[str] = mapped_column(String(200), default="")  # an N_ template
    message: Mapped[str] = mapped_column(Text, default="")  # an N_ template (or plain text)
    message_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    worker: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


class JobWorker(Base):
    """A running `matchmaker worker` process and when it last said it is alive: pages tell
    staff when queued runs wait for a worker that is not there."""

    __tablename__ = "job_worker"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)  # host:pid
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


QUEUE_TABLE_PREFIX = "huey_"  # the queue library's own tables (PostgreSQL only)


def described_by_models(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's `include_name`: compare every table but the queue library's, whose schema
    is huey's (made by migration 0014, not described here)."""
    return not (type_ == "table" and (name or "").startswith(QUEUE_TABLE_PREFIX))
