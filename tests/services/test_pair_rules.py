"""Staff forcing or forbidding a pair of firms (services/pair_rules.py), called directly on a
real database: a rule is stored once per pair (whichever way round it is given), replaced by
a later one, refused unless it is about two different firms of the event, removed only from
its own event, logged; a forced pair becomes a top-priority mutual wish."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from matchmaker.models import PairRuleKind, StaffUser
from matchmaker.services.audit import audit_log
from matchmaker.services.pair_rules import (
    FORCED_PRIORITY,
    PairRuleError,
    pairs,
    remove_rule,
    rules,
    set_rule,
)
from matchmaker.services.schedules import event_problem
from matchmaker.services.staff import create_staff
from tests.factories import Firms, create_event, create_firms, create_participant

FORCE, FORBID = PairRuleKind.FORCE, PairRuleKind.FORBID


@pytest.fixture
def clerk(session: Session) -> StaffUser:
    """The staff account that sets the rules."""
    return create_staff(session, "clerk@amt.example", "a-long-password-1")


@pytest.fixture
def fair(session: Session) -> Firms:
    """A fair with three firms."""
    return create_firms(session, create_event(session), "ABC")


def test_a_rule_is_stored_once_per_pair_and_replaced(
    session: Session, fair: Firms, clerk: StaffUser
) -> None:
    rule = set_rule(session, fair.event, fair.c.id, fair.a.id, FORBID, clerk)
    assert (rule.a_id, rule.b_id, rule.kind, rule.staff_id) == (
        fair.a.id, fair.c.id, FORBID, clerk.id,
    )  # fmt: skip
    again = set_rule(session, fair.event, fair.a.id, fair.c.id, FORCE, clerk)
    assert again.id == rule.id
    assert [r.kind for r in rules(session, fair.event)] == [FORCE]
    assert pairs(session, fair.event, FORCE) == {frozenset((fair.a.id, fair.c.id))}
    assert pairs(session, fair.event, FORBID) == frozenset()
    assert [(e.action, e.subject) for e in audit_log(session, fair.event)] == [
        ("pair.force", "Firma A – Firma C"),
        ("pair.forbid", "Firma C – Firma A"),
    ]


@pytest.mark.parametrize("case", ["same-firm", "other-events-firm", "no-such-firm"])
def test_a_rule_not_about_two_firms_of_the_event_is_refused(
    session: Session, fair: Firms, case: str, clerk: StaffUser
) -> None:
    other = create_participant(session, create_event(session, "other"), "X")
    partner = {"same-firm": fair.a.id, "other-events-firm": other.id, "no-such-firm": 999_999}
    with pytest.raises(PairRuleError):
        set_rule(session, fair.event, fair.a.id, partner[case], FORCE, clerk)
    assert rules(session, fair.event) == []
    assert audit_log(session, fair.event) == []


def test_a_rule_is_removed_only_from_its_own_event(
    session: Session, fair: Firms, clerk: StaffUser
) -> None:
    rule = set_rule(session, fair.event, fair.a.id, fair.b.id, FORBID, clerk)
    other = create_event(session, "other")
    with pytest.raises(PairRuleError):
        remove_rule(session, other, rule.id, clerk)
    with pytest.raises(PairRuleError):
        remove_rule(session, fair.event, 999_999, clerk)
    remove_rule(session, fair.event, rule.id, clerk)
    assert rules(session, fair.event) == []
    entry = audit_log(session, fair.event)[0]
    assert (entry.action, entry.detail) == ("pair.remove", {"a": fair.a.id, "b": fair.b.id})


def test_a_forced_pair_is_a_mutual_wish_of_the_highest_priority(
    session: Session, fair: Firms, clerk: StaffUser
) -> None:
    set_rule(session, fair.event, fair.b.id, fair.a.id, FORCE, clerk)
    set_rule(session, fair.event, fair.b.id, fair.c.id, FORBID, clerk)
    wishes = event_problem(session, fair.event).problem.wishes
    assert [(w.pair, w.priority, w.mutual) for w in wishes] == [
        (frozenset((str(fair.a.id), str(fair.b.id))), FORCED_PRIORITY, True)
    ]
