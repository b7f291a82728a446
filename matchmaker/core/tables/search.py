"""The seating search of themed tables (see `tables` for the rules): each round seated
greedily, then improved by swaps, the best of a few restarts kept while a pair repeats."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from matchmaker.core.tables.rules import (
    Affinity,
    SeatedTable,
    TablePlan,
    TableRules,
    shared_languages,
    table_sizes,
)
from matchmaker.core.tables.themes import offer_words, sector_label
from matchmaker.core.types import Profile

REPEAT_PENALTY = 100.0  # per pair seated together again: far above any affinity
THEME_WEIGHT = 1.0  # a firm's fit to its table's theme, against its affinity to tablemates


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
    frequency = Counter(k for p in profiles for k in offer_words(p))
    fit: dict[tuple[str, str], float] = {}
    if theme_fit is not None:
        fit = {(p.id, t): theme_fit(p, t) for p in profiles for t in set(themes) if t}
    met: dict[str, set[str]] = {p.id: set() for p in profiles}
    plan: list[SeatedTable] = []
    for round_number in range(1, rules.rounds + 1):
        seating = _seat_round(profiles, affinity, sizes, themes, fit, met, rules, round_number)
        for number, members in enumerate(seating.tables, start=1):
            ordered = tuple(sorted(members))
            theme = themes[number - 1] or sector_label(
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
        unseated = Counter(self.group[f] for f in order)
        for firm in order:
            unseated[self.group[firm]] -= 1
            room = [t for t in range(len(self.sizes)) if self._keeps_room(t, firm, unseated)]
            room = room or [
                t for t in range(len(self.sizes)) if len(self.tables[t]) < self.sizes[t]
            ]
            lacking = [t for t in room if self.mixing and not self.group_count[t][self.group[firm]]]
            allowed = lacking or room
            # Only tables where its ties or its theme sit can pull it; else the emptiest.
            tied = {self.table_of[p] for p in self.affinity.get(firm, {}) if p in self.table_of}
            tied |= {t for t, name in enumerate(self.themes) if name and (firm, name) in self.fit}
            emptiest = min(allowed, key=lambda t: (len(self.tables[t]), t))
            candidates = [t for t in allowed if t in tied] + [emptiest]
            best = max(candidates, key=lambda t: (self.pull(firm, t), -len(self.tables[t]), -t))
            self.place(firm, best)

    def _keeps_room(self, table: int, firm: str, unseated: Counter[str]) -> bool:
        """Whether the firm may take a seat at the table and leave one for each group the
        table still lacks and that has firms to seat (a scarce group must not fill a table
        before the other group arrives)."""
        free = self.sizes[table] - len(self.tables[table])
        if not self.mixing:
            return free > 0
        missing = [
            g for g, left in unseated.items()
            if left > 0 and g != self.group[firm] and not self.group_count[table][g]
        ]  # fmt: skip
        return free - 1 >= len(missing)

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
