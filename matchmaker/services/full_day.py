"""A full day from recommendations, from the database: the event's stored recommendations as
candidate pairs (worth each firm's share of its best score, both ways added), the pairs
chosen so that every firm gets the number of meetings staff ask for (`core.day_plan`), and
the fit of each firm to the themes of the event's tables, so that the scheduler seats a
meeting at a table whose theme fits it (`core.seating`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core.matching.semantic import Embedder, default_embedder
from matchmaker.core.scheduling.day_plan import Candidate, choose_day
from matchmaker.core.scheduling.types import MeetingWish, SchedulingProblem, TableThemes
from matchmaker.core.tables.themes import theme_fit
from matchmaker.models import Event, EventTable, Recommendation

USE_DEFAULT = "default"


def recommended_day(
    session: Session,
    event: Event,
    problem: SchedulingProblem,
    per_firm: int,
    blocked: set[frozenset[str]],
    seconds: float = 10.0,
) -> tuple[MeetingWish, ...]:
    """Wishes from the recommendations that give each firm `per_firm` meetings with the
    wishes it already has, as far as the recommended pairs and the day allow; pairs in
    `blocked` (forbidden, already asked) are never chosen."""
    rows = session.execute(
        select(Recommendation.participant_id, Recommendation.partner_id, Recommendation.score)
        .where(Recommendation.event_id == event.id)
    ).all()  # fmt: skip
    best: dict[int, float] = defaultdict(float)
    for firm, _, score in rows:
        best[firm] = max(best[firm], float(score))
    value: dict[frozenset[str], float] = defaultdict(float)
    for firm, partner, score in rows:
        pair = frozenset((str(firm), str(partner)))
        if pair not in blocked and best[firm] > 0:
            value[pair] += max(0.0, float(score)) / best[firm]
    candidates = [Candidate(min(pair), max(pair), worth) for pair, worth in value.items()]
    return choose_day(problem, candidates, per_firm, seconds=seconds).wishes


def table_themes(
    tables: Sequence[EventTable],
    problem: SchedulingProblem,
    embedder: Embedder | str | None = USE_DEFAULT,
) -> TableThemes | None:
    """The themes of the tables (core numbering: the order of `tables`) and how well each
    firm fits each, by the themed tables' scorer (`core.table_themes.theme_fit`); None when no
    table has a theme."""
    themes = {k: t.theme.strip() for k, t in enumerate(tables, start=1) if t.theme.strip()}
    if not themes or not problem.profiles:
        return None
    model = default_embedder() if isinstance(embedder, str) else embedder
    names = sorted(set(themes.values()))
    fit = theme_fit(problem.profiles, names, model)
    scores = {(p.id, name): fit(p, name) for p in problem.profiles for name in names}
    return TableThemes(themes, scores, sectors={p.id: p.sectors for p in problem.profiles})
