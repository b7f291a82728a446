"""Before staff publish a version (services/publishing.py), called directly on a real
database: what it changes meeting by meeting against the published timetable, the warnings
staff must confirm (no meeting, cancelling every published one, fewer meetings than the
wishes allow, broken rules) and, for an empty timetable, why and what next."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import (
    MeetingRequest,
    Participant,
    ParticipantStatus,
    Recommendation,
    RequestStatus,
    ScheduleStatus,
)
from matchmaker.services.publishing import empty_reasons, meeting_changes, publish_warnings
from matchmaker.services.schedules import version_report
from tests.factories import Firms, create_event, create_firms, create_participant, create_version

DRAFT = ScheduleStatus.DRAFT


@pytest.fixture
def fair(session: Session) -> Firms:
    """A fair with four firms."""
    return create_firms(session, create_event(session), "ABCD")


def _ask(session: Session, a: Participant, b: Participant, status: RequestStatus) -> None:
    session.add(MeetingRequest(event_id=a.event_id, from_participant_id=a.id,
                               to_participant_id=b.id, status=status))  # fmt: skip
    session.flush()


def _warnings(session: Session, fair: Firms, *meetings: tuple[Participant, Participant, int],
              ) -> list[str]:  # fmt: skip
    version = create_version(session, fair.event, [(a, b, s, 1) for a, b, s in meetings],
                             status=DRAFT)  # fmt: skip
    report = version_report(session, fair.event, version)
    return [str(w) for w in publish_warnings(session, fair.event, version, report)]


def test_before_the_first_publication_every_meeting_is_new(session: Session, fair: Firms) -> None:
    draft = create_version(session, fair.event, [(fair.c, fair.d, 2, 1), (fair.a, fair.b, 1, 2)],
                           status=DRAFT)  # fmt: skip
    changes = meeting_changes(session, fair.event, draft)
    assert [(c.a, c.b, c.kind, c.after) for c in changes] == [  # in the order of the day
        ("Firma A", "Firma B", "new", changes[0].after),
        ("Firma C", "Firma D", "new", changes[1].after),
    ]
    first = changes[0].after
    assert first is not None
    assert (first.start, first.slot, first.table) == (time(9, 0), 1, "2")


def test_what_publishing_a_version_changes(session: Session, fair: Firms) -> None:
    a, b, c, d = fair.a, fair.b, fair.c, fair.d
    published = create_version(session, fair.event, [(a, b, 1, 1), (c, d, 2, 1), (a, c, 3, 1)])
    draft = create_version(session, fair.event, [(a, b, 1, 1), (c, d, 4, 2), (b, d, 5, 1)],
                           status=DRAFT)  # fmt: skip
    changes = meeting_changes(session, fair.event, draft)
    found = {
        (x.a, x.b): (
            x.kind,
            (x.before.slot, x.before.table) if x.before else None,
            (x.after.slot, x.after.table) if x.after else None,
        )
        for x in changes
    }
    assert found == {  # A-B stays where it was: no change
        ("Firma C", "Firma D"): ("moved", (2, "1"), (4, "2")),
        ("Firma A", "Firma C"): ("cancelled", (3, "1"), None),
        ("Firma B", "Firma D"): ("new", None, (5, "1")),
    }
    assert [x.pair for x in changes] == [  # in the order of the day: by the earlier place
        frozenset((c.id, d.id)), frozenset((a.id, c.id)), frozenset((b.id, d.id)),
    ]  # fmt: skip
    assert meeting_changes(session, fair.event, published) == []


def test_a_version_without_meetings_is_questioned(session: Session, fair: Firms) -> None:
    create_version(session, fair.event, [(fair.a, fair.b, 1, 1), (fair.c, fair.d, 1, 2)])
    warnings = _warnings(session, fair)
    assert warnings == [
        "This version places no meeting: every firm would get an empty agenda.",
        "It would cancel all 2 meetings of the published version 1.",
    ]


def test_fewer_meetings_than_the_wishes_allow_are_questioned(session: Session, fair: Firms) -> None:
    _ask(session, fair.a, fair.b, RequestStatus.ACCEPTED)
    _ask(session, fair.c, fair.d, RequestStatus.ACCEPTED)
    assert _warnings(session, fair, (fair.a, fair.b, 1), (fair.c, fair.d, 2)) == []
    assert _warnings(session, fair, (fair.a, fair.b, 1)) == [
        "This version places 1 of 2 wishes; up to 2 could be placed."
    ]


def test_broken_rules_are_questioned(session: Session, fair: Firms) -> None:
    _ask(session, fair.a, fair.b, RequestStatus.ACCEPTED)
    fair.a.available_from = time(10, 0)
    session.flush()
    warnings = _warnings(session, fair, (fair.a, fair.b, 1))
    assert warnings[-1] == "The check finds 1 broken rules (listed above)."


def test_why_a_timetable_is_empty_and_what_to_do(session: Session, fair: Firms) -> None:
    _ask(session, fair.a, fair.b, RequestStatus.PENDING)
    _ask(session, fair.c, fair.d, RequestStatus.DECLINED)
    reasons = [str(r) for r in empty_reasons(session, fair.event)]
    assert reasons[0].startswith("No meeting request is accepted yet (1 wait for an answer)")
    assert reasons[1].startswith("Next: remind the firms to answer")
    assert reasons[2].startswith("Next: compute recommendations")
    _ask(session, fair.b, fair.c, RequestStatus.ACCEPTED)
    session.add(Recommendation(event_id=fair.event.id, participant_id=fair.a.id,
                               partner_id=fair.d.id, rank=1, score=1.0, forward=0.5,
                               backward=0.5, peer=0.0, mutual=False, scorer="test"))  # fmt: skip
    session.flush()
    reasons = [str(r) for r in empty_reasons(session, fair.event)]
    assert reasons[0] == "1 accepted requests could not be placed: see the reasons below."
    assert reasons[-1].startswith("Next: generate again and add each firm's best mutual")


def test_a_fair_without_two_firms_needs_firms_first(session: Session) -> None:
    event = create_event(session)
    create_participant(session, event, "A")
    create_participant(session, event, "W", status=ParticipantStatus.WITHDRAWN)
    assert [str(r) for r in empty_reasons(session, event)] == [
        "The fair has 1 firms taking part: import or approve firms first."
    ]
