"""The staff dashboard's figures (services/statistics.py), called directly on a real database
and recomputed here from the rows the test made: firms by sector, group and country, requests
by answer and the share accepted, meetings per firm, the tables' use per slot and the firms'
breaks in the published timetable; for the whole fair and for one organisation's recruits."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import (
    MeetingRequest,
    ParticipantStatus,
    RequestStatus,
    ScheduleStatus,
)
from matchmaker.services.statistics import dashboard
from tests.factories import Firms, create_open_event, create_participant, create_version


@pytest.fixture
def fair(session: Session) -> Firms:
    """A (Börde, DE, Pflege and Medizintechnik), B (Omsk, RU, Pflege), C (no group or
    country) and the withdrawn D. Published: A-B at slot 1, A-C at 3, B-C at 4; so A waits
    one slot, B two slots in a row (one break each), C none. A draft has more meetings."""
    event = create_open_event(session)
    sectors = {s.name: s for s in event.sectors}
    host, delegation = event.groups
    a = create_participant(session, event, "DE-A", group_id=host.id, country="DE",
                           sectors=[sectors["Pflege"], sectors["Medizintechnik"]])  # fmt: skip
    b = create_participant(session, event, "RU-B", group_id=delegation.id, country="RU",
                           sectors=[sectors["Pflege"]])  # fmt: skip
    c = create_participant(session, event, "XX-C")
    d = create_participant(session, event, "DE-D", country="DE",
                           status=ParticipantStatus.WITHDRAWN)  # fmt: skip
    for sender, receiver, status in [
        (a, b, RequestStatus.ACCEPTED),
        (b, c, RequestStatus.DECLINED),
        (c, a, RequestStatus.PENDING),
        (d, a, RequestStatus.WITHDRAWN),
        (b, d, RequestStatus.DECLINED),
    ]:
        session.add(MeetingRequest(event_id=event.id, from_participant_id=sender.id,
                                   to_participant_id=receiver.id, status=status))  # fmt: skip
    create_version(session, event, [(a, b, 1, 1), (a, c, 3, 1), (b, c, 4, 2)])
    create_version(session, event, [(a, b, 2, 1), (a, c, 5, 1), (b, c, 6, 2)],
                   status=ScheduleStatus.DRAFT)  # fmt: skip
    return Firms(event, {"A": a, "B": b, "C": c})


def test_the_figures_of_the_whole_fair(session: Session, fair: Firms) -> None:
    board = dashboard(session, fair.event)
    assert board.firms == 3  # not the withdrawn one
    assert sorted((s.name, n) for s, n in board.by_sector) == [
        ("Medizintechnik", 1), ("Pflege", 2),
    ]  # fmt: skip
    assert sorted((g.name if g else "", n) for g, n in board.by_group) == [
        ("", 1), ("Börde", 1), ("Omsk", 1),
    ]  # fmt: skip
    assert sorted(board.by_country) == [("DE", 1), ("RU", 1), ("—", 1)]
    assert board.requests == [
        (RequestStatus.PENDING, 1),
        (RequestStatus.ACCEPTED, 1),
        (RequestStatus.DECLINED, 2),
        (RequestStatus.WITHDRAWN, 1),
    ]
    assert board.acceptance == pytest.approx(1 / 3)
    assert board.meetings_per_firm == [("0", 0), ("1", 0), ("2", 3)]
    assert board.table_use == [
        ("09:00", 1), ("09:20", 0), ("09:40", 1), ("10:00", 1), ("10:20", 0), ("10:40", 0),
    ]  # fmt: skip
    assert board.tables == 3
    assert board.breaks == [("0", 1), ("1", 2)]  # C none; A and B one each


def test_the_figures_of_one_organisations_recruits(session: Session, fair: Firms) -> None:
    board = dashboard(session, fair.event, only={fair.a.id})
    assert (board.firms, board.by_country) == (1, [("DE", 1)])
    assert dict(board.requests) == {
        RequestStatus.PENDING: 1,
        RequestStatus.ACCEPTED: 1,
        RequestStatus.DECLINED: 0,
        RequestStatus.WITHDRAWN: 1,
    }
    assert board.acceptance == 1.0
    assert board.meetings_per_firm == [("0", 0), ("1", 0), ("2", 1)]
    assert [n for _, n in board.table_use] == [1, 0, 1, 0, 0, 0]
    assert board.breaks == [("0", 0), ("1", 1)]


def test_before_publication_no_timetable_figures(session: Session) -> None:
    event = create_open_event(session)
    create_participant(session, event, "A")
    board = dashboard(session, event)
    assert (board.firms, board.acceptance) == (1, None)
    assert (board.meetings_per_firm, board.table_use, board.breaks) == ([], [], [])
