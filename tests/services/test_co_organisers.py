"""Co-organisers and recruits as services (services/co_organisers.py, recruiting.py), called
directly on a real database: what an invitation refuses, how long it works and that it works
once, that accepting never lowers a role, and whom a firm is credited to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import Event, EventRole, Organisation, StaffUser
from matchmaker.models.base import utcnow
from matchmaker.services.co_organisers import (
    LIFETIME,
    accept,
    event_organisers,
    find_invitation,
    invite,
    remove_co_organiser,
    withdraw_invitation,
)
from matchmaker.services.organisations import (
    OrganisationError,
    add_member,
    create_organisation,
    set_event_role,
)
from matchmaker.services.recruiting import acting_organisation, recruiter_from_link
from matchmaker.services.staff import create_staff
from tests.factories import create_event

pytestmark = pytest.mark.own_organisations


@dataclass(frozen=True)
class Fair:
    event: Event
    host: Organisation
    chamber: Organisation
    clerk: StaffUser


@pytest.fixture
def fair(session: Session) -> Fair:
    """Event "messe" owned by the Unternehmerbüro (its clerk signed up); the Omsk chamber
    has no role yet."""
    event = create_event(session, "messe")
    host = create_organisation(session, "Unternehmerbüro Barleben")
    chamber = create_organisation(session, "ТПП Омской области")
    set_event_role(session, event, host, EventRole.OWNER)
    clerk = create_staff(session, "clerk@barleben.example", "a-long-password-1")
    add_member(session, host, clerk)
    return Fair(event, host, chamber, clerk)


def test_an_invitation_refuses_a_bad_address_and_the_owners_role(
    session: Session, fair: Fair
) -> None:
    event, clerk = fair.event, fair.clerk
    for address in ("omsk", "@omsk.example", "desk@"):
        with pytest.raises(OrganisationError):
            invite(session, event, address, EventRole.ORGANISER, inviter=clerk, locale="ru")
    with pytest.raises(OrganisationError):
        invite(session, event, "desk@omsk.example", EventRole.OWNER, inviter=clerk, locale="ru")


def test_an_invitation_works_once_and_for_its_lifetime(session: Session, fair: Fair) -> None:
    event, clerk, chamber = fair.event, fair.clerk, fair.chamber
    issued = invite(session, event, " Desk@Omsk.example ", EventRole.SUPPORTER, inviter=clerk,
                    locale="ru")  # fmt: skip
    assert issued.invitation.email == "desk@omsk.example"
    assert issued.token not in issued.invitation.token_hash  # only its hash is kept
    later = utcnow() + LIFETIME + timedelta(minutes=1)
    assert find_invitation(session, issued.token, later) is None
    found = find_invitation(session, issued.token)
    assert found is not None
    assert accept(session, found, chamber) is EventRole.SUPPORTER
    assert find_invitation(session, issued.token) is None
    with pytest.raises(OrganisationError):
        accept(session, found, chamber)


def test_accepting_never_lowers_a_role_and_the_owner_stays(session: Session, fair: Fair) -> None:
    event, clerk, chamber, host = fair.event, fair.clerk, fair.chamber, fair.host
    set_event_role(session, event, chamber, EventRole.ORGANISER)
    issued = invite(session, event, "desk@omsk.example", EventRole.SUPPORTER, inviter=clerk,
                    locale="ru")  # fmt: skip
    assert accept(session, issued.invitation, chamber) is EventRole.ORGANISER
    with pytest.raises(OrganisationError):
        remove_co_organiser(session, event, host.id)
    other = invite(session, event, "x@y.example", EventRole.ORGANISER, inviter=clerk,
                   locale="de")  # fmt: skip
    withdraw_invitation(session, event, other.invitation.id)
    assert find_invitation(session, other.token) is None
    remove_co_organiser(session, event, chamber.id)
    assert [o.organisation.name for o in event_organisers(session, event)] == [
        "Unternehmerbüro Barleben"
    ]


def test_whom_a_firm_is_credited_to(session: Session, fair: Fair) -> None:
    event, clerk, chamber, host = fair.event, fair.clerk, fair.chamber, fair.host
    set_event_role(session, event, chamber, EventRole.ORGANISER)
    assert recruiter_from_link(session, event, "tpp-omskoi-oblasti") is chamber
    assert recruiter_from_link(session, event, "nobody") is host
    assert acting_organisation(session, clerk, event) is host
    desk = create_staff(session, "desk@omsk.example", "a-long-password-1")
    add_member(session, chamber, desk)
    assert acting_organisation(session, desk, event) is chamber
