"""Personal data goes when a firm asks, and after the retention period.

What goes: the contact person, e-mail and phone, the free-text messages of its meeting
requests and the comments of its feedback; its personal link stops working and the firm
is withdrawn. What stays: the firm's name and business profile, which are not personal
data, and the counts the committee report is made of (met, follow-up, cooperation).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    MeetingFeedback,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    StaffUser,
)
from matchmaker.services.participants import new_access_token
from matchmaker.services.staff import record


def erase_personal_data(
    session: Session, participant: Participant, staff: StaffUser | None = None
) -> None:
    """Erase the firm's personal data now (in the caller's transaction)."""
    participant.contact_person = ""
    participant.email = ""
    participant.phone = ""
    participant.access_token = new_access_token()  # the old link opens nothing any more
    participant.submission_key = None
    participant.status = ParticipantStatus.WITHDRAWN
    session.execute(
        update(MeetingRequest)
        .where(
            or_(
                MeetingRequest.from_participant_id == participant.id,
                MeetingRequest.to_participant_id == participant.id,
            )
        )
        .values(message="")
    )
    session.execute(
        update(MeetingFeedback)
        .where(MeetingFeedback.participant_id == participant.id)
        .values(comment="")
    )
    session.flush()
    record(session, staff, "privacy.erase", event=participant.event,
           detail={"firm": participant.id})  # fmt: skip


def purge_expired(session: Session, days: int, today: date | None = None) -> int:
    """Erase the personal data of every firm of events that ended more than `days` ago;
    returns how many firms still had some."""
    cutoff = (today or date.today()) - timedelta(days=days)
    count = 0
    for event in session.scalars(select(Event).where(Event.date < cutoff)):
        for firm in event.participants:
            if firm.contact_person or firm.email or firm.phone:
                erase_personal_data(session, firm)
                count += 1
    return count
