"""Commands on a fair in the database: the demo fairs, recommendations, and the firms'
personal links for a mail merge."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo fairs (Kooperationsbörse Barleben; Korea Business Day Aachen) with
    their recommendations, and last year's Barleben fair as held, with its follow-up (issue
    22); a fair already there is left as it is. Refused in production: a demo fair with a
    public staff password has no place there."""
    from matchmaker.extensions import db
    from matchmaker.models import EventState
    from matchmaker.services.demo import load_demos
    from matchmaker.services.organisations import event_organisations
    from matchmaker.services.recommendations import compute_recommendations
    from matchmaker.urls import personal_link, public_url

    if current_app.config["MATCHMAKER_ENV"] == "production":
        raise click.ClickException(
            "`matchmaker demo` is for trying matchmaker out and is refused in production "
            "(MATCHMAKER_ENV=production). Run it with MATCHMAKER_ENV=development on a "
            "database of its own."
        )
    results = load_demos(db.session())
    for result in results:
        if result.created and result.event.state is not EventState.CLOSED:  # partners shown
            compute_recommendations(db.session(), result.event)
    db.session.commit()
    for result in results:
        event = result.event
        verb = "Loaded" if result.created else "Already there:"
        click.echo(f"{verb} demo fair '{event.name}' with {result.participants} firms.")
        click.echo(f"  Its public page: {public_url('public.event_page', slug=event.slug)}")
        if result.week is not None:
            week = result.week
            click.echo(
                f"  Its delegation's week: {week.items} programme items, {week.members} "
                f"members, {week.hosts} firms offering a visit: "
                f"{public_url('staff.week', slug=event.slug)}"
            )
        if event.state is EventState.CLOSED:  # the past fair: what it brought
            for organiser in event_organisations(db.session(), event):
                report = public_url("staff.committee_page", org_slug=organiser.slug)
                click.echo(f"  What it brought, for {organiser.name}'s committee: {report}")
            continue
        for group in sorted(event.groups, key=lambda g: g.id):  # a way into the firms' pages
            firms = sorted(
                (p for p in event.participants if p.group_id == group.id), key=lambda p: p.id
            )
            if firms:  # which have no login
                link = personal_link(firms[0])
                db.session.commit()
                click.echo(f"  A demo firm's own pages ({firms[0].name}, {group.name}): {link}")
    if current_app.config["MATCHMAKER_ENV"] == "development":
        from matchmaker.services.demo import DEMO_LOGIN, demo_logins, ensure_demo_login

        ensure_demo_login(db.session())
        db.session.commit()
        login = public_url("staff.login")  # a whole address, as the firms' links above
        click.echo(f"Demo staff logins (development only; password {DEMO_LOGIN[1]}): {login}")
        click.echo(f"  {DEMO_LOGIN[0]}  (administrator of the installation)")
        for email, organisation in demo_logins():
            click.echo(f"  {email}  ({organisation})")


@click.command("recommend")
@click.argument("event_slug")
@click.option("--top", "top_k", type=click.IntRange(min=1), default=10, show_default=True)
@with_appcontext
def recommend_command(event_slug: str, top_k: int) -> None:
    """Compute and store partner recommendations for an event (replaces the previous list)."""
    from matchmaker.extensions import db
    from matchmaker.services.events import find_event
    from matchmaker.services.recommendations import compute_recommendations

    event = find_event(db.session(), event_slug)
    if event is None:
        raise click.ClickException(f"no event with the short name '{event_slug}'")
    run = compute_recommendations(db.session(), event, top_k=top_k)
    db.session.commit()
    click.echo(
        f"Stored {run.recommendations} recommendations for {run.firms} firms of "
        f"'{event.name}' in {run.seconds:.1f} s ({run.scorer})."
    )


LINK_COLUMNS = ("id", "name", "contact_person", "email", "link")


@click.command("export-links")
@click.argument("event_slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the list (.csv or .xlsx).",
)
@click.option(
    "--base-url",
    default=None,
    help="The site's public address, e.g. https://boerse.example.org (default: BASE_URL "
    "from the configuration).",
)
@with_appcontext
def export_links_command(event_slug: str, output: Path, base_url: str | None) -> None:
    """Write every firm's personal link of an event, for a mail merge."""
    from matchmaker.extensions import db
    from matchmaker.io.writers import write_table
    from matchmaker.services.events import find_event
    from matchmaker.services.participants import active_participants
    from matchmaker.urls import personal_link

    event = find_event(db.session(), event_slug)
    if event is None:
        raise click.ClickException(f"no event with the short name '{event_slug}'")
    if base_url:
        current_app.config["BASE_URL"] = base_url.rstrip("/")
    rows = [
        (p.external_id, p.name, p.contact_person, p.email, personal_link(p))
        for p in active_participants(db.session(), event)
    ]
    try:
        count = write_table(output, LINK_COLUMNS, rows)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()  # links handed out for the first time keep their hashes
    click.echo(f"Wrote {count} personal links of '{event.name}' to {output}.")
