"""A fair's partner lists brought up to date after a few firms changed, without scoring every
pair of the fair again.

A whole run scores N x N pairs. When only some firms changed (their texts, group or
organisation), only pairs with a changed firm can score differently. The score is symmetric
(`ComplementaryMatcher.combine`: f and g swap when the two firms swap), so the changed firms'
rows hold every changed pair. Each other firm's new list is then its last list without the
changed partners, plus the changed firms that now score above its last list's end:

- when its last list was not full (fewer than k partners above the floor), every unchanged
  pair worth listing is on it, so the merge is its whole list;
- when it was full, an unchanged pair off the list scored at most its last entry, so the merge
  is exact as long as it still holds k partners; otherwise (a changed partner left it and too
  few came in) that firm's row is scored again in full.

Unchanged pairs keep the scores of the run that listed them: the fair's statistics (centring,
z-score moments, TF-IDF weights) are fitted anew, so those move by a little; a whole run
(`update=False`, or more than `WHOLE_SHARE` of the fair changed) computes every list afresh.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from matchmaker.core.matching import ComplementaryMatcher, IntArray, Match, MatchRules, Scores

WHOLE_SHARE = 0.2  # above this share of changed firms a whole run is about as quick


@dataclass(frozen=True, slots=True)
class UpdatedLists:
    """The fair's lists after the update, and which firms' lists differ from the last run."""

    matches: tuple[Match, ...]
    changed_lists: frozenset[str]


def update_lists(
    matcher: ComplementaryMatcher,
    previous: Mapping[str, Sequence[Match]],
    changed: Collection[str],
    rules: MatchRules,
) -> UpdatedLists:
    """The lists of every firm the matcher was fitted on, from the last run's lists
    (`previous`, by firm id, best first) and the firms that changed since (`changed`: texts,
    group or organisation; a firm new to the fair counts as changed). Firms of `previous` that
    are no longer in the fair leave every list."""
    index = matcher.index_
    stale = {f for f in changed if f in index} | (set(previous) - set(index))
    changed_rows = sorted(index[f] for f in stale if f in index)
    kept = {
        firm: [m for m in previous.get(firm, ()) if m.partner_id not in stale]
        for firm in index
        if firm not in stale
    }
    floor = _thresholds(matcher, previous, rules.top_k)
    lists: dict[str, list[Match]] = {}
    offered: dict[str, list[Match]] = {}
    excluded = matcher.excluded_indices(rules.excluded_pairs)
    size = max(1, matcher.chunk_size)
    rows = np.array(changed_rows, dtype=np.int64)

    def chunk(group: IntArray) -> tuple[list[Match], list[Match]]:
        scores = matcher.chunk_scores(group, rules, excluded)
        return matcher.top_k(scores, rules.top_k), _offers(matcher, scores, floor, rows)

    groups = [rows[start : start + size] for start in range(0, len(rows), size)]
    for own, others in matcher.in_parallel(chunk, groups):
        for match in own:
            lists.setdefault(match.participant_id, []).append(match)
        for match in others:
            offered.setdefault(match.participant_id, []).append(match)
    again = []
    for firm, own in kept.items():
        merged = sorted([*own, *offered.get(firm, ())], key=lambda m: -m.score)
        was_full = len(previous.get(firm, ())) >= rules.top_k
        if was_full and len(merged) < rules.top_k:
            again.append(index[firm])
        else:
            lists[firm] = _ranked(merged[: rules.top_k])
    for match in matcher.recommend_for(again, rules):
        lists.setdefault(match.participant_id, []).append(match)
    differ = {
        firm
        for firm in index
        if [(m.partner_id, m.score) for m in lists.get(firm, [])]
        != [(m.partner_id, m.score) for m in previous.get(firm, ())]
    }
    ordered = [m for firm in matcher.profiles_ for m in lists.get(firm.id, [])]
    return UpdatedLists(tuple(ordered), frozenset(differ | (set(previous) - set(index))))


def _thresholds(
    matcher: ComplementaryMatcher, previous: Mapping[str, Sequence[Match]], top_k: int
) -> np.ndarray:
    """Per firm (column), the score a changed partner must reach to enter its list: its last
    list's end when that list was full, else nothing (-inf)."""
    floor = np.full(len(matcher.profiles_), -np.inf, np.float32)
    for firm, matches in previous.items():
        if firm in matcher.index_ and len(matches) >= top_k:
            floor[matcher.index_[firm]] = min(m.score for m in matches)
    return floor


def _offers(
    matcher: ComplementaryMatcher, scores: Scores, floor: np.ndarray, changed: IntArray
) -> list[Match]:
    """The changed row firms as partners of the unchanged column firms, where they reach the
    column's threshold: the same pair seen from the other side (f and g swap)."""
    reach = np.isfinite(scores.key) & (scores.key >= floor[None, :])
    reach[:, changed] = False
    offsets, columns = np.nonzero(reach)
    seen_from_rows = matcher.matches_at(scores, offsets, columns)
    return [
        replace(
            m,
            participant_id=m.partner_id,
            partner_id=m.participant_id,
            forward=m.backward,
            backward=m.forward,
        )
        for m in seen_from_rows
    ]


def _ranked(matches: Sequence[Match]) -> list[Match]:
    """The matches ranked 1, 2, ... in their order (built directly: `dataclasses.replace`
    took a second for the 170,000 partners of 20,000 lists)."""
    return [
        Match(m.participant_id, m.partner_id, n, m.score, m.forward, m.backward, m.peer, m.mutual)
        for n, m in enumerate(matches, start=1)
    ]
