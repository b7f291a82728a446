"""After the fair (services/outcome.py), called directly on a real database: a firm answers
only about partners of its published agenda, a follow-up or cooperation counts only for a
meeting held, answers replace earlier ones; the committee report's figures, recomputed here
from the rows the test made, for the whole fair and for one organisation's recruits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import Event, Participant, ScheduleStatus
from matchmaker.models.base import utcnow
from matchmaker.services.outcome import (
    Answer,
    Cooperation,
    FeedbackError,
    all_feedback,
    feedback_of,
    outcome_report,
    save_feedback,
)
from tests.factories import create_event, create_participant, create_version


@dataclass(frozen=True)
class Fair:
    event: Event
    a: Participant  # Börde
    b: Participant  # Omsk
    c: Participant  # Omsk
    d: Participant  # no group


@pytest.fixture
def fair(session: Session) -> Fair:
    """Published: A-B, A-C, C-D, B-D; a superseded draft had A-D (not counted)."""
    event = create_event(session)
    host, delegation = event.groups
    a = create_participant(session, event, "A", name="Firma A", group_id=host.id)
    b = create_participant(session, event, "B", name="Firma B", group_id=delegation.id)
    c = create_participant(session, event, "C", name="Firma C", group_id=delegation.id)
    d = create_participant(session, event, "D", name="Firma D")
    old = create_version(session, event, [(a, d, 1, 1)])
    old.status = ScheduleStatus.SUPERSEDED
    create_version(session, event, [(a, b, 1, 1), (a, c, 2, 1), (c, d, 3, 1), (b, d, 4, 1)])
    return Fair(event, a, b, c, d)


def test_answers_only_about_partners_of_the_published_agenda(session: Session, fair: Fair) -> None:
    with pytest.raises(FeedbackError):
        save_feedback(session, fair.a, {fair.d.id: Answer(True, False, False)})  # superseded
    with pytest.raises(FeedbackError):
        save_feedback(session, fair.a, {fair.a.id: Answer(True, False, False)})
    assert all_feedback(session, fair.event) == []


def test_nothing_follows_a_meeting_not_held_and_answers_replace_earlier_ones(
    session: Session, fair: Fair
) -> None:
    saved = save_feedback(session, fair.a, {
        fair.b.id: Answer(met=False, follow_up=True, cooperation=True, comment="  kam nicht "),
        fair.c.id: Answer(met=True, follow_up=True, cooperation=False),
    })  # fmt: skip
    assert saved == 2
    given = feedback_of(session, fair.a)
    b = given[fair.b.id]
    assert (b.met, b.follow_up, b.cooperation, b.comment) == (False, False, False, "kam nicht")
    save_feedback(session, fair.a, {fair.b.id: Answer(True, False, True, "doch")})
    again = feedback_of(session, fair.a)
    assert (again[fair.b.id].met, again[fair.b.id].cooperation) == (True, True)
    assert again[fair.c.id].follow_up  # not mentioned this time: kept
    assert len(all_feedback(session, fair.event)) == 2


def _answers(session: Session, fair: Fair) -> None:
    """A and B both say they met and work together; A says it did not meet C, C says they
    met; C and D agreed a follow-up; nobody answered about B-D. At the desk: A checked in,
    D did not come, C came late."""
    save_feedback(session, fair.a, {
        fair.b.id: Answer(True, True, True, "Vertrag"),
        fair.c.id: Answer(False, True, False),
    })  # fmt: skip
    save_feedback(session, fair.b, {fair.a.id: Answer(True, False, True, "Lieferung")})
    save_feedback(session, fair.c, {fair.a.id: Answer(True, False, False),
                                    fair.d.id: Answer(True, True, False)})  # fmt: skip
    fair.a.checked_in_at = utcnow()
    fair.d.no_show = True
    fair.c.arrives_at = time(9, 40)
    session.flush()


def test_the_committee_report_of_the_whole_fair(session: Session, fair: Fair) -> None:
    _answers(session, fair)
    report = outcome_report(session, fair.event)
    assert (report.meetings, report.firms) == (4, 4)
    assert (report.firms_answered, report.pairs_answered) == (3, 3)  # A, B, C; AB, AC, CD
    assert (report.met, report.follow_up, report.cooperation) == (3, 2, 1)
    assert report.by_groups == [("Börde – Omsk", 2, 1, 1), ("Omsk – —", 1, 1, 0)]
    assert report.cooperations == [Cooperation("Firma A", "Firma B", "Vertrag / Lieferung")]
    assert (report.checked_in, report.not_coming, report.late) == (1, 1, 1)


def test_the_report_of_one_organisations_recruits(session: Session, fair: Fair) -> None:
    _answers(session, fair)
    report = outcome_report(session, fair.event, only={fair.b.id})
    assert (report.meetings, report.firms) == (2, 1)  # A-B and B-D; B itself
    assert (report.firms_answered, report.pairs_answered) == (1, 1)
    assert (report.met, report.follow_up, report.cooperation) == (1, 1, 1)
    assert (report.checked_in, report.not_coming, report.late) == (0, 0, 0)
    none = outcome_report(session, create_event(session, "empty"))
    assert (none.meetings, none.firms, none.pairs_answered, none.cooperations) == (0, 0, 0, [])
