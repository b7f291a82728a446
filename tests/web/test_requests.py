"""Recommended partners and meeting requests through the firms' own pages: the real app, a
real database, recommendations computed by the real matching core."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event, MeetingRequest, Participant, RequestStatus
from matchmaker.services.recommendations import compute_recommendations
from tests.conftest import csrf_token
from tests.factories import create_open_event, create_participant, link_token


@dataclass(frozen=True)
class Fair:
    app: Flask
    tokens: dict[str, str]  # external id -> personal-link token
    ids: dict[str, int]


FIRMS = {
    "B1": ("Börde", "Medizintechnik", "Sterile Einwegprodukte, Reinraumfertigung",
           "Vertriebspartner für Krankenhausbedarf in Russland", ["de", "ru"]),
    "B2": ("Börde", "Metallverarbeitung", "CNC-Fräsen, Blechbearbeitung, Schweißbaugruppen",
           "Abnehmer für Metallteile im Maschinenbau", ["de", "en"]),
    "O1": ("Omsk", "Medizintechnik", "Vertrieb von Krankenhausbedarf in Sibirien",
           "Sterile Einwegprodukte aus Deutschland", ["ru"]),
    "O2": ("Omsk", "Metallverarbeitung", "Maschinenbau, Montage von Landmaschinen",
           "Zulieferer für Metallteile, CNC-Fräsen", ["ru", "en"]),
}  # fmt: skip


@pytest.fixture
def fair(app: Flask) -> Fair:
    with app.app_context():
        session = db.session()
        event = create_open_event(session, cross_group_only=True, max_requests_per_participant=2)
        groups = {g.name: g for g in event.groups}
        sectors = {s.name: s for s in event.sectors}
        tokens, ids = {}, {}
        for key, (group, sector, offer, seek, languages) in FIRMS.items():
            firm = create_participant(
                session,
                event,
                key,
                name=f"Firma {key}",
                group=groups[group],
                offer=offer,
                request=seek,
                languages=languages,
                contact_person=f"Person {key}",
                email=f"{key.lower()}@firm.example",
                phone="+49 391 000",
            )
            firm.sectors = [sectors[sector]]
            ids[key] = firm.id
        compute_recommendations(session, event, readings=None)
        session.commit()
        tokens = {k: link_token(session.get_one(Participant, i)) for k, i in ids.items()}
    return Fair(app, tokens, ids)


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def ask(fair: Fair, sender: str, partner: str, priority: int = 3, message: str = "") -> int:
    web = fair.app.test_client()
    html = page(web, f"/p/{fair.tokens[sender]}/partners?all=1")
    response = web.post(
        f"/p/{fair.tokens[sender]}/requests",
        data={
            "csrf_token": csrf_token(html),
            "partner": str(fair.ids[partner]),
            "priority": str(priority),
            "message": message,
        },
    )
    return response.status_code


def token(web: FlaskClient, fair: Fair, firm: str) -> str:
    """A CSRF token of the firm's session (the profile page always has a form)."""
    return csrf_token(page(web, f"/p/{fair.tokens[firm]}/profile"))


def requests_in_db(fair: Fair) -> list[tuple[int, int, RequestStatus, int]]:
    with fair.app.app_context():
        return [
            (r.from_participant_id, r.to_participant_id, r.status, r.priority)
            for r in db.session.scalars(select(MeetingRequest).order_by(MeetingRequest.id))
        ]


def test_partners_page_shows_recommendations_with_reason_and_band(fair: Fair) -> None:
    html = page(fair.app.test_client(), f"/p/{fair.tokens['B1']}/partners")
    assert "Firma O1" in html  # its complementary partner, recommended
    assert "Warum:" in html
    assert "Übereinstimmung" in html
    assert "Firma B2" not in html  # same group at a cross-group fair
    assert "Firma B1</h2>" not in html  # never oneself


