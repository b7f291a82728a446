"""A delegation member's week behind their personal link (issue 21): the page day by day,
their group's visits once a plan is published, the print view, the calendar file with
stable UIDs and rising SEQUENCE, the 404 of a bad link and the member's own language. Real
app and client, real database, the real visit planner (short limit)."""

from __future__ import annotations

from dataclasses import dataclass

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.core.messages import no_progress
from matchmaker.extensions import db
from matchmaker.jobs.tasks import plan_visit_day
from matchmaker.models import DelegationMember, Event, ProgrammeItem
from matchmaker.services import itinerary, visit_plans
from matchmaker.services.visit_problem import visit_input
from tests.visit_week import build_week


@dataclass(frozen=True)
class Delegation:
    app: Flask
    tokens: list[str]  # each member's link token, in the order of `build_week`
    members: list[int]
    hosts: dict[int, str]  # host id: name
    monday: int


@pytest.fixture
def delegation(app: Flask) -> Delegation:
    """The Omsk week (tests/visit_week.py), every member with a working link."""
    with app.app_context():
        session = db.session()
        week = build_week(session)
        session.commit()
        secret = app.config["SECRET_KEY"]
        tokens = [itinerary.member_token(session, m, secret) for m in week.members]
        session.commit()
        return Delegation(
            app,
            tokens,
            [m.id for m in week.members],
            {h.id: h.name for h in week.hosts},
            week.monday.id,
        )


def plan_and_publish(delegation: Delegation) -> dict[str, list[str]]:
    """The planner's plan of Monday, published: each group's host ids by member id."""
    with delegation.app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        params = {"item": delegation.monday, "time_limit": 1}
        _, figures = plan_visit_day(session, event, params, no_progress)
        monday = session.get(ProgrammeItem, delegation.monday)
        assert monday is not None
        version = visit_plans.version_of(session, monday, figures["version"])
        assert version is not None
        visit_plans.publish(session, version)
        session.commit()
        plan = visit_plans.plan_of(version)
        return {m: [v.host for v in g.visits] for g in plan.groups for m in g.members}


def publish_changes(
    delegation: Delegation, *changes: visit_plans.HandChange
) -> tuple[int, dict[str, list[str]]]:
    """The published plan changed by hand, change after change (each a draft), the last
    published: its number and each group's host ids by member id."""
    with delegation.app.app_context():
        session = db.session()
        monday = session.get(ProgrammeItem, delegation.monday)
        assert monday is not None
        version = visit_plans.published_of(session, monday)
        assert version is not None
        for change in changes:
            plan = visit_plans.changed_by_hand(visit_input(session, monday), version, change)
            figures = visit_plans.PlanFigures("hand", changes=({"kind": change.kind},))
            version = visit_plans.store_plan(session, monday, plan, figures)
        visit_plans.publish(session, version)
        session.commit()
        groups = visit_plans.plan_of(version).groups
        return version.number, {m: [v.host for v in g.visits] for g in groups for m in g.members}


def calendar_of(web: FlaskClient, token: str) -> list[icalendar.cal.Component]:
    response = web.get(f"/w/{token}/week.ics")
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    return list(calendar.walk("VEVENT"))


