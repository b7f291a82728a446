"""Staff force or forbid a pair of firms: a forbidden pair is never recommended, requested
or scheduled; a forced pair is scheduled as a mutual wish. Real app, database and core."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.core.scheduling.scheduler import ScheduleOptions
from matchmaker.extensions import db
from matchmaker.models import Event, PairRule, Participant, Recommendation
from matchmaker.services.drafts import generate_draft
from matchmaker.services.recommendations import compute_recommendations
from matchmaker.services.schedules import event_problem, version_report
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login
from tests.factories import create_open_event, create_participant, link_token

LOGIN = ("pairs@amt.example", "pairs-password-1")


@dataclass(frozen=True)
class Fair:
    app: Flask
    web: FlaskClient
    ids: dict[str, int]
    tokens: dict[str, str]


@pytest.fixture
def fair(app: Flask) -> Fair:
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "paare")
        firms = {
            "B1": ("Sterile Einwegprodukte", "Vertriebspartner Krankenhausbedarf"),
            "O1": ("Vertrieb von Krankenhausbedarf", "Sterile Einwegprodukte"),
            "B2": ("CNC-Fräsen", "Abnehmer Maschinenbau"),
        }
        rows = {
            key: create_participant(
                session,
                event,
                key,
                name=f"Firma {key}",
                offer=offer,
                request=seek,
                languages=["de"],
            )
            for key, (offer, seek) in firms.items()
        }
        session.commit()
        ids = {k: p.id for k, p in rows.items()}
        tokens = {k: link_token(p) for k, p in rows.items()}
    web = app.test_client()
    staff_login(web, LOGIN[0], LOGIN[1])
    return Fair(app, web, ids, tokens)


def rule(fair: Fair, a: str, b: str, kind: str) -> int:
    page = fair.web.get(f"/staff/e/paare/firms/{fair.ids[a]}/matches").get_data(as_text=True)
    return fair.web.post(
        "/staff/e/paare/pairs",
        data={"csrf_token": csrf_token(page), "a": fair.ids[a], "b": fair.ids[b], "kind": kind},
    ).status_code


def test_forbidden_pair_is_not_recommended_requested_or_scheduled(fair: Fair) -> None:
    assert rule(fair, "B1", "O1", "forbid") == 303
    page = fair.web.get(f"/staff/e/paare/firms/{fair.ids['B1']}/matches").get_data(as_text=True)
    assert "darf nicht treffen: Firma O1" in page
    with fair.app.app_context():
        event = db.session.scalars(select(Event)).one()
        compute_recommendations(db.session(), event, readings=None)
        db.session.commit()
        recommended = {
            (r.participant_id, r.partner_id) for r in db.session.scalars(select(Recommendation))
        }
    assert (fair.ids["B1"], fair.ids["O1"]) not in recommended
    assert (fair.ids["O1"], fair.ids["B1"]) not in recommended
    firm_web = fair.app.test_client()
    profile = firm_web.get(f"/p/{fair.tokens['B1']}/profile").get_data(as_text=True)
    refused = firm_web.post(
        f"/p/{fair.tokens['B1']}/requests",
        data={"csrf_token": csrf_token(profile), "partner": fair.ids["O1"], "priority": "2"},
    )
    assert refused.status_code == 409
    assert "ausgeschlossen" in refused.get_data(as_text=True)


def test_forced_pair_is_scheduled(fair: Fair) -> None:
    assert rule(fair, "B2", "O1", "force") == 303
    with fair.app.app_context():
        event = db.session.scalars(select(Event)).one()
        wishes = event_problem(db.session(), event).problem.wishes
        assert [(w.pair, w.priority, w.mutual) for w in wishes] == [
            (frozenset((str(fair.ids["B2"]), str(fair.ids["O1"]))), 3, True)
        ]
        run = generate_draft(db.session(), event, options=ScheduleOptions(time_limit=5))
        assert len(run.result.placements) == 1


def test_rules_can_be_replaced_and_removed(fair: Fair) -> None:
    assert rule(fair, "B2", "O1", "force") == 303
    assert rule(fair, "O1", "B2", "forbid") == 303  # the same pair, the other way round
    with fair.app.app_context():
        rows = db.session.scalars(select(PairRule)).all()
        assert [(r.kind.value) for r in rows] == ["forbid"]
        rule_id = rows[0].id
    page = fair.web.get(f"/staff/e/paare/firms/{fair.ids['B2']}/matches").get_data(as_text=True)
    removed = fair.web.post(
        f"/staff/e/paare/pairs/{rule_id}/remove", data={"csrf_token": csrf_token(page)}
    )
    assert removed.status_code == 303
    with fair.app.app_context():
        assert db.session.scalars(select(PairRule)).all() == []


def test_refusals(fair: Fair, app: Flask) -> None:
    assert rule(fair, "B1", "B1", "force") == 404
    with app.app_context():
        other = create_open_event(db.session(), "anders")
        stranger = create_participant(db.session(), other, "Z")
        stranger_id = stranger.id
        db.session.commit()
    page = fair.web.get(f"/staff/e/paare/firms/{fair.ids['B1']}/matches").get_data(as_text=True)
    wrong = fair.web.post(
        "/staff/e/paare/pairs",
        data={
            "csrf_token": csrf_token(page),
            "a": fair.ids["B1"],
            "b": stranger_id,
            "kind": "force",
        },
    )
    assert wrong.status_code == 404
    assert fair.web.post("/staff/e/paare/pairs", data={"a": 1, "b": 2}).status_code == 400
    assert fair.web.get(f"/staff/e/anders/firms/{fair.ids['B1']}/matches").status_code == 404
    with app.app_context():
        assert db.session.scalars(select(Participant)).all()
        assert db.session.scalars(select(PairRule)).all() == []


def test_best_mutual_matches_become_wishes(fair: Fair) -> None:
    with fair.app.app_context():
        event = db.session.scalars(select(Event)).one()
        compute_recommendations(db.session(), event, readings=None)
        db.session.commit()
        assert event_problem(db.session(), event).problem.wishes == ()
        wishes = event_problem(db.session(), event, recommended=1).problem.wishes
        assert [w.pair for w in wishes] == [frozenset((str(fair.ids["B1"]), str(fair.ids["O1"])))]
        # a version built from them is judged with its meetings as wishes, not as unasked
        run = generate_draft(db.session(), event, options=ScheduleOptions(time_limit=5),
                             recommended=1)  # fmt: skip
        report = version_report(db.session(), event, run.version)
        assert (report.violations, report.stats.placed, report.stats.wishes) == ((), 1, 1)
        db.session.rollback()
        assert rule(fair, "B1", "O1", "forbid") == 303
        db.session.expire_all()
        assert event_problem(db.session(), event, recommended=1).problem.wishes == ()


def test_staff_read_reasons_about_both_firms_not_to_them(fair: Fair) -> None:
    """Walk 16 #13: the reasons on the staff recommendations page name the firm and its
    partner ("Gesuch von Firma B1 …") instead of addressing the firm ("Ihr Gesuch …")."""
    with fair.app.app_context():
        event = db.session.scalars(select(Event)).one()
        compute_recommendations(db.session(), event, readings=None)
        db.session.commit()
    page = fair.web.get(f"/staff/e/paare/firms/{fair.ids['B1']}/matches").get_data(as_text=True)
    assert "Gesuch von Firma B1 „Vertriebspartner Krankenhausbedarf“ passt zu Angebot von " \
        "Firma O1 „Vertrieb von Krankenhausbedarf“." in page  # fmt: skip
    assert "Ihr Gesuch" not in page
    assert "Ihr Angebot" not in page
    fair.web.get("/language/ru")
    page = fair.web.get(f"/staff/e/paare/firms/{fair.ids['B1']}/matches").get_data(as_text=True)
    # (both firms' German words are marked as foreign to a Russian reader)
    assert 'Запрос Firma B1 «<span lang="de">Vertriebspartner Krankenhausbedarf</span>' in page
    assert 'соответствует предложению Firma O1 «<span lang="de">Vertrieb' in page
    assert "Ваш " not in page
