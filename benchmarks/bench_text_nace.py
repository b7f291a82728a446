"""Regression check of the text pipeline on official sector titles (../shared/benchmarks/nace-rev2).

Tasks (read from the shared folder, never copied here):
- de paraphrase: WZ 2025 titles against WZ 2008 titles (458 queries, 839 documents);
- en paraphrase: NACE 2.1 class titles against NACE Rev. 2 class titles (244 / 615);
- cross-lingual: each NACE Rev. 2 class title in German against all English, and all Russian,
  class titles (the same code is the answer).

Each with: a plain word TF-IDF baseline; our lexical view (stems + character n-grams, as the
matcher weights them); our multilingual encoder; and the blend the matcher uses. Prints P@1,
MRR and nDCG@10. The folder's README lists the baselines it measured with similar settings.
Usage: python -m benchmarks.bench_text_nace [--data ../shared/benchmarks/nace-rev2]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matchmaker.core.matching.semantic import default_embedder
from matchmaker.core.text.analysis import char_text, stems

Scorer = Callable[[Sequence[str], Sequence[str]], np.ndarray]
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "nace-rev2"


def plain_words(queries: Sequence[str], docs: Sequence[str]) -> np.ndarray:
    vectorizer = TfidfVectorizer().fit([*queries, *docs])
    return np.asarray((vectorizer.transform(queries) @ vectorizer.transform(docs).T).todense())


def our_lexical(
    queries: Sequence[str], docs: Sequence[str], word_weight: float = 0.6
) -> np.ndarray:
    corpus = [*queries, *docs]
    words = TfidfVectorizer(analyzer=stems, sublinear_tf=True).fit(corpus)
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), preprocessor=char_text, sublinear_tf=True
    ).fit(corpus)
    w = (words.transform(queries) @ words.transform(docs).T).toarray()
    c = (chars.transform(queries) @ chars.transform(docs).T).toarray()
    return np.asarray(word_weight * w + (1 - word_weight) * c)


def our_semantic(queries: Sequence[str], docs: Sequence[str]) -> np.ndarray:
    embedder = default_embedder()
    if embedder is None:
        raise SystemExit("install the 'semantic' extra")
    return np.asarray(embedder.encode(queries) @ embedder.encode(docs).T)


def our_blend(queries: Sequence[str], docs: Sequence[str]) -> np.ndarray:
    return 0.2 * our_lexical(queries, docs) + 0.8 * our_semantic(queries, docs)


def metrics(scores: np.ndarray, relevant: Sequence[set[int]]) -> tuple[float, float, float]:
    p1 = mrr = ndcg = 0.0
    for row, rel in zip(scores, relevant, strict=True):
        order = np.argsort(-row, kind="stable")
        ranks = [int(np.where(order == r)[0][0]) for r in rel]
        p1 += float(min(ranks) == 0)
        mrr += 1 / (min(ranks) + 1)
        dcg = sum(1 / math.log2(r + 2) for r in ranks if r < 10)
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(rel), 10)))
        ndcg += dcg / ideal
    n = len(relevant)
    return p1 / n, mrr / n, ndcg / n


def paraphrase_task(path: Path) -> tuple[list[str], list[str], list[set[int]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = list(data["corpus"])
    index = {code: i for i, code in enumerate(codes)}
    queries = [q["query"] for q in data["queries"]]
    relevant = [{index[c] for c in q["relevant"] if c in index} for q in data["queries"]]
    return queries, [data["corpus"][c] for c in codes], relevant


def crosslingual_task(path: Path, target: str) -> tuple[list[str], list[str], list[set[int]]]:
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["level"] == "class"]
    rows = [r for r in rows if r["title_de"] and r[f"title_{target}"]]
    return (
        [r["title_de"] for r in rows],
        [r[f"title_{target}"] for r in rows],
        [{i} for i in range(len(rows))],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    tasks = {
        "de paraphrase (WZ 2025 -> 2008)": paraphrase_task(
            args.data / "task_wz2025_to_wz2008_de.json"
        ),
        "en paraphrase (NACE 2.1 -> 2)": paraphrase_task(
            args.data / "task_nace21_to_nace2_en.json"
        ),
        "de -> en class titles": crosslingual_task(args.data / "nace_rev2_de_en_ru.csv", "en"),
        "de -> ru class titles": crosslingual_task(args.data / "nace_rev2_de_en_ru.csv", "ru"),
    }
    scorers: dict[str, Scorer] = {
        "baseline: word TF-IDF": plain_words,
        "ours: stems + char n-grams": our_lexical,
        "ours: USE-multilingual": our_semantic,
        "ours: blend 0.2 lexical + 0.8 USE": our_blend,
    }
    print(f"{'task':34} {'scorer':36} {'queries':>7} {'P@1':>6} {'MRR':>6} {'nDCG@10':>8}")
    for task, (queries, docs, relevant) in tasks.items():
        for name, scorer in scorers.items():
            p1, mrr, ndcg = metrics(scorer(queries, docs), relevant)
            print(f"{task:34} {name:36} {len(queries):7d} {p1:6.3f} {mrr:6.3f} {ndcg:8.3f}")


if __name__ == "__main__":
    main()
