"""How relevant each host is to each member of the delegation: the matching core's
complementary score of the member's firm against the host (what one seeks against what the
other offers, both ways), so that a visit is planned by the same judgement as a meeting.

The member firms and the hosts are read together as one fair by `ComplementaryMatcher`
(its scores are z-scores over the fair's pairs, so the fair is the people of this day),
with the readings the command line's `match` uses by default (the installed multilingual
sentence encoders and TF-IDF; `readings=()` for TF-IDF alone). The score of firm f and
host h is the matcher's reciprocal score with f as the row; a pair with no evidence
(neither says what it seeks, or one says nothing at all) and a pair below the fair's
average pair (a negative z-score) count 0: relevance is >= 0. Members of one firm share its
profile, so each distinct firm is scored once and its row is repeated for its members."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from matchmaker.core.matching.matcher import ComplementaryMatcher
from matchmaker.core.matching.semantic import Reading, default_readings
from matchmaker.core.types import Profile


def visit_relevance(
    members: Sequence[Profile],
    hosts: Sequence[Profile],
    *,
    readings: Sequence[Reading] | None = None,
) -> tuple[tuple[float, ...], ...]:
    """`r[m][h]` (floats >= 0): the relevance of host h to member m, one row per member (in
    the order of `members`, each member given as their firm's profile), one column per host.
    Profiles with the same id are one firm and must be equal. `readings`: the sentence
    encoders to read with (None: the installed defaults, as `matchmaker match`)."""
    firms: dict[str, Profile] = {}
    for profile in members:
        known = firms.setdefault(profile.id, profile)
        if known != profile:
            raise ValueError(f"two different firms share the id {profile.id!r}")
    host_ids = [h.id for h in hosts]
    if len(set(host_ids)) != len(host_ids):
        raise ValueError("two hosts share an id")
    if not members or not hosts:
        return tuple(tuple(0.0 for _ in hosts) for _ in members)
    # Own ids, so that a firm and a host may carry the same id in their files; no group or
    # organisation, which only limit which pairs may be listed as matches.
    fair = [_anonymous(p, f"firm:{n}") for n, p in enumerate(firms.values())]
    fair += [_anonymous(p, f"host:{n}") for n, p in enumerate(hosts)]
    chosen = default_readings() if readings is None else tuple(readings)
    matcher = ComplementaryMatcher(readings=chosen, workers=1).fit(fair)
    rows = np.arange(len(firms), dtype=np.int64)
    forward, backward = matcher.directional(rows)
    score = matcher.combine(rows, forward, backward)[:, len(firms) :]
    clipped = np.where(np.isfinite(score), np.clip(score, 0.0, None), 0.0)
    by_firm = {
        firm_id: tuple(round(float(v), 4) for v in clipped[n]) for n, firm_id in enumerate(firms)
    }
    return tuple(by_firm[p.id] for p in members)


def _anonymous(profile: Profile, new_id: str) -> Profile:
    """The profile under another id, without group and organisation."""
    return dataclasses.replace(profile, id=new_id, group="", organisation="")
