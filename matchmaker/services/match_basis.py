"""What a fair's lists were last computed from, read and written around a recommendation run,
so that a run after a few changes scores only the changed firms (core/match_update.py).

A firm's *fingerprint* covers everything its scores depend on (its texts, group and
organisation); the run's *basis* covers the rules (top k, cross-group, forbidden pairs) and the
scorer. A run on the same basis as the last one, with at most `WHOLE_SHARE` of the firms
changed, updates the stored lists; any other run computes every list afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Text, cast, delete, insert, select
from sqlalchemy.orm import Session

from matchmaker.core.match_update import WHOLE_SHARE
from matchmaker.core.matching import Match, MatchRules
from matchmaker.core.profile_vectors import need_text, offer_text
from matchmaker.core.types import Profile
from matchmaker.models import Event, MatchedProfile, Recommendation

# Part of every basis: a new scorer (another formula, other weights) makes every list stale.
SCORER_VERSION = "17.2"


@dataclass(frozen=True, slots=True)
class PreviousRun:
    """The stored lists (by firm id, best first), their reasons (as stored JSON, decoded only
    where a reason is kept: 200,000 decoded reasons took 200 MB), and the firms changed since."""

    lists: dict[str, list[Match]]
    reasons: dict[tuple[str, str], str]
    changed: frozenset[str]


def fingerprint(profile: Profile) -> str:
    """The digest of what a firm's scores depend on."""
    parts = (need_text(profile), offer_text(profile), profile.group, profile.organisation)
    return _digest([part.casefold() if n > 1 else part for n, part in enumerate(parts)])


def basis(rules: MatchRules, scorer: str) -> str:
    """The digest of a run's rules and scorer."""
    excluded = sorted("-".join(sorted(pair)) for pair in rules.excluded_pairs)
    return _digest([SCORER_VERSION, scorer, str(rules.top_k), str(rules.cross_group), *excluded])


def previous_run(
    session: Session, event: Event, profiles: Sequence[Profile], run_basis: str
) -> PreviousRun | None:
    """The last run's lists when this run may update them; None when every list is to be
    computed afresh (no earlier run, another basis, or too many firms changed)."""
    stored = {
        str(participant): (print_, old_basis)
        for participant, print_, old_basis in session.execute(
            select(
                MatchedProfile.participant_id, MatchedProfile.fingerprint, MatchedProfile.basis
            ).where(MatchedProfile.event_id == event.id)
        )
    }
    if not stored or any(old_basis != run_basis for _, old_basis in stored.values()):
        return None
    current = {p.id for p in profiles}
    changed = {p.id for p in profiles if stored.get(p.id, ("", ""))[0] != fingerprint(p)}
    gone = set(stored) - current
    if len(changed | gone) > WHOLE_SHARE * max(len(profiles), 1):
        return None
    lists: dict[str, list[Match]] = {}
    reasons: dict[tuple[str, str], str] = {}
    rows = session.execute(
        select(
            Recommendation.participant_id,
            Recommendation.partner_id,
            Recommendation.rank,
            Recommendation.score,
            Recommendation.forward,
            Recommendation.backward,
            Recommendation.peer,
            Recommendation.mutual,
            cast(Recommendation.reason, Text),
        )
        .where(Recommendation.event_id == event.id)
        .order_by(Recommendation.participant_id, Recommendation.rank)
    )
    for firm, partner, rank, score, forward, backward, peer, mutual, reason in rows:
        match = Match(str(firm), str(partner), rank, score, forward, backward, peer, mutual)
        lists.setdefault(match.participant_id, []).append(match)
        reasons[(match.participant_id, match.partner_id)] = reason
    return PreviousRun(lists, reasons, frozenset(changed | gone))


def remember_basis(
    session: Session, event: Event, profiles: Sequence[Profile], run_basis: str
) -> None:
    """Record what this run's lists were computed from (replacing the last run's record)."""
    session.execute(delete(MatchedProfile).where(MatchedProfile.event_id == event.id))
    rows = [
        {
            "event_id": event.id,
            "participant_id": int(p.id),
            "fingerprint": fingerprint(p),
            "basis": run_basis,
        }
        for p in profiles
    ]
    if rows:
        session.execute(insert(MatchedProfile), rows)


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
