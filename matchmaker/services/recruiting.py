"""Who brought a firm to a co-organised fair (issue 19): each co-organiser recruits its own
firms (the delegation's chamber its delegation, the host office its local firms) and
reports on them.

A firm is credited when it is created: to the organisation whose staff imported it (their
organisation with the highest role on the event), or, registering itself, to the
organisation whose registration link it followed (`?via=<organisation>`), else to the
event's owner. Staff may correct it on the firm's page.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_
from matchmaker.models import (
    Event,
    EventRole,
    Membership,
    Organisation,
    Participant,
    StaffUser,
)
from matchmaker.services.co_organisers import event_organisers
from matchmaker.services.organisations import OrganisationError

_RANK = {EventRole.OWNER: 3, EventRole.ORGANISER: 2, EventRole.SUPPORTER: 1}


def _organisers(session: Session, event: Event) -> list[tuple[Organisation, EventRole]]:
    return [(o.organisation, o.role) for o in event_organisers(session, event)]


def recruiters(session: Session, event: Event) -> list[Organisation]:
    """The organisations that may be credited with the event's firms: its organisers."""
    return [organisation for organisation, _role in _organisers(session, event)]


def owner_of(session: Session, event: Event) -> Organisation | None:
    return next((o for o, role in _organisers(session, event) if role is EventRole.OWNER), None)


def acting_organisation(session: Session, staff: StaffUser, event: Event) -> Organisation | None:
    """The organisation `staff` acts for on the event: of theirs, the one with the highest
    role there; the owner for an administrator of none of them."""
    mine = set(
        session.scalars(select(Membership.organisation_id).where(Membership.staff_id == staff.id))
    )
    theirs = [(o, role) for o, role in _organisers(session, event) if o.id in mine]
    if theirs:
        return max(theirs, key=lambda pair: _RANK[pair[1]])[0]
    return owner_of(session, event)


def recruiter_from_link(session: Session, event: Event, via: str) -> Organisation | None:
    """The organiser whose registration link a firm followed; the owner otherwise."""
    found = next((o for o in recruiters(session, event) if o.slug == via), None)
    return found or owner_of(session, event)


def credit_new_firms(
    session: Session, event: Event, known_ids: Collection[str], organisation: Organisation | None
) -> None:
    """The event's firms not among `known_ids` (those just created) are `organisation`'s."""
    if organisation is None:
        return
    session.execute(
        update(Participant)
        .where(
            Participant.event_id == event.id,
            Participant.recruited_by_id.is_(None),
            Participant.external_id.not_in(list(known_ids)),
        )
        .values(recruited_by_id=organisation.id)
        .execution_options(synchronize_session="fetch")
    )


def set_recruiter(
    session: Session, event: Event, firm: Participant, organisation_id: int | None
) -> None:
    """Credit the firm to one of the event's organisers (None: to nobody)."""
    if organisation_id is not None and organisation_id not in {
        o.id for o in recruiters(session, event)
    }:
        raise OrganisationError(N_("that organisation does not organise this event"))
    firm.recruited_by_id = organisation_id
    session.flush()


def recruits_of(session: Session, event: Event, organisation_id: int) -> set[int]:
    """The ids of the event's firms credited to the organisation."""
    return set(
        session.scalars(
            select(Participant.id).where(
                Participant.event_id == event.id,
                Participant.recruited_by_id == organisation_id,
            )
        )
    )
