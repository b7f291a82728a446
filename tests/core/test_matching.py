"""Complementary matching on real text pipelines: TF-IDF alone, and with the real multilingual
sentence encoders (USE and e5) where languages differ."""

from __future__ import annotations

import numpy as np
import pytest

from matchmaker.cli.batch import catalogue
from matchmaker.core.matching.checks import match_violations
from matchmaker.core.matching.evidence import Evidence
from matchmaker.core.matching.explain import explain, format_reason
from matchmaker.core.matching.matcher import ComplementaryMatcher, Match, MatchRules, recommend
from matchmaker.core.matching.semantic import (
    Embedder,
    Reading,
    UniversalSentenceEncoder,
    default_readings,
)
from matchmaker.core.types import Profile


def firm(pid: str, offer: str, request: str, group: str = "", organisation: str = "") -> Profile:
    return Profile(
        id=pid, name=pid, group=group, offer=offer, request=request, organisation=organisation
    )


MACHINE_SHOP = firm(
    "shop", "CNC-Frästeile und Drehteile aus Edelstahl", "Titanstangen und Edelstahlrohre", "DE"
)
TITAN_SUPPLIER = firm("titan", "Titanstangen und Titanbleche", "Aufträge für Frästeile", "RU")
COMPETITOR = firm("rival", "CNC-Frästeile und Drehteile aus Aluminium", "Pulverbeschichtung", "RU")
ONE_SIDED = firm("tubes", "Edelstahlrohre und Präzisionsrohre", "Büromöbel", "RU")
UNRELATED = firm("bakery", "Brot und Brötchen", "Mehl und Hefe", "RU")
FAIR = [MACHINE_SHOP, TITAN_SUPPLIER, COMPETITOR, ONE_SIDED, UNRELATED]


@pytest.fixture(scope="module")
def encoder() -> UniversalSentenceEncoder:
    return UniversalSentenceEncoder()


@pytest.fixture(scope="module")
def readings() -> tuple[Reading, ...]:
    found = default_readings()
    assert len(found) == 2, "the test environment has both encoders (USE and e5)"
    return found


def partners(matches: list[Match], pid: str) -> list[str]:
    return [m.partner_id for m in matches if m.participant_id == pid]


def test_complementary_partner_beats_look_alike_competitor() -> None:
    matches = recommend(FAIR, MatchRules(top_k=4))
    shop = partners(matches, "shop")
    assert shop[0] == "titan"  # offers what the shop seeks, seeks what it offers
    assert "bakery" not in shop  # no evidence (not better than the average pair), not listed
    by_partner = {m.partner_id: m for m in matches if m.participant_id == "shop"}
    assert by_partner["titan"].mutual
    if "rival" in by_partner:  # a competitor may appear, but only below real partners
        assert shop.index("rival") > shop.index("titan")
        assert by_partner["rival"].peer > by_partner["titan"].peer


def test_a_two_way_fit_ranks_above_a_one_sided_one() -> None:
    matches = recommend(FAIR, MatchRules(top_k=4))
    shop = {m.partner_id: m for m in matches if m.participant_id == "shop"}
    assert shop["titan"].mutual
    assert not shop["tubes"].mutual
    assert shop["titan"].rank < shop["tubes"].rank
    assert shop["tubes"].forward > shop["tubes"].backward  # the tubes are what the shop seeks


def test_a_firm_that_seeks_nothing_is_found_by_those_who_seek_what_it_offers() -> None:
    """An empty "we seek" is common; such a firm is matched on what others seek from it, and
    not ranked down as if it sought nothing they offer."""
    quiet = firm("quiet", "Titanstangen und Titanbleche", "", "RU")
    profiles = [MACHINE_SHOP, quiet, UNRELATED, COMPETITOR]
    matches = recommend(profiles, MatchRules(top_k=3, cross_group=True))
    assert partners(matches, "quiet") == ["shop"]
    assert partners(matches, "shop")[0] == "quiet"
    nobody = firm("nobody", "", "", "RU")
    assert partners(recommend([*profiles, nobody], MatchRules(top_k=3)), "nobody") == []


