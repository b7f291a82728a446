"""Co-organised fairs (issue 19): an event's organisers, taking one off, and invitations to
co-organise mailed to an address.

An invitation is 256 random bits of which only the SHA-256 is stored; it is good for
`LIFETIME` and once. Whoever opens it signed in accepts it for one of the account's
organisations; someone without an account creates their organisation and account with it
(the link reached the invited address, which is what an account's e-mail must prove).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_
from matchmaker.models import (
    Event,
    EventInvitation,
    EventOrganiser,
    EventRole,
    Organisation,
    StaffUser,
)
from matchmaker.models.base import utcnow
from matchmaker.services.organisations import (
    OrganisationError,
    add_member,
    allows,
    create_organisation,
    set_event_role,
)
from matchmaker.services.staff import create_staff
from matchmaker.services.staff_tokens import MAX_TOKEN, token_hash

LIFETIME = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class Organiser:
    """One organisation's role on an event."""

    organisation: Organisation
    role: EventRole


@dataclass(frozen=True, slots=True)
class IssuedInvitation:
    """A new invitation and its token (only the caller sees the token itself)."""

    invitation: EventInvitation
    token: str


def event_organisers(session: Session, event: Event) -> list[Organiser]:
    """The event's organisations: the owner first, then by role and name."""
    rows = session.execute(
        select(Organisation, EventOrganiser.role)
        .join(EventOrganiser, EventOrganiser.organisation_id == Organisation.id)
        .where(EventOrganiser.event_id == event.id)
        .order_by(Organisation.name)
    ).all()
    order = {EventRole.OWNER: 0, EventRole.ORGANISER: 1, EventRole.SUPPORTER: 2}
    found = [Organiser(organisation, role) for organisation, role in rows]
    return sorted(found, key=lambda o: order[o.role])


def remove_co_organiser(session: Session, event: Event, organisation_id: int) -> Organisation:
    """Take a co-organiser off the event (the owner cannot be taken off: it hands over)."""
    link = session.get(EventOrganiser, (event.id, organisation_id))
    if link is None:
        raise OrganisationError(N_("that organisation does not organise this event"))
    if link.role is EventRole.OWNER:
        raise OrganisationError(N_("the owner cannot be taken off its own event"))
    organisation = session.get_one(Organisation, organisation_id)
    session.delete(link)
    session.flush()
    return organisation


def invite(
    session: Session,
    event: Event,
    email: str,
    role: EventRole,
    *,
    inviter: StaffUser,
    locale: str,
    now: datetime | None = None,
) -> IssuedInvitation:
    """A new invitation to co-organise the event with `role`, for the mail to `email`."""
    address = email.strip().lower()
    if "@" not in address or address.startswith("@") or address.endswith("@"):
        raise OrganisationError(N_("'%(email)s' is not an e-mail address"), email=email)
    if role is EventRole.OWNER:
        raise OrganisationError(N_("an event has one owner; invite co-organisers or supporters"))
    moment = now or utcnow()
    token = secrets.token_urlsafe(32)
    invitation = EventInvitation(
        event_id=event.id,
        email=address,
        role=role,
        locale=locale,
        token_hash=token_hash(token),
        invited_by_id=inviter.id,
        created_at=moment,
        expires_at=moment + LIFETIME,
    )
    session.add(invitation)
    session.flush()
    return IssuedInvitation(invitation, token)


def open_invitations(
    session: Session, event: Event, now: datetime | None = None
) -> list[EventInvitation]:
    """The event's invitations not yet accepted and not expired, newest first."""
    return list(
        session.scalars(
            select(EventInvitation)
            .where(
                EventInvitation.event_id == event.id,
                EventInvitation.accepted_at.is_(None),
                EventInvitation.expires_at > (now or utcnow()),
            )
            .order_by(EventInvitation.created_at.desc(), EventInvitation.id.desc())
        )
    )


def withdraw_invitation(session: Session, event: Event, invitation_id: int) -> EventInvitation:
    """The invitation stops working (it is deleted)."""
    invitation = session.get(EventInvitation, invitation_id)
    if invitation is None or invitation.event_id != event.id or invitation.accepted_at:
        raise OrganisationError(N_("there is no such open invitation"))
    session.delete(invitation)
    session.flush()
    return invitation


def find_invitation(
    session: Session, token: str, now: datetime | None = None
) -> EventInvitation | None:
    """The open invitation a link's token is for; None if unknown, used or expired."""
    if not token or len(token) > MAX_TOKEN:
        return None
    return session.scalar(
        select(EventInvitation).where(
            EventInvitation.token_hash == token_hash(token),
            EventInvitation.accepted_at.is_(None),
            EventInvitation.expires_at > (now or utcnow()),
        )
    )


def accept(
    session: Session,
    invitation: EventInvitation,
    organisation: Organisation,
    now: datetime | None = None,
) -> EventRole:
    """The organisation takes up the invitation: it gets the invited role, or keeps a
    higher one it has already. Of two requests racing with one link, one wins."""
    moment = now or utcnow()
    result = cast(
        CursorResult[Any],
        session.execute(
            update(EventInvitation)
            .where(EventInvitation.id == invitation.id, EventInvitation.accepted_at.is_(None))
            .values(accepted_at=moment, organisation_id=organisation.id)
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        raise OrganisationError(N_("this invitation has been taken up already"))
    session.refresh(invitation)
    held = session.get(EventOrganiser, (invitation.event_id, organisation.id))
    if held is not None and allows(held.role, invitation.role):
        return held.role
    event = session.get_one(Event, invitation.event_id)
    return set_event_role(session, event, organisation, invitation.role).role


def join_and_accept(
    session: Session,
    invitation: EventInvitation,
    *,
    organisation_name: str,
    name: str,
    password: str,
) -> StaffUser:
    """Someone without an account takes up the invitation: a new organisation and, for
    the invited address, its first staff account; then the invitation is accepted."""
    organisation = create_organisation(session, organisation_name, invitation.email)
    user = create_staff(session, invitation.email, password, name=name)
    add_member(session, organisation, user)
    accept(session, invitation, organisation)
    return user
