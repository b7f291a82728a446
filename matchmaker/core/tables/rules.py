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
Deterministic for a seed. This module holds the rules, the plan and its verifier
(`table_violations`) and figures (`table_stats`); the search is `table_search.seat_tables`,
the themes' fit and the tables' labels are in `table_themes`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from matchmaker.core.messages import N_, Message
from matchmaker.core.types import Profile

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


def shared_languages(members: Sequence[Profile]) -> tuple[str, ...]:
    """Languages every member with declared languages speaks."""
    declared = [{x.casefold() for x in p.languages} for p in members if p.languages]
    if not declared:
        return ()
    return tuple(sorted(set.intersection(*declared)))


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
