"""The synthetic fair generator is the measuring instrument of the matching targets: it must
plant what it says it plants."""

from __future__ import annotations

import re

from benchmarks.synthetic_fair import DELEGATION, HOST, generate
from matchmaker.core.text.analysis import detect_language

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def test_same_seed_same_fair_and_other_seed_other_fair() -> None:
    assert generate(60, seed=5).profiles == generate(60, seed=5).profiles
    assert generate(60, seed=5).profiles != generate(60, seed=6).profiles


def test_groups_languages_and_texts() -> None:
    fair = generate(300, seed=1)
    groups = {p.group for p in fair.profiles}
    assert groups == {HOST, DELEGATION}
    delegation = [p for p in fair.profiles if p.group == DELEGATION]
    assert 0.35 < len(delegation) / 300 < 0.45
    for p in fair.profiles:
        written = fair.language[p.id]
        assert p.languages == (written,)
        assert written in ({"ru", "en"} if p.group == DELEGATION else {"de", "en"})
        assert detect_language(p.offer) == written
        assert bool(CYRILLIC.search(p.request)) == (written == "ru")


def test_relevance_is_ground_truth_and_symmetric() -> None:
    fair = generate(200, seed=2)
    ids = [p.id for p in fair.profiles]
    for a in ids[:40]:
        for b in ids[:40]:
            expected = len(fair.seeks[a] & fair.offers[b]) + len(fair.seeks[b] & fair.offers[a])
            assert fair.relevance(a, b) == expected == fair.relevance(b, a)
        assert not fair.seeks[a] & fair.offers[a], "nobody seeks what it offers itself"


def test_every_firm_has_relevant_partners_across_the_groups() -> None:
    fair = generate(300, seed=3)
    for a in fair.profiles:
        others = [b for b in fair.profiles if fair.group(b.id) != fair.group(a.id)]
        assert any(fair.relevance(a.id, b.id) > 0 for b in others), a.id


def test_competitor_twins_exist_in_the_other_group() -> None:
    fair = generate(300, seed=4)
    twins = [
        (a.id, b.id)
        for a in fair.profiles
        for b in fair.profiles
        if a.id < b.id
        and fair.group(a.id) != fair.group(b.id)
        and fair.offers[a.id] == fair.offers[b.id]
    ]
    assert len(twins) >= 15  # twin_share 0.15 of 300 firms / 2, at least


def test_unique_texts_repeat_nothing() -> None:
    fair = generate(200, seed=0, unique_texts=True)
    texts = [t for p in fair.profiles for t in (p.offer, p.request)]
    assert len(set(texts)) == len(texts)