def test_rules_are_kept_and_verified() -> None:
    profiles = [
        *FAIR,
        firm("titan-2", "Titanstangen", "Frästeile", "DE", organisation="Sibtitan"),
        firm("titan-3", "Titanbleche und Titanstangen", "Drehteile", "RU", organisation="sibtitan"),
    ]
    rules = MatchRules(
        top_k=2, cross_group=True, excluded_pairs=frozenset({frozenset({"shop", "titan"})})
    )
    matches = recommend(profiles, rules)
    assert match_violations(profiles, matches, rules) == []
    assert "titan" not in partners(matches, "shop")  # excluded pair
    assert "titan-2" not in partners(matches, "shop")  # same group, cross-group mode
    assert "titan-3" not in partners(matches, "titan-2")  # same organisation
    assert all(len(partners(matches, p.id)) <= 2 for p in profiles)


def test_verifier_reports_broken_lists() -> None:
    rules = MatchRules(top_k=1, cross_group=True)
    bad = [
        Match("shop", "shop", 1, 0.5, 0.5, 0.5, 0.0, True),
        Match("titan", "rival", 1, 0.4, 0.4, 0.4, 0.0, True),
        Match("titan", "unknown", 3, 0.9, 0.9, 0.0, 0.0, False),
    ]
    problems = match_violations(FAIR, bad, rules)
    assert "shop is recommended to itself" in problems
    assert "titan -> rival: both in group 'RU' (cross-group)" in problems
    assert "titan -> unknown: unknown firm" in problems
    assert "titan: 2 partners, more than top 1" in problems
    assert "titan: ranks [1, 3] are not 1..2" in problems
    assert "titan: partners are not ordered by score" in problems


TOP_3 = MatchRules(top_k=3)


@pytest.fixture(scope="module")
def whole_fair(readings: tuple[Reading, ...]) -> ComplementaryMatcher:
    """The matcher fitted on the whole fair at once, in one chunk."""
    return ComplementaryMatcher(readings=readings, chunk_size=1000).fit(FAIR)


@pytest.mark.parametrize(
    ("chunk", "workers"),
    [
        pytest.param(2, 1, id="chunks-of-2"),
        pytest.param(2, 2, id="chunks-of-2-on-2-threads"),
        pytest.param(1, 2, id="chunks-of-1-on-2-threads"),
    ],
)
def test_chunks_and_threads_give_the_same_lists(
    readings: tuple[Reading, ...], whole_fair: ComplementaryMatcher, chunk: int, workers: int
) -> None:
    """Chunks of any size, on one thread or two, give the same matches as the whole fair at
    once."""
    matcher = ComplementaryMatcher(readings=readings, chunk_size=chunk, workers=workers)
    assert matcher.fit(FAIR).recommend(TOP_3) == whole_fair.recommend(TOP_3)


def test_a_single_firms_list_is_its_part_of_the_whole_fairs(
    whole_fair: ComplementaryMatcher,
) -> None:
    """One firm's list alone (the path of a firm that just edited its profile) is the same
    as its part of the whole fair's lists, and those are valid."""
    everyone = whole_fair.recommend(TOP_3)
    alone = whole_fair.recommend_for([whole_fair.index_["tubes"]], TOP_3)
    assert alone == [m for m in everyone if m.participant_id == "tubes"]
    assert match_violations(FAIR, everyone, TOP_3) == []


def test_a_new_fit_forgets_the_previous_fair(readings: tuple[Reading, ...]) -> None:
    """Fitting again on another fair replaces every learned vector (issue 20: a refit once
    reused the previous fair's firm vectors)."""
    other = [
        firm("a", "Brot und Brötchen", "Mehl und Hefe", "DE"),
        firm("b", "Weizenmehl und Backhefe", "Backwaren für den Export", "RU"),
        firm("c", "Software", "Aufträge", "RU"),
    ]
    fresh = ComplementaryMatcher(readings=readings).fit(other).recommend(MatchRules(top_k=2))
    reused = ComplementaryMatcher(readings=readings).fit(FAIR).fit(other)
    assert reused.recommend(MatchRules(top_k=2)) == fresh


def test_firms_without_text_get_no_partners_and_ids_must_be_unique() -> None:
    matches = recommend([*FAIR, firm("empty", "", "")], MatchRules(top_k=3))
    assert partners(matches, "empty") == []
    assert "empty" not in {m.partner_id for m in matches}
    with pytest.raises(ValueError, match="unique"):
        ComplementaryMatcher().fit([MACHINE_SHOP, MACHINE_SHOP])
    with pytest.raises(ValueError, match="top_k"):
        MatchRules(top_k=0)


