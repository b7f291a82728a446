"""The partners a firm may meet (services/partners.py), called directly on a real database:
its recommendations by rank with a score band (never the number) and their reason, the other
firms only when asked for or when the reader narrows the list, only firms shown publicly, the
firm's own group left out at a cross-group fair, and one partner's page."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    Recommendation,
    Sector,
)
from matchmaker.services.partners import PartnerFilter, band, partner_row, partner_rows
from tests.factories import create_event, create_participant


@dataclass(frozen=True)
class Fair:
    event: Event
    me: Participant
    firms: dict[str, Participant]


def _recommend(session: Session, firm: Participant, partner: Participant, rank: int,
               score: float, mutual: bool = False) -> None:  # fmt: skip
    session.add(Recommendation(
        event_id=firm.event_id, participant_id=firm.id, partner_id=partner.id, rank=rank,
        score=score, forward=0.5, backward=0.5, peer=0.0, mutual=mutual,
        reason=[{"direction": "partner_offers", "offer": "Pumpen", "request": "Pumpen",
                 "strength": 0.9}],
        scorer="test",
    ))  # fmt: skip
    session.flush()


@pytest.fixture
def fair(session: Session) -> Fair:
    """Me (Börde) with Pflege firms around: Zeta (Omsk, recommended 1st, strong, mutual),
    Alpha (Börde, recommended 2nd, possible), Beta (Omsk, not recommended, RU), Hidden
    (registered only, recommended 3rd)."""
    event = create_event(session)
    event.sectors = [Sector(name="Pflege"), Sector(name="Metall")]
    session.flush()
    pflege = next(s for s in event.sectors if s.name == "Pflege")
    host, delegation = event.groups
    me = create_participant(session, event, "ME", name="Meine GmbH", group_id=host.id)
    firms = {
        "zeta": create_participant(session, event, "Z", name="Zeta OOO", group_id=delegation.id,
                                   country="RU", offer="Pumpen", sectors=[pflege]),
        "alpha": create_participant(session, event, "A", name="Alpha AG", group_id=host.id,
                                    country="DE", offer="Fräsen"),
        "beta": create_participant(session, event, "B", name="Beta OOO", group_id=delegation.id,
                                   country="ru", offer="Мука",
                                   translations={"de": {"offer": "Mehl und Grieß"}}),
        "hidden": create_participant(session, event, "H", name="Hidden KG",
                                     status=ParticipantStatus.REGISTERED),
    }  # fmt: skip
    _recommend(session, me, firms["zeta"], 1, 2.4, mutual=True)
    _recommend(session, me, firms["alpha"], 2, 0.3)
    _recommend(session, me, firms["hidden"], 3, 0.2)
    return Fair(event, me, firms)


def _names(session: Session, fair: Fair, wanted: PartnerFilter) -> list[str]:
    return [r.partner.name for r in partner_rows(session, fair.me, wanted, "de")]


def test_the_recommended_partners_by_rank_with_band_and_reason(
    session: Session, fair: Fair
) -> None:
    rows = partner_rows(session, fair.me, PartnerFilter(), "de")
    assert [(r.partner.name, r.rank, r.band, r.mutual) for r in rows] == [
        ("Zeta OOO", 1, "strong", True),
        ("Alpha AG", 2, "possible", False),  # Hidden KG is not shown publicly
    ]
    assert rows[0].reason  # sentences for the reader, from the stored reason


def test_everyone_after_the_recommended_ones(session: Session, fair: Fair) -> None:
    rows = partner_rows(session, fair.me, PartnerFilter(everyone=True), "de")
    assert [(r.partner.name, r.rank, r.band) for r in rows] == [
        ("Zeta OOO", 1, "strong"),
        ("Alpha AG", 2, "possible"),
        ("Beta OOO", None, None),
    ]


@pytest.mark.parametrize(
    ("wanted", "names"),
    [
        ({"country": "RU"}, ["Zeta OOO", "Beta OOO"]),
        ({"text": "mehl"}, ["Beta OOO"]),  # in the translation of the offer
        ({"text": "pflege pumpen"}, ["Zeta OOO"]),  # a sector's name and the offer
        ({"text": "alpha fräsen"}, ["Alpha AG"]),
        ({"text": "hidden"}, []),
    ],
    ids=["country-any-case", "translation", "sector-and-offer", "every-word", "not-listed"],
)
def test_narrowing_shows_every_listed_firm_that_fits(
    session: Session, fair: Fair, wanted: dict[str, str], names: list[str]
) -> None:
    assert _names(session, fair, PartnerFilter(**wanted)) == names  # type: ignore[arg-type]


def test_narrowing_by_sector_and_group(session: Session, fair: Fair) -> None:
    pflege = next(s for s in fair.event.sectors if s.name == "Pflege")
    delegation = fair.event.groups[1]
    assert _names(session, fair, PartnerFilter(sector_id=pflege.id)) == ["Zeta OOO"]
    assert _names(session, fair, PartnerFilter(group_id=delegation.id)) == [
        "Zeta OOO", "Beta OOO",
    ]  # fmt: skip


def test_a_cross_group_fair_leaves_the_own_group_out(session: Session, fair: Fair) -> None:
    fair.event.cross_group_only = True
    assert _names(session, fair, PartnerFilter(everyone=True)) == ["Zeta OOO", "Beta OOO"]
    alpha = fair.firms["alpha"]
    assert partner_row(session, fair.me, alpha.id, "de") is None
    session.add(MeetingRequest(event_id=fair.event.id, from_participant_id=alpha.id,
                               to_participant_id=fair.me.id))  # fmt: skip
    session.flush()
    row = partner_row(session, fair.me, alpha.id, "de")  # a request shows them to each other
    assert row is not None
    assert (row.rank, row.band) == (2, "possible")


def test_one_partners_page(session: Session, fair: Fair) -> None:
    zeta = partner_row(session, fair.me, fair.firms["zeta"].id, "de")
    assert zeta is not None
    assert (zeta.partner.name, zeta.rank, zeta.band, zeta.mutual) == ("Zeta OOO", 1, "strong", True)
    beta = fair.firms["beta"]
    plain = partner_row(session, fair.me, beta.id, "de")
    assert plain is not None
    assert (plain.rank, plain.band, plain.reason) == (None, None, ())
    _recommend(session, beta, fair.me, 1, 1.5)  # Beta has Me recommended: the reason, turned
    turned = partner_row(session, fair.me, beta.id, "de")
    assert turned is not None
    assert (turned.rank, turned.band) == (None, None)
    assert turned.reason
    other = create_participant(session, create_event(session, "other"), "X")
    for unseen in (fair.me.id, fair.firms["hidden"].id, other.id, 999_999):
        assert partner_row(session, fair.me, unseen, "de") is None


@pytest.mark.parametrize(
    ("score", "word"),
    [(3.0, "strong"), (2.0, "strong"), (1.99, "good"), (1.0, "good"), (0.99, "possible"),
     (-4.0, "possible")],
)  # fmt: skip
def test_a_score_as_a_word(score: float, word: str) -> None:
    assert band(score) == word
