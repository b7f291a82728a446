"""Who may open what (issue 19): the whole URL map of an event's staff pages walked as the
staff of another organisation (404 everywhere: the event does not exist for them), as a
supporter, an organiser, the owner and an installation administrator. The real app on a
real database; every rule under /staff/e/<slug>/ is requested, so a page added later is
walked too."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from matchmaker.core.visits.types import VisitPlan
from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventRole,
    EventState,
    ItemKind,
    Job,
    Meeting,
    PairRule,
    PairRuleKind,
    Participant,
    StaffUser,
)
from matchmaker.services import programme, visit_hosts, visit_plans
from matchmaker.services.co_organisers import invite
from matchmaker.services.events import find_event
from matchmaker.services.follow_up import add_round
from matchmaker.services.organisations import add_member, create_organisation, set_event_role
from matchmaker.services.programme import ItemValues, MemberValues
from matchmaker.services.staff import create_staff
from matchmaker.services.visit_hosts import HostValues
from matchmaker.views.staff.access import needed_role
from tests.conftest import app_with, csrf_token, staff_login
from tests.factories import create_open_event
from tests.staff_setup import plant_setup_event

pytestmark = pytest.mark.own_organisations

PASSWORD = "a-long-password-1"
ACCOUNTS = {
    "stranger": "someone@boerde.example",
    "supporter": "desk@omsk.example",
    "organiser": "clerk@landkreis.example",
    "owner": "clerk@barleben.example",
    "admin": "admin@amt.example",  # from plant_setup_event, in no organisation
}
# Values for the rules' parts; for the any(...) parts, each rule takes the first that fits.
CHOICES: dict[str, list[object]] = {
    "kind": ["csv", "recommend"],
    "decision": ["approve"],
    "what": ["plan", "lock", "role", "approve"],
    "action": ["arrives"],
    "round_number": [1],
    "table": [3],
    "number": [1],
}
# Pages whose own code answers 404 for this fair: no repaired version, no table plan.
NOTHING_TO_SHOW = {"staff.repair_result", "staff.tables_print"}


@pytest.fixture
def fair(tmp_path: Path, database: str) -> Iterator[tuple[Flask, dict[str, int]]]:
    """Event "messe" (owned by the Unternehmerbüro, the Landkreis co-organising, the Omsk
    chamber supporting) with a published meeting, a job and a pair rule; event "cottbus"
    of the Landkreis Börde's stranger office."""
    with app_with(tmp_path, database) as app:
        plant_setup_event(app)
        with app.app_context():
            session = db.session()
            messe = find_event(session, "messe")
            assert messe is not None
            other = create_open_event(session, "cottbus")
            offices = {
                role: create_organisation(session, name)
                for role, name in (
                    ("owner", "Unternehmerbüro Barleben"),
                    ("organiser", "Landkreis Börde Wirtschaft"),
                    ("supporter", "IHK Omsk"),
                    ("stranger", "Wirtschaftsförderung Cottbus"),
                )
            }
            for role in ("owner", "organiser", "supporter"):
                set_event_role(session, messe, offices[role], EventRole(role))
            set_event_role(session, other, offices["stranger"], EventRole.OWNER)
            for role, office in offices.items():
                add_member(session, office, create_staff(session, ACCOUNTS[role], PASSWORD))
            firms = session.scalars(
                select(Participant).where(Participant.event_id == messe.id)
            ).all()
            firm = firms[0]
            meeting = session.scalars(select(Meeting).where(Meeting.event_id == messe.id)).one()
            job = Job(event_id=messe.id, kind="recommend")
            rule = PairRule(event_id=messe.id, a_id=min(f.id for f in firms),
                            b_id=max(f.id for f in firms), kind=PairRuleKind.FORBID)  # fmt: skip
            session.add_all([job, rule])
            owner = session.scalars(select(StaffUser).where(StaffUser.email == ACCOUNTS["owner"]))
            invitation = invite(session, messe, "agit@aachen.example", EventRole.ORGANISER,
                                inviter=owner.one(), locale="de").invitation  # fmt: skip
            week = _week(session, messe)
            add_round(session, messe, 3)  # follow-up round 1
            session.commit()
            ids = {"firm_id": firm.id, "meeting_id": meeting.id, "job_id": job.id,
                   "rule_id": rule.id, "organisation_id": offices["supporter"].id,
                   "invitation_id": invitation.id, **week}  # fmt: skip
        yield app, ids


