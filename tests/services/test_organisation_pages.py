"""Who runs a fair, for the public pages (services/organisation_pages.py), called directly on a
real database: each fair's owner and its co-organisers (organisers before supporters, by
name), and an organisation's page with its coming fairs soonest first and its past ones
latest first, drafts left out."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import EventRole, EventState
from matchmaker.services.organisation_pages import (
    OrganisationRef,
    Organisers,
    organisation_page,
    organisers_of,
)
from matchmaker.services.organisations import create_organisation, set_event_role
from tests.factories import create_event

pytestmark = pytest.mark.own_organisations


def test_each_fairs_owner_and_co_organisers(session: Session) -> None:
    amt = create_organisation(session, "Amt Barleben")
    ihk = create_organisation(session, "IHK Omsk")
    bank = create_organisation(session, "Bank der Börde")
    verein = create_organisation(session, "azubi verein")
    fair, other, orphan = (create_event(session, s) for s in ("fair", "other", "orphan"))
    set_event_role(session, fair, amt, EventRole.OWNER)
    set_event_role(session, fair, bank, EventRole.SUPPORTER)
    set_event_role(session, fair, verein, EventRole.SUPPORTER)
    set_event_role(session, fair, ihk, EventRole.ORGANISER)
    set_event_role(session, other, ihk, EventRole.ORGANISER)  # no owner
    found = organisers_of(session, [fair.id, other.id, orphan.id])
    assert found[fair.id] == Organisers(
        OrganisationRef("Amt Barleben", "amt-barleben"),
        (
            OrganisationRef("IHK Omsk", "ihk-omsk"),
            OrganisationRef("azubi verein", "azubi-verein"),  # supporters by name, any case
            OrganisationRef("Bank der Börde", "bank-der-boerde"),
        ),
    )
    assert found[other.id] == Organisers(None, (OrganisationRef("IHK Omsk", "ihk-omsk"),))
    assert orphan.id not in found
    assert organisers_of(session, []) == {}


def test_an_organisations_page_lists_its_public_fairs(session: Session) -> None:
    amt = create_organisation(session, "Amt Barleben", contact_email="Info@Amt.example")
    ihk = create_organisation(session, "IHK Omsk")
    fairs = {
        "spring-2026": (date(2026, 4, 1), EventState.PUBLISHED, EventRole.OWNER),
        "autumn-2026": (date(2026, 10, 1), EventState.CLOSED, EventRole.ORGANISER),
        "today": (date(2027, 3, 18), EventState.PUBLISHED, EventRole.OWNER),
        "summer-2027": (date(2027, 6, 1), EventState.REGISTRATION_OPEN, EventRole.SUPPORTER),
        "spring-2027": (date(2027, 4, 1), EventState.REGISTRATION_OPEN, EventRole.OWNER),
        "draft-2027": (date(2027, 5, 1), EventState.DRAFT, EventRole.OWNER),
    }
    for slug, (day, state, role) in fairs.items():
        set_event_role(session, create_event(session, slug, date=day, state=state), amt, role)
    set_event_role(session, create_event(session, "omsk", state=EventState.PUBLISHED), ihk,
                   EventRole.OWNER)  # fmt: skip
    page = organisation_page(session, "amt-barleben", today=date(2027, 3, 18))
    assert page is not None
    assert (page.name, page.slug, page.contact_email) == (
        "Amt Barleben", "amt-barleben", "info@amt.example",
    )  # fmt: skip
    assert [(f.event.slug, f.owner) for f in page.coming] == [
        ("today", True),  # its day has not passed yet
        ("spring-2027", True),
        ("summer-2027", False),
    ]
    assert [(f.event.slug, f.owner) for f in page.past] == [
        ("autumn-2026", False),
        ("spring-2026", True),
    ]
    assert organisation_page(session, "nobody") is None