def test_filters_and_free_text_search(fair: Fair) -> None:
    web = fair.app.test_client()
    with fair.app.app_context():
        event = db.session.scalars(select(Event)).one()
        metal = next(s.id for s in event.sectors if s.name == "Metallverarbeitung")
    html = page(web, f"/p/{fair.tokens['B1']}/partners?sector={metal}")
    assert "Firma O2" in html
    assert "Firma O1" not in html
    html = page(web, f"/p/{fair.tokens['B1']}/partners?q=landmaschinen")
    assert "Firma O2" in html
    assert "Firma O1" not in html
    html = page(web, f"/p/{fair.tokens['B1']}/partners?q=nichtvorhanden")
    assert "Kein Unternehmen passt zu Ihrer Suche." in html


def test_contact_details_only_after_a_scheduled_meeting(fair: Fair) -> None:
    html = page(fair.app.test_client(), f"/p/{fair.tokens['B1']}/partners?all=1")
    assert "o1@firm.example" not in html
    assert "Person O1" not in html


def test_request_accept_and_both_see_it(fair: Fair) -> None:
    assert ask(fair, "B1", "O1", message="Gern über Vertrieb sprechen") == 303
    ((a, b, status, priority),) = requests_in_db(fair)
    assert (a, b, status, priority) == (fair.ids["B1"], fair.ids["O1"], RequestStatus.PENDING, 3)
    web = fair.app.test_client()
    incoming = page(web, f"/p/{fair.tokens['O1']}/requests")
    assert "Firma B1" in incoming
    assert "Gern über Vertrieb sprechen" in incoming
    request_id = next(r.id for r in _requests(fair))
    answer = web.post(
        f"/p/{fair.tokens['O1']}/requests/{request_id}/accept",
        data={"csrf_token": csrf_token(incoming)},
    )
    assert answer.status_code == 303
    assert requests_in_db(fair)[0][2] == RequestStatus.ACCEPTED
    mine = page(web, f"/p/{fair.tokens['B1']}/requests")
    assert "angenommen: von beiden gewünscht" in mine
    again = web.post(
        f"/p/{fair.tokens['O1']}/requests/{request_id}/decline",
        data={"csrf_token": csrf_token(incoming)},
    )
    assert again.status_code == 409  # answered already
    assert requests_in_db(fair)[0][2] == RequestStatus.ACCEPTED


def _requests(fair: Fair) -> list[MeetingRequest]:
    with fair.app.app_context():
        rows = list(db.session.scalars(select(MeetingRequest).order_by(MeetingRequest.id)))
        db.session.expunge_all()
        return rows


def test_asking_back_makes_a_mutual_wish(fair: Fair) -> None:
    assert ask(fair, "B1", "O1") == 303
    assert ask(fair, "O1", "B1") == 303
    assert [r[2] for r in requests_in_db(fair)] == [RequestStatus.ACCEPTED]  # one row, mutual


def test_duplicate_and_over_the_limit_are_refused(fair: Fair) -> None:
    assert ask(fair, "O1", "B1") == 303
    assert ask(fair, "O1", "B1") == 409  # already asked
    assert ask(fair, "O1", "B2") == 303
    web = fair.app.test_client()
    response = web.post(
        f"/p/{fair.tokens['O1']}/requests",
        data={
            "csrf_token": token(web, fair, "O1"),
            "partner": str(fair.ids["B1"]),
            "priority": "1",
        },
    )
    assert response.status_code == 409
    assert len(requests_in_db(fair)) == 2
    # a third partner would be over the limit of 2 (O2 is in the same group; add one more)
    with fair.app.app_context():
        event = db.session.scalars(select(Event)).one()
        borde = next(g for g in event.groups if g.name == "Börde")
        third = create_participant(db.session(), event, "B3", group=borde, offer="x", request="y")
        third_id = third.id
        db.session.commit()
    response = web.post(
        f"/p/{fair.tokens['O1']}/requests",
        data={"csrf_token": token(web, fair, "O1"), "partner": str(third_id), "priority": "1"},
    )
    assert response.status_code == 409
    assert "erlaubte Zahl an Anfragen erreicht" in response.get_data(as_text=True)
    assert len(requests_in_db(fair)) == 2