def _week(session: Session, event: Event) -> dict[str, int]:
    """The fair's delegation week: a day of visits with a (draft) plan, a member, a host."""
    item = programme.save_item(session, event, ItemValues(
        day=event.date, kind=ItemKind.VISITS, title="Firmenbesuche", start=time(9),
        end=time(17), lat=52.2, lon=11.6,
    ))  # fmt: skip
    member = programme.save_member(session, event, MemberValues(name="Iwan Petrow"))
    host = visit_hosts.save_host(session, event, HostValues(name="Rohrwerk", lat=52.3, lon=11.4))
    empty = VisitPlan(groups=(), relevance_total=0.0)
    visit_plans.store_plan(session, item, empty, visit_plans.PlanFigures())
    return {"item_id": item.id, "member_id": member.id, "host_id": host.id}


def _urls(app: Flask, ids: dict[str, int]) -> list[tuple[str, str, str]]:
    """(endpoint, method, path) for every rule of an event's staff pages."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff/e/<slug>"):
            continue
        path = _build(rule, {"slug": "messe", **ids})
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            found.append((rule.endpoint, method, path))
    return sorted(found)


def _build(rule: Rule, known: dict[str, object]) -> str:
    names = sorted(rule.arguments - set(known))
    options: list[list[object]] = [list(CHOICES[name]) for name in names]
    for values in itertools.product(*options):
        try:
            built = rule.build({**known, **dict(zip(names, values, strict=True))})
        except ValueError:  # not one of this rule's any(...) values
            continue
        if built is not None:
            return built[1]
    raise AssertionError(f"no values build {rule.rule}")


def _client(app: Flask, who: str) -> tuple[FlaskClient, dict[str, str]]:
    """A logged-in client, and the form data a POST of its session carries (the token)."""
    client = app.test_client()
    password = "admin-password-1" if who == "admin" else PASSWORD
    assert staff_login(client, ACCOUNTS[who], password) == 303
    return client, {"csrf_token": csrf_token(client.get("/staff/").get_data(as_text=True))}


def test_another_organisations_staff_find_nothing(fair: tuple[Flask, dict[str, int]]) -> None:
    app, ids = fair
    client, form = _client(app, "stranger")
    urls = _urls(app, ids)
    assert len(urls) >= 40
    for endpoint, method, path in urls:
        response = client.open(path, method=method, data=form if method == "POST" else None)
        assert response.status_code == 404, (endpoint, method, response.status_code)
    listed = client.get("/staff/").get_data(as_text=True)
    assert "/staff/e/cottbus/" in listed
    assert "/staff/e/messe/" not in listed


@pytest.mark.parametrize("who", ["supporter", "organiser", "owner", "admin"])
def test_each_role_may_do_what_it_allows_and_nothing_more(
    fair: tuple[Flask, dict[str, int]], who: str
) -> None:
    app, ids = fair
    client, form = _client(app, who)
    role = EventRole.OWNER if who == "admin" else EventRole(who)
    rank = {EventRole.SUPPORTER: 1, EventRole.ORGANISER: 2, EventRole.OWNER: 3}
    # Reading first, then changing, erasing the firm last: a change may take away what a
    # page shows (and a repair after an erasure fails: see issue 19's note).
    urls = sorted(_urls(app, ids), key=lambda u: (u[1] != "GET", u[0] == "staff.erase_firm", u[0]))
    assert len(urls) >= 40
    for endpoint, method, path in urls:
        allowed = rank[role] >= rank[needed_role(endpoint, method)]
        status = client.open(
            path, method=method, data=form if method == "POST" else None
        ).status_code
        assert status < 500, (who, endpoint, method, status)
        if not allowed:
            assert status == 403, (who, endpoint, method, status)
        elif method == "GET" and endpoint not in NOTHING_TO_SHOW:
            assert status not in (403, 404), (who, endpoint, method, status)
        else:
            assert status != 403, (who, endpoint, method, status)
    if who != "admin":
        assert "/staff/e/cottbus/" not in client.get("/staff/").get_data(as_text=True)


def test_the_rules_for_reading_changing_and_owning() -> None:
    assert needed_role("staff.firms", "GET") is EventRole.SUPPORTER
    assert needed_role("staff.settings", "POST") is EventRole.ORGANISER
    assert needed_role("staff.desk_action", "POST") is EventRole.SUPPORTER
    assert needed_role("staff.publish_page", "POST") is EventRole.OWNER
    assert needed_role("staff.erase_firm", "POST") is EventRole.OWNER


def test_a_draft_is_previewed_by_its_organisers_only(fair: tuple[Flask, dict[str, int]]) -> None:
    """An event in preparation: its public page is a preview for the staff of its
    organisers and 404 for another organisation's staff, as for strangers."""
    app, _ = fair
    with app.app_context():
        session = db.session()
        messe = find_event(session, "messe")
        assert messe is not None
        messe.state = EventState.DRAFT
        session.commit()
    assert app.test_client().get("/e/messe").status_code == 404
    stranger, _ = _client(app, "stranger")
    assert stranger.get("/e/messe").status_code == 404
    assert stranger.get("/e/messe/register").status_code == 404
    supporter, _ = _client(app, "supporter")
    assert supporter.get("/e/messe").status_code == 200


