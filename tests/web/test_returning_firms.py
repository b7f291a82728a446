"""Returning firms (issue 19): an organisation's directory of the firms it has worked with,
and a firm's earlier fairs on its staff page. The real app on a real database, through its
pages; the world is `tests/returning_world.py`'s."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Organisation, Participant, StaffUser
from matchmaker.services.returning_firms import Outcome, firm_directory, firm_history
from tests.returning_world import (
    ADMIN,
    AUTUMN,
    MEMBER_A,
    MEMBER_B,
    OMSK,
    SPRING,
    World,
    login,
    omsk_supports_the_open_fair,
    page_text,
)

pytestmark = pytest.mark.own_organisations


# ---- the directory ----------------------------------------------------------------------------


def test_the_directory_holds_the_organisations_firms_merged_by_address(world: World) -> None:
    with world.app.app_context():
        session = db.session()
        a = session.scalars(select(Organisation).where(Organisation.slug.contains("barleben")))
        firms = {f.name: f for f in firm_directory(session, a.one(), date(2026, 11, 30))}
    assert set(firms) == {"Alpha", "nord metall", "Partner eins", "Partner zwei"}
    alpha = firms["Alpha"]  # the latest name, its three fairs of A's, not B's fair
    assert (alpha.fairs, alpha.last_fair, alpha.country) == (3, "Börse Barleben 2027", "AT")
    assert alpha.meetings == 1  # autumn's; spring's partner did not come; drafts do not count
    assert firms["nord metall"].fairs == 2  # no address: the same name, case and spaces aside
    web = login(world.app, MEMBER_A)
    page = web.get("/staff/organisations/wirtschaftsfoerderung-barleben/firms")
    assert page.status_code == 200
    shown = page_text(page.get_data(as_text=True))
    assert "Alpha Technik GmbH" not in shown
    assert "Alpha" in shown
    assert "Sibirien OOO" not in shown
    assert "Alpha in Omsk" not in shown
    assert "Gelöscht AG" not in shown  # erased
    assert "Firms of Wirtschaftsförderung Barleben" in shown
    assert "/staff/organisations/wirtschaftsfoerderung-barleben/firms" in web.get(
        "/staff/"
    ).get_data(as_text=True)
    csv = web.get("/staff/organisations/wirtschaftsfoerderung-barleben/firms.csv")
    assert csv.status_code == 200
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("name,email,country,fairs,last_fair")
    assert len(lines) == 5
    assert "Sibirien" not in csv.get_data(as_text=True)


def test_only_members_and_administrators_open_a_directory(world: World) -> None:
    url = "/staff/organisations/wirtschaftsfoerderung-barleben/firms"
    assert login(world.app, MEMBER_A).get(url).status_code == 200
    assert login(world.app, ADMIN).get(url).status_code == 200
    other = login(world.app, MEMBER_B)
    assert other.get(url).status_code == 404
    assert other.get(url + ".xlsx").status_code == 404
    assert other.get("/staff/organisations/ihk-omsk/firms").status_code == 200
    assert "wirtschaftsfoerderung-barleben" not in other.get("/staff/").get_data(as_text=True)
    assert other.get("/staff/organisations/no-such-office/firms").status_code == 404
    anonymous = world.app.test_client().get(url)
    assert anonymous.status_code == 302
    assert anonymous.location.startswith("/staff/login")


# ---- a firm's earlier fairs on its staff page ---------------------------------------------------


def _history(world: World, email: str) -> str:
    page = login(world.app, email).get(f"/staff/e/open/firms/{world.ids['alpha']}/edit")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return page_text(html[html.index('id="history-title"') :])


def test_the_history_shows_the_earlier_fairs_the_reader_may_see(world: World) -> None:
    omsk_supports_the_open_fair(world)  # B's fair is shared now, for B
    with world.app.app_context():
        session = db.session()
        alpha = session.get(Participant, world.ids["alpha"])
        assert alpha is not None
        by_admin = session.scalars(select(StaffUser).where(StaffUser.email == ADMIN)).one()
        visits = firm_history(session, alpha, by_admin, date(2026, 11, 30))
    assert [v.event_name for v in visits] == [OMSK, AUTUMN, SPRING]  # newest first
    autumn = visits[1]
    assert autumn.meetings == 1
    assert autumn.outcome == Outcome(1, 1, 1, 1)
    assert visits[2].meetings == 0
    assert visits[2].outcome == Outcome()
    for_a = _history(world, MEMBER_A)
    assert AUTUMN in for_a
    assert SPRING in for_a
    assert OMSK not in for_a
    assert "approved" in for_a
    assert "about 1 partner: 1 held · 1 follow-up · 1 cooperation" in for_a
    for_b = _history(world, MEMBER_B)
    assert OMSK in for_b
    assert AUTUMN not in for_b
    assert SPRING not in for_b
    for_admin = _history(world, ADMIN)
    assert OMSK in for_admin
    assert AUTUMN in for_admin


def test_the_history_leaves_out_another_organisations_fair(world: World) -> None:
    """Without a role on the open fair, B's fair is no "earlier fair" of it, even for an
    administrator, and B's own staff do not see the open fair at all."""
    for_admin = _history(world, ADMIN)
    assert AUTUMN in for_admin
    assert SPRING in for_admin
    assert OMSK not in for_admin
    page = login(world.app, MEMBER_B).get(f"/staff/e/open/firms/{world.ids['alpha']}/edit")
    assert page.status_code == 404
