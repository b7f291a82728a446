"""Computing, storing and reading an event's partner recommendations."""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from matchmaker.core.matching.evidence import Evidence
from matchmaker.core.matching.explain import Reason, ReasonPart, reasons
from matchmaker.core.matching.matcher import ComplementaryMatcher, Match, MatchRules, encoded_texts
from matchmaker.core.matching.profile_vectors import need_text, offer_text
from matchmaker.core.matching.semantic import (
    Embedder,
    Reading,
    StoredVectors,
    default_readings,
    digest,
)
from matchmaker.core.matching.update import RESERVE, list_floors, update_lists
from matchmaker.core.messages import N_, Progress, no_progress
from matchmaker.core.types import Profile
from matchmaker.models import Event, PairRuleKind, Participant, Recommendation
from matchmaker.models.base import utcnow
from matchmaker.services.match_basis import PreviousRun, basis, previous_run, remember_basis
from matchmaker.services.match_reasons import part_fields, stored_part
from matchmaker.services.pair_rules import pairs
from matchmaker.services.participants import matching_profiles
from matchmaker.services.text_vectors import CHUNK, keep_vectors, stored_embedder

USE_DEFAULT = "default"
STALE_SHARE = 0.2  # stored vectors of changed texts an update lets stand, of those in use
INSERT_BATCH = 5000  # recommendation rows per INSERT statement batch (bounded memory)
Readings = Sequence[Reading] | str | None  # "default": the encoders installed; None: TF-IDF


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
    readings: tuple[Reading, ...]  # their encoders answer from the event's stored vectors
    vectors: tuple[StoredVectors, ...]  # those encoders, to store what they encode
    basis: str = ""  # the rules and scorer (services/match_basis.py)
    previous: PreviousRun | None = None  # the last run's lists, when this run updates them


@dataclass(frozen=True, slots=True)
class MatchingOutput:
    """A computed recommendation list, not yet stored."""

    firms: int
    scorer: str
    matches: tuple[tuple[Match, Reason], ...]
    vectors: tuple[StoredVectors, ...] = ()  # with the texts they encoded, to be stored
    basis: str = ""  # set for a whole-fair run: recorded with the firms' fingerprints
    profiles: tuple[Profile, ...] = ()
    replaced: frozenset[str] | None = None  # the firms whose lists `matches` holds; None: all
    listed: int | None = None  # partners on all lists after an update (`matches`: the new ones)
    reserves: dict[str, list[Match]] = field(default_factory=dict)  # beyond each shown list
    floors: dict[str, float] = field(default_factory=dict)  # core/matching/update.py


READING = N_("Reading the firms' profiles")
COMPARING = N_("Comparing offers and requests")
STORING = N_("Storing the recommendations")


def compute_recommendations(
    session: Session,
    event: Event,
    *,
    top_k: int = 10,
    readings: Readings = USE_DEFAULT,
    excluded_pairs: frozenset[frozenset[int]] = frozenset(),
    progress: Progress = no_progress,
    whole: bool = False,
) -> RecommendationRun:
    """Recompute the event's recommendations for its registered and approved firms.

    The previous list is replaced whole in the caller's transaction, so recomputing with the
    same firms gives the same rows (idempotent). The event's cross-group setting applies.
    The three steps are separate so that a caller can end its transaction while the matcher
    computes (the worker does, so that SQLite's write lock is held only while storing).
    After a few firms changed, only the lists they touch are computed and rewritten
    (services/match_basis.py); `whole` computes every list afresh.
    """
    started = time.perf_counter()
    with collector_paused():
        given = matching_input(
            session, event, top_k=top_k, readings=readings, excluded=excluded_pairs,
            update=not whole,
        )  # fmt: skip
        computed = compute_matches(given, progress)
        progress(STORING, 0.9)
        count = store_recommendations(session, event, computed)
    return RecommendationRun(computed.firms, count, computed.scorer, time.perf_counter() - started)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a run makes its millions of small
    objects (matches, reasons, items, rows): at 20,000 firms its passes over them took 2.6 s
    of an update (`benchmarks/update_stages.py`, 66.3 s with it, 63.7 s without). Those
    objects hold no reference cycles and are freed by their counts as usual; the collector
    runs again after the run. For background runs and the command line only: the pause is
    process-wide, so a page (`refresh_firm`) leaves it on for the requests beside it."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def matching_input(
    session: Session,
    event: Event,
    *,
    top_k: int = 10,
    readings: Readings = USE_DEFAULT,
    excluded: frozenset[frozenset[int]] = frozenset(),
    update: bool = True,
) -> MatchingInput:
    """Read what the matcher needs (the firms, the rules, the stored vectors, and the last
    run's lists when this run may update them: `update`); writes nothing."""
    excluded = excluded | pairs(session, event, PairRuleKind.FORBID)
    rules = MatchRules(
        top_k=top_k,
        cross_group=event.cross_group_only,
        excluded_pairs=frozenset(frozenset(str(i) for i in pair) for pair in excluded),
    )
    profiles = matching_profiles(session, event)
    chosen = default_readings() if isinstance(readings, str) else tuple(readings or ())
    texts = {t for p in profiles for t in encoded_texts(p)}  # read now; items when asked for
    stored: dict[int, StoredVectors] = {}

    def remembering(embedder: Embedder) -> StoredVectors:
        if id(embedder) not in stored:
            stored[id(embedder)] = stored_embedder(session, event, embedder, texts)
        return stored[id(embedder)]

    wrapped = tuple(Reading(remembering(r.needs), remembering(r.offers)) for r in chosen)
    run_basis = basis(rules, _scorer(wrapped))
    previous = previous_run(session, event, profiles, run_basis) if update else None
    return MatchingInput(profiles, rules, wrapped, tuple(stored.values()), run_basis, previous)


