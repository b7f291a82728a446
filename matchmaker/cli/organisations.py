"""`matchmaker create-organisation` and `matchmaker create-staff`: the offices that run fairs
and the accounts of the people in them (issue 19)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("create-organisation")
@click.argument("name")
@click.option("--contact", default="", help="The organisation's contact e-mail address.")
@with_appcontext
def create_organisation_command(name: str, contact: str) -> None:
    """Create an organisation (an office, chamber or agency that runs fairs)."""
    from matchmaker.extensions import db
    from matchmaker.services.organisations import OrganisationError, create_organisation

    try:
        organisation = create_organisation(db.session(), name, contact)
    except OrganisationError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created organisation {organisation.name} ({organisation.slug}).")


@click.command("create-staff")
@click.argument("email")
@click.option("--name", default="", help="The person's name, as the console shows it.")
@click.option(
    "--organisation",
    "organisations",
    multiple=True,
    help="An organisation the person works for (repeat for several); it must exist.",
)
@click.option("--admin", is_flag=True, help="An administrator: manages staff and events.")
@click.password_option(
    help="Asked for (hidden, twice) when not given; at least 10 characters.",
    envvar="MATCHMAKER_NEW_PASSWORD",
)
@with_appcontext
def create_staff_command(
    email: str, name: str, organisations: tuple[str, ...], admin: bool, password: str
) -> None:
    """Create a staff account (the first one with --admin)."""
    from matchmaker.extensions import db
    from matchmaker.models import StaffRole
    from matchmaker.services.organisations import (
        OrganisationError,
        add_member,
        find_organisation,
    )
    from matchmaker.services.staff import StaffError, create_staff

    session = db.session()
    try:
        offices = [find_organisation(session, each) for each in organisations]
        user = create_staff(
            session, email, password, name=name,
            role=StaffRole.ADMIN if admin else StaffRole.STAFF,
        )  # fmt: skip
        for office in offices:
            add_member(session, office, user)
    except (StaffError, OrganisationError) as error:
        session.rollback()
        raise click.ClickException(str(error)) from None
    session.commit()
    role = "administrator" if admin else "staff"
    where = f" of {', '.join(o.name for o in offices)}" if offices else ""
    click.echo(f"Created {role} account {user.email}{where}.")