def test_the_week_lists_the_three_days_and_says_the_plan_follows(delegation: Delegation) -> None:
    web = delegation.app.test_client()
    response = web.get(f"/w/{delegation.tokens[0]}/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"
    html = response.get_data(as_text=True)
    assert html.count('<section class="week-day"') == 3
    for title in ("Firmenbesuche im Landkreis Börde", "Kooperationsbörse", "Wernigerode"):
        assert title in html
    assert "Technologiepark Barleben" in html
    assert 'class="notice"' in html  # the visits' plan is still to come
    assert f"/w/{delegation.tokens[0]}/print" in html
    assert f"/w/{delegation.tokens[0]}/week.ics" in html
    assert not any(name in html for name in delegation.hosts.values())


def test_after_publishing_a_member_sees_their_own_groups_hosts_only(
    delegation: Delegation,
) -> None:
    planned = plan_and_publish(delegation)
    mover, first_host = str(delegation.members[2]), planned[str(delegation.members[0])][0]
    _, hosts_of = publish_changes(  # one member alone in group 2, to one host of group 1's
        delegation,
        visit_plans.HandChange("move", group=2, member=mover),
        visit_plans.HandChange("add", group=2, host=first_host),
    )
    web = delegation.app.test_client()
    seen_others = False
    for member, token in zip(delegation.members, delegation.tokens, strict=True):
        own = {delegation.hosts[int(h)] for h in hosts_of[str(member)]}
        others = {delegation.hosts[int(h)] for hs in hosts_of.values() for h in hs} - own
        seen_others |= bool(others)
        html = web.get(f"/w/{token}/").get_data(as_text=True)
        assert own, member
        assert all(name in html for name in own), member
        assert not any(name in html for name in others), member
        assert 'class="notice"' not in html
        assert "Firmenbesuche im Landkreis Börde" in html  # the day's frame above its visits
    assert seen_others  # the two groups visit different hosts


def test_the_print_view_is_one_page_with_the_whole_week(delegation: Delegation) -> None:
    plan_and_publish(delegation)
    web = delegation.app.test_client()
    response = web.get(f"/w/{delegation.tokens[1]}/print")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    html = response.get_data(as_text=True)
    assert html.count('class="print-page week-print"') == 1
    assert html.count('<section class="week-day"') == 3
    assert "Anna Sidorowa" in html
    assert "Omsk Medical" in html
    assert 'class="actions"' not in html  # nothing to click on paper


def test_the_calendar_has_an_entry_each_with_stable_uids_and_rising_sequence(
    delegation: Delegation,
) -> None:
    web = delegation.app.test_client()
    token = delegation.tokens[0]
    before = calendar_of(web, token)
    assert len(before) == 3
    assert {str(e["STATUS"]) for e in before} == {"CONFIRMED"}
    assert all(e.decoded("DTSTART").utcoffset() is not None for e in before)
    placeholder = next(str(e["UID"]) for e in before if e.decoded("DTSTART").day == 19)

    hosts_of = plan_and_publish(delegation)
    with delegation.app.app_context():
        member = db.session.get(DelegationMember, delegation.members[0])
        assert member is not None
        entries = itinerary.member_week(db.session(), member).entries
        expected = {e.uid: e.sequence for e in entries}
    first = calendar_of(web, token)
    shown = {str(e["UID"]): e for e in first if str(e["STATUS"]) == "CONFIRMED"}
    assert {uid: int(str(e["SEQUENCE"])) for uid, e in shown.items()} == expected
    assert len(shown) == len(entries)
    cancelled = [e for e in first if str(e["STATUS"]) == "CANCELLED"]
    assert [str(e["UID"]) for e in cancelled] == [placeholder]  # "plan follows" is gone
    visits = {uid for uid in shown if "-visit-" in uid}
    assert len(visits) == len(hosts_of[str(delegation.members[0])])
    assert {int(str(shown[uid]["SEQUENCE"])) for uid in visits} == {1}
    names = {str(shown[uid]["LOCATION"]) for uid in visits}
    assert names == {delegation.hosts[int(h)] for h in hosts_of[str(delegation.members[0])]}

    dropped = hosts_of[str(delegation.members[0])][0]
    number, _ = publish_changes(delegation, visit_plans.HandChange("drop", host=dropped))
    assert number == 2
    again = {str(e["UID"]): e for e in calendar_of(web, token)}
    assert set(again) == set(shown) | {placeholder}  # the same UIDs, none added
    gone = {uid for uid, e in again.items() if str(e["STATUS"]) == "CANCELLED"}
    ending = f"-{dropped}-m{delegation.members[0]}@matchmaker"
    dropped_uid = next(u for u in visits if u.endswith(ending))
    assert gone == {placeholder, dropped_uid}
    assert {int(str(again[uid]["SEQUENCE"])) for uid in visits} == {2}
    assert str(again[dropped_uid]["LOCATION"]) == delegation.hosts[int(dropped)]


def test_a_bad_or_unknown_link_is_404_on_the_sites_error_page(delegation: Delegation) -> None:
    web = delegation.app.test_client()
    bad = delegation.tokens[0][:-1] + ("x" if delegation.tokens[0][-1] != "x" else "y")
    for path in ("", "print", "week.ics"):
        for token in (bad, "unknown"):
            response = web.get(f"/w/{token}/{path}")
            assert response.status_code == 404
            assert 'class="site"' in response.get_data(as_text=True)  # inside the layout


def test_the_page_speaks_the_members_language(delegation: Delegation) -> None:
    web = delegation.app.test_client()
    html = web.get(f"/w/{delegation.tokens[0]}/", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert '<html lang="ru">' in html  # the member's own, over the browser's wish
    web.set_cookie("lang", "de")  # a language chosen in the menu wins
    assert '<html lang="de">' in web.get(f"/w/{delegation.tokens[0]}/").get_data(as_text=True)
    with delegation.app.app_context():
        member = db.session.get(DelegationMember, delegation.members[4])
        assert member is not None
        member.locale = None  # the official, without a firm: as the firm pages decide
        db.session.commit()
    fresh = delegation.app.test_client()
    html = fresh.get(f"/w/{delegation.tokens[4]}/").get_data(as_text=True)
    assert '<html lang="de">' in html
    calendar = fresh.get(f"/w/{delegation.tokens[4]}/week.ics").get_data(as_text=True)
    assert "BEGIN:VEVENT" in calendar


def test_an_expired_link_is_404(delegation: Delegation) -> None:
    delegation.app.config["RETENTION_DAYS"] = 0  # dies the day after the fair
    web = delegation.app.test_client()
    assert web.get(f"/w/{delegation.tokens[0]}/").status_code == 200
    with delegation.app.app_context():
        event = db.session.scalars(select(Event)).one()
        event.date = event.date.replace(year=2020)
        db.session.commit()
    assert web.get(f"/w/{delegation.tokens[0]}/").status_code == 404


def test_names_and_places_are_text_not_markup(delegation: Delegation) -> None:
    payload = '<script>alert("x")</script>'
    with delegation.app.app_context():
        member = db.session.get(DelegationMember, delegation.members[0])
        assert member is not None
        member.name = payload
        for item in db.session.scalars(select(ProgrammeItem)):
            item.place = payload
        db.session.commit()
    web = delegation.app.test_client()
    for view in ("", "print"):
        html = web.get(f"/w/{delegation.tokens[0]}/{view}").get_data(as_text=True)
        assert payload not in html
        assert "&lt;script&gt;" in html
