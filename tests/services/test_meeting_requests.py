"""Firms asking each other for meetings (services/meeting_requests.py), called directly on a
real database: a request made and answered, an identical second one refused, two firms asking
each other make one accepted request, a declined firm is not asked again, the request limit,
every refusal with its code, and the lists a firm sees."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.models import (
    EventState,
    MeetingRequest,
    PairRule,
    PairRuleKind,
    ParticipantStatus,
    RequestStatus,
)
from matchmaker.services.meeting_requests import (
    RequestError,
    answer_request,
    request_lists,
    request_state,
    requests_open,
    send_request,
    waiting_count,
    withdraw_request,
)
from tests.factories import Firms, create_firms, create_open_event, create_participant


@pytest.fixture
def fair(session: Session) -> Firms:
    """An open fair (at most 3 open requests per firm) with five approved firms."""
    return create_firms(session, create_open_event(session), "ABCDE")


def _code(call: Callable[..., object], *args: object, **kwargs: object) -> str:
    """The code `call` is refused with."""
    with pytest.raises(RequestError) as refused:
        call(*args, **kwargs)
    return refused.value.code


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(MeetingRequest)) or 0)


def test_a_request_is_made_answered_and_not_made_twice(session: Session, fair: Firms) -> None:
    asked = send_request(session, fair.a, fair.b.id, priority=3, message="Guten Tag")
    assert (asked.status, asked.priority, asked.message) == (RequestStatus.PENDING, 3, "Guten Tag")
    assert waiting_count(session, fair.b) == 1
    assert _code(send_request, session, fair.a, fair.b.id) == "duplicate"
    assert _code(answer_request, session, fair.a, asked.id, True) == "unknown"  # not A's to answer
    answered = answer_request(session, fair.b, asked.id, accept=True)
    assert answered.status is RequestStatus.ACCEPTED
    assert answered.answered_at is not None
    assert waiting_count(session, fair.b) == 0
    assert _code(send_request, session, fair.a, fair.b.id) == "duplicate"
    assert _code(send_request, session, fair.b, fair.a.id) == "duplicate"  # accepted both ways
    assert _code(answer_request, session, fair.b, asked.id, False) == "not_pending"
    assert _count(session) == 1


def test_two_firms_asking_each_other_make_one_accepted_request(
    session: Session, fair: Firms
) -> None:
    first = send_request(session, fair.a, fair.b.id)
    second = send_request(session, fair.b, fair.a.id)
    assert second.id == first.id
    assert second.status is RequestStatus.ACCEPTED
    assert _count(session) == 1


def test_a_declined_firm_is_not_asked_again_but_a_withdrawn_request_may_be_renewed(
    session: Session, fair: Firms
) -> None:
    declined = send_request(session, fair.a, fair.b.id)
    answer_request(session, fair.b, declined.id, accept=False)
    assert _code(send_request, session, fair.a, fair.b.id) == "declined"
    mine = send_request(session, fair.a, fair.c.id, priority=1)
    withdrawn = withdraw_request(session, fair.a, mine.id)
    assert withdrawn.status is RequestStatus.WITHDRAWN
    assert _code(withdraw_request, session, fair.a, mine.id) == "not_pending"
    assert _code(answer_request, session, fair.c, mine.id, True) == "not_pending"
    again = send_request(session, fair.a, fair.c.id, priority=3)
    assert (again.id, again.status, again.priority, again.answered_at) == (
        mine.id, RequestStatus.PENDING, 3, None,
    )  # fmt: skip


def test_the_limit_counts_open_requests(session: Session, fair: Firms) -> None:
    """Three open requests at most: pending and accepted count, withdrawn and declined not;
    accepting another's request costs nothing."""
    to_b = send_request(session, fair.a, fair.b.id)
    send_request(session, fair.a, fair.c.id)
    to_d = send_request(session, fair.a, fair.d.id)
    answer_request(session, fair.b, to_b.id, accept=True)
    assert _code(send_request, session, fair.a, fair.e.id) == "limit"
    from_e = send_request(session, fair.e, fair.a.id)
    assert send_request(session, fair.a, fair.e.id).id == from_e.id  # accepted, not counted
    withdraw_request(session, fair.a, to_d.id)
    assert send_request(session, fair.a, fair.d.id).status is RequestStatus.PENDING
    lists = request_lists(session, fair.a)
    assert (lists.limit, lists.used, lists.left) == (3, 3, 0)


