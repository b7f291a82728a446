"""Firms asking each other for meetings, and answering.

A request is a wish, not a booking: a pending request never holds anyone's time. An accepted
request (or two firms asking each other) is a mutual wish, which the scheduler places first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from matchmaker.models import (
    Event,
    EventState,
    MeetingRequest,
    PairRuleKind,
    Participant,
    RequestStatus,
)
from matchmaker.models.base import utcnow
from matchmaker.services.convert import last_fair_date
from matchmaker.services.events import event_now, is_listed
from matchmaker.services.pair_rules import pairs

OPEN = (RequestStatus.PENDING, RequestStatus.ACCEPTED)  # count against the limit


class RequestError(ValueError):
    """A request or answer that is refused; `code` names the reason for the page."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class RequestLists:
    incoming: list[MeetingRequest]
    outgoing: list[MeetingRequest]
    limit: int | None
    used: int

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.used)


def requests_problem(event: Event, now: datetime | None = None) -> str | None:
    """Why firms may not ask or answer now, or None: "draft" (the organisers have not opened
    the fair yet) or "closed" (the fair day is over)."""
    if event.state == EventState.DRAFT:
        return "draft"
    return None if (now or event_now(event)).date() <= last_fair_date(event) else "closed"


def requests_open(event: Event, now: datetime | None = None) -> bool:
    """Firms may ask and answer from registration until the end of the fair day."""
    return requests_problem(event, now) is None


def send_request(
    session: Session,
    sender: Participant,
    partner_id: int,
    *,
    priority: int = 2,
    message: str = "",
    now: datetime | None = None,
) -> MeetingRequest:
    """Ask a partner for a meeting. If the partner has already asked the sender, that request
    is accepted instead (a mutual wish) and returned."""
    event = sender.event
    if (problem := requests_problem(event, now)) is not None:
        raise RequestError(problem)
    if not is_listed(sender):  # a request would show the firm to another before it may be
        raise RequestError("not_listed")
    partner = session.get(Participant, partner_id)
    if partner is None or partner.event_id != event.id or not is_listed(partner):
        raise RequestError("unknown")
    if partner.id == sender.id:
        raise RequestError("self")
    if event.cross_group_only and same_group(sender, partner):
        raise RequestError("same_group")
    if frozenset((sender.id, partner.id)) in pairs(session, event, PairRuleKind.FORBID):
        raise RequestError("forbidden")
    theirs = _between(session, event, partner.id, sender.id)
    if theirs is not None and theirs.status == RequestStatus.PENDING:
        theirs.status = RequestStatus.ACCEPTED
        theirs.answered_at = utcnow()
        session.flush()
        return theirs
    if theirs is not None and theirs.status == RequestStatus.ACCEPTED:
        raise RequestError("duplicate")
    mine = _between(session, event, sender.id, partner.id)
    if mine is not None and mine.status in OPEN:
        raise RequestError("duplicate")
    if mine is not None and mine.status == RequestStatus.DECLINED:
        raise RequestError("declined")
    limit = event.max_requests_per_participant
    if limit is not None and _open_count(session, sender) >= limit:
        raise RequestError("limit")
    if mine is None:
        mine = MeetingRequest(
            event_id=event.id, from_participant_id=sender.id, to_participant_id=partner.id
        )
        session.add(mine)
    mine.status = RequestStatus.PENDING
    mine.priority = priority
    mine.message = message
    mine.created_at = utcnow()
    mine.answered_at = None
    session.flush()
    return mine


def answer_request(
    session: Session,
    receiver: Participant,
    request_id: int,
    accept: bool,
    now: datetime | None = None,
) -> MeetingRequest:
    """Accept or decline a pending request addressed to the receiver."""
    request = _own(session, receiver, request_id, incoming=True)
    if (problem := requests_problem(receiver.event, now)) is not None:
        raise RequestError(problem)
    if request.status != RequestStatus.PENDING:
        raise RequestError("not_pending")
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_at = utcnow()
    session.flush()
    return request


