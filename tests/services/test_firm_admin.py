"""What staff see and decide about an event's firms (services/firm_admin.py), called directly
on a real database: the list narrowed by words, status and group and sorted, approving a
registration (logged; another event's firm refused), and the event's figures."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    MeetingRequest,
    ParticipantStatus,
    RequestStatus,
    ScheduleStatus,
)
from matchmaker.services.audit import audit_log
from matchmaker.services.firm_admin import (
    FirmNotFound,
    event_figures,
    list_firms,
    set_firm_status,
)
from matchmaker.services.staff import create_staff
from tests.factories import create_event, create_participant, create_version


def _firms(session: Session) -> Event:
    """Börde's Zander (RU contact), Omsk's Adler (registered), Mahler without group."""
    event = create_event(session)
    host, delegation = event.groups
    create_participant(session, event, "Z-1", name="Zander Pumpen", city="Barleben",
                       country="DE", group_id=host.id, offer="Infusionspumpen",
                       contact_person="Olga", created_at=datetime(2027, 1, 3))  # fmt: skip
    create_participant(session, event, "A-2", name="adler Mühle", city="Omsk", country="RU",
                       group_id=delegation.id, request="Pumpen für Getreide",
                       email="info@adler.example", status=ParticipantStatus.REGISTERED,
                       created_at=datetime(2027, 1, 1))  # fmt: skip
    create_participant(session, event, "M-3", name="Mahler Metall", city="Magdeburg",
                       country="DE", created_at=datetime(2027, 1, 2))  # fmt: skip
    return event


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("pumpen", ["adler Mühle", "Zander Pumpen"]),
        ("PUMPEN omsk", ["adler Mühle"]),
        ("olga", ["Zander Pumpen"]),
        ("adler.example", ["adler Mühle"]),
        ("m-3", ["Mahler Metall"]),
        ("pumpen magdeburg", []),
    ],
    ids=["offer-and-request", "every-word", "contact", "email", "spreadsheet-id", "none"],
)
def test_the_list_is_narrowed_by_words(session: Session, text: str, found: list[str]) -> None:
    event = _firms(session)
    assert [p.name for p in list_firms(session, event, text=text)] == found


def test_the_list_is_narrowed_by_status_and_group(session: Session) -> None:
    event = _firms(session)
    other = create_event(session, "other")
    create_participant(session, other, "X", name="Fremd AG")
    delegation = event.groups[1]
    names = [p.name for p in list_firms(session, event, status="approved")]
    assert names == ["Mahler Metall", "Zander Pumpen"]
    assert [p.name for p in list_firms(session, event, group_id=delegation.id)] == ["adler Mühle"]
    assert list_firms(session, event, status="approved", group_id=delegation.id) == []
    assert len(list_firms(session, event)) == 3  # not the other event's firm


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("name", ["adler Mühle", "Mahler Metall", "Zander Pumpen"]),
        ("country", ["Mahler Metall", "Zander Pumpen", "adler Mühle"]),
        ("group", ["Zander Pumpen", "adler Mühle", "Mahler Metall"]),
        ("registered", ["adler Mühle", "Mahler Metall", "Zander Pumpen"]),
        ("status", ["Mahler Metall", "Zander Pumpen", "adler Mühle"]),
        ("nonsense", ["adler Mühle", "Mahler Metall", "Zander Pumpen"]),
    ],
    ids=["name-any-case", "country", "group-none-last", "registered", "status", "unknown"],
)
def test_the_list_is_sorted(session: Session, sort: str, order: list[str]) -> None:
    event = _firms(session)
    assert [p.name for p in list_firms(session, event, sort=sort)] == order


def test_a_status_change_is_logged_and_another_events_firm_refused(session: Session) -> None:
    event = _firms(session)
    other = create_event(session, "other")
    stranger = create_participant(session, other, "X")
    staff = create_staff(session, "clerk@amt.example", "a-long-password-1")
    adler = list_firms(session, event, text="adler")[0]
    set_firm_status(session, event, adler.id, ParticipantStatus.APPROVED, staff)
    assert adler.status is ParticipantStatus.APPROVED
    entry = audit_log(session, event)[0]
    assert (entry.action, entry.subject, entry.detail) == (
        "firm.status",
        "adler Mühle",
        {"firm": adler.id, "before": "registered", "after": "approved"},
    )
    with pytest.raises(FirmNotFound):
        set_firm_status(session, event, stranger.id, ParticipantStatus.REJECTED, staff)
    assert stranger.status is ParticipantStatus.APPROVED


def test_the_figures_count_the_events_own_rows(session: Session) -> None:
    event = _firms(session)
    z, a, m = sorted(event.participants, key=lambda p: p.external_id, reverse=True)
    create_participant(session, event, "W", status=ParticipantStatus.WITHDRAWN)
    for sender, receiver, status in [
        (z, a, RequestStatus.ACCEPTED),
        (a, m, RequestStatus.PENDING),
        (m, z, RequestStatus.PENDING),
        (a, z, RequestStatus.DECLINED),
    ]:
        session.add(MeetingRequest(event_id=event.id, from_participant_id=sender.id,
                                   to_participant_id=receiver.id, status=status))  # fmt: skip
    create_version(session, event, [(z, a, 1, 1)])
    create_version(session, event, status=ScheduleStatus.DRAFT)
    other = create_event(session, "other")
    create_participant(session, other, "X")
    create_version(session, other)
    figures = event_figures(session, event)
    assert figures.by_status == {"registered": 1, "approved": 2, "rejected": 0, "withdrawn": 1}
    assert figures.requests == {"pending": 2, "accepted": 1, "declined": 1, "withdrawn": 0}
    assert figures.versions == 2
