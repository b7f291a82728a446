"""A fair's partner lists brought up to date after a few firms changed, without scoring every
pair of the fair again.

A whole run scores N x N pairs. When only some firms changed (their texts, group or
organisation), only pairs with a changed firm can score differently. The score is symmetric
(`ComplementaryMatcher.combine`: f and g swap when the two firms swap), so the changed firms'
rows hold every changed pair. Each other firm's new list is then its last list without the
changed partners, plus the changed firms that now score above its last list's end:

- when its last list was complete (it holds every pair above the evidence floor), the merge
  is its whole list;
- else its *floor* says how high an unlisted pair may score (its last list's end when that was
  computed in full), and the merge is exact as long as it still holds k partners; otherwise
  (changed partners left it and too few came in) that firm's row is scored again in full.

Each list is kept `reserve` partners deeper than the k shown (the service stores them beside
the lists): a changed partner that falls off a shown list is then replaced from the reserve,
where without one the firm's whole row was scored again (at 20,000 firms with 1,000 changed,
2,186 rows, a third of the update's scoring).

Unchanged pairs keep the scores of the run that listed them: the fair's statistics (centring,
z-score moments, TF-IDF weights) are fitted anew, so those move by a little; a whole run
(`update=False`, or more than `WHOLE_SHARE` of the fair changed) computes every list afresh.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from matchmaker.core.matching.matcher import (
    ComplementaryMatcher,
    IntArray,
    Match,
    MatchRules,
    Scores,
)

WHOLE_SHARE = 0.2  # above this share of changed firms a whole run is about as quick
RESERVE = 5  # partners kept beyond the k shown, to fill a list a changed partner left


@dataclass(frozen=True, slots=True)
class UpdatedLists:
    """The fair's lists after the update (`reserve` deeper than shown), which firms' shown
    lists differ from the last run's, and each list's floor (`list_floors`)."""

    matches: tuple[Match, ...]
    changed_lists: frozenset[str]
    floors: dict[str, float]
    rescored: int = 0  # lists left short, scored again in full


def list_floors(lists: Mapping[str, Sequence[Match]], depth: int) -> dict[str, float]:
    """The floors of lists computed in full at `depth`: a full list's end (a pair off it
    scores at most that); a shorter list holds every pair worth listing and has none."""
    return {firm: min(m.score for m in ms) for firm, ms in lists.items() if len(ms) >= depth}


def update_lists(
    matcher: ComplementaryMatcher,
    previous: Mapping[str, Sequence[Match]],
    changed: Collection[str],
    rules: MatchRules,
    *,
    reserve: int = 0,
    floors: Mapping[str, float] | None = None,
) -> UpdatedLists:
    """The lists of every firm the matcher was fitted on, from the last run's lists
    (`previous`, by firm id, best first, up to `rules.top_k + reserve` deep) and the firms
    that changed since (`changed`: texts, group or organisation; a firm new to the fair counts
    as changed). `floors`: the last run's (None: the lists were computed in full,
    `list_floors`). Firms of `previous` that are no longer in the fair leave every list."""
    index = matcher.index_
    deep = replace(rules, top_k=rules.top_k + reserve)
    floors = list_floors(previous, deep.top_k) if floors is None else floors
    stale = {f for f in changed if f in index} | (set(previous) - set(index))
    rows = np.array(sorted(index[f] for f in stale if f in index), dtype=np.int64)
    threshold = np.full(len(matcher.profiles_), -np.inf, np.float32)
    for firm, floor in floors.items():
        if firm in index:
            threshold[index[firm]] = floor
    excluded = matcher.excluded_indices(rules.excluded_pairs)

    def chunk(group: IntArray) -> tuple[list[Match], list[Match]]:
        scores = matcher.chunk_scores(group, rules, excluded)
        return matcher.top_k(scores, deep.top_k), _offers(matcher, scores, threshold, rows)

    lists: dict[str, list[Match]] = {}
    offered: dict[str, list[Match]] = {}
    size = max(1, matcher.chunk_size)
    groups = [rows[start : start + size] for start in range(0, len(rows), size)]
    for own, others in matcher.in_parallel(chunk, groups):
        for match in own:
            lists.setdefault(match.participant_id, []).append(match)
        for match in others:
            offered.setdefault(match.participant_id, []).append(match)
    new_floors = list_floors(lists, deep.top_k)
    again = []
    for firm in index:
        if firm in stale:
            continue
        kept = [m for m in previous.get(firm, ()) if m.partner_id not in stale]
        merged = sorted([*kept, *offered.get(firm, ())], key=lambda m: -m.score)
        if firm in floors and len(merged) < rules.top_k:
            again.append(index[firm])
            continue
        lists[firm] = _ranked(merged[: deep.top_k])
        if len(merged) > deep.top_k:  # cut: what was cut scores at most the new end
            new_floors[firm] = merged[deep.top_k - 1].score
        elif firm in floors:
            new_floors[firm] = floors[firm]
    scored = matcher.recommend_for(again, deep)
    for match in scored:
        lists.setdefault(match.participant_id, []).append(match)
    new_floors.update(list_floors(_by_firm(scored), deep.top_k))
    return UpdatedLists(
        tuple(m for firm in matcher.profiles_ for m in lists.get(firm.id, [])),
        frozenset(_differ(lists, previous, rules.top_k) | (set(previous) - set(index))),
        new_floors,
        len(again),
    )


def _differ(
    lists: Mapping[str, Sequence[Match]], previous: Mapping[str, Sequence[Match]], shown: int
) -> set[str]:
    """The firms whose shown lists (the first `shown` partners and their scores) changed."""
    return {
        firm
        for firm, matches in lists.items()
        if [(m.partner_id, m.score) for m in matches[:shown]]
        != [(m.partner_id, m.score) for m in previous.get(firm, ())[:shown]]
    } | {firm for firm in previous if previous[firm] and not lists.get(firm)}


def _by_firm(matches: Sequence[Match]) -> dict[str, list[Match]]:
    out: dict[str, list[Match]] = {}
    for match in matches:
        out.setdefault(match.participant_id, []).append(match)
    return out


def _offers(
    matcher: ComplementaryMatcher, scores: Scores, floor: np.ndarray, changed: IntArray
) -> list[Match]:
    """The changed row firms as partners of the unchanged column firms, where they reach the
    column's floor: the same pair seen from the other side (f and g swap)."""
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
