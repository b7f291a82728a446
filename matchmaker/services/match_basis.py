"""What a fair's lists were last computed from, read and written around a recommendation run,
so that a run after a few changes scores only the changed firms (core/matching/update.py).

A firm's *fingerprint* covers everything its scores depend on (its texts, group and
organisation); the run's *basis* covers the rules (top k, cross-group, forbidden pairs) and the
scorer. A run on the same basis as the last one, with at most `WHOLE_SHARE` of the firms
changed, updates the stored lists; any other run computes every list afresh.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Text, cast, delete, insert, select
from sqlalchemy.orm import Session

from matchmaker.core.matching.matcher import Match, MatchRules
from matchmaker.core.matching.profile_vectors import need_text, offer_text
from matchmaker.core.matching.update import WHOLE_SHARE
from matchmaker.core.types import Profile
from matchmaker.models import Event, MatchedProfile, Recommendation

# Part of every basis: a new scorer (another formula, other weights) makes every list stale.
SCORER_VERSION = "17.3"  # 17.3: lists kept RESERVE partners deep


@dataclass(frozen=True, slots=True)
class PreviousRun:
    """The stored lists (by firm id, best first, with their reserves), their reasons (as
    stored JSON, decoded only where a reason is kept: 200,000 decoded reasons took 200 MB),
    the firms changed since, and the lists' floors (core/matching/update.py)."""

    lists: dict[str, list[Match]]
    reasons: dict[tuple[str, str], str]
    changed: frozenset[str]
    floors: dict[str, float]


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
    stored: dict[str, tuple[str, str, str, float | None]] = {
        str(firm): (print_, old_basis, reserve, floor)
        for firm, print_, old_basis, reserve, floor in session.execute(
            select(
                MatchedProfile.participant_id,
                MatchedProfile.fingerprint,
                MatchedProfile.basis,
                cast(MatchedProfile.reserve, Text),
                MatchedProfile.floor,
            ).where(MatchedProfile.event_id == event.id)
        )
    }
    if not stored or any(row[1] != run_basis for row in stored.values()):
        return None
    current = {p.id for p in profiles}
    changed = {p.id for p in profiles if p.id not in stored or stored[p.id][0] != fingerprint(p)}
    gone = set(stored) - current
    if len(changed | gone) > WHOLE_SHARE * max(len(profiles), 1):
        return None
    lists, reasons = _stored_lists(session, event)
    for firm, (_, _, reserve, _) in stored.items():
        shown = lists.setdefault(firm, [])
        listed = {m.partner_id for m in shown}  # a firm's own refresh rewrote its shown list
        deeper = [row for row in json.loads(reserve) if row[0] not in listed]
        for n, (partner, *values) in enumerate(deeper, start=len(shown) + 1):
            shown.append(Match(firm, partner, n, *values))
    floors = {firm: row[3] for firm, row in stored.items() if row[3] is not None}
    return PreviousRun(lists, reasons, frozenset(changed | gone), floors)


def _stored_lists(
    session: Session, event: Event
) -> tuple[dict[str, list[Match]], dict[tuple[str, str], str]]:
    """The event's stored lists by firm, best first, and their reasons as JSON text."""
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
    return lists, reasons


def remember_basis(
    session: Session,
    event: Event,
    profiles: Sequence[Profile],
    run_basis: str,
    reserves: Mapping[str, Sequence[Match]],
    floors: Mapping[str, float],
) -> None:
    """Record what this run's lists were computed from, with their reserves and floors
    (replacing the last run's record)."""
    session.execute(delete(MatchedProfile).where(MatchedProfile.event_id == event.id))
    rows = [
        {
            "event_id": event.id,
            "participant_id": int(p.id),
            "fingerprint": fingerprint(p),
            "basis": run_basis,
            "reserve": [
                [m.partner_id, m.score, m.forward, m.backward, m.peer, m.mutual]
                for m in reserves.get(p.id, ())
            ],
            "floor": floors.get(p.id),
        }
        for p in profiles
    ]
    if rows:
        session.execute(insert(MatchedProfile), rows)


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
