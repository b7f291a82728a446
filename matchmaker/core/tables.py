"""Themed tables (Thementische): the firms of a fair seated at tables of a set size for one
or more rounds, so that each sits with as many relevant (complementary) firms as it can.

Relevance comes from the matching core: `affinity` holds, for each firm, its partners'
complementary scores (both directions, the larger counts). A round is seated greedily (the
firm with the strongest ties first, at the table where its ties are, with the scarcer group
spread over the tables first), then improved by swapping firms between tables while that
raises the round's total affinity. Rules:
- table sizes as even as the count allows, between `min_size` and `size`;
- no pair seated together twice over the rounds when it can be avoided (a heavy penalty);
- every table mixes the groups (delegation and hosts) when both are present: no move takes a
  table's last firm of a group away;
- staff's themes (a name and a number of tables each) pull firms whose texts fit them;
  otherwise each table gets a label from its firms' sectors and offers;
- a table whose firms share no language is flagged as needing an interpreter.
Deterministic for a seed. `table_violations` is the verifier, `table_stats` the figures.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from matchmaker.core.semantic import Embedder
from matchmaker.core.text import stop_words, words
from matchmaker.core.types import Profile
from matchmaker.messages import N_, Message

REPEAT_PENALTY = 100.0  # per pair seated together again: far above any affinity
THEME_WEIGHT = 1.0  # a firm's fit to its table's theme, against its affinity to tablemates

Affinity = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    tables: int = 1


def parse_themes(value: str) -> tuple[Theme, ...]:
    """Themes written `Medizintechnik;Pflege=2` (a name, and its number of tables if not 1)."""
    themes: list[Theme] = []
    for part in value.split(";"):
        name, _, count = part.partition("=")
        if not name.strip():
            continue
        if count and not (count.strip().isdigit() and int(count) >= 1):
            raise ValueError(f"'{part}': the number of tables must be 1 or more")
        themes.append(Theme(name.strip(), int(count) if count.strip() else 1))
    return tuple(themes)


@dataclass(frozen=True, slots=True)
class TableRules:
    """How to seat: at most `size` firms a table (at least `min_size`, default 2),
    `rounds` rounds, staff `themes` (each with its number of tables), groups mixed."""

    size: int
    min_size: int | None = None
    rounds: int = 1
    themes: tuple[Theme, ...] = ()
    mix_groups: bool = True
    seed: int = 0
    passes: int = 12  # improvement passes per round at most (it stops when one gains nothing)
    restarts: int = 8  # further seatings of a round tried while it repeats a pair

    def __post_init__(self) -> None:
        if self.size < 2:
            raise ValueError("a table seats at least 2 firms")
        if self.rounds < 1:
            raise ValueError("there must be at least one round")
        if self.min_size is not None and not 1 <= self.min_size <= self.size:
            raise ValueError(f"the smallest table size must be from 1 to {self.size}")
        if any(t.tables < 1 for t in self.themes):
            raise ValueError("each theme needs at least one table")

    @property
    def smallest(self) -> int:
        return self.min_size if self.min_size is not None else 2


@dataclass(frozen=True, slots=True)
class SeatedTable:
    round: int
    number: int
    theme: str
    members: tuple[str, ...]
    shared_languages: tuple[str, ...]
    needs_interpreter: bool


@dataclass(frozen=True, slots=True)
class TablePlan:
    tables: tuple[SeatedTable, ...]

    def in_round(self, round_number: int) -> list[SeatedTable]:
        return [t for t in self.tables if t.round == round_number]


def affinity_from_scores(scores: Sequence[tuple[str, str, float]]) -> dict[str, dict[str, float]]:
    """Symmetric affinity from (firm, partner, score) triples: the larger of both ways."""
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for a, b, score in scores:
        if a == b or score <= 0:
            continue
        best = max(score, found[a].get(b, 0.0))
        found[a][b] = best
        found[b][a] = best
    return dict(found)


def table_sizes(firms: int, rules: TableRules) -> list[int]:
    """As few tables as `size` allows, sizes as even as possible; ValueError when that would
    make a table smaller than `min_size`."""
    if firms == 0:
        return []
    count = max(math.ceil(firms / rules.size), sum(t.tables for t in rules.themes))
    base, extra = divmod(firms, count)
    if base < rules.smallest and firms >= rules.smallest:
        raise ValueError(
            f"{firms} firms at {count} tables leaves tables of {base}, fewer than the "
            f"smallest size {rules.smallest}"
        )
    if base + (extra > 0) > rules.size:
        raise ValueError(f"{count} themed tables of at most {rules.size} cannot seat {firms}")
    return [base + 1] * extra + [base] * (count - extra)


def seat_tables(
    profiles: Sequence[Profile],
    affinity: Affinity,
    rules: TableRules,
    theme_fit: Callable[[Profile, str], float] | None = None,
) -> TablePlan:
    """The plan of every round (see the module's rules)."""
    sizes = table_sizes(len(profiles), rules)
    themes = [t.name for t in rules.themes for _ in range(t.tables)]
    themes += [""] * (len(sizes) - len(themes))
    by_id = {p.id: p for p in profiles}
    frequency = Counter(k for p in profiles for k in _offer_words(p))
    fit: dict[tuple[str, str], float] = {}
    if theme_fit is not None:
        fit = {(p.id, t): theme_fit(p, t) for p in profiles for t in set(themes) if t}
    met: dict[str, set[str]] = {p.id: set() for p in profiles}
    plan: list[SeatedTable] = []
    for round_number in range(1, rules.rounds + 1):
        seating = _seat_round(profiles, affinity, sizes, themes, fit, met, rules, round_number)
        for number, members in enumerate(seating.tables, start=1):
            ordered = tuple(sorted(members))
            theme = themes[number - 1] or _label(
                [by_id[m] for m in ordered], frequency, len(profiles)
            )
            if not themes[number - 1] and theme in themes:  # never taken for a staff theme
                theme = f"{theme} ({number})"
            shared = shared_languages([by_id[m] for m in ordered])
            declared = all(by_id[m].languages for m in ordered)
            plan.append(
                SeatedTable(round_number, number, theme, ordered, shared, declared and not shared)
            )
            for a in ordered:
                met[a].update(b for b in ordered if b != a)
    return TablePlan(tuple(plan))


def _seat_round(
    profiles: Sequence[Profile],
    affinity: Affinity,
    sizes: list[int],
    themes: list[str],
    fit: dict[tuple[str, str], float],
    met: dict[str, set[str]],
    rules: TableRules,
    round_number: int,
) -> _Seating:
    """The best of a few seatings of one round: fewest repeated pairs, then most affinity.
    Further seatings are tried only while the best one repeats a pair (swaps alone can get
    stuck there; a fresh greedy start usually does not)."""
    best: tuple[int, float] | None = None
    chosen: _Seating | None = None
    for attempt in range(1 + rules.restarts):
        seed = (rules.seed * 1_000 + round_number) * 100 + attempt
        rng = random.Random(seed)  # noqa: S311 (seating, not secrets)
        seating = _Seating(profiles, affinity, sizes, themes, fit, met, rules.mix_groups)
        seating.greedy(rng)
        seating.improve(rules.passes, rng)
        score = seating.score()
        if best is None or score < best:
            best, chosen = score, seating
        if best[0] == 0:
            break
    assert chosen is not None
    return chosen


@dataclass
class _Seating:
    """One round being seated: tables as member sets, and what moves need to know."""

    profiles: Sequence[Profile]
    affinity: Affinity
    sizes: list[int]
    themes: list[str]
    fit: dict[tuple[str, str], float]
    met: dict[str, set[str]]
    mix: bool
    tables: list[set[str]] = field(default_factory=list)
    table_of: dict[str, int] = field(default_factory=dict)
    group_count: list[Counter[str]] = field(default_factory=list)
    cache: list[dict[str, float]] = field(default_factory=list)  # per table: firm -> pull

    def __post_init__(self) -> None:
        self.tables = [set() for _ in self.sizes]
        self.cache = [{} for _ in self.sizes]
        self.group_count = [Counter() for _ in self.sizes]
        self.group = {p.id: p.group for p in self.profiles}
        self.mixing = self.mix and len({p.group for p in self.profiles}) > 1

    def weight(self, a: str, b: str) -> float:
        w = self.affinity.get(a, {}).get(b, 0.0)
        return w - REPEAT_PENALTY if b in self.met[a] else w

    def pull(self, firm: str, table: int, without: str | None = None) -> float:
        """What the firm gains from sitting at the table (its members but `without`)."""
        known = self.cache[table].get(firm)
        if known is None:
            known = sum(self.weight(firm, m) for m in self.tables[table] if m != firm)
            known += THEME_WEIGHT * self.fit.get((firm, self.themes[table]), 0.0)
            self.cache[table][firm] = known
        if without is not None and without in self.tables[table]:
            known -= self.weight(firm, without)
        return known

    def place(self, firm: str, table: int) -> None:
        self.cache[table].clear()
        self.tables[table].add(firm)
        self.table_of[firm] = table
        self.group_count[table][self.group[firm]] += 1

    def remove(self, firm: str) -> int:
        table = self.table_of.pop(firm)
        self.cache[table].clear()
        self.tables[table].discard(firm)
        self.group_count[table][self.group[firm]] -= 1
        return table

    def greedy(self, rng: random.Random) -> None:
        by_group = Counter(p.group for p in self.profiles)
        strength = {p.id: sum(self.affinity.get(p.id, {}).values()) for p in self.profiles}
        order = [p.id for p in self.profiles]
        rng.shuffle(order)
        # The scarcer group first, so that it is spread over the tables; then strong ties.
        order.sort(key=lambda f: (by_group[self.group[f]], -strength[f]))
        for firm in order:
            room = [t for t in range(len(self.sizes)) if len(self.tables[t]) < self.sizes[t]]
            lacking = [t for t in room if self.mixing and not self.group_count[t][self.group[firm]]]
            allowed = lacking or room
            # Only tables where its ties or its theme sit can pull it; else the emptiest.
            tied = {self.table_of[p] for p in self.affinity.get(firm, {}) if p in self.table_of}
            tied |= {t for t, name in enumerate(self.themes) if name and (firm, name) in self.fit}
            emptiest = min(allowed, key=lambda t: (len(self.tables[t]), t))
            candidates = [t for t in allowed if t in tied] + [emptiest]
            best = max(candidates, key=lambda t: (self.pull(firm, t), -len(self.tables[t]), -t))
            self.place(firm, best)

    def score(self) -> tuple[int, float]:
        """Repeated pairs, then minus the affinity: smaller is better."""
        repeats = sum(1 for t in self.tables for a in t for b in t if a < b and b in self.met[a])
        total = sum(self.affinity.get(a, {}).get(b, 0.0) for t in self.tables for a in t for b in t)
        return repeats, -total

    def can_leave(self, firm: str, instead: str | None = None) -> bool:
        """Whether the firm may leave its table (for `instead`'s seat) and keep it mixed."""
        if not self.mixing:
            return True
        table = self.table_of[firm]
        group = self.group[firm]
        if instead is not None and self.group[instead] == group:
            return True
        return self.group_count[table][group] > 1

    def improve(self, passes: int, rng: random.Random) -> None:
        """Passes of swaps; after the first, only firms near a change are looked at again."""
        firms = [p.id for p in self.profiles]
        dirty = set(firms)
        for _ in range(passes):
            order = [f for f in firms if f in dirty]
            rng.shuffle(order)
            dirty = set()
            for firm in order:
                swapped = self._better_seat(firm)
                if swapped is None:
                    continue
                # Who may now want to move: the two tables' firms, and the ties of the two
                # firms that swapped (their pull to these tables changed).
                for table, moved in swapped:
                    dirty.update(self.tables[table])
                    dirty.update(self.affinity.get(moved, {}))
            if not dirty:
                return

    def _better_seat(self, firm: str) -> tuple[tuple[int, str], tuple[int, str]] | None:
        """Swap the firm with a firm of another table if that raises the round's affinity
        (every table is full: the sizes add up to the firms); the two tables and who moved
        to each when it did.
        Only tables the firm would rather sit at are tried: where its ties or its theme
        sit, or any table when it sits with a firm it met in an earlier round."""
        here = self.table_of[firm]
        stay = self.pull(firm, here)
        if stay < 0:
            near = set(range(len(self.tables)))
        else:
            near = {self.table_of[p] for p in self.affinity.get(firm, {}) if p in self.table_of}
            near |= {t for t, name in enumerate(self.themes) if name and (firm, name) in self.fit}
        best: tuple[float, int, str] = (1e-9, -1, "")
        for table in sorted(near - {here}):
            if self.pull(firm, table) <= stay - 1e-9 and stay >= 0:
                continue  # it gains nothing there even before giving a seat back
            for other in sorted(self.tables[table]):
                if not (self.can_leave(firm, other) and self.can_leave(other, firm)):
                    continue
                gain = (
                    self.pull(firm, table, without=other)
                    - stay
                    + self.pull(other, here, without=firm)
                    - self.pull(other, table)
                )
                if gain > best[0]:
                    best = (gain, table, other)
        _, table, other = best
        if table < 0:
            return None
        self.remove(firm)
        self.remove(other)
        self.place(other, here)
        self.place(firm, table)
        return (here, other), (table, firm)


def shared_languages(members: Sequence[Profile]) -> tuple[str, ...]:
    """Languages every member with declared languages speaks."""
    declared = [{x.casefold() for x in p.languages} for p in members if p.languages]
    if not declared:
        return ()
    return tuple(sorted(set.intersection(*declared)))


def _offer_words(profile: Profile) -> dict[str, str]:
    """The content words of a firm's offer, folded, with the form it wrote."""
    stop = stop_words(profile.languages[0] if profile.languages else "de")
    return {
        w.casefold(): w for w in words(profile.offer) if len(w) >= 5 and w.casefold() not in stop
    }


def _label(members: Sequence[Profile], frequency: Counter[str], firms: int) -> str:
    """A short label a person understands: the table's commonest sector and the two words of
    its firms' offers that are most its own (common at the table, rare in the fair:
    "Medizintechnik: Implantate, Sensoren"), not the phrases every firm uses."""
    sectors = Counter(s for p in members for s in p.sectors)
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for p in members:
        for key, word in _offer_words(p).items():
            counts[key] += 1
            shown.setdefault(key, word)
    weight = {k: n * math.log(firms / frequency[k]) for k, n in counts.items() if n >= 2}
    top = [shown[k] for k in sorted(weight, key=lambda k: (-weight[k], k))[:2] if weight[k] > 0]
    head = sectors.most_common(1)[0][0] if sectors else ""
    if head and top:
        return f"{head}: {', '.join(top)}"
    return head or ", ".join(top) or "Offener Tisch"


def table_violations(profiles: Sequence[Profile], plan: TablePlan, rules: TableRules) -> list[str]:
    """Hard rules a plan breaks, in English; empty when it keeps them all."""
    return [str(m) for m in table_findings(profiles, plan, rules)]


def table_findings(
    profiles: Sequence[Profile], plan: TablePlan, rules: TableRules
) -> list[Message]:
    """Hard rules a plan breaks: every firm seated exactly once a round, no unknown firm,
    sizes within the rules, each staff theme on as many tables as asked."""
    problems: list[Message] = []
    ids = {p.id for p in profiles}
    wanted = Counter({t.name: t.tables for t in rules.themes})
    for number in range(1, rules.rounds + 1):
        tables = plan.in_round(number)
        seated = Counter(m for t in tables for m in t.members)
        problems += [
            Message(N_("round %(round)d: %(firm)s is not seated"), {"round": number, "firm": f})
            for f in sorted(ids - set(seated))
        ]
        problems += [
            Message(N_("round %(round)d: %(firm)s sits at %(count)d tables"),
                    {"round": number, "firm": f, "count": n})
            for f, n in sorted(seated.items())
            if n > 1
        ]  # fmt: skip
        problems += [
            Message(N_("round %(round)d: unknown firm %(firm)s"), {"round": number, "firm": f})
            for f in sorted(set(seated) - ids)
        ]
        for t in tables:
            if not rules.smallest <= len(t.members) <= rules.size and len(ids) >= rules.smallest:
                problems.append(Message(
                    N_("round %(round)d, table %(table)d: %(count)d firms, not "
                       "%(smallest)d-%(size)d"),
                    {"round": number, "table": t.number, "count": len(t.members),
                     "smallest": rules.smallest, "size": rules.size},
                ))  # fmt: skip
        themes = Counter(t.theme for t in tables if t.theme in wanted)
        problems += [
            Message(N_("round %(round)d: theme '%(theme)s' on %(count)d tables, not %(wanted)d"),
                    {"round": number, "theme": name, "count": themes[name], "wanted": n})
            for name, n in wanted.items()
            if themes[name] != n
        ]  # fmt: skip
    return problems


@dataclass(frozen=True, slots=True)
class TableStats:
    relevant_per_firm: float  # mean number of relevant tablemates per firm and round
    repeated_pairs: int  # pairs seated together in more than one round
    mixed_share: float  # share of tables with every group present (when the fair has several)
    shared_language_share: float  # share of tables whose firms share a language


def table_stats(
    profiles: Sequence[Profile], plan: TablePlan, relevant: Callable[[str, str], bool]
) -> TableStats:
    groups = {p.group for p in profiles}
    group_of = {p.id: p.group for p in profiles}
    pairs: Counter[frozenset[str]] = Counter()
    relevant_seats = 0
    for t in plan.tables:
        for a in t.members:
            relevant_seats += sum(1 for b in t.members if b != a and relevant(a, b))
        pairs.update(frozenset((a, b)) for a in t.members for b in t.members if a < b)
    rounds = len({t.round for t in plan.tables}) or 1
    mixed = [
        len({group_of[m] for m in t.members if m in group_of}) == len(groups) for t in plan.tables
    ]  # a firm withdrawn since counts for no group
    return TableStats(
        relevant_per_firm=relevant_seats / (len(profiles) * rounds) if profiles else 0.0,
        repeated_pairs=sum(1 for n in pairs.values() if n > 1),
        mixed_share=sum(mixed) / len(mixed) if mixed else 1.0,
        shared_language_share=(
            sum(1 for t in plan.tables if not t.needs_interpreter) / len(plan.tables)
            if plan.tables
            else 1.0
        ),
    )


def theme_fit(
    profiles: Sequence[Profile], themes: Sequence[str], embedder: Embedder | None = None
) -> Callable[[Profile, str], float]:
    """How well each firm's texts fit each staff theme: the cosine of character n-gram
    TF-IDF vectors (catches "Medizintechnik" in "medizintechnische Geräte"), averaged with
    the multilingual encoder's cosine when one is given (catches "медицинская техника")."""
    texts = [" ".join((*p.sectors, p.offer, p.request, p.description)) for p in profiles]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    matrix = vectorizer.fit_transform([*texts, *themes])
    scores = cosine_similarity(matrix[: len(texts)], matrix[len(texts) :])
    if embedder is not None:
        firms = embedder.encode(texts)
        names = embedder.encode(list(themes))
        scores = (scores + cosine_similarity(firms, names)) / 2
    index = {p.id: k for k, p in enumerate(profiles)}
    column = {name: k for k, name in enumerate(themes)}

    def fit(profile: Profile, theme: str) -> float:
        return float(scores[index[profile.id], column[theme]])

    return fit
