"""What the public pages say about who runs a fair (issue 19): each fair's organisers (its
owner, then its co-organisers) and an organisation's own page with its coming and past
fairs.

Only what an organisation shows the public is read here: its name, address part and
contact address, and the fairs that are not in preparation. Staff, roles beyond owner and
co-organiser, and drafts stay out, so that no page built on these tells more.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import Event, EventOrganiser, EventRole, EventState, Organisation
from matchmaker.services.convert import last_fair_date
from matchmaker.services.events import event_now

_ORDER = {EventRole.OWNER: 0, EventRole.ORGANISER: 1, EventRole.SUPPORTER: 2}


@dataclass(frozen=True, slots=True)
class OrganisationRef:
    """An organisation as a link to its page: its name and the `slug` of `/o/<slug>`."""

    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Organisers:
    """Who runs one fair: its owning organisation (None only for a fair without one) and
    its co-organisers, by name."""

    owner: OrganisationRef | None = None
    others: tuple[OrganisationRef, ...] = ()


@dataclass(frozen=True, slots=True)
class OrganisationFair:
    """A fair on an organisation's page, and whether the organisation owns it (else it
    co-organises it)."""

    event: Event
    owner: bool


@dataclass(frozen=True, slots=True)
class OrganisationPage:
    """An organisation's public page: its name, contact address (may be empty), its fairs
    still to come (soonest first) and those held (latest first)."""

    name: str
    slug: str
    contact_email: str
    coming: tuple[OrganisationFair, ...]
    past: tuple[OrganisationFair, ...]


def organisers_of(session: Session, event_ids: Collection[int]) -> dict[int, Organisers]:
    """Each event's organisers, for the events with these ids (one query for all; an event
    without any has none in the answer: use `.get(id, Organisers())`)."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(EventOrganiser.event_id, EventOrganiser.role, Organisation.name, Organisation.slug)
        .join(Organisation, Organisation.id == EventOrganiser.organisation_id)
        .where(EventOrganiser.event_id.in_(list(event_ids)))
    ).all()
    owners: dict[int, OrganisationRef] = {}
    others: dict[int, list[tuple[int, str, OrganisationRef]]] = {}
    for event_id, role, name, slug in rows:
        ref = OrganisationRef(name, slug)
        if role is EventRole.OWNER:
            owners[event_id] = ref
        else:
            others.setdefault(event_id, []).append((_ORDER[role], name.casefold(), ref))
    return {
        event_id: Organisers(
            owners.get(event_id), tuple(ref for *_, ref in sorted(others.get(event_id, [])))
        )
        for event_id in owners.keys() | others.keys()
    }


def organisation_page(
    session: Session, slug: str, today: date | None = None
) -> OrganisationPage | None:
    """The public page of the organisation at `/o/<slug>`, or None when there is none. Its
    fairs are those it owns or co-organises, drafts left out; a fair is coming until its day
    has passed where it is held (`today` there, unless given)."""
    organisation = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        return None
    rows = session.execute(
        select(Event, EventOrganiser.role)
        .join(EventOrganiser, EventOrganiser.event_id == Event.id)
        .where(
            EventOrganiser.organisation_id == organisation.id,
            Event.state != EventState.DRAFT,
        )
        .order_by(Event.date, Event.name)
    ).all()
    coming: list[OrganisationFair] = []
    past: list[OrganisationFair] = []
    for event, role in rows:
        fair = OrganisationFair(event, role is EventRole.OWNER)
        day = today or event_now(event).date()
        (coming if last_fair_date(event) >= day else past).append(fair)
    return OrganisationPage(
        name=organisation.name,
        slug=organisation.slug,
        contact_email=organisation.contact_email,
        coming=tuple(coming),
        past=tuple(reversed(past)),
    )