def test_explanation_names_the_items_that_matched() -> None:
    matches = recommend(FAIR, MatchRules(top_k=4))
    match = next(m for m in matches if (m.participant_id, m.partner_id) == ("shop", "titan"))
    reason = explain(Evidence().fit(FAIR), match)
    assert {part.direction for part in reason.parts} == {"partner_offers", "partner_seeks"}
    text = format_reason(reason)  # the English templates
    assert text.startswith("The interest is mutual. ")
    # one-word items are quoted with the clause they stand in
    assert (
        "Your request “Titanstangen und Edelstahlrohre” matches their offer “Titanstangen und "
        "Titanbleche”." in text
    )
    assert (  # the offer's whole clause, not the stump "CNC-Frästeile"
        "Their request “Aufträge für Frästeile” matches your offer “CNC-Frästeile und Drehteile "
        "aus Edelstahl”." in text
    )
    german = format_reason(reason, catalogue("de").gettext)
    assert german.startswith("Das Interesse ist gegenseitig. ")
    assert "Ihr Gesuch „Titanstangen und Edelstahlrohre“ passt zu seinem Angebot" in german
    russian = format_reason(reason, catalogue("ru").gettext)
    assert "Ваш запрос «Titanstangen und Edelstahlrohre» соответствует его предложению" in russian


def test_a_one_word_item_is_quoted_with_the_clause_it_stands_in() -> None:
    """ "Türen" alone says little; the reason quotes the firm's clause around it."""
    profiles = [
        firm("hall", "Montage von Industriehallen", "Türen für Industriehallen", "DE"),
        firm("doors", "Seit 1990 in Stolberg. Fenster, Türen, Tore. Montage bundesweit.", "", "PL"),
    ]
    pair = Evidence().fit(profiles).best("hall", "doors")
    assert pair is not None
    assert (pair.need, pair.offer) == ("Türen für Industriehallen", "Fenster, Türen, Tore")


def test_russian_offer_finds_the_german_firm_that_seeks_it(
    readings: tuple[Reading, ...],
) -> None:
    """The point of a delegation visit: no shared words, the multilingual scorers bridge."""
    profiles = [
        firm("boerde", "Schweißkonstruktionen aus Stahl", "Titanstangen für Implantate", "DE"),
        firm("omsk-titan", "Поставка титановых прутков", "Сварные металлоконструкции", "RU"),
        firm("omsk-grain", "Гречневая крупа и твёрдая пшеница", "Упаковочные плёнки", "RU"),
        firm(
            "omsk-it", "Разработка мобильных приложений", "Заказчики программного обеспечения", "RU"
        ),
    ]
    alone = recommend(profiles, MatchRules(top_k=3, cross_group=True))
    assert partners(alone, "boerde")[:1] != ["omsk-titan"]  # TF-IDF alone cannot see it
    matches = recommend(profiles, MatchRules(top_k=3, cross_group=True), readings=readings)
    assert partners(matches, "boerde")[0] == "omsk-titan"
    best = next(m for m in matches if m.participant_id == "boerde")
    assert best.mutual
    evidence = Evidence(readings[0]).fit(profiles)
    reason = format_reason(explain(evidence, best), catalogue("de").gettext)
    assert (
        "Ihr Gesuch „Titanstangen für Implantate“ passt zu seinem Angebot „Поставка титановых "
        "прутков“." in reason
    )


@pytest.mark.parametrize(("model", "width"), [("use", 512), ("e5", 384)])
def test_encoder_vectors_are_normalised_and_empty_text_is_zero(
    encoder: UniversalSentenceEncoder, readings: tuple[Reading, ...], model: str, width: int
) -> None:
    """The Universal Sentence Encoder and e5 (the second reading's offers)."""
    encoders: dict[str, Embedder] = {"use": encoder, "e5": readings[1].offers}
    vectors = encoders[model].encode(["Titanstangen", "", "титановые прутки", "Titanstangen"])
    assert vectors.shape == (4, width)
    assert abs(float(vectors[0] @ vectors[0]) - 1) < 1e-3
    assert not vectors[1].any()
    assert float(vectors[0] @ vectors[2]) > 0.5
    assert np.allclose(vectors[0], vectors[3])