def withdraw_request(
    session: Session, sender: Participant, request_id: int, now: datetime | None = None
) -> MeetingRequest:
    """Take back one's own request, pending or accepted."""
    request = _own(session, sender, request_id, incoming=False)
    if (problem := requests_problem(sender.event, now)) is not None:
        raise RequestError(problem)
    if request.status not in OPEN:
        raise RequestError("not_pending")
    request.status = RequestStatus.WITHDRAWN
    request.answered_at = utcnow()
    session.flush()
    return request


def request_lists(session: Session, participant: Participant) -> RequestLists:
    """The firm's requests both ways, newest first, with the partner firms loaded (an
    asking firm with its sectors and group: the page shows who asks)."""
    rows = session.scalars(
        select(MeetingRequest)
        .where(
            MeetingRequest.event_id == participant.event_id,
            or_(
                MeetingRequest.from_participant_id == participant.id,
                MeetingRequest.to_participant_id == participant.id,
            ),
        )
        .options(
            selectinload(MeetingRequest.from_participant).selectinload(Participant.sectors),
            selectinload(MeetingRequest.from_participant).selectinload(Participant.group),
            selectinload(MeetingRequest.to_participant),
        )
        .order_by(MeetingRequest.created_at.desc(), MeetingRequest.id.desc())
    ).all()
    incoming = [r for r in rows if r.to_participant_id == participant.id]
    outgoing = [r for r in rows if r.from_participant_id == participant.id]
    return RequestLists(
        incoming,
        outgoing,
        participant.event.max_requests_per_participant,
        sum(1 for r in outgoing if r.status in OPEN),
    )


def waiting_count(session: Session, participant: Participant) -> int:
    """How many requests to the firm wait for its answer."""
    query = select(func.count()).select_from(MeetingRequest)
    return int(
        session.scalar(
            query.where(
                MeetingRequest.event_id == participant.event_id,
                MeetingRequest.to_participant_id == participant.id,
                MeetingRequest.status == RequestStatus.PENDING,
            )
        )
        or 0
    )


def request_state(session: Session, participant: Participant) -> dict[int, MeetingRequest]:
    """For each partner the firm has a request with (either way), the one that matters: an
    accepted one over a pending one over the rest."""
    rows = session.scalars(  # without the partner firms: only their ids are needed here
        select(MeetingRequest).where(
            MeetingRequest.event_id == participant.event_id,
            or_(
                MeetingRequest.from_participant_id == participant.id,
                MeetingRequest.to_participant_id == participant.id,
            ),
        )
    ).all()
    order = {
        RequestStatus.ACCEPTED: 0,
        RequestStatus.PENDING: 1,
        RequestStatus.DECLINED: 2,
        RequestStatus.WITHDRAWN: 3,
    }
    best: dict[int, MeetingRequest] = {}
    for r in rows:
        partner = (
            r.from_participant_id
            if r.to_participant_id == participant.id
            else (r.to_participant_id)
        )
        if partner not in best or order[r.status] < order[best[partner].status]:
            best[partner] = r
    return best


def _between(session: Session, event: Event, sender: int, receiver: int) -> MeetingRequest | None:
    return session.scalar(
        select(MeetingRequest).where(
            MeetingRequest.event_id == event.id,
            MeetingRequest.from_participant_id == sender,
            MeetingRequest.to_participant_id == receiver,
        )
    )


def _open_count(session: Session, sender: Participant) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(MeetingRequest)
            .where(
                MeetingRequest.event_id == sender.event_id,
                MeetingRequest.from_participant_id == sender.id,
                MeetingRequest.status.in_(OPEN),
            )
        )
        or 0
    )


def _own(
    session: Session, participant: Participant, request_id: int, incoming: bool
) -> MeetingRequest:
    """The request if it is the firm's own (to it when `incoming`, else from it); any other
    id is refused as unknown, so that ids tell nothing about other firms' requests."""
    request = session.get(MeetingRequest, request_id)
    owner = (
        None
        if request is None
        else (request.to_participant_id if incoming else request.from_participant_id)
    )
    if request is None or owner != participant.id or request.event_id != participant.event_id:
        raise RequestError("unknown")
    return request


def same_group(a: Participant, b: Participant) -> bool:
    """Both firms in one group (at a cross-group fair they do not meet)."""
    return a.group_id is not None and a.group_id == b.group_id
