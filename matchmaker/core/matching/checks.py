"""Verifiers that sit beside the solvers; tests, the command line and the UI use them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from matchmaker.core.matching.matcher import Match, MatchRules
from matchmaker.core.types import Profile


def match_violations(
    profiles: Sequence[Profile], matches: Sequence[Match], rules: MatchRules
) -> list[str]:
    """Every way a recommendation list breaks its rules; empty when it is valid.

    Checks: known firms, no firm recommended to itself or to its own organisation, the
    cross-group rule, excluded pairs, at most top_k per firm, ranks 1..n in score order,
    no partner twice.
    """
    by_id = {p.id: p for p in profiles}
    problems: list[str] = []
    per_firm: dict[str, list[Match]] = defaultdict(list)
    for m in matches:
        per_firm[m.participant_id].append(m)
        a, b = by_id.get(m.participant_id), by_id.get(m.partner_id)
        if a is None or b is None:
            problems.append(f"{m.participant_id} -> {m.partner_id}: unknown firm")
            continue
        if a.id == b.id:
            problems.append(f"{a.id} is recommended to itself")
        if a.organisation and a.organisation.casefold() == b.organisation.casefold():
            problems.append(f"{a.id} -> {b.id}: same organisation '{a.organisation}'")
        if rules.cross_group and a.group and a.group.casefold() == b.group.casefold():
            problems.append(f"{a.id} -> {b.id}: both in group '{a.group}' (cross-group)")
        if frozenset((a.id, b.id)) in rules.excluded_pairs:
            problems.append(f"{a.id} -> {b.id}: excluded pair")
    for firm, listed in per_firm.items():
        if len(listed) > rules.top_k:
            problems.append(f"{firm}: {len(listed)} partners, more than top {rules.top_k}")
        ranks = [m.rank for m in listed]
        if ranks != list(range(1, len(listed) + 1)):
            problems.append(f"{firm}: ranks {ranks} are not 1..{len(listed)}")
        scores = [m.score for m in listed]
        if scores != sorted(scores, reverse=True):
            problems.append(f"{firm}: partners are not ordered by score")
        partners = [m.partner_id for m in listed]
        if len(set(partners)) != len(partners):
            problems.append(f"{firm}: a partner is listed twice")
    return problems
