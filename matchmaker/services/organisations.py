"""Organisations, their staff and their roles on events (issue 19): who may do what with
which fair.

A staff account's role on an event is the highest role any of its organisations has there
(owner, then organiser, then supporter); installation administrators act as owners of
every event. None means the event is not theirs: pages then answer 404, as if it did not
exist. What each role may do is `allows`.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained
from matchmaker.core.text.slugs import slugify
from matchmaker.models import (
    Event,
    EventOrganiser,
    EventRole,
    Membership,
    Organisation,
    StaffRole,
    StaffUser,
)
from matchmaker.services.mail import Sender

_RANK = {EventRole.OWNER: 3, EventRole.ORGANISER: 2, EventRole.SUPPORTER: 1}


class OrganisationError(Explained):
    """An organisation, membership or role that cannot be made; the message says why."""


def create_organisation(session: Session, name: str, contact_email: str = "") -> Organisation:
    """A new organisation; its name and the address made from it must be free."""
    clean = " ".join(name.split())
    if not clean:
        raise OrganisationError(N_("an organisation needs a name"))
    slug = slugify(clean)
    taken = session.scalar(
        select(Organisation).where((Organisation.name == clean) | (Organisation.slug == slug))
    )
    if taken is not None:
        raise OrganisationError(
            N_("an organisation named '%(name)s' exists already"), name=taken.name
        )
    address = contact_email.strip().lower()
    if address and "@" not in address:
        raise OrganisationError(N_("'%(email)s' is not an e-mail address"), email=contact_email)
    organisation = Organisation(name=clean, slug=slug, contact_email=address)
    session.add(organisation)
    session.flush()
    return organisation


def find_organisation(session: Session, name: str) -> Organisation:
    """The organisation with this name (or address part); an error naming it if none."""
    clean = " ".join(name.split())
    found = session.scalar(
        select(Organisation).where(
            (Organisation.name == clean) | (Organisation.slug == slugify(clean))
        )
    )
    if found is None:
        raise OrganisationError(N_("there is no organisation named '%(name)s'"), name=clean)
    return found


def add_member(session: Session, organisation: Organisation, staff: StaffUser) -> None:
    """The account belongs to the organisation (nothing changes if it does already)."""
    if session.get(Membership, (staff.id, organisation.id)) is None:
        session.add(Membership(staff_id=staff.id, organisation_id=organisation.id))
        session.flush()


def organisations_of(session: Session, staff: StaffUser) -> list[Organisation]:
    """The account's organisations, by name."""
    return list(
        session.scalars(
            select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.staff_id == staff.id)
            .order_by(Organisation.name)
        )
    )


def set_event_role(
    session: Session, event: Event, organisation: Organisation, role: EventRole
) -> EventOrganiser:
    """Give the organisation `role` on the event. An event has one owner: making a second
    one is refused (the owner hands the event over instead)."""
    if role is EventRole.OWNER:
        owner = session.scalar(
            select(EventOrganiser).where(
                EventOrganiser.event_id == event.id, EventOrganiser.role == EventRole.OWNER
            )
        )
        if owner is not None and owner.organisation_id != organisation.id:
            raise OrganisationError(
                N_("'%(event)s' has an owner already; it can be handed over, not shared"),
                event=event.name,
            )
    link = session.get(EventOrganiser, (event.id, organisation.id))
    if link is None:
        link = EventOrganiser(event_id=event.id, organisation_id=organisation.id, role=role)
        session.add(link)
    else:
        link.role = role
    session.flush()
    return link


def event_role(session: Session, staff: StaffUser, event: Event) -> EventRole | None:
    """The account's role on the event: its organisations' highest; owner for an
    installation administrator; None when the event is not theirs."""
    if staff.role is StaffRole.ADMIN:
        return EventRole.OWNER
    roles = session.scalars(
        select(EventOrganiser.role)
        .join(Membership, Membership.organisation_id == EventOrganiser.organisation_id)
        .where(Membership.staff_id == staff.id, EventOrganiser.event_id == event.id)
    ).all()
    return max(roles, key=_RANK.__getitem__, default=None)


