"""Updating a fair's lists after a few firms changed (core/matching/update.py), against a whole run
on the same fair: the same lists where the fair's statistics did not move, nearly the same
where they did, and no trace of firms that left."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from benchmarks.synthetic_fair import generate
from matchmaker.core.matching.matcher import ComplementaryMatcher, Match, MatchRules
from matchmaker.core.matching.update import RESERVE, list_floors, update_lists
from matchmaker.core.types import Profile

RULES = MatchRules(top_k=8, cross_group=True)


def lists(matches: list[Match] | tuple[Match, ...]) -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for m in matches:
        out.setdefault(m.participant_id, []).append((m.partner_id, m.score))
    return out


def by_firm(matches: list[Match]) -> dict[str, list[Match]]:
    out: dict[str, list[Match]] = {}
    for m in matches:
        out.setdefault(m.participant_id, []).append(m)
    return out


@pytest.fixture(scope="module")
def fair() -> list[Profile]:
    return list(generate(240, seed=3).profiles)


def whole(profiles: list[Profile]) -> tuple[ComplementaryMatcher, list[Match]]:
    matcher = ComplementaryMatcher(lexical_weight=1.0).fit(profiles)
    return matcher, matcher.recommend(RULES)


def test_firms_that_changed_group_give_the_lists_of_a_whole_run(fair: list[Profile]) -> None:
    # A group decides which pairs may be listed, not any score: the fair's statistics stay
    # put, so the update must give exactly the whole run's lists, every firm, every score.
    _, before = whole(fair)
    moved = {p.id for p in fair[::20]}
    groups = sorted({p.group for p in fair})
    after = [
        replace(p, group=groups[(groups.index(p.group) + 1) % len(groups)]) if p.id in moved else p
        for p in fair
    ]
    matcher, expected = whole(after)
    updated = update_lists(matcher, by_firm(before), moved, RULES)
    assert lists(updated.matches) == lists(expected)
    assert lists(expected) != lists(before)  # the change mattered to some lists
    assert moved <= updated.changed_lists
    unchanged = set(lists(before)) - updated.changed_lists
    assert unchanged  # most lists stay as they were, and are not rewritten
    assert all(lists(before)[f] == lists(expected)[f] for f in unchanged)
    ranks = [
        m.rank for m in updated.matches if m.participant_id == updated.matches[0].participant_id
    ]
    assert ranks == list(range(1, len(ranks) + 1))


def test_changed_texts_new_and_departed_firms(fair: list[Profile]) -> None:
    _, before = whole(fair)
    left = {fair[5].id, fair[77].id}
    edited = {p.id: p for p in fair[1::25] if p.id not in left}
    donor = fair[150]
    changed_profiles = {
        pid: replace(p, offer=donor.offer, request=donor.request) for pid, p in edited.items()
    }
    newcomer = replace(fair[9], id="new-firm", name="New firm")
    after = [changed_profiles.get(p.id, p) for p in fair if p.id not in left] + [newcomer]
    matcher, expected = whole(after)
    changed = set(changed_profiles) | {"new-firm"}
    updated = update_lists(matcher, by_firm(before), changed, RULES)
    got, want = lists(updated.matches), lists(expected)
    for firm in changed:  # scored in full with the fair as it is now
        assert got.get(firm) == want.get(firm)
    listed = {m.partner_id for m in updated.matches} | {m.participant_id for m in updated.matches}
    assert not listed & left
    assert left & set(lists(before)) <= updated.changed_lists  # their old lists go
    # The others keep the scores of the last run for unchanged pairs (the fair's statistics
    # moved a little), so their lists are nearly, not exactly, a whole run's.
    overlap = [
        len({p for p, _ in got[f]} & {p for p, _ in want[f]}) / max(len(want[f]), 1)
        for f in want
        if f not in changed
    ]
    assert sum(overlap) / len(overlap) > 0.9
    # A changed firm that is now some firm's best partner is on that firm's list.
    for firm in changed:
        for partner, _ in want.get(firm, [])[:1]:
            if partner not in changed and want[partner][0][0] == firm:
                assert got[partner][0][0] == firm


class CountingMatcher(ComplementaryMatcher):
    """The real matcher, remembering which rows it was asked to score in full again."""

    rescored: list[int]

    def recommend_for(self, firms: Sequence[int], rules: MatchRules | None = None) -> list[Match]:
        self.rescored = [*getattr(self, "rescored", []), *firms]
        return super().recommend_for(firms, rules)


def regrouped(profiles: list[Profile], moved: set[str]) -> list[Profile]:
    groups = sorted({p.group for p in profiles})
    return [
        replace(p, group=groups[(groups.index(p.group) + 1) % len(groups)]) if p.id in moved else p
        for p in profiles
    ]


def test_a_reserve_fills_the_lists_changed_partners_left_without_scoring_them_again(
    fair: list[Profile],
) -> None:
    # Firms that change group leave the lists of the firms now in their group. Without a
    # reserve each such full list is scored again in full; with one, it is filled from the
    # partners kept beyond it, and the lists are still exactly a whole run's, shown and deep.
    depth = RULES.top_k + RESERVE
    before = (
        ComplementaryMatcher(lexical_weight=1.0).fit(fair).recommend(replace(RULES, top_k=depth))
    )
    moved = {p.id for p in fair[::20]}
    after = regrouped(fair, moved)
    expected = (
        ComplementaryMatcher(lexical_weight=1.0).fit(after).recommend(replace(RULES, top_k=depth))
    )
    plain = CountingMatcher(lexical_weight=1.0).fit(after)
    shown_before = {f: ms[: RULES.top_k] for f, ms in by_firm(before).items()}
    update_lists(plain, shown_before, moved, RULES)
    reserved = CountingMatcher(lexical_weight=1.0).fit(after)
    updated = update_lists(reserved, by_firm(before), moved, RULES, reserve=RESERVE)
    assert len(plain.rescored) > 10  # the case a reserve is for
    assert len(getattr(reserved, "rescored", [])) < len(plain.rescored) / 5
    got, want = lists(updated.matches), lists(expected)
    assert {f: ms[: RULES.top_k] for f, ms in got.items()} == {
        f: ms[: RULES.top_k] for f, ms in want.items()
    }
    for firm, deep in got.items():  # a deep list is a whole run's as far as it goes (pairs
        # of equal score in either order), and its floor is at least any pair it may miss
        assert [s for _, s in deep] == [s for _, s in want[firm][: len(deep)]]
        missing = want[firm][len(deep) :]
        assert not missing or missing[0][1] <= updated.floors[firm]


def test_updates_in_a_row_keep_their_floors_and_match_a_whole_run(fair: list[Profile]) -> None:
    # The floors an update returns are what the next update reads: three rounds of moves,
    # each against the last update's lists and floors, end where a whole run ends.
    depth = RULES.top_k + RESERVE
    deep = replace(RULES, top_k=depth)
    current = fair
    previous = by_firm(ComplementaryMatcher(lexical_weight=1.0).fit(current).recommend(deep))
    floors = list_floors(previous, depth)
    for start in (0, 7, 13):
        moved = {p.id for p in current[start::30]}
        current = regrouped(current, moved)
        matcher = ComplementaryMatcher(lexical_weight=1.0).fit(current)
        updated = update_lists(matcher, previous, moved, RULES, reserve=RESERVE, floors=floors)
        previous, floors = by_firm(list(updated.matches)), updated.floors
    whole_run = ComplementaryMatcher(lexical_weight=1.0).fit(current).recommend(deep)
    shown = {f: ms[: RULES.top_k] for f, ms in lists(list(whole_run)).items()}
    assert {
        f: ms[: RULES.top_k] for f, ms in lists(list(previous_matches(previous))).items()
    } == shown


def previous_matches(lists_by_firm: dict[str, list[Match]]) -> list[Match]:
    return [m for ms in lists_by_firm.values() for m in ms]
