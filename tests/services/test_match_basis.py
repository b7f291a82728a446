"""What a fair's lists were last computed from (services/match_basis.py), called directly on
a real database: a firm's fingerprint follows what its scores depend on and nothing else, a
run's basis its rules and scorer; the stored lists come back (with their reserves behind
them) only for a run on the same basis with few firms changed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy.orm import Session

from matchmaker.core.matching.matcher import Match, MatchRules
from matchmaker.core.types import Profile
from matchmaker.models import Event, Participant, Recommendation
from matchmaker.services.match_basis import basis, fingerprint, previous_run, remember_basis
from tests.factories import create_event, create_participant

FIRM = Profile("1", name="Alpha", country="DE", group="Börde", sectors=("Pflege",),
               offer="Infusionspumpen", request="Vertrieb in Kasachstan",
               description="Familienbetrieb", organisation="Amt")  # fmt: skip


@pytest.mark.parametrize(
    ("changed", "same"),
    [
        ({"name": "Beta", "country": "RU", "sectors": ("Metall",), "id": "2"}, True),
        ({"group": "BÖRDE", "organisation": "AMT"}, True),
        ({"request": "Vertrieb in Usbekistan"}, False),
        ({"offer": "Spritzenpumpen"}, False),
        ({"description": "Konzern"}, False),
        ({"group": "Omsk"}, False),
        ({"organisation": "IHK"}, False),
    ],
    ids=["not-scored", "case-of-group", "request", "offer", "description", "group",
         "organisation"],
)  # fmt: skip
def test_a_fingerprint_follows_what_scores_depend_on(changed: dict[str, Any], same: bool) -> None:
    assert (fingerprint(replace(FIRM, **changed)) == fingerprint(FIRM)) is same


def test_a_basis_follows_the_rules_and_the_scorer() -> None:
    rules = MatchRules(top_k=5, excluded_pairs=frozenset({frozenset({"1", "2"}),
                                                           frozenset({"3", "4"})}))  # fmt: skip
    same = MatchRules(top_k=5, excluded_pairs=frozenset({frozenset({"4", "3"}),
                                                          frozenset({"2", "1"})}))  # fmt: skip
    assert basis(rules, "use") == basis(same, "use")
    others = {
        basis(rules, "e5"),
        basis(replace(rules, top_k=6), "use"),
        basis(replace(rules, cross_group=True), "use"),
        basis(replace(rules, excluded_pairs=frozenset()), "use"),
    }
    assert basis(rules, "use") not in others
    assert len(others) == 4


def _fair(session: Session, count: int = 5) -> tuple[Event, list[Participant], list[Profile]]:
    event = create_event(session)
    firms = [create_participant(session, event, f"F{n}") for n in range(count)]
    profiles = [Profile(str(p.id), request=f"Bedarf {n}", offer=f"Angebot {n}")
                for n, p in enumerate(firms)]  # fmt: skip
    return event, firms, profiles


def _recommend(session: Session, event: Event, firm: Participant, *partners: Participant) -> None:
    for rank, partner in enumerate(partners, start=1):
        session.add(Recommendation(
            event_id=event.id, participant_id=firm.id, partner_id=partner.id, rank=rank,
            score=2.0 / rank, forward=0.5, backward=0.4, peer=0.1, mutual=rank == 1,
            reason=[{"direction": "partner_offers", "offer": "Pumpen", "request": "Pumpen",
                     "strength": 0.9}],
            scorer="test",
        ))  # fmt: skip
    session.flush()


RULES = basis(MatchRules(top_k=2), "test")


def test_nothing_stored_means_a_whole_run(session: Session) -> None:
    event, _, profiles = _fair(session)
    assert previous_run(session, event, profiles, RULES) is None


def test_the_stored_lists_come_back_with_their_reserves_and_floors(session: Session) -> None:
    event, firms, profiles = _fair(session)
    a, b, c, d, _ = firms
    _recommend(session, event, a, b, c)
    reserve = Match(str(a.id), str(d.id), 3, 0.3, 0.2, 0.1, 0.0, False)
    shown_again = Match(str(a.id), str(b.id), 3, 0.2, 0.1, 0.1, 0.0, False)
    remember_basis(session, event, profiles, RULES, {str(a.id): [shown_again, reserve]},
                   {str(a.id): 0.25})  # fmt: skip
    run = previous_run(session, event, profiles, RULES)
    assert run is not None
    assert run.changed == frozenset()
    assert run.floors == {str(a.id): 0.25}
    partners = [(m.partner_id, m.rank, m.mutual) for m in run.lists[str(a.id)]]
    assert partners == [(str(b.id), 1, True), (str(c.id), 2, False), (str(d.id), 3, False)]
    assert run.lists[str(a.id)][2] == reserve  # behind the shown list, not listed twice
    assert '"Pumpen"' in run.reasons[(str(a.id), str(b.id))]
    assert run.lists[str(b.id)] == []


def test_a_run_on_another_basis_or_with_many_changes_starts_afresh(session: Session) -> None:
    event, _, profiles = _fair(session)
    remember_basis(session, event, profiles, RULES, {}, {})
    assert previous_run(session, event, profiles, basis(MatchRules(top_k=3), "test")) is None
    one = [replace(profiles[0], request="Neuer Bedarf"), *profiles[1:]]
    run = previous_run(session, event, one, RULES)
    assert run is not None
    assert run.changed == frozenset({profiles[0].id})  # one of five: 20 %, updated
    two = [replace(p, offer="Neu") for p in profiles[:2]] + profiles[2:]
    assert previous_run(session, event, two, RULES) is None  # two of five: afresh
    newcomer = create_participant(session, event, "NEW")
    gone = [*profiles[:4], Profile(str(newcomer.id))]
    assert previous_run(session, event, gone, RULES) is None  # one new and one gone


def test_remembering_replaces_the_last_runs_record(session: Session) -> None:
    event, _, profiles = _fair(session)
    remember_basis(session, event, profiles, "old-basis", {}, {})
    remember_basis(session, event, profiles[:4], RULES, {}, {})
    run = previous_run(session, event, profiles[:4], RULES)
    assert run is not None
    assert run.changed == frozenset()
    assert set(run.lists) == {p.id for p in profiles[:4]}
