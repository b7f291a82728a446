"""Shared by the fair-day tests: the desk's login, a fair day in the console and the desk's
actions, and the late-arrival day of issue 16 (a published timetable with a coffee break)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    EventBreak,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
)
from matchmaker.models.base import utcnow
from tests.conftest import csrf_token
from tests.factories import create_open_event, create_participant

LOGIN = ("desk@amt.example", "desk-password-1")


@dataclass(frozen=True)
class Day:
    app: Flask
    web: FlaskClient
    ids: dict[str, int]


def token(d: Day) -> str:
    return csrf_token(d.web.get("/staff/e/tag/desk").get_data(as_text=True))


def desk(d: Day, key: str, action: str, at: str = "") -> int:
    return d.web.post(
        f"/staff/e/tag/desk/{d.ids[key]}/{action}", data={"csrf_token": token(d), "at": at}
    ).status_code


# Issue 16, the fair day: a published timetable with a coffee break as at the demo fair.
NAMES = {
    "A": "Getreidemühle Hadmersleben",
    "B": "АО «Агрохолдинг Иртыш»",
    "C": "ООО «Омская мельница»",
    "D": "Firma D",
    "E": "Firma E",
    "F": "Firma F",
}
LATE_DAY = {  # 09:30 09:50 10:10 10:30 10:50 | 11:10 coffee | 11:30 11:50 12:10
    ("A", "D"): (1, 1), ("B", "E"): (1, 2), ("A", "E"): (2, 1), ("B", "F"): (4, 1),
    ("A", "C"): (5, 1), ("A", "B"): (6, 1), ("C", "D"): (6, 2), ("B", "C"): (7, 1),
    ("E", "F"): (8, 1),
}  # fmt: skip
STARTS = {1: "09:30", 2: "09:50", 3: "10:10", 4: "10:30", 5: "10:50", 6: "11:30", 7: "11:50",
          8: "12:10"}  # fmt: skip


def plant_late_day(session: Session) -> dict[str, int]:
    """Event "tag": Getreidemühle (A) meets Иртыш (B) at 11:30 and Омская мельница (C) at
    10:50 in the published version 1 (LATE_DAY); committed. Returns the firms' ids."""
    event = create_open_event(session, "tag", first_slot_start=time(9, 30), slot_count=8)
    event.breaks = [EventBreak(start=time(11, 10), end_time=time(11, 30), label="Kaffee")]
    firms = {
        k: create_participant(session, event, k, name=name, city="Omsk" if k in "BC" else "")
        for k, name in NAMES.items()
    }
    publish_day(session, event, firms, LATE_DAY)
    session.commit()
    return {k: f.id for k, f in firms.items()}


def publish_day(
    session: Session,
    event: Event,
    firms: Mapping[str, Participant],
    meetings: Mapping[tuple[str, str], tuple[int, int]],
    wanted: Sequence[tuple[str, str]] = (),
) -> None:
    """Accepted requests for the meetings' pairs and the `wanted` ones, and the meetings
    ((firm, firm) -> (slot, table number)) as the event's published version 1."""
    for a, b in [*meetings, *wanted]:
        session.add(
            MeetingRequest(
                event_id=event.id,
                from_participant_id=firms[a].id,
                to_participant_id=firms[b].id,
                status=RequestStatus.ACCEPTED,
            )
        )
    version = ScheduleVersion(
        event_id=event.id, number=1, status=ScheduleStatus.PUBLISHED, published_at=utcnow()
    )
    session.add(version)
    session.flush()
    tables = {t.number: t.id for t in event.tables}
    for (a, b), (slot, table) in meetings.items():
        session.add(
            Meeting(
                event_id=event.id,
                schedule_id=version.id,
                participant_a_id=firms[a].id,
                participant_b_id=firms[b].id,
                slot=slot,
                table_id=tables[table],
            )
        )