def test_same_group_and_self_are_refused(fair: Fair) -> None:
    assert ask(fair, "B1", "B2") == 409
    assert ask(fair, "B1", "B1") == 409
    assert requests_in_db(fair) == []


def test_declined_request_cannot_be_repeated_but_a_withdrawn_one_can(fair: Fair) -> None:
    web = fair.app.test_client()
    assert ask(fair, "B1", "O1") == 303
    rid = _requests(fair)[0].id
    html = page(web, f"/p/{fair.tokens['O1']}/requests")
    web.post(
        f"/p/{fair.tokens['O1']}/requests/{rid}/decline", data={"csrf_token": csrf_token(html)}
    )
    assert ask(fair, "B1", "O1") == 409
    assert ask(fair, "B2", "O2") == 303
    rid2 = _requests(fair)[1].id
    html = page(web, f"/p/{fair.tokens['B2']}/requests")
    withdrawn = web.post(
        f"/p/{fair.tokens['B2']}/requests/{rid2}/withdraw", data={"csrf_token": csrf_token(html)}
    )
    assert withdrawn.status_code == 303
    assert requests_in_db(fair)[1][2] == RequestStatus.WITHDRAWN
    assert ask(fair, "B2", "O2") == 303
    assert requests_in_db(fair)[1][2] == RequestStatus.PENDING


@pytest.mark.parametrize("action", ["accept", "decline", "withdraw"])
def test_another_firms_request_cannot_be_touched(fair: Fair, action: str) -> None:
    assert ask(fair, "B1", "O1") == 303
    rid = _requests(fair)[0].id
    web = fair.app.test_client()
    html = page(web, f"/p/{fair.tokens['O2']}/profile")
    response = web.post(
        f"/p/{fair.tokens['O2']}/requests/{rid}/{action}", data={"csrf_token": csrf_token(html)}
    )
    assert response.status_code == 404
    assert requests_in_db(fair)[0][2] == RequestStatus.PENDING


def test_the_sender_cannot_accept_its_own_request(fair: Fair) -> None:
    assert ask(fair, "B1", "O1") == 303
    rid = _requests(fair)[0].id
    web = fair.app.test_client()
    html = page(web, f"/p/{fair.tokens['B1']}/requests")
    response = web.post(
        f"/p/{fair.tokens['B1']}/requests/{rid}/accept", data={"csrf_token": csrf_token(html)}
    )
    assert response.status_code == 404
    assert requests_in_db(fair)[0][2] == RequestStatus.PENDING


def test_request_without_csrf_token_is_refused(fair: Fair) -> None:
    web = fair.app.test_client()
    response = web.post(
        f"/p/{fair.tokens['B1']}/requests", data={"partner": str(fair.ids["O1"]), "priority": "2"}
    )
    assert response.status_code == 400
    assert requests_in_db(fair) == []


def test_message_with_script_is_shown_escaped(fair: Fair) -> None:
    assert ask(fair, "B1", "O1", message="<img src=x onerror=alert(1)>") == 303
    html = page(fair.app.test_client(), f"/p/{fair.tokens['O1']}/requests")
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_requests_page_counts_the_limit(fair: Fair) -> None:
    assert ask(fair, "B1", "O1") == 303
    html = page(fair.app.test_client(), f"/p/{fair.tokens['B1']}/requests")
    assert "Sie haben 1 von 2 Anfragen genutzt." in html


def test_pages_in_russian(fair: Fair) -> None:
    web = fair.app.test_client()
    web.get("/language/ru?next=/")
    html = page(web, f"/p/{fair.tokens['O1']}/partners")
    assert '<html lang="ru">' in html
    assert "Ваши партнёры" in html
    assert "Почему:" in html
