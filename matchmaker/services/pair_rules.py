"""Staff overrule the matching for a pair of firms: forced pairs are scheduled as mutual
wishes of the highest priority; forbidden pairs are never recommended, requested or
scheduled."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import Event, PairRule, PairRuleKind, Participant, StaffUser
from matchmaker.services.audit import record

FORCED_PRIORITY = 3


class PairRuleError(ValueError):
    """A rule about firms that are not two different firms of this event."""


def set_rule(
    session: Session, event: Event, a_id: int, b_id: int, kind: PairRuleKind, staff: StaffUser
) -> PairRule:
    """Force or forbid a pair (replacing an earlier rule for it)."""
    firms = [session.get(Participant, i) for i in (a_id, b_id)]
    if a_id == b_id or any(f is None or f.event_id != event.id for f in firms):
        raise PairRuleError("two different firms of this event are needed")
    low, high = sorted((a_id, b_id))
    rule = session.scalar(
        select(PairRule).where(
            PairRule.event_id == event.id, PairRule.a_id == low, PairRule.b_id == high
        )
    )
    if rule is None:
        rule = PairRule(event_id=event.id, a_id=low, b_id=high, kind=kind)
        session.add(rule)
    rule.kind, rule.staff_id = kind, staff.id
    session.flush()
    names = " – ".join(f.name for f in firms if f is not None)
    record(session, staff, f"pair.{kind.value}", event=event, subject=names)
    return rule


def remove_rule(session: Session, event: Event, rule_id: int, staff: StaffUser) -> None:
    rule = session.get(PairRule, rule_id)
    if rule is None or rule.event_id != event.id:
        raise PairRuleError("no such rule")
    session.delete(rule)
    session.flush()
    record(session, staff, "pair.remove", event=event, detail={"a": rule.a_id, "b": rule.b_id})


def rules(session: Session, event: Event) -> list[PairRule]:
    return list(
        session.scalars(select(PairRule).where(PairRule.event_id == event.id).order_by(PairRule.id))
    )


def pairs(session: Session, event: Event, kind: PairRuleKind) -> frozenset[frozenset[int]]:
    return frozenset(frozenset((r.a_id, r.b_id)) for r in rules(session, event) if r.kind == kind)
