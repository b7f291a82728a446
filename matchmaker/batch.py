"""Batch jobs on files, without a database: what the command line runs for staff who live in
spreadsheets. Each job reads and checks its input whole, computes, and writes its output whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from matchmaker.core.explain import explain_all
from matchmaker.core.matching import ComplementaryMatcher, MatchRules
from matchmaker.core.semantic import default_embedder
from matchmaker.io.profiles import read_profiles
from matchmaker.io.writers import write_table

MATCH_COLUMNS = (
    "participant_id",
    "rank",
    "partner_id",
    "score",
    "reason",
    "mutual",
    "partner_offers",
    "partner_seeks",
    "peer",
)


@dataclass(frozen=True, slots=True)
class MatchJob:
    firms: int
    matches: int
    scorer: str


def match_file(
    profiles_path: Path,
    output: Path,
    *,
    top_k: int,
    cross_group: bool,
    language: str = "de",
    semantic: bool = True,
) -> MatchJob:
    """Recommend partners for every firm of a profiles file and write the matches file.

    Raises InputFileError (nothing written) when the profiles file is unusable.
    """
    profiles = read_profiles(profiles_path)
    embedder = default_embedder() if semantic else None
    matcher = ComplementaryMatcher(embedder=embedder).fit(profiles)
    matches = matcher.recommend(MatchRules(top_k=top_k, cross_group=cross_group))
    reasons = explain_all(matcher, matches, language)
    rows = (
        (
            m.participant_id,
            m.rank,
            m.partner_id,
            m.score,
            reason,
            "yes" if m.mutual else "no",
            m.forward,
            m.backward,
            m.peer,
        )
        for m, reason in zip(matches, reasons, strict=True)
    )
    count = write_table(output, MATCH_COLUMNS, rows)
    scorer = f"TF-IDF + {embedder.name}" if embedder is not None else "TF-IDF"
    return MatchJob(firms=len(profiles), matches=count, scorer=scorer)
