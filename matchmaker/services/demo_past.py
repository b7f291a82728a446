"""A past demo fair as it was held (issue 22): its published timetable, the firms the desk
noted absent, and its follow-up rounds with the firms' answers, from the `[past]` table of
its settings file (matchmaker/demo/barleben_2026.toml), through the services the pages use,
so that the committee's report has a fair to report on."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
)
from matchmaker.models.base import utcnow
from matchmaker.services.follow_up import Rating, add_round, save_ratings


def load_past(session: Session, event: Event, past: dict[str, Any], source: str) -> int:
    """The fair's timetable published as version 1, its absent firms, and its rounds with
    their answers. Returns how many answers were stored."""
    firms = {p.external_id: p for p in event.participants}

    def firm(key: str) -> Participant:
        if key not in firms:
            raise ValueError(f"{source}: no firm {key!r} in the fair's profiles")
        return firms[key]

    for key in past.get("absent", []):
        firm(key).no_show = True
    version = ScheduleVersion(event_id=event.id, number=1, status=ScheduleStatus.PUBLISHED,
                              published_at=utcnow(), name="2026")  # fmt: skip
    session.add(version)
    session.flush()
    tables = {t.number: t.id for t in event.tables}
    for m in past.get("meetings", []):
        a, b = sorted((firm(m["a"]), firm(m["b"])), key=lambda p: p.id)
        wished = RequestStatus.ACCEPTED  # every meeting held had been asked for and accepted
        session.add(MeetingRequest(event_id=event.id, from_participant_id=a.id,
                                   to_participant_id=b.id, status=wished))  # fmt: skip
        session.add(Meeting(event_id=event.id, schedule_id=version.id, participant_a_id=a.id,
                            participant_b_id=b.id, slot=m["slot"],
                            table_id=tables[m["table"]]))  # fmt: skip
    session.flush()
    stored = 0
    for spec in past.get("follow_up", []):
        chosen = add_round(session, event, spec["months"])
        for answer in spec.get("answers", []):
            rating = Rating(Outcome(answer["outcome"]), answer.get("comment", ""),
                            bool(answer.get("named", False)))  # fmt: skip
            save_ratings(session, chosen, firm(answer["firm"]),
                         {firm(answer["partner"]).id: rating}, chosen.opens_on)  # fmt: skip
            stored += 1
        chosen.mailed_at = utcnow()  # the round was asked, long ago
    return stored
