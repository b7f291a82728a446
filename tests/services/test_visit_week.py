"""The delegation's week in the services (issue 21): items, members, attendance, hosts, the
day's problem as the planner sees it, plans stored, published and changed by hand, and each
member's week. Real database, real planner (short limits)."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy.orm import Session

from matchmaker.core.messages import Explained, no_progress
from matchmaker.core.visits.checks import visit_violations
from matchmaker.jobs.tasks import plan_visit_day
from matchmaker.models import ItemKind, ParticipantStatus, VisitPlanState, VisitPlanVersion
from matchmaker.services import itinerary, programme, visit_hosts, visit_plans
from matchmaker.services.event_texts import event_texts, save_translations
from matchmaker.services.programme import ItemValues, MemberValues
from matchmaker.services.staff import create_staff
from matchmaker.services.texts import local_text
from matchmaker.services.visit_problem import visit_input
from tests.factories import create_event, create_participant, create_version
from tests.visit_week import MONDAY, TUESDAY, Week, build_week, only_afternoon


@pytest.fixture
def week(session: Session) -> Week:
    return build_week(session)


def _plan(session: Session, week: Week) -> VisitPlanVersion:
    _, figures = plan_visit_day(
        session, week.event, {"item": week.monday.id, "time_limit": 1}, no_progress
    )
    found = visit_plans.version_of(session, week.monday, figures["version"])
    assert found is not None
    return found


def test_the_week_lists_its_days_in_order(session: Session, week: Week) -> None:
    days = programme.week(session, week.event)
    assert [d.day for d in days] == [MONDAY, TUESDAY, date(2027, 4, 21)]
    assert [i.kind for d in days for i in d.items] == [
        ItemKind.VISITS,
        ItemKind.FAIR,
        ItemKind.FIXED,
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end": time(8, 0)}, programme.ITEM_ENDS_BEFORE),
        ({"lunch_minutes": 60, "lunch_from": time(12, 0)}, programme.LUNCH_INCOMPLETE),
        (
            {"lunch_minutes": 90, "lunch_from": time(12, 0), "lunch_to": time(13, 0)},
            programme.LUNCH_OUTSIDE,
        ),
    ],
)
def test_an_item_that_makes_no_sense_is_refused_whole(
    session: Session, week: Week, changes: dict[str, object], message: str
) -> None:
    values = ItemValues(day=MONDAY, kind=ItemKind.FIXED, title="X", start=time(9), end=time(10))
    with pytest.raises(Explained) as refused:
        programme.save_item(session, week.event, ItemValues(**(vars(values) | changes)))
    assert refused.value.template == message
    assert len(programme.items_of(session, week.event)) == 3


def test_a_member_cannot_be_given_another_fairs_firm(session: Session, week: Week) -> None:
    other = create_event(session, "other")
    stranger = create_participant(session, other, "X-1")
    with pytest.raises(Explained, match="not registered"):
        programme.save_member(
            session, week.event, MemberValues(name="Ghost", participant_id=stranger.id)
        )


def test_an_absent_member_is_left_out_of_the_day(session: Session, week: Week) -> None:
    away = week.members[0]
    programme.set_attendance(session, week.monday, {away.id: False})
    given = visit_input(session, week.monday)
    assert str(away.id) not in given.members
    assert len(given.problem.members) == 4
    programme.set_attendance(session, week.monday, {away.id: True})
    assert len(visit_input(session, week.monday).problem.members) == 5


def test_the_problem_scores_hosts_by_the_firms_needs(session: Session, week: Week) -> None:
    given = visit_input(session, week.monday)
    problem = given.problem
    hosts = [h.id for h in problem.hosts]
    medtech = [m.id for m in problem.members].index(str(week.members[0].id))
    tubes = hosts.index(str(week.hosts[0].id))
    bakery = hosts.index(str(week.hosts[4].id))
    assert problem.relevance[medtech][tubes] > problem.relevance[medtech][bakery]
    assert problem.travel[0][hosts.index(str(week.hosts[2].id)) + 1] <= 2  # next door
    assert problem.day.lunch is not None


def test_windows_of_the_day_limit_a_host_and_other_days_exclude_it(
    session: Session, week: Week
) -> None:
    only_afternoon(session, week.hosts[0])
    given = visit_input(session, week.monday)
    host = next(h for h in given.problem.hosts if h.id == str(week.hosts[0].id))
    assert [(w.start, w.end) for w in host.windows] == [(13 * 60, 17 * 60)]
    assert visit_hosts.usable_on(week.hosts[0], MONDAY)
    assert not visit_hosts.usable_on(week.hosts[0], TUESDAY)
    visit_hosts.set_status(session, week.hosts[1], ParticipantStatus.REJECTED)
    assert str(week.hosts[1].id) not in visit_input(session, week.monday).hosts


def test_travel_needs_coordinates_or_a_table(session: Session, week: Week) -> None:
    week.hosts[3].lat = week.hosts[3].lon = None
    with pytest.raises(Explained, match="Medizintechnik Barleben"):
        visit_input(session, week.monday)
    keys = ["hotel", *(str(h.id) for h in week.hosts)]
    week.monday.travel = {
        "sites": keys,
        "minutes": [[0 if a == b else 25 for b in keys] for a in keys],
    }
    assert visit_input(session, week.monday).problem.travel[0][1] == 25
    week.monday.travel, week.monday.lat = None, None
    with pytest.raises(Explained, match="start's coordinates"):
        visit_input(session, week.monday)


def test_a_planned_day_is_stored_as_a_draft_the_verifier_accepts(
    session: Session, week: Week
) -> None:
    version = _plan(session, week)
    given = visit_input(session, week.monday)
    assert version.state is VisitPlanState.DRAFT
    assert visit_plans.findings(given, version) == []
    assert version.baseline_total is not None
    assert version.relevance_total >= version.baseline_total
    plan = visit_plans.plan_of(version)
    assert sorted(m for g in plan.groups for m in g.members) == sorted(given.members)
    assert any(g.visits for g in plan.groups)


def test_publishing_supersedes_the_plan_before(session: Session, week: Week) -> None:
    first = _plan(session, week)
    assert visit_plans.publish(session, first) is None
    second = _plan(session, week)
    assert visit_plans.publish(session, second) is first
    assert first.state is VisitPlanState.SUPERSEDED
    assert visit_plans.published_of(session, week.monday) is second
    with pytest.raises(Explained):
        visit_plans.publish(session, first)


def test_a_change_by_hand_is_retimed_and_checked(session: Session, week: Week) -> None:
    version = _plan(session, week)
    given = visit_input(session, week.monday)
    plan = visit_plans.plan_of(version)
    mover = plan.groups[0].members[0]
    moved = visit_plans.changed_by_hand(
        given, version, visit_plans.HandChange("move", group=2, member=mover)
    )
    assert mover in moved.groups[1].members
    assert visit_violations(given.problem, moved) == []
    with pytest.raises(Explained, match="no group 9"):
        visit_plans.changed_by_hand(
            given, version, visit_plans.HandChange("move", group=9, member=mover)
        )


def test_a_visit_added_by_hand_that_cannot_fit_is_refused(session: Session, week: Week) -> None:
    late = week.hosts[4]  # free only in the last hour, so nobody gets back by the close
    visit_hosts.save_host(session, week.event, visit_hosts.HostValues(
        name=late.name, lat=late.lat, lon=late.lon, duration_minutes=60,
        windows=(visit_hosts.HostWindow(MONDAY, time(16, 0), time(17, 0)),),
    ), late)  # fmt: skip
    version = _plan(session, week)
    given = visit_input(session, week.monday)
    change = visit_plans.HandChange("add", group=1, host=str(late.id), position=99)
    with pytest.raises(Explained, match="Group 1's visits do not fit"):
        visit_plans.changed_by_hand(given, version, change)
    dropped = visit_plans.changed_by_hand(
        given, version, visit_plans.HandChange("drop", host=str(week.hosts[2].id))
    )
    assert str(week.hosts[2].id) not in {v.host for g in dropped.groups for v in g.visits}
    assert visit_violations(given.problem, dropped) == []


def test_a_members_week_shows_their_groups_visits_once_published(
    session: Session, week: Week
) -> None:
    member = week.members[0]
    pending = itinerary.member_week(session, member)
    assert [e.kind for e in pending.entries] == ["pending", "item", "item"]
    version = _plan(session, week)
    visit_plans.publish(session, version)
    group = next(g for g in visit_plans.plan_of(version).groups if str(member.id) in g.members)
    shown = itinerary.member_week(session, member)
    visits = [e for e in shown.entries if e.kind == "visit"]
    assert [str(e.host.id) for e in visits if e.host] == [v.host for v in group.visits]
    assert {e.sequence for e in visits} == {version.number}
    assert len([e for e in shown.entries if e.kind == "lunch"]) == 1
    programme.set_attendance(session, week.excursion, {member.id: False})
    assert "Ausflug nach Wernigerode" not in [
        e.item.title for e in itinerary.member_week(session, member).entries
    ]


def test_a_members_link_finds_them_until_it_expires(session: Session, week: Week) -> None:
    member = week.members[1]
    token = itinerary.member_token(session, member, "k" * 32)
    assert itinerary.member_by_token(session, token, TUESDAY, 30) is member
    assert itinerary.member_by_token(session, token, date(2027, 6, 1), 30) is None
    assert itinerary.member_by_token(session, token[:-1] + "x", TUESDAY, 30) is None
    assert itinerary.member_by_token(session, "short", TUESDAY, 30) is None


def test_programme_titles_are_translated_on_the_languages_page(
    session: Session, week: Week
) -> None:
    texts = {t.key: t for t in event_texts(week.event)}
    key = f"item-{week.excursion.id}-title"
    assert texts[key].original == "Ausflug nach Wernigerode"
    staff = create_staff(session, "texte@amt.example", "texte-password-1")
    changed = save_translations(
        session, week.event, {key: {"ru": "Поездка в Вернигероде"}}, ["ru"], staff
    )
    assert changed == 1
    assert local_text(week.excursion, "title", "ru").text == "Поездка в Вернигероде"


def test_a_members_fair_day_holds_their_firms_meetings(session: Session, week: Week) -> None:
    member = week.members[0]  # of Omsk Medical
    firm = member.participant
    assert firm is not None
    local = create_participant(session, week.event, "BK-1", name="Börde Präzision")
    create_version(session, week.event, [(firm, local, 2, 1)])
    fair_day = dict(itinerary.member_week(session, member).days)[TUESDAY]
    meetings = [e for e in fair_day if e.kind == "meeting"]
    assert [(e.partner.name if e.partner else "", e.table) for e in meetings] == [
        ("Börde Präzision", "1")
    ]
    assert meetings[0].start == time(9, 20)
    assert [e.kind for e in fair_day] == ["item", "meeting"]
    official = week.members[4]  # no firm: no meetings
    kinds = [e.kind for e in dict(itinerary.member_week(session, official).days)[TUESDAY]]
    assert kinds == ["item"]
