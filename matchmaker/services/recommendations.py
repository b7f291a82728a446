"""Computing, storing and reading an event's partner recommendations."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.core.explain import Reason, ReasonPart, format_reason, reasons
from matchmaker.core.matching import ComplementaryMatcher, MatchRules
from matchmaker.core.semantic import Embedder, default_embedder
from matchmaker.models import Event, PairRuleKind, Participant, Recommendation
from matchmaker.models.base import utcnow
from matchmaker.services.convert import participant_profile
from matchmaker.services.pair_rules import pairs
from matchmaker.services.participants import active_participants

USE_DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class RecommendationRun:
    firms: int
    recommendations: int
    scorer: str
    seconds: float


def compute_recommendations(
    session: Session,
    event: Event,
    *,
    top_k: int = 10,
    embedder: Embedder | str | None = USE_DEFAULT,  # "default": the encoder when installed
    excluded_pairs: frozenset[frozenset[int]] = frozenset(),
) -> RecommendationRun:
    """Recompute the event's recommendations for its registered and approved firms.

    The previous list is replaced whole in the caller's transaction, so recomputing with the
    same firms gives the same rows (idempotent). The event's cross-group setting applies.
    """
    started = time.perf_counter()
    participants = active_participants(session, event)
    profiles = [replace(participant_profile(p), id=str(p.id)) for p in participants]
    scorer_model = default_embedder() if isinstance(embedder, str) else embedder
    excluded = excluded_pairs | pairs(session, event, PairRuleKind.FORBID)
    rules = MatchRules(
        top_k=top_k,
        cross_group=event.cross_group_only,
        excluded_pairs=frozenset(frozenset(str(i) for i in pair) for pair in excluded),
    )
    session.execute(delete(Recommendation).where(Recommendation.event_id == event.id))
    scorer = "TF-IDF" + (f" + {scorer_model.name}" if scorer_model is not None else "")
    count = 0
    if profiles:
        matcher = ComplementaryMatcher(embedder=scorer_model).fit(profiles)
        now = utcnow()
        matches = matcher.recommend(rules)
        for match, reason in zip(matches, reasons(matcher, matches), strict=True):
            session.add(
                Recommendation(
                    event_id=event.id,
                    participant_id=int(match.participant_id),
                    partner_id=int(match.partner_id),
                    rank=match.rank,
                    score=match.score,
                    forward=match.forward,
                    backward=match.backward,
                    peer=match.peer,
                    mutual=match.mutual,
                    reason=[asdict(part) for part in reason.parts],
                    scorer=scorer,
                    computed_at=now,
                )
            )
            count += 1
    session.flush()
    return RecommendationRun(len(profiles), count, scorer, time.perf_counter() - started)


def recommendations_for(session: Session, participant: Participant) -> list[Recommendation]:
    """A firm's current list, best first."""
    return list(
        session.scalars(
            select(Recommendation)
            .where(Recommendation.participant_id == participant.id)
            .order_by(Recommendation.rank)
        )
    )


def reason_text(recommendation: Recommendation, language: str) -> str:
    """The stored reason, worded for a reader of the given language."""
    parts = tuple(ReasonPart(**_part(item)) for item in recommendation.reason)
    return format_reason(Reason(parts, recommendation.mutual, recommendation.peer), language)


def _part(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item[key] for key in ("direction", "offer", "request", "strength")}
