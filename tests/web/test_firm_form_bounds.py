"""What the pages of firms and of their import read from a request is parsed and bounded by
the forms (`forms.filters`, `forms.feedback`, `forms.imports`), not by the views: an
over-long search is cut, a filter that is no number is ignored, `next` never leads off the
site, a box counts only as "1", a bad id or token is refused and changes nothing. The real
app, database and files, through the pages as a browser uses them."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import MeetingFeedback, Organisation, PairRule, Participant
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token
from tests.factories import create_open_event, create_participant, link_token
from tests.fair_day import publish_day
from tests.web.test_registration import form_values

LOGIN = ("bounds@amt.example", "bounds-password-1")
LONG = "Titan" * 1000  # 5,000 characters


@dataclass(frozen=True)
class Fair:
    app: Flask
    web: FlaskClient  # staff, logged in
    ids: dict[str, int]
    tokens: dict[str, str]  # the firms' personal-link tokens


@pytest.fixture
def fair(app: Flask) -> Fair:
    """Event "tag", open for registration, with firms A to D; A meets B and C in the
    published timetable; a staff member logged in."""
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "tag")
        firms = {
            k: create_participant(session, event, k, name=f"Firma {k}", languages=["de"])
            for k in "DCBA"  # made in the other order: a list by name is sorted
        }
        publish_day(session, event, firms, {("A", "B"): (1, 1), ("A", "C"): (2, 1)})
        session.commit()
        ids = {k: f.id for k, f in firms.items()}
        tokens = {k: link_token(f) for k, f in firms.items()}
    web = app.test_client()
    page = web.get("/staff/login").get_data(as_text=True)
    answer = web.post("/staff/login", data={"csrf_token": csrf_token(page), "email": LOGIN[0],
                                            "password": LOGIN[1]})  # fmt: skip
    assert answer.status_code == 303
    return Fair(app, web, ids, tokens)


def _listed(page: str) -> list[str]:
    """The firms a list shows, in its order."""
    shown = [k for k in "ABCD" if f"Firma {k}" in page]
    return sorted(shown, key=lambda k: page.index(f"Firma {k}"))


def test_a_long_partner_search_is_cut_and_bad_filters_are_ignored(fair: Fair) -> None:
    web = fair.app.test_client()
    partners = f"/p/{fair.tokens['A']}/partners"
    answer = web.get(f"{partners}?q={LONG}")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert f'value="{LONG[:200]}"' in page  # searched for its first 200 characters
    assert "Firma B" not in page  # no firm is found for it
    everyone = web.get(f"{partners}?all=1&group=abc&sector={'9' * 30}")
    assert everyone.status_code == 200
    assert {"B", "C", "D"} <= set(_listed(everyone.get_data(as_text=True)))  # ids? ignored
    page = web.get(f"{partners}?all=1&country=%20de%20x").get_data(as_text=True)
    assert 'name="country" value="de"' in page  # stripped, two letters
    only_recommended = web.get(f"{partners}?all=0").get_data(as_text=True)
    assert "Firma B" not in only_recommended  # "0" is not ticked


def test_the_staff_firm_list_reads_only_known_filters(fair: Fair) -> None:
    assert fair.web.get(f"/staff/e/tag/firms?q={LONG}").status_code == 200
    answer = fair.web.get("/staff/e/tag/firms?status=bogus&sort=bogus&group=abc&by=-1")
    assert answer.status_code == 200
    assert _listed(answer.get_data(as_text=True)) == ["A", "B", "C", "D"]  # all, by name
    answer = fair.web.get("/staff/e/tag/firms?status=approved&sort=registered&q=%20a%20")
    page = answer.get_data(as_text=True)
    assert _listed(page) == ["D", "C", "B", "A"]  # as registered
    # the filter form shows what was read: the cleaned search, the status and order chosen
    assert 'name="q" type="search" value="a"' in page
    assert '<option value="approved" selected>' in page
    assert '<option value="registered" selected>' in page
    assert '<option value="name" selected>' not in page


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "//[", "/e/tag"]
)
def test_next_after_a_login_stays_in_the_console(app: Flask, fair: Fair, target: str) -> None:
    web = app.test_client()
    page = web.get("/staff/login").get_data(as_text=True)
    answer = web.post(f"/staff/login?next={quote(target)}", data={
        "csrf_token": csrf_token(page), "email": LOGIN[0], "password": LOGIN[1]
    })  # fmt: skip
    assert answer.status_code == 303
    assert answer.location == "/staff/"


def test_next_after_a_login_goes_on_in_the_console(app: Flask, fair: Fair) -> None:
    web = app.test_client()
    page = web.get("/staff/login").get_data(as_text=True)
    answer = web.post("/staff/login?next=/staff/e/tag/firms%3Fq%3DFirma", data={
        "csrf_token": csrf_token(page), "email": LOGIN[0], "password": LOGIN[1]
    })  # fmt: skip
    assert answer.location == "/staff/e/tag/firms?q=Firma"


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("//[", "/"),  # not even a URL: no error, just home
        ("e/tag", "/"),
        ("/" * 5000, "/"),
        ("/e/tag?x=1", "/e/tag?x=1"),
    ],
)
def test_next_of_the_language_menu_stays_on_the_site(
    client: FlaskClient, target: str, landing: str
) -> None:
    answer = client.get(f"/language/en?next={quote(target)}")
    assert answer.status_code == 302
    assert answer.location == landing


def _rule(fair: Fair, **values: str) -> int:
    page = fair.web.get(f"/staff/e/tag/firms/{fair.ids['A']}/matches").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "a": str(fair.ids["A"]), "b": str(fair.ids["B"]),
            "kind": "forbid", **values}  # fmt: skip
    return fair.web.post("/staff/e/tag/pairs", data=data).status_code


def _rules(app: Flask) -> list[PairRule]:
    with app.app_context():
        return list(db.session.scalars(select(PairRule)))


@pytest.mark.parametrize(
    "bad",
    [{"a": "abc"}, {"b": "1.5"}, {"a": "9" * 30}, {"b": "-3"}, {"a": ""}, {"kind": "merge"}],
)
def test_a_pair_rule_with_a_bad_value_is_refused_and_changes_nothing(
    fair: Fair, bad: dict[str, str]
) -> None:
    assert _rule(fair, **bad) == 400
    assert _rules(fair.app) == []
    assert _rule(fair) == 303  # the same with proper values
    assert len(_rules(fair.app)) == 1


def test_an_import_without_a_file_or_with_a_bad_token_changes_nothing(fair: Fair) -> None:
    page = fair.web.get("/staff/e/tag/import").get_data(as_text=True)
    answer = fair.web.post("/staff/e/tag/import", data={"csrf_token": csrf_token(page)},
                           content_type="multipart/form-data")  # fmt: skip
    assert answer.status_code == 422
    assert "Bitte wählen Sie eine Datei." in answer.get_data(as_text=True)
    for token in ("a" * 5000, "../../secret", ""):
        confirm = fair.web.post("/staff/e/tag/import/confirm", data={
            "csrf_token": csrf_token(page), "token": token, "map-0": "name", "erased": LONG,
        })  # fmt: skip
        assert confirm.status_code == 422  # an unknown upload, not a file name too long
    with fair.app.app_context():
        assert len(db.session.scalars(select(Participant)).all()) == 4


def test_feedback_counts_a_box_only_as_1_and_cuts_a_long_comment(fair: Fair) -> None:
    web = fair.app.test_client()
    url = f"/p/{fair.tokens['A']}/feedback"
    b, c, d = fair.ids["B"], fair.ids["C"], fair.ids["D"]
    answers = {
        "csrf_token": csrf_token(web.get(url).get_data(as_text=True)),
        f"met-{b}": "1", f"follow-{b}": "on", f"comment-{b}": "x" * 5000,
        f"met-{c}": "0", f"met-{d}": "1", f"comment-{d}": "not a partner of A's agenda",
    }  # fmt: skip
    assert web.post(url, data=answers).status_code == 303
    with fair.app.app_context():
        rows = {f.partner_id: f for f in db.session.scalars(select(MeetingFeedback))}
        assert set(rows) == {b, c}  # D is no partner of A's agenda: not read
        assert (rows[b].met, rows[b].follow_up) == (True, False)
        assert len(rows[b].comment) == 2000  # the form's cut (4,000) and the service's
        assert rows[c].met is False


def test_erasing_needs_the_box_ticked(fair: Fair) -> None:
    web = fair.app.test_client()
    token = fair.tokens["D"]
    page = web.get(f"/p/{token}/profile").get_data(as_text=True)
    for ticked in ({}, {"confirm": "on"}, {"confirm": "0"}):
        answer = web.post(f"/p/{token}/erase", data={"csrf_token": csrf_token(page), **ticked})
        assert answer.location.endswith("/profile")  # asked to tick the box, nothing deleted
    assert web.post(f"/p/{token}/erase", data={"confirm": "1"}).status_code == 400  # no token
    with fair.app.app_context():
        assert db.session.get_one(Participant, fair.ids["D"]).name == "Firma D"


def test_reusing_a_profile_with_no_id_is_refused(fair: Fair) -> None:
    web = fair.app.test_client()
    token = fair.tokens["A"]
    page = web.get(f"/p/{token}/").get_data(as_text=True)
    for earlier in ("abc", "9" * 30, ""):
        answer = web.post(
            f"/p/{token}/reuse", data={"csrf_token": csrf_token(page), "earlier": earlier}
        )
        assert answer.status_code == 303
        assert answer.location.endswith(f"/p/{token}/")  # back to the overview, refused
    with fair.app.app_context():
        assert db.session.get_one(Participant, fair.ids["A"]).reused_at is None


def test_a_long_via_is_cut_and_credits_the_owner(app: Flask, fair: Fair) -> None:
    web = app.test_client()
    url = f"/e/tag/register?via={'x' * 5000}"
    page = web.get(url).get_data(as_text=True)
    answer = web.post(url, data=form_values(page, email="lang@via.example"))
    assert answer.status_code == 303
    with app.app_context():
        owner = db.session.scalars(select(Organisation).where(Organisation.slug == "testamt"))
        firm = db.session.scalars(
            select(Participant).where(Participant.email == "lang@via.example")
        ).one()
        assert firm.recruited_by_id == owner.one().id
