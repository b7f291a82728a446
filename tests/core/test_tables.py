"""Themed tables: firms sit with relevant firms, groups mixed, no pair twice over the rounds,
staff themes kept, languages flagged, sizes even; and the verifier catches each broken rule."""

from __future__ import annotations

import itertools

import pytest

from matchmaker.core.tables.rules import (
    SeatedTable,
    TablePlan,
    TableRules,
    Theme,
    affinity_from_scores,
    table_sizes,
    table_stats,
    table_violations,
)
from matchmaker.core.tables.search import seat_tables
from matchmaker.core.types import Profile


def firms(count: int, group: str = "", languages: tuple[str, ...] = ()) -> list[Profile]:
    prefix = group[:1].upper() or "F"
    return [Profile(id=f"{prefix}{i:02d}", group=group, languages=languages) for i in range(count)]


def test_table_sizes_are_as_even_as_possible() -> None:
    assert table_sizes(23, TableRules(size=8)) == [8, 8, 7]
    assert table_sizes(24, TableRules(size=8)) == [8, 8, 8]
    assert table_sizes(10, TableRules(size=8, themes=(Theme("A", 2), Theme("B", 1)))) == [4, 3, 3]
    with pytest.raises(ValueError, match="9 firms at 2 tables leaves tables of 4, fewer than"):
        table_sizes(9, TableRules(size=8, min_size=6))
    with pytest.raises(ValueError, match="at least 2"):
        TableRules(size=1)


def test_firms_sit_with_the_firms_they_are_tied_to() -> None:
    """Three clusters of four strongly tied firms: each cluster gets a table of its own."""
    profiles = firms(12)
    clusters = [profiles[i : i + 4] for i in (0, 4, 8)]
    scores = [
        (a.id, b.id, 1.0) for cluster in clusters for a, b in itertools.permutations(cluster, 2)
    ]
    plan = seat_tables(profiles, affinity_from_scores(scores), TableRules(size=4))
    assert table_violations(profiles, plan, TableRules(size=4)) == []
    seated = {frozenset(t.members) for t in plan.tables}
    assert seated == {frozenset(p.id for p in cluster) for cluster in clusters}


def test_no_pair_meets_twice_over_rounds_and_groups_are_mixed() -> None:
    profiles = firms(8, "Omsk") + firms(8, "Börde")
    rules = TableRules(size=4, rounds=3, seed=1)
    everyone = [(a.id, b.id, 0.5) for a, b in itertools.permutations(profiles, 2)]
    plan = seat_tables(profiles, affinity_from_scores(everyone), rules)
    assert table_violations(profiles, plan, rules) == []
    stats = table_stats(profiles, plan, lambda a, b: True)
    assert stats.repeated_pairs == 0
    assert stats.mixed_share == 1.0
    assert stats.relevant_per_firm == 3.0  # everyone is relevant: 3 tablemates a round
    assert plan == seat_tables(profiles, affinity_from_scores(everyone), rules)  # seeded


def test_tables_without_a_common_language_are_flagged() -> None:
    russian = firms(2, "Omsk", ("ru",))
    german = firms(2, "Börde", ("de",))
    plan = seat_tables(russian + german, {}, TableRules(size=4))
    (table,) = plan.tables
    assert table.needs_interpreter
    assert table.shared_languages == ()
    bilingual = firms(2, "Omsk", ("ru", "en")) + firms(2, "Börde", ("de", "en"))
    (table,) = seat_tables(bilingual, {}, TableRules(size=4)).tables
    assert (table.needs_interpreter, table.shared_languages) == (False, ("en",))


def test_staff_themes_pull_the_firms_that_fit_them() -> None:
    med = [Profile(id=f"M{i}", offer="Implantate und Medizintechnik") for i in range(4)]
    metal = [Profile(id=f"X{i}", offer="Blechbearbeitung, Metallverarbeitung") for i in range(4)]
    rules = TableRules(size=4, themes=(Theme("Medizintechnik"), Theme("Metallverarbeitung")))

    def fit(profile: Profile, theme: str) -> float:
        return 1.0 if theme.casefold() in profile.offer.casefold() else 0.0

    plan = seat_tables(med + metal, {}, rules, theme_fit=fit)
    assert table_violations(med + metal, plan, rules) == []
    by_theme = {t.theme: set(t.members) for t in plan.tables}
    assert by_theme == {"Medizintechnik": {p.id for p in med},
                        "Metallverarbeitung": {p.id for p in metal}}  # fmt: skip


def test_derived_labels_name_the_sector_and_what_is_particular() -> None:
    med = [
        Profile(id=f"M{i}", sectors=("Medizintechnik",), offer=f"Wir bieten Implantate {i}")
        for i in range(3)
    ]
    other = [Profile(id=f"O{i}", sectors=("Logistik",), offer="Wir bieten Lagerlogistik")
             for i in range(3)]  # fmt: skip
    scores = [(a.id, b.id, 1.0) for a, b in itertools.permutations(med, 2)]
    plan = seat_tables(med + other, affinity_from_scores(scores), TableRules(size=3))
    labels = {frozenset(t.members): t.theme for t in plan.tables}
    assert labels[frozenset(p.id for p in med)] == "Medizintechnik: Implantate"


def test_the_verifier_catches_each_broken_rule() -> None:
    profiles = firms(6)
    rules = TableRules(size=3, min_size=3, themes=(Theme("Pflege"),))
    bad = TablePlan((
        SeatedTable(1, 1, "Pflege", ("F00", "F01"), (), False),
        SeatedTable(1, 2, "", ("F01", "F02", "F03", "F09"), (), False),
    ))  # fmt: skip
    problems = "\n".join(table_violations(profiles, bad, rules))
    assert "round 1: F04 is not seated" in problems
    assert "round 1: F01 sits at 2 tables" in problems
    assert "round 1: unknown firm F09" in problems
    assert "round 1, table 1: 2 firms, not 3-3" in problems
    assert "round 1, table 2: 4 firms, not 3-3" in problems
    good = seat_tables(profiles, {}, rules)
    assert table_violations(profiles, good, rules) == []
    assert [t.theme for t in good.tables].count("Pflege") == 1
