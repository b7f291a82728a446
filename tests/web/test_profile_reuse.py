"""A returning firm starts from last time's profile, with its consent (issue 19): offered
only with the same address and an organisation in common, never from an erased
registration, once; copies exactly the listed fields. The real app on a real database,
through the firm's personal link; the world is `tests/returning_world.py`'s."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient

from matchmaker.extensions import db
from matchmaker.models import Event, Participant, ParticipantStatus
from matchmaker.models.base import utcnow
from matchmaker.services.privacy import erase_personal_data
from tests.conftest import csrf_token
from tests.factories import create_participant, link_token
from tests.returning_world import (
    AUTUMN,
    COPIED,
    EARLIER,
    World,
    omsk_supports_the_open_fair,
    page_text,
)

pytestmark = pytest.mark.own_organisations


# ---- starting from last time's profile --------------------------------------------------------


def _firm_page(world: World, key: str = "alpha") -> tuple[FlaskClient, str, str]:
    """A client on the firm's personal link, the link's token and its overview page."""
    with world.app.app_context():
        firm = db.session.get(Participant, world.ids[key])
        assert firm is not None
        token = link_token(firm)
    client = world.app.test_client()
    client.set_cookie("lang", "en")
    page = client.get(f"/p/{token}/")
    assert page.status_code == 200
    return client, token, page.get_data(as_text=True)


def _offered(html: str) -> int | None:
    found = re.search(r'name="earlier" type="hidden" value="(\d+)"', html)
    return int(found.group(1)) if found else None


def _alpha(world: World) -> dict[str, object]:
    with world.app.app_context():
        firm = db.session.get(Participant, world.ids["alpha"])
        assert firm is not None
        values = {name: getattr(firm, name) for name in (*COPIED, "name", "email", "locale",
                  "group_id", "max_meetings", "available_from", "status", "reused_from_id",
                  "reused_at")}  # fmt: skip
        values["sectors"] = [s.name for s in firm.sectors]
        return values


def test_a_returning_firm_starts_from_its_latest_earlier_profile(world: World) -> None:
    client, token, page = _firm_page(world)
    assert _offered(page) == world.ids["alpha_autumn"]  # the latest earlier one, not Omsk's
    shown = page_text(page)  # the fair's German name marked as such for an English reader
    assert f"You took part in {AUTUMN} DE (March 18, 2026)" in shown
    before = _alpha(world)
    refused = client.post(f"/p/{token}/reuse", data={"earlier": world.ids["alpha_autumn"]})
    assert refused.status_code == 400  # no CSRF token: no consent
    assert _alpha(world) == before
    answer = client.post(
        f"/p/{token}/reuse",
        data={"csrf_token": csrf_token(page), "earlier": world.ids["alpha_autumn"]},
    )
    assert answer.status_code == 303
    assert answer.location.endswith(f"/p/{token}/profile")
    after = _alpha(world)
    assert {name: after[name] for name in COPIED} == EARLIER
    kept = ("name", "email", "locale", "group_id", "max_meetings", "available_from", "status")
    assert {k: after[k] for k in kept} == {k: before[k] for k in kept}
    assert after["sectors"] == ["Medizintechnik"]  # by name among this fair's; Robotik is none
    assert after["reused_from_id"] == world.ids["alpha_autumn"]
    assert isinstance(after["reused_at"], datetime)
    assert utcnow() - after["reused_at"] < timedelta(minutes=5)
    profile = client.get(f"/p/{token}/profile").get_data(as_text=True)
    assert "CNC-Fräsen von Aluminiumgehäusen" in profile
    assert f"Your profile now holds what you gave for {AUTUMN}" in page_text(profile)
    assert _offered(profile) is None
    assert _offered(client.get(f"/p/{token}/").get_data(True)) is None
    again = client.post(
        f"/p/{token}/reuse",
        data={"csrf_token": csrf_token(page), "earlier": world.ids["alpha_spring"]},
    )
    assert again.status_code == 303
    assert _alpha(world) == after


def test_no_offer_without_the_same_address_and_an_organisation_in_common(world: World) -> None:
    with world.app.app_context():
        session = db.session()
        fair = session.get(Event, world.ids["open"])
        assert fair is not None
        siberia = create_participant(session, fair, "s2", name="Sibirien", email="s@omsk.example",
                                     status=ParticipantStatus.REGISTERED)  # fmt: skip
        nord = create_participant(session, fair, "n3", name="Nord Metall")  # no address
        session.commit()
        world.ids.update(siberia=siberia.id, nord=nord.id)
    page = _firm_page(world, "siberia")[2]
    assert _offered(page) is None  # B's fair only: B has no role on the open fair
    assert _offered(_firm_page(world, "nord")[2]) is None  # same name, but no address
    omsk_supports_the_open_fair(world)
    assert _offered(_firm_page(world, "siberia")[2]) == world.ids["omsk_only"]
    # ... and now Alpha's latest earlier fair is B's, which is offered instead of A's
    assert _offered(_firm_page(world, "alpha")[2]) == world.ids["alpha_omsk"]


def test_an_erased_registration_is_never_offered_nor_copied(world: World) -> None:
    with world.app.app_context():
        session = db.session()
        autumn = session.get(Participant, world.ids["alpha_autumn"])
        assert autumn is not None
        erase_personal_data(session, autumn)
        session.commit()
    client, token, page = _firm_page(world)
    assert _offered(page) == world.ids["alpha_spring"]  # the latest one not erased
    before = _alpha(world)
    answer = client.post(
        f"/p/{token}/reuse",
        data={"csrf_token": csrf_token(page), "earlier": world.ids["alpha_autumn"]},
    )
    assert answer.status_code == 303
    assert answer.location.endswith(f"/p/{token}/")
    assert _alpha(world) == before  # refused whole: nothing copied, nothing recorded
    assert "no longer available" in page_text(client.get(f"/p/{token}/").get_data(as_text=True))
    with world.app.app_context():
        spring = db.session.get(Participant, world.ids["alpha_spring"])
        assert spring is not None
        erase_personal_data(db.session(), spring)
        db.session.commit()
    assert _offered(_firm_page(world)[2]) is None


def test_no_offer_once_profiles_are_closed(world: World) -> None:
    client, token, page = _firm_page(world)
    assert _offered(page) == world.ids["alpha_autumn"]
    with world.app.app_context():
        fair = db.session.get(Event, world.ids["open"])
        assert fair is not None
        fair.registration_deadline = datetime.now() - timedelta(hours=1)
        db.session.commit()
    before = _alpha(world)
    assert _offered(client.get(f"/p/{token}/").get_data(as_text=True)) is None
    answer = client.post(
        f"/p/{token}/reuse",
        data={"csrf_token": csrf_token(page), "earlier": world.ids["alpha_autumn"]},
    )
    assert answer.status_code == 303
    assert _alpha(world) == before
