"""An event's themed tables in the database: seated from the event's firms and their stored
recommendations, kept as `TableSeat` rows with the rules they were seated by, changed by
staff (rename a theme, move a firm) and checked again by the verifier after every change."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.core.matching.semantic import Embedder
from matchmaker.core.messages import N_, Explained, Message
from matchmaker.core.tables.rules import (
    SeatedTable,
    TablePlan,
    TableRules,
    TableStats,
    Theme,
    affinity_from_scores,
    shared_languages,
    table_findings,
    table_stats,
)
from matchmaker.core.tables.search import seat_tables
from matchmaker.core.tables.themes import theme_fit
from matchmaker.core.types import Profile
from matchmaker.io.print_tables import render_table_plan
from matchmaker.models import Event, Participant, Recommendation, TableSeat
from matchmaker.services.convert import participant_profile
from matchmaker.services.participants import active_participants
from matchmaker.services.texts import local_theme


class TablePlanError(Explained):
    """A change staff asked for that cannot be made (no plan yet, unknown round or table)."""


@dataclass(frozen=True, slots=True)
class TableCheck:
    """The plan as stored, the rules it breaks (empty: none) and its figures; a tablemate
    counts as relevant when either firm has the other among its recommendations."""

    plan: TablePlan
    violations: tuple[str, ...]  # in English, with the firms' ids
    stats: TableStats
    findings: tuple[Message, ...] = ()  # the same for people: firm names, translatable


def seat_event(
    session: Session, event: Event, rules: TableRules, *, embedder: Embedder | None = None
) -> TableCheck:
    """Seat the event's active firms by the rules, replacing any earlier plan (in the caller's
    transaction). The ties are the stored recommendations' scores."""
    profiles = _profiles(session, event)
    affinity = affinity_from_scores(_recommended(session, event))
    names = sorted({t.name for t in rules.themes})
    fit = theme_fit(profiles, names, embedder) if names else None
    plan = seat_tables(profiles, affinity, rules, theme_fit=fit)
    session.execute(delete(TableSeat).where(TableSeat.event_id == event.id))
    for table in plan.tables:
        for member in table.members:
            session.add(
                TableSeat(
                    event_id=event.id,
                    round=table.round,
                    table_number=table.number,
                    theme=table.theme,
                    participant_id=int(member),
                )
            )
    event.table_rules = _rules_record(rules)
    session.flush()
    return check_tables(session, event)


def check_tables(session: Session, event: Event) -> TableCheck:
    """The stored plan, checked against the rules it was seated by and the firms now active
    (a firm withdrawn since shows up as unknown, one registered since as not seated)."""
    if event.table_rules is None:
        raise TablePlanError(N_("event %(slug)s has no themed tables yet"), slug=event.slug)
    rules = _rules(event.table_rules)
    profiles = _profiles(session, event)
    by_id = {p.id: p for p in profiles}
    seats: dict[tuple[int, int], list[TableSeat]] = defaultdict(list)
    for seat in session.scalars(select(TableSeat).where(TableSeat.event_id == event.id)):
        seats[(seat.round, seat.table_number)].append(seat)
    tables = []
    for (round_number, number), at_table in sorted(seats.items()):
        members = tuple(sorted(str(s.participant_id) for s in at_table))
        known = [by_id[m] for m in members if m in by_id]
        shared = shared_languages(known)
        declared = bool(known) and all(p.languages for p in known)
        tables.append(SeatedTable(round_number, number, at_table[0].theme, members, shared,
                                  declared and not shared))  # fmt: skip
    plan = TablePlan(tuple(tables))
    recommended = {frozenset((a, b)) for a, b, _ in _recommended(session, event)}
    stats = table_stats(profiles, plan, lambda a, b: frozenset((a, b)) in recommended)
    findings = table_findings(profiles, plan, rules)
    names = {str(p.id): p.name for p in event.participants}
    named = tuple(
        Message(m.template, {k: names.get(str(v), v) if k == "firm" else v
                             for k, v in m.values.items()})
        for m in findings
    )  # fmt: skip
    return TableCheck(plan, tuple(str(m) for m in findings), stats, named)


def rename_theme(
    session: Session, event: Event, round_number: int, table: int, theme: str
) -> TableCheck:
    """Give a table of a round a new theme; an empty name is refused."""
    if not theme.strip():
        raise TablePlanError(N_("a theme needs a name"))
    seats = _seats(session, event, round_number, table)
    for seat in seats:
        seat.theme = theme.strip()
    session.flush()
    return check_tables(session, event)


def move_firm(
    session: Session, event: Event, participant: Participant, round_number: int, table: int
) -> TableCheck:
    """Seat a firm at another table in one round; the check says what that breaks (a table
    too big or too small, an unmixed table is shown in the figures), and nothing is refused
    that staff may want on purpose."""
    target = _seats(session, event, round_number, table)
    seat = session.scalars(
        select(TableSeat).where(
            TableSeat.event_id == event.id,
            TableSeat.round == round_number,
            TableSeat.participant_id == participant.id,
        )
    ).one_or_none()
    if seat is None:
        raise TablePlanError(
            N_("%(firm)s has no seat in round %(round)d"), firm=participant.name, round=round_number
        )
    seat.table_number = table
    seat.theme = target[0].theme
    session.flush()
    return check_tables(session, event)


def _seats(session: Session, event: Event, round_number: int, table: int) -> list[TableSeat]:
    seats = list(
        session.scalars(
            select(TableSeat).where(
                TableSeat.event_id == event.id,
                TableSeat.round == round_number,
                TableSeat.table_number == table,
            )
        )
    )
    if not seats:
        raise TablePlanError(
            N_("there is no table %(table)d in round %(round)d"), table=table, round=round_number
        )
    return seats


def _profiles(session: Session, event: Event) -> list[Profile]:
    return [
        replace(participant_profile(p), id=str(p.id)) for p in active_participants(session, event)
    ]


def _recommended(session: Session, event: Event) -> list[tuple[str, str, float]]:
    rows = session.execute(
        select(Recommendation.participant_id, Recommendation.partner_id, Recommendation.score)
        .where(Recommendation.event_id == event.id)
    )  # fmt: skip
    return [(str(a), str(b), float(score)) for a, b, score in rows]


def _rules_record(rules: TableRules) -> dict[str, Any]:
    return {
        "size": rules.size,
        "min_size": rules.min_size,
        "rounds": rules.rounds,
        "themes": [{"name": t.name, "tables": t.tables} for t in rules.themes],
        "mix_groups": rules.mix_groups,
        "seed": rules.seed,
    }


def _rules(record: dict[str, Any]) -> TableRules:
    return TableRules(
        size=record["size"],
        min_size=record["min_size"],
        rounds=record["rounds"],
        themes=tuple(Theme(t["name"], t["tables"]) for t in record["themes"]),
        mix_groups=record["mix_groups"],
        seed=record["seed"],
    )


def printable_plan(session: Session, event: Event, language: str) -> str:
    """The stored plan as the print page (per round, and place cards), in `language`."""
    checked = check_tables(session, event)
    plan = TablePlan(
        tuple(replace(t, theme=local_theme(event, t.theme, language)) for t in checked.plan.tables)
    )
    return render_table_plan(plan, _profiles(session, event), language, event.name)
