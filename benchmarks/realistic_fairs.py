"""The realistic matching set: fairs of profiles written as firms write them, with the partners
an organiser would seat together, graded by reading (2 clear, 1 plausible, cross-group).

Each fair is one JSON file in `benchmarks/realistic/` (format in its README). Fairs marked
`"part": "tune"` are for choosing parameters, `"report"` fairs for the figures we publish, so
that the published figures are not the tuning figures. This module loads them and scores a
ranking: nDCG@10 (gain = grade), P@10 (share of the top 10 graded 1 or 2) and recall@10 (share
of a firm's graded partners in its top 10), overall and by the language a firm writes in.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matchmaker.core.types import Profile

FOLDER = Path(__file__).with_name("realistic")
K = 10
Ranking = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class RealisticFair:
    """One fair: its profiles, each firm's writing language and the graded pairs."""

    name: str
    part: str
    profiles: tuple[Profile, ...]
    language: Mapping[str, str]
    grades: Mapping[str, Mapping[str, int]]

    def grade(self, a: str, b: str) -> int:
        return self.grades.get(a, {}).get(b, 0)

    def group(self, firm: str) -> str:
        return self._groups[firm]

    @property
    def _groups(self) -> dict[str, str]:
        return {p.id: p.group for p in self.profiles}


def load(path: Path) -> RealisticFair:
    """A fair from its JSON file; a pair within one group or naming an unknown firm is an
    error in the data, reported with the file and the pair."""
    data = json.loads(path.read_text(encoding="utf-8"))
    profiles = tuple(
        Profile(
            id=firm["id"],
            name=firm["name"],
            country=firm.get("country", ""),
            group=firm["group"],
            sectors=tuple(firm.get("sectors", ())),
            offer=firm.get("offer", ""),
            request=firm.get("request", ""),
            description=firm.get("description", ""),
        )
        for firm in data["firms"]
    )
    groups = {p.id: p.group for p in profiles}
    grades: dict[str, dict[str, int]] = defaultdict(dict)
    for pair in data["pairs"]:
        a, b, grade = pair["a"], pair["b"], int(pair["grade"])
        if a not in groups or b not in groups or groups[a] == groups[b]:
            raise ValueError(f"{path.name}: pair {a}–{b} is not between two groups' firms")
        grades[a][b] = grades[b][a] = max(grade, grades[a].get(b, 0))
    language = {firm["id"]: firm["language"] for firm in data["firms"]}
    return RealisticFair(data["fair"], data["part"], profiles, language, dict(grades))


def fairs(part: str | None = None, folder: Path = FOLDER) -> list[RealisticFair]:
    """Every fair of the set (or of one part), in file-name order."""
    loaded = [load(path) for path in sorted(folder.glob("*.json"))]
    return [fair for fair in loaded if part is None or fair.part == part]


@dataclass(frozen=True)
class Figures:
    """Mean figures of a segment of firms."""

    firms: int
    ndcg: float
    precision: float
    recall: float


def per_firm(fair: RealisticFair, ranking: Ranking) -> dict[str, tuple[float, float, float]]:
    """(nDCG@10, P@10, recall@10) of every firm with at least one graded partner."""
    out: dict[str, tuple[float, float, float]] = {}
    for firm in fair.profiles:
        graded = sorted(fair.grades.get(firm.id, {}).values(), reverse=True)
        if not graded:
            continue
        ideal = sum(g / math.log2(i + 2) for i, g in enumerate(graded[:K]))
        got = list(ranking.get(firm.id, ()))[:K]
        dcg = sum(fair.grade(firm.id, b) / math.log2(i + 2) for i, b in enumerate(got))
        hits = sum(fair.grade(firm.id, b) > 0 for b in got)
        out[firm.id] = (dcg / ideal, hits / K, hits / len(graded))
    return out


def evaluate(fairs_and_rankings: Iterable[tuple[RealisticFair, Ranking]]) -> dict[str, Figures]:
    """Figures over all firms of the given fairs, and per writing language ("writes de")."""
    rows: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for fair, ranking in fairs_and_rankings:
        for firm, row in per_firm(fair, ranking).items():
            rows["all"].append(row)
            rows[f"writes {fair.language[firm]}"].append(row)
    return {
        segment: Figures(
            len(values),
            float(np.mean([v[0] for v in values])),
            float(np.mean([v[1] for v in values])),
            float(np.mean([v[2] for v in values])),
        )
        for segment, values in sorted(rows.items(), key=lambda kv: (kv[0] != "all", kv[0]))
    }


def cross_group_top(fair: RealisticFair, scores: np.ndarray) -> dict[str, list[str]]:
    """The top 10 partners of every firm from a full score matrix (rows: firms), only firms of
    the other group and only pairs with a positive score."""
    ids = [p.id for p in fair.profiles]
    groups = np.array([p.group for p in fair.profiles])
    masked = np.where(groups[:, None] != groups[None, :], scores, -np.inf)
    ranking: dict[str, list[str]] = {}
    for i, firm in enumerate(ids):
        order = np.argsort(-masked[i], kind="stable")[:K]
        ranking[firm] = [ids[j] for j in order if np.isfinite(masked[i, j]) and masked[i, j] > 0]
    return ranking