@pytest.mark.parametrize(
    "case",
    ["self", "other-event", "partner-unlisted", "partner-withdrawn", "sender-unlisted",
     "same-group", "forbidden", "draft", "after-the-day"],
)  # fmt: skip
def test_a_request_is_refused(session: Session, fair: Firms, case: str) -> None:
    event, sender = fair.event, fair.a
    partner_id = fair.b.id
    now = None
    if case == "self":
        partner_id, code = sender.id, "self"
    elif case == "other-event":
        other = create_open_event(session, "other")
        partner_id, code = create_participant(session, other, "X").id, "unknown"
    elif case == "partner-unlisted":
        fair.b.status, code = ParticipantStatus.REGISTERED, "unknown"
    elif case == "partner-withdrawn":
        fair.b.status, code = ParticipantStatus.WITHDRAWN, "unknown"
    elif case == "sender-unlisted":
        sender.status, code = ParticipantStatus.REGISTERED, "not_listed"
    elif case == "same-group":
        event.cross_group_only = True
        sender.group_id = fair.b.group_id = event.groups[0].id
        code = "same_group"
    elif case == "forbidden":
        low, high = sorted((sender.id, partner_id))
        session.add(PairRule(event_id=event.id, a_id=low, b_id=high, kind=PairRuleKind.FORBID))
        code = "forbidden"
    elif case == "draft":
        event.state, code = EventState.DRAFT, "draft"
    else:
        now, code = datetime.combine(event.date + timedelta(days=1), datetime.min.time()), "closed"
    session.flush()
    assert _code(send_request, session, sender, partner_id, now=now) == code
    assert _count(session) == 0


def test_answers_close_with_the_fair_day(session: Session, fair: Firms) -> None:
    asked = send_request(session, fair.a, fair.b.id)
    on_the_day = datetime.combine(fair.event.date, datetime.max.time())
    after = on_the_day + timedelta(seconds=1)
    assert requests_open(fair.event, on_the_day)
    assert not requests_open(fair.event, after)
    assert _code(answer_request, session, fair.b, asked.id, True, now=after) == "closed"
    assert _code(withdraw_request, session, fair.a, asked.id, now=after) == "closed"
    assert asked.status is RequestStatus.PENDING


def test_the_lists_and_the_state_per_partner(session: Session, fair: Firms) -> None:
    to_b = send_request(session, fair.a, fair.b.id)
    from_c = send_request(session, fair.c, fair.a.id)
    to_d = send_request(session, fair.a, fair.d.id)
    answer_request(session, fair.d, to_d.id, accept=False)
    from_d = send_request(session, fair.d, fair.a.id)  # D asks after declining A's request
    answer_request(session, fair.a, from_d.id, accept=True)
    lists = request_lists(session, fair.a)
    assert {r.id for r in lists.incoming} == {from_c.id, from_d.id}
    assert {r.id for r in lists.outgoing} == {to_b.id, to_d.id}
    assert lists.used == 1  # the declined one does not count
    state = request_state(session, fair.a)
    assert {p: r.status for p, r in state.items()} == {
        fair.b.id: RequestStatus.PENDING,
        fair.c.id: RequestStatus.PENDING,
        fair.d.id: RequestStatus.ACCEPTED,  # the accepted one over the declined one
    }
    assert waiting_count(session, fair.a) == 1
