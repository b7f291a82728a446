"""Complementary matching on real text pipelines: TF-IDF alone, and with the real multilingual
sentence encoder where languages differ."""

from __future__ import annotations

import numpy as np
import pytest

from matchmaker.batch import catalogue
from matchmaker.core.checks import match_violations
from matchmaker.core.explain import explain, format_reason
from matchmaker.core.matching import ComplementaryMatcher, Match, MatchRules, recommend
from matchmaker.core.semantic import UniversalSentenceEncoder
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


def partners(matches: list[Match], pid: str) -> list[str]:
    return [m.partner_id for m in matches if m.participant_id == pid]


def test_complementary_partner_beats_look_alike_competitor() -> None:
    matches = recommend(FAIR, MatchRules(top_k=4))
    shop = partners(matches, "shop")
    assert shop[0] == "titan"  # offers what the shop seeks, seeks what it offers
    assert "bakery" not in shop  # no evidence, no recommendation
    by_partner = {m.partner_id: m for m in matches if m.participant_id == "shop"}
    assert by_partner["titan"].mutual
    assert by_partner["titan"].peer < 0.3
    if "rival" in by_partner:  # a competitor may appear, but only below real partners
        assert shop.index("rival") > shop.index("titan")
        assert by_partner["rival"].peer > 0.5


def test_mutual_partners_rank_above_one_sided_ones() -> None:
    matches = recommend(FAIR, MatchRules(top_k=4))
    shop = {m.partner_id: m for m in matches if m.participant_id == "shop"}
    assert shop["titan"].mutual
    assert not shop["tubes"].mutual
    assert shop["titan"].rank < shop["tubes"].rank
    assert shop["tubes"].forward > 0
    assert shop["tubes"].backward == 0


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


def test_chunking_does_not_change_the_result() -> None:
    whole = ComplementaryMatcher(chunk_size=1000).fit(FAIR).recommend(MatchRules(top_k=3))
    chunked = ComplementaryMatcher(chunk_size=2).fit(FAIR).recommend(MatchRules(top_k=3))
    assert whole == chunked


@pytest.mark.parametrize("stage_above", [1000, 4])
def test_threads_do_not_change_the_result(stage_above: int) -> None:
    """Chunks run on worker threads, all-pairs and staged alike; the result is the same."""
    rules = MatchRules(top_k=3)

    def run(workers: int) -> list[Match]:
        matcher = ComplementaryMatcher(
            chunk_size=2, workers=workers, stage_above=stage_above, candidates=5
        )
        return matcher.fit(FAIR).recommend(rules)

    alone = run(1)
    assert alone == run(2)
    assert match_violations(FAIR, alone, rules) == []


def test_firms_without_text_get_no_partners_and_ids_must_be_unique() -> None:
    matches = recommend([*FAIR, firm("empty", "", "")], MatchRules(top_k=3))
    assert partners(matches, "empty") == []
    assert "empty" not in {m.partner_id for m in matches}
    with pytest.raises(ValueError, match="unique"):
        ComplementaryMatcher().fit([MACHINE_SHOP, MACHINE_SHOP])
    with pytest.raises(ValueError, match="top_k"):
        MatchRules(top_k=0)


def test_explanation_names_the_items_that_matched() -> None:
    matcher = ComplementaryMatcher().fit(FAIR)
    match = next(
        m for m in matcher.recommend() if (m.participant_id, m.partner_id) == ("shop", "titan")
    )
    reason = explain(matcher, match)
    assert {part.direction for part in reason.parts} == {"partner_offers", "partner_seeks"}
    text = format_reason(reason)  # the English templates
    assert text.startswith("The interest is mutual. ")
    assert "Your request “Titanstangen” matches their offer “Titanstangen”." in text
    assert "Their request “Frästeile” matches your offer “CNC-Frästeile”." in text
    german = format_reason(reason, catalogue("de").gettext)
    assert german.startswith("Das Interesse ist gegenseitig. ")
    assert "Ihr Gesuch „Titanstangen“ passt zu seinem Angebot „Titanstangen“." in german
    assert "Sein Gesuch „Frästeile“ passt zu Ihrem Angebot „CNC-Frästeile“." in german
    russian = format_reason(reason, catalogue("ru").gettext)
    assert "Ваш запрос «Titanstangen» соответствует его предложению «Titanstangen»." in russian