def test_an_organisations_pages_are_its_staffs_and_the_admins(
    fair: tuple[Flask, dict[str, int]],
) -> None:
    """/staff/organisations/<org>: its members and administrators; another organisation's
    staff find nothing; the list of organisations and changing members: administrators."""
    app, _ = fair
    own = "/staff/organisations/unternehmerbuero-barleben"
    stranger, form = _client(app, "stranger")
    assert stranger.get(own).status_code == 404
    assert stranger.post(own, data=form).status_code == 404
    assert stranger.get("/staff/admin/organisations").status_code == 403
    owner, form = _client(app, "owner")
    assert owner.get(own).status_code == 200
    assert owner.post(f"{own}/members", data=form).status_code == 403
    assert owner.get("/staff/admin/organisations").status_code == 403
    admin, _ = _client(app, "admin")
    assert admin.get(own).status_code == 200
    assert "Unternehmerbüro Barleben" in admin.get("/staff/admin/organisations").get_data(
        as_text=True
    )


# The console's pages outside an event, for staff of another organisation than the one
# named: what each answers (the admin's pages 403, another organisation's pages 404).
OUTSIDE = {
    "/staff/": 200,
    "/staff/password": 200,
    "/staff/admin/events/new": 200,  # a new event of the stranger's own organisation
    "/staff/admin/staff": 403,
    "/staff/admin/mail": 403,
    "/staff/admin/organisations": 403,
    "/staff/organisations/unternehmerbuero-barleben": 404,
    "/staff/organisations/unternehmerbuero-barleben/firms": 404,
    "/staff/organisations/unternehmerbuero-barleben/firms.csv": 404,
}


def test_every_page_outside_an_event_as_another_organisations_staff(
    fair: tuple[Flask, dict[str, int]],
) -> None:
    """Every GET rule of the console outside /staff/e/<slug> is listed in OUTSIDE (or is a
    login page, open to anyone), so that a page added later must be thought about here;
    each answers the stranger as listed, and the POSTs of another organisation's pages are
    refused alike."""
    app, _ = fair
    from matchmaker.views.staff.login import ANONYMOUS

    rules = [
        r for r in app.url_map.iter_rules()
        if r.rule.startswith("/staff") and not r.rule.startswith("/staff/e/<slug>")
        and "GET" in (r.methods or set()) and r.endpoint not in ANONYMOUS
    ]  # fmt: skip
    patterns = {r.rule.replace("<org_slug>", "<org>").split("<any")[0] for r in rules}
    covered = {
        p for p in patterns
        if any(u.startswith(p.split("<")[0]) for u in OUTSIDE)
    }  # fmt: skip
    assert covered == patterns, patterns - covered
    stranger, form = _client(app, "stranger")
    answers = {url: stranger.get(url).status_code for url in OUTSIDE}
    assert answers == OUTSIDE  # a failure lists every page that answered otherwise
    own = "/staff/organisations/unternehmerbuero-barleben"
    for url in (own, f"{own}/members", f"{own}/members/1/remove"):
        assert stranger.post(url, data=form).status_code in (403, 404), url