def _scorer(readings: Sequence[Reading]) -> str:
    return " + ".join(["TF-IDF", *(r.name for r in readings)])


def compute_matches(
    given: MatchingInput, progress: Progress = no_progress, firms: Sequence[str] | None = None
) -> MatchingOutput:
    """Run the matcher and explain each match; writes nothing (the readings read the stored
    vectors of the items they are asked for, `stored_embedder`). `firms` (ids): only their
    lists."""
    progress(COMPARING, 0.1)
    scorer = _scorer(given.readings)
    if not given.profiles:
        return MatchingOutput(0, scorer, (), given.vectors, given.basis)
    profiles = list(given.profiles)
    lists = _scored(given, profiles, firms)
    explained = _explained(given, profiles, lists.shown)
    whole = given.basis if firms is None else ""
    return MatchingOutput(
        len(profiles),
        scorer,
        explained,
        given.vectors,
        whole,
        given.profiles,
        lists.replaced,
        lists.listed,
        lists.reserves,
        lists.floors,
    )


@dataclass(frozen=True, slots=True)
class _Lists:
    """What the matcher found: the shown partners to store (of the lists `replaced`, None:
    all), how many all shown lists hold, and the partners kept beyond them with the floors."""

    shown: list[Match]
    replaced: frozenset[str] | None = None
    listed: int | None = None
    reserves: dict[str, list[Match]] = field(default_factory=dict)
    floors: dict[str, float] = field(default_factory=dict)


def _scored(given: MatchingInput, profiles: list[Profile], firms: Sequence[str] | None) -> _Lists:
    """The lists of `firms`, of the lists an update changed, or of the whole fair (kept
    `RESERVE` partners deeper, for the next update). A function of its own so that the
    matcher's matrices are freed before the reasons are found (at 20,000 firms each takes
    hundreds of megabytes)."""
    matcher = ComplementaryMatcher(readings=given.readings).fit(profiles)
    top_k = given.rules.top_k
    if firms is not None:
        return _Lists(matcher.recommend_for([matcher.index_[f] for f in firms], given.rules))
    if given.previous is not None:
        previous = given.previous
        update = update_lists(
            matcher, previous.lists, previous.changed, given.rules,
            reserve=RESERVE, floors=previous.floors,
        )  # fmt: skip
        changed = update.changed_lists
        shown = [m for m in update.matches if m.rank <= top_k and m.participant_id in changed]
        listed = sum(1 for m in update.matches if m.rank <= top_k)
        return _Lists(shown, changed, listed, _reserves(update.matches, top_k), update.floors)
    deep = matcher.recommend(replace(given.rules, top_k=top_k + RESERVE))
    floors = list_floors(_reserves(deep, 0), top_k + RESERVE)
    return _Lists([m for m in deep if m.rank <= top_k], None, None, _reserves(deep, top_k), floors)


def _reserves(matches: Sequence[Match], shown: int) -> dict[str, list[Match]]:
    """The matches ranked below `shown`, by firm."""
    out: dict[str, list[Match]] = {}
    for match in matches:
        if match.rank > shown:
            out.setdefault(match.participant_id, []).append(match)
    return out


def _explained(
    given: MatchingInput, profiles: list[Profile], matches: Sequence[Match]
) -> tuple[tuple[Match, Reason], ...]:
    """Each match with its reason: the stored one where neither firm changed since the last
    run (an update), else found anew in the firms' items."""
    previous = given.previous
    old: dict[int, Reason] = {}
    if previous is not None:
        for n, m in enumerate(matches):
            stored = previous.reasons.get((m.participant_id, m.partner_id))
            if stored is not None and not {m.participant_id, m.partner_id} & previous.changed:
                parts = tuple(ReasonPart(**part_fields(item)) for item in json.loads(stored))
                old[n] = Reason(parts, m.mutual, m.peer)
    new = [m for n, m in enumerate(matches) if n not in old]
    reading = given.readings[0] if given.readings else None
    evidence = Evidence(reading)
    if new:  # only the firms of new pairs are read (with a sample for the fair's statistics)
        involved = {m.participant_id for m in new} | {m.partner_id for m in new}
        evidence.fit(profiles, explain=involved)
    unread = [p for p in profiles if p.id not in getattr(evidence, "index_", {})]
    _keep_unread(evidence, reading, unread)
    found = iter(reasons(evidence, new) if new else ())
    return tuple((m, old[n] if n in old else next(found)) for n, m in enumerate(matches))