def test_russian_offer_finds_the_german_firm_that_seeks_it(
    encoder: UniversalSentenceEncoder,
) -> None:
    """The point of a delegation visit: no shared words, the multilingual scorer bridges."""
    profiles = [
        firm("boerde", "Schweißkonstruktionen aus Stahl", "Titanstangen für Implantate", "DE"),
        firm("omsk-titan", "Поставка титановых прутков", "Сварные металлоконструкции", "RU"),
        firm("omsk-grain", "Гречневая крупа и твёрдая пшеница", "Упаковочные плёнки", "RU"),
        firm(
            "omsk-it", "Разработка мобильных приложений", "Заказчики программного обеспечения", "RU"
        ),
    ]
    alone = recommend(profiles, MatchRules(top_k=3, cross_group=True))
    assert partners(alone, "boerde") == []  # TF-IDF alone cannot see across languages
    matches = recommend(profiles, MatchRules(top_k=3, cross_group=True), embedder=encoder)
    assert partners(matches, "boerde")[0] == "omsk-titan"
    best = next(m for m in matches if m.participant_id == "boerde")
    assert best.mutual
    matcher = ComplementaryMatcher(embedder=encoder).fit(profiles)
    reason = format_reason(explain(matcher, best), catalogue("de").gettext)
    assert (
        "Ihr Gesuch „Titanstangen für Implantate“ passt zu seinem Angebot „титановых прутков“."
        in reason
    )


def test_encoder_vectors_are_normalised_and_empty_text_is_zero(
    encoder: UniversalSentenceEncoder,
) -> None:
    vectors = encoder.encode(["Titanstangen", "", "титановые прутки", "Titanstangen"])
    assert vectors.shape == (4, 512)
    assert abs(float(vectors[0] @ vectors[0]) - 1) < 1e-4
    assert not vectors[1].any()
    assert float(vectors[0] @ vectors[2]) > 0.5
    assert (vectors[0] == vectors[3]).all()


def test_candidate_stage_scores_equal_the_all_pairs_scores(
    encoder: UniversalSentenceEncoder,
) -> None:
    """The large-fair path scores a firm's candidates with exactly the numbers that the
    all-pairs path computes for them."""
    matcher = ComplementaryMatcher(embedder=encoder).fit(FAIR)
    everyone = np.arange(len(FAIR))
    forward, backward = matcher.directional(0, len(FAIR))
    context_forward, context_backward = matcher.context_scores(0, len(FAIR))
    peer = matcher.peer_scores(0, len(FAIR))
    for firm in range(len(FAIR)):
        f, g, p = matcher.pair_scores(firm, everyone)
        f, g = f + context_forward[firm], g + context_backward[firm]
        np.testing.assert_allclose(f, forward[firm], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(g, backward[firm], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(p, peer[firm], rtol=1e-5, atol=1e-6)


def test_staged_recommendations_keep_the_rules() -> None:
    profiles = [
        firm(f"h{i}", f"Drehteile Typ {i} und Frästeile", f"Titanstangen Sorte {i}", "DE")
        for i in range(12)
    ] + [firm(f"r{i}", f"Titanstangen Sorte {i}", f"Drehteile Typ {i}", "RU") for i in range(12)]
    rules = MatchRules(top_k=3, cross_group=True)
    staged = ComplementaryMatcher(candidates=4, stage_above=8).fit(profiles).recommend(rules)
    assert match_violations(profiles, staged, rules) == []
    best = {m.participant_id: m.partner_id for m in staged if m.rank == 1}
    assert best["h3"] == "r3"
    assert best["r7"] == "h7"
