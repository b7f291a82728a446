"""Computing, storing and reading an event's partner recommendations."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.core.explain import Reason, ReasonPart, format_reason, reasons
from matchmaker.core.matching import ComplementaryMatcher, Match, MatchRules
from matchmaker.core.semantic import Embedder, default_embedder
from matchmaker.core.types import Profile
from matchmaker.messages import N_, Progress, no_progress
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


@dataclass(frozen=True, slots=True)
class MatchingInput:
    """What a recommendation run reads from the database, as plain values."""

    profiles: tuple[Profile, ...]
    rules: MatchRules
    embedder: Embedder | str | None


@dataclass(frozen=True, slots=True)
class MatchingOutput:
    """A computed recommendation list, not yet stored."""

    firms: int
    scorer: str
    matches: tuple[tuple[Match, Reason], ...]


READING = N_("Reading the firms' profiles")
COMPARING = N_("Comparing offers and requests")
STORING = N_("Storing the recommendations")


def compute_recommendations(
    session: Session,
    event: Event,
    *,
    top_k: int = 10,
    embedder: Embedder | str | None = USE_DEFAULT,  # "default": the encoder when installed
    excluded_pairs: frozenset[frozenset[int]] = frozenset(),
    progress: Progress = no_progress,
) -> RecommendationRun:
    """Recompute the event's recommendations for its registered and approved firms.

    The previous list is replaced whole in the caller's transaction, so recomputing with the
    same firms gives the same rows (idempotent). The event's cross-group setting applies.
    The three steps are separate so that a caller can end its transaction while the matcher
    computes (the worker does, so that SQLite's write lock is held only while storing).
    """
    started = time.perf_counter()
    given = matching_input(session, event, top_k=top_k, embedder=embedder, excluded=excluded_pairs)
    computed = compute_matches(given, progress)
    progress(STORING, 0.9)
    count = store_recommendations(session, event, computed)
    return RecommendationRun(computed.firms, count, computed.scorer, time.perf_counter() - started)


def matching_input(
    session: Session,
    event: Event,
    *,
    top_k: int = 10,
    embedder: Embedder | str | None = USE_DEFAULT,
    excluded: frozenset[frozenset[int]] = frozenset(),
) -> MatchingInput:
    """Read what the matcher needs; writes nothing."""
    participants = active_participants(session, event)
    excluded = excluded | pairs(session, event, PairRuleKind.FORBID)
    rules = MatchRules(
        top_k=top_k,
        cross_group=event.cross_group_only,
        excluded_pairs=frozenset(frozenset(str(i) for i in pair) for pair in excluded),
    )
    profiles = tuple(replace(participant_profile(p), id=str(p.id)) for p in participants)
    return MatchingInput(profiles, rules, embedder)


def compute_matches(given: MatchingInput, progress: Progress = no_progress) -> MatchingOutput:
    """Run the matcher and explain each match; no database."""
    progress(COMPARING, 0.1)
    model = default_embedder() if isinstance(given.embedder, str) else given.embedder
    scorer = "TF-IDF" + (f" + {model.name}" if model is not None else "")
    if not given.profiles:
        return MatchingOutput(0, scorer, ())
    matcher = ComplementaryMatcher(embedder=model).fit(list(given.profiles))
    matches = matcher.recommend(given.rules)
    explained = tuple(zip(matches, reasons(matcher, matches), strict=True))
    return MatchingOutput(len(given.profiles), scorer, explained)


def store_recommendations(session: Session, event: Event, computed: MatchingOutput) -> int:
    """Replace the event's list by the computed one; returns how many rows."""
    session.execute(delete(Recommendation).where(Recommendation.event_id == event.id))
    now = utcnow()
    for match, reason in computed.matches:
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
                scorer=computed.scorer,
                computed_at=now,
            )
        )
    session.flush()
    return len(computed.matches)


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