def event_organisations(session: Session, event: Event) -> list[Organisation]:
    """The organisations with a role on the event, the owner first, then by name."""
    rows = session.execute(
        select(Organisation, EventOrganiser.role)
        .join(EventOrganiser, EventOrganiser.organisation_id == Organisation.id)
        .where(EventOrganiser.event_id == event.id)
    ).all()
    return [o for o, _ in sorted(rows, key=lambda r: (-_RANK[r[1]], r[0].name))]


def mail_sender(session: Session, event: Event) -> Sender:
    """Whom the mails to the event's firms are from: its owning organisation's sender name,
    answers to its reply-to address, else to its contact address; empty where it has
    neither (or the event no owner), so that those mails look like the installation's."""
    owner = session.scalar(
        select(Organisation)
        .join(EventOrganiser, EventOrganiser.organisation_id == Organisation.id)
        .where(EventOrganiser.event_id == event.id, EventOrganiser.role == EventRole.OWNER)
    )
    if owner is None:
        return Sender()
    return Sender(owner.sender_name.strip(), (owner.reply_to or owner.contact_email).strip())


def events_with_role(staff: StaffUser) -> Select[int]:
    """The ids of the events any of the account's organisations has a role on."""
    return (
        select(EventOrganiser.event_id)
        .join(Membership, Membership.organisation_id == EventOrganiser.organisation_id)
        .where(Membership.staff_id == staff.id)
    )


def allows(role: EventRole | None, needed: EventRole) -> bool:
    """Whether `role` may do what needs `needed` (an owner may do all an organiser may...)."""
    return role is not None and _RANK[role] >= _RANK[needed]


def list_organisations(session: Session) -> list[tuple[Organisation, int, int]]:
    """Every organisation with its number of staff and of events, by name."""
    members = (
        select(func.count()).where(Membership.organisation_id == Organisation.id).scalar_subquery()
    )
    events = (
        select(func.count())
        .where(EventOrganiser.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    rows = session.execute(select(Organisation, members, events).order_by(Organisation.name))
    return [(o, int(m), int(e)) for o, m, e in rows]


def find_by_slug(session: Session, slug: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.slug == slug))


def is_member(session: Session, staff: StaffUser, organisation: Organisation) -> bool:
    return session.get(Membership, (staff.id, organisation.id)) is not None


def members_of(session: Session, organisation: Organisation) -> list[StaffUser]:
    """The organisation's staff accounts, by e-mail."""
    return list(
        session.scalars(
            select(StaffUser)
            .join(Membership, Membership.staff_id == StaffUser.id)
            .where(Membership.organisation_id == organisation.id)
            .order_by(StaffUser.email)
        )
    )


def update_organisation(
    session: Session, organisation: Organisation, *, contact_email: str, sender_name: str,
    reply_to: str,
) -> None:  # fmt: skip
    """What the organisation shows publicly and signs its fairs' mails with."""
    organisation.contact_email = contact_email.strip().lower()
    organisation.sender_name = " ".join(sender_name.split())
    organisation.reply_to = reply_to.strip().lower()
    session.flush()


def add_member_by_email(session: Session, organisation: Organisation, email: str) -> StaffUser:
    """The staff account with this e-mail joins the organisation."""
    address = email.strip().lower()
    user = session.scalar(select(StaffUser).where(StaffUser.email == address))
    if user is None:
        raise OrganisationError(
            N_("there is no staff account for %(email)s; create it first"), email=address
        )
    add_member(session, organisation, user)
    return user


def remove_member(session: Session, organisation: Organisation, staff_id: int) -> StaffUser:
    """The account leaves the organisation (the account itself stays)."""
    membership = session.get(Membership, (staff_id, organisation.id))
    if membership is None:
        raise OrganisationError(N_("that account does not belong to this organisation"))
    session.delete(membership)
    session.flush()
    return session.get_one(StaffUser, staff_id)
