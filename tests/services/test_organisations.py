"""Organisations, their staff and their roles on events (issue 19, first part): the records,
the roles a staff account has on an event, the commands that make them, and the migration
that gives an existing installation one organisation for what it has. Real database (SQLite,
and PostgreSQL in the second pass), real app, real command line."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventOrganiser,
    EventRole,
    Membership,
    Organisation,
    StaffRole,
    StaffUser,
)
from matchmaker.services.organisations import (
    OrganisationError,
    add_member,
    allows,
    create_organisation,
    event_role,
    find_organisation,
    organisations_of,
    set_event_role,
)
from matchmaker.services.staff import create_staff
from tests.factories import create_event

pytestmark = pytest.mark.own_organisations

PASSWORD = "a-long-password-1"


def _staff(session: Session, email: str, *offices: Organisation, admin: bool = False) -> StaffUser:
    user = create_staff(
        session, email, PASSWORD, role=StaffRole.ADMIN if admin else StaffRole.STAFF
    )
    for office in offices:
        add_member(session, office, user)
    return user


def test_a_staff_accounts_role_is_its_organisations_highest_on_that_event(session: Session) -> None:
    buero = create_organisation(session, "Unternehmerbüro Barleben")
    kammer = create_organisation(session, "Industrie- und Handelskammer Omsk")
    kreis = create_organisation(session, "Landkreis Börde")
    fair = create_event(session, "barleben")
    other = create_event(session, "cottbus")
    set_event_role(session, fair, buero, EventRole.OWNER)
    set_event_role(session, fair, kammer, EventRole.SUPPORTER)
    set_event_role(session, other, kreis, EventRole.OWNER)
    clerk = _staff(session, "clerk@barleben.example", buero)
    chamber = _staff(session, "desk@omsk.example", kammer)
    both = _staff(session, "both@example.org", kammer, buero)
    stranger = _staff(session, "someone@boerde.example", kreis)
    admin = _staff(session, "admin@platform.example", admin=True)
    assert event_role(session, clerk, fair) is EventRole.OWNER
    assert event_role(session, chamber, fair) is EventRole.SUPPORTER
    assert event_role(session, both, fair) is EventRole.OWNER
    assert event_role(session, stranger, fair) is None
    assert event_role(session, clerk, other) is None
    assert event_role(session, admin, other) is EventRole.OWNER
    assert [o.name for o in organisations_of(session, both)] == [
        "Industrie- und Handelskammer Omsk",
        "Unternehmerbüro Barleben",
    ]
    set_event_role(session, fair, kammer, EventRole.ORGANISER)  # a role changed, not added
    assert event_role(session, chamber, fair) is EventRole.ORGANISER
    roles = session.scalars(select(EventOrganiser.role).where(EventOrganiser.event_id == fair.id))
    assert sorted(r.value for r in roles) == ["organiser", "owner"]


def test_what_each_role_allows() -> None:
    assert allows(EventRole.OWNER, EventRole.OWNER)
    assert allows(EventRole.OWNER, EventRole.SUPPORTER)
    assert allows(EventRole.ORGANISER, EventRole.ORGANISER)
    assert not allows(EventRole.ORGANISER, EventRole.OWNER)
    assert allows(EventRole.SUPPORTER, EventRole.SUPPORTER)
    assert not allows(EventRole.SUPPORTER, EventRole.ORGANISER)
    assert not allows(None, EventRole.SUPPORTER)


def test_an_event_has_one_owner(session: Session) -> None:
    fair = create_event(session, "aachen")
    region = create_organisation(session, "StädteRegion Aachen")
    agit = create_organisation(session, "AGIT")
    set_event_role(session, fair, region, EventRole.OWNER)
    with pytest.raises(OrganisationError, match="has an owner already"):
        set_event_role(session, fair, agit, EventRole.OWNER)
    set_event_role(session, fair, agit, EventRole.ORGANISER)
    # The database refuses a second owner too, whoever writes it.
    link = session.get_one(EventOrganiser, (fair.id, agit.id))
    link.role = EventRole.OWNER
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_organisation_names_are_checked(session: Session) -> None:
    made = create_organisation(
        session, "  Wirtschaftsförderung   Cottbus ", "Kontakt@Cottbus.example"
    )
    assert (made.name, made.slug, made.contact_email) == (
        "Wirtschaftsförderung Cottbus",
        "wirtschaftsfoerderung-cottbus",
        "kontakt@cottbus.example",
    )
    assert find_organisation(session, "wirtschaftsfoerderung-cottbus") == made
    with pytest.raises(OrganisationError, match="exists already"):
        create_organisation(session, "Wirtschaftsförderung Cottbus")
    with pytest.raises(OrganisationError, match="needs a name"):
        create_organisation(session, "   ")
    with pytest.raises(OrganisationError, match="not an e-mail address"):
        create_organisation(session, "Spremberg", "spremberg.example")
    with pytest.raises(OrganisationError, match="no organisation named 'Spremberg'"):
        find_organisation(session, "Spremberg")


def test_an_organisation_that_runs_a_fair_cannot_be_deleted_from_under_it(session: Session) -> None:
    fair = create_event(session, "lwiw")
    office = create_organisation(session, "Lviv Regional Development Agency")
    set_event_role(session, fair, office, EventRole.OWNER)
    session.commit()
    session.delete(office)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_the_commands_make_organisations_and_their_staff(
    app: Flask, runner: FlaskCliRunner
) -> None:
    made = runner.invoke(
        args=[
            "create-organisation",
            "Unternehmerbüro Barleben",
            "--contact",
            "info@barleben.example",
        ]
    )
    assert made.exit_code == 0, made.output
    assert (
        "Created organisation Unternehmerbüro Barleben (unternehmerbuero-barleben)." in made.output
    )
    again = runner.invoke(args=["create-organisation", "Unternehmerbüro Barleben"])
    assert again.exit_code != 0
    assert "exists already" in again.output
    office = "Unternehmerbüro Barleben"
    staff = runner.invoke(
        args=["create-staff", "clerk@barleben.example", "--organisation", office,
              "--password", PASSWORD],
    )  # fmt: skip
    assert staff.exit_code == 0, staff.output
    assert (
        "Created staff account clerk@barleben.example of Unternehmerbüro Barleben." in staff.output
    )
    unknown = runner.invoke(
        args=[
            "create-staff",
            "x@omsk.example",
            "--organisation",
            "IHK Omsk",
            "--password",
            PASSWORD,
        ]
    )
    assert unknown.exit_code != 0
    assert "there is no organisation named 'IHK Omsk'" in unknown.output
    with app.app_context():
        emails = db.session.scalars(select(StaffUser.email)).all()
        assert emails == ["clerk@barleben.example"]  # the refused one left nothing behind
        member = db.session.scalars(select(Membership)).one()
        assert member.staff_id == db.session.scalars(select(StaffUser.id)).one()


def test_upgrading_an_installation_gives_its_events_and_staff_one_organisation(app: Flask) -> None:
    with app.app_context():
        downgrade(revision="0025_breaks_bound")
        session = db.session()
        first, second = _event_of_0025(session, "erste"), _event_of_0025(session, "zweite")
        user = create_staff(session, "clerk@example.org", PASSWORD)
        session.commit()
        ids = {first, second}, user.id
        upgrade()
        session.expire_all()
        office = session.scalars(select(Organisation)).one()
        assert (office.name, office.slug) == ("Organisation 1", "organisation-1")
        links = session.scalars(select(EventOrganiser)).all()
        assert {link.event_id for link in links} == ids[0]
        assert {link.role for link in links} == {EventRole.OWNER}
        assert session.scalars(select(Membership.staff_id)).all() == [ids[1]]
        owner = session.get_one(StaffUser, ids[1])
        assert event_role(session, owner, session.get_one(Event, first)) is EventRole.OWNER


def _event_of_0025(session: Session, slug: str) -> int:
    """An event written into the table as migration 0025 left it (the model has columns
    added since), through the table read back from the database."""
    table = Table("event", MetaData(), autoload_with=session.connection())
    values = {
        "slug": slug, "name": f"Fair {slug}", "description": "", "venue": "", "city": "",
        "date": date(2027, 3, 18), "timezone": "Europe/Berlin", "first_slot_start": time(9),
        "slot_minutes": 20, "slot_count": 6, "cross_group_only": False, "state": "draft",
        "language": "de", "translations": {}, "listing": "approved", "created_at": datetime.now(),
    }  # fmt: skip
    return int(session.execute(insert(table).values(values).returning(table.c.id)).scalar_one())


def test_an_empty_installation_gets_no_organisation(app: Flask) -> None:
    with app.app_context():
        assert db.session.scalars(select(Organisation)).all() == []


def test_a_new_event_is_owned_by_its_creators_organisation(session: Session) -> None:
    from datetime import date, time

    from matchmaker.services.event_setup import EventSettings
    from matchmaker.services.event_setup import create_event as set_up_event

    region = create_organisation(session, "StädteRegion Aachen")
    settings = EventSettings(
        name="Korea Business Day", date=date(2027, 5, 6), first_slot_start=time(9),
        slot_minutes=20, slot_count=12,
    )  # fmt: skip
    member = _staff(session, "clerk@aachen.example", region, admin=True)
    owned = set_up_event(session, "korea-business-day", settings, member)
    assert event_role(session, _staff(session, "desk@aachen.example", region), owned) is (
        EventRole.OWNER
    )
    outsider = _staff(session, "admin@platform.example", admin=True)
    unowned = set_up_event(session, "ohne-organisation", settings, outsider)
    assert (
        session.scalars(select(EventOrganiser).where(EventOrganiser.event_id == unowned.id)).all()
        == []
    )