def _keep_unread(evidence: Evidence, reading: Reading | None, unread: list[Profile]) -> None:
    """Keep the stored item vectors of the firms whose items this run did not read (their
    pairs were not to be explained): a run deletes the vectors it did not use.

    Which those are takes cutting the unread firms' texts again (2 s of an update at 20,000
    firms). So while the stored vectors exceed what this run used and the unread firms'
    items (estimated from the items per firm it read) by at most `STALE_SHARE`, all of them
    are kept, the stale ones (of texts that changed) with them; past that the unread firms'
    items are found and the stale vectors deleted, about once in twenty updates of 5 %."""
    if reading is None or not unread:
        return
    embedders = {id(e): e for e in (reading.needs, reading.offers) if isinstance(e, StoredVectors)}
    if hasattr(evidence, "index_") and all(
        len(e.stored) <= (1 + STALE_SHARE) * _expected(evidence, reading, e, len(unread))
        for e in embedders.values()
    ):
        for embedder in embedders.values():
            embedder.keep(stored=True)
        return
    texts = evidence.texts(unread)
    for embedder in embedders.values():
        embedder.keep(texts)


def _expected(evidence: Evidence, reading: Reading, embedder: StoredVectors, unread: int) -> float:
    """The vectors `embedder` would keep: those this run used, and the unread firms' items
    at the read firms' rate of items per firm on the sides it encodes."""
    items = len(evidence.needs_.quoted) if reading.needs is embedder else 0
    items += len(evidence.offers_.quoted) if reading.offers is embedder else 0
    return len(embedder.used) + items / max(len(evidence.index_), 1) * unread


def store_recommendations(
    session: Session, event: Event, computed: MatchingOutput, firm: Participant | None = None
) -> int:
    """Replace the event's list (or only `firm`'s, or after an update the lists that changed)
    by the computed one, keep the texts' vectors for the next run; returns how many partners
    the lists hold."""
    for vectors in computed.vectors:
        keep_vectors(session, event, vectors)
    stale = delete(Recommendation).where(Recommendation.event_id == event.id)
    if firm is not None:
        stale = stale.where(Recommendation.participant_id == firm.id)
    if computed.replaced is not None:  # an update: only the lists that changed
        ids = sorted(int(f) for f in computed.replaced)
        for start in range(0, len(ids), CHUNK):
            session.execute(
                stale.where(Recommendation.participant_id.in_(ids[start : start + CHUNK]))
            )
    else:
        session.execute(stale)
    if firm is None and computed.basis:
        remember_basis(
            session, event, computed.profiles, computed.basis, computed.reserves, computed.floors
        )
    now = utcnow()
    for start in range(0, len(computed.matches), INSERT_BATCH):
        rows = [
            {
                "event_id": event.id,
                "participant_id": int(match.participant_id),
                "partner_id": int(match.partner_id),
                "rank": match.rank,
                "score": match.score,
                "forward": match.forward,
                "backward": match.backward,
                "peer": match.peer,
                "mutual": match.mutual,
                "reason": [stored_part(part) for part in reason.parts],
                "scorer": computed.scorer,
                "computed_at": now,
            }
            for match, reason in computed.matches[start : start + INSERT_BATCH]
        ]
        session.execute(insert(Recommendation), rows)  # multi-row INSERTs, no ORM objects
    session.flush()
    return len(computed.matches) if computed.listed is None else computed.listed


def refresh_firm(session: Session, firm: Participant) -> int:
    """A firm's own list computed again at once (after it registered or edited its profile):
    its texts are encoded, the others' come from the stored vectors. The other firms' lists
    change at the next run of the whole fair. Returns how many partners it has now; 0 when
    the firm is not among those matched (not approved, not taking part) or when the fair has
    not been matched as a whole yet (its other firms' vectors are not stored: encoding them
    all is a background run's work, not a page's)."""
    given = matching_input(session, firm.event, update=False)  # on a page: the collector
    own = str(firm.id)  # stays on (pausing it is process-wide, and other requests run beside)
    if own not in {p.id for p in given.profiles} or not _others_stored(given, own):
        return 0
    computed = compute_matches(given, firms=[own])
    return store_recommendations(session, firm.event, computed, firm=firm)


def _others_stored(given: MatchingInput, own: str) -> bool:
    """Whether every other firm's texts have stored vectors with every reading."""
    others = [p for p in given.profiles if p.id != own]
    needs = {digest(t) for t in map(need_text, others) if t}
    offers = {digest(t) for t in map(offer_text, others) if t}
    return all(
        needs <= reading.needs.stored and offers <= reading.offers.stored
        for reading in given.readings
        if isinstance(reading.needs, StoredVectors) and isinstance(reading.offers, StoredVectors)
    )


def recommendations_for(session: Session, participant: Participant) -> list[Recommendation]:
    """A firm's current list, best first."""
    return list(
        session.scalars(
            select(Recommendation)
            .where(Recommendation.participant_id == participant.id)
            .order_by(Recommendation.rank)
        )
    )
