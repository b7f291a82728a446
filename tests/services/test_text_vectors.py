"""Encoder vectors kept in the database: a fair is encoded once, a firm that edits its profile
costs only its own texts and gets its new list at once, and erasing a firm's data removes the
vectors made from its words."""

from __future__ import annotations

import numpy as np
import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core.matching import evidence as evidence_module
from matchmaker.core.matching.evidence import Evidence
from matchmaker.core.matching.matcher import encoded_texts
from matchmaker.core.matching.semantic import default_embedder, digest
from matchmaker.extensions import db
from matchmaker.models import Event, Participant, Recommendation, TextVector
from matchmaker.services import recommendations as recommendations_module
from matchmaker.services.convert import participant_profile
from matchmaker.services.privacy import erase_personal_data
from matchmaker.services.recommendations import (
    compute_matches,
    compute_recommendations,
    matching_input,
    recommendations_for,
    refresh_firm,
)
from matchmaker.services.text_vectors import forget_firm, keep_vectors, stored_embedder
from tests.factories import create_event, create_participant


def _vectors(session: Session) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for encoder, key in session.execute(select(TextVector.encoder, TextVector.digest)):
        found.setdefault(encoder, set()).add(key)
    return found


def _encoded_now(session: Session, event: Event) -> int:
    """How many texts a run would encode now (computing, storing nothing)."""
    given = matching_input(session, event)
    compute_matches(given)
    return sum(len(v.new) for v in given.vectors)


def _matched(session: Session) -> tuple[Event, list[Participant]]:
    """The demo fair after a whole run, and its firms in id order."""
    event = session.scalars(select(Event)).one()
    compute_recommendations(session, event, top_k=5)
    session.commit()
    return event, list(session.scalars(select(Participant).order_by(Participant.id)))


def test_a_fair_is_encoded_once_and_an_edit_costs_only_the_firms_texts(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        assert _encoded_now(session, event) > 66 * 2  # nothing stored yet: every text
        compute_recommendations(session, event, top_k=5)
        session.commit()
        stored = _vectors(session)
        assert set(stored) == {
            "use-multilingual-v3",
            "multilingual-e5-small:query",
            "multilingual-e5-small:passage",
        }
        assert _encoded_now(session, event) == 0  # the next run reads them all

        firm = session.scalars(select(Participant).order_by(Participant.id)).first()
        assert firm is not None
        others = (
            select(Recommendation.participant_id, Recommendation.partner_id, Recommendation.rank)
            .where(Recommendation.participant_id != firm.id)
            .order_by(Recommendation.id)
        )
        others_before = session.execute(others).all()
        old_texts = {digest(t) for t in encoded_texts(participant_profile(firm)) if t}
        before = {r.partner_id for r in recommendations_for(session, firm)}
        firm.offer = "Backwaren, Brot und Feingebäck für Hotels und Kantinen"
        firm.description = "Eine Großbäckerei."
        firm.request = "Mehl, Hefe und Backzutaten in großen Mengen"
        session.flush()
        assert 0 < _encoded_now(session, event) <= 20  # its own texts and items only
        assert refresh_firm(session, firm) > 0
        session.commit()
        after = recommendations_for(session, firm)
        assert {r.partner_id for r in after} != before  # a bakery has other partners
        assert any("Mehl" in str(r.reason) for r in after)
        assert not old_texts & _vectors(session)["multilingual-e5-small:passage"]
        assert _encoded_now(session, event) == 0
        # the other firms' lists stay as they were until the next run of the whole fair
        assert session.execute(others).all() == others_before


def test_erasing_a_firm_deletes_the_vectors_of_its_texts(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        compute_recommendations(session, event, top_k=3)
        session.commit()
        firm = session.scalars(select(Participant).order_by(Participant.id.desc())).first()
        assert firm is not None
        own = {digest(t) for t in encoded_texts(participant_profile(firm)) if t}
        assert own <= set().union(*_vectors(session).values())
        erase_personal_data(session, firm)
        session.commit()
        assert not own & set().union(*_vectors(session).values())


def test_a_firm_that_does_not_take_part_gets_no_list(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.session()
        firm = session.scalars(select(Participant)).first()
        assert firm is not None
        # Before the fair was matched as a whole, a page does not encode all of it.
        assert refresh_firm(session, firm) == 0
        assert not _vectors(session)
        firm.status = firm.status.__class__("withdrawn")
        session.flush()
        assert refresh_firm(session, firm) == 0
        assert recommendations_for(session, firm) == []


def test_an_edit_at_a_large_fair_keeps_the_vectors_of_items_it_did_not_read(
    demo_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a fair larger than the evidence's sample, a firm's edit and the update after it read
    only some firms' items; the stored vectors of the others' items stay for the next run."""
    monkeypatch.setattr(evidence_module, "STATISTICS_SAMPLE", 5)
    with demo_app.app_context():
        session = db.session()
        event, firms = _matched(session)
        firm, others = firms[0], firms[1:]
        items = {digest(t) for t in Evidence().texts([participant_profile(p) for p in others])}
        assert items <= _vectors(session)["use-multilingual-v3"]
        firm.request = "Mehl, Hefe und Backzutaten in großen Mengen"
        session.flush()
        assert refresh_firm(session, firm) > 0
        session.commit()
        assert items <= _vectors(session)["use-multilingual-v3"]
        assert any("Mehl" in str(r.reason) for r in recommendations_for(session, firm))
        compute_recommendations(session, event, top_k=5)  # an update: the lists it touches
        session.commit()
        assert items <= _vectors(session)["use-multilingual-v3"]
        assert _encoded_now(session, event) == 0


def test_an_update_lets_a_few_stale_vectors_stand_and_deletes_them_past_the_share(
    demo_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding the items of the firms an update did not read costs seconds at a large fair,
    so an update keeps every stored vector while the stale ones (of texts that changed) are
    few; past `STALE_SHARE` it finds them and deletes the stale ones, keeping the unread
    firms' items."""
    monkeypatch.setattr(evidence_module, "STATISTICS_SAMPLE", 5)
    with demo_app.app_context():
        session = db.session()
        event, firms = _matched(session)
        items = {digest(t) for t in Evidence().texts([participant_profile(p) for p in firms[2:]])}

        def edit(firm: Participant, offer: str) -> set[str]:
            old = {digest(t) for t in encoded_texts(participant_profile(firm)) if t}
            firm.offer = offer
            session.commit()
            compute_recommendations(session, event, top_k=5)  # an update
            session.commit()
            return old - {digest(t) for t in encoded_texts(participant_profile(firm)) if t}

        stale = edit(firms[0], "Backwaren, Brot und Feingebäck für Hotels und Kantinen")
        assert stale
        assert stale <= _vectors(session)["use-multilingual-v3"]  # let stand
        monkeypatch.setattr(recommendations_module, "STALE_SHARE", 0.0)
        stale |= edit(firms[1], "Frisches Obst und Gemüse aus der Region, täglich geliefert")
        stored = _vectors(session)["use-multilingual-v3"]
        assert not stale & stored  # deleted, both the old and the new stale ones
        assert items <= stored
        assert _encoded_now(session, event) == 0


def test_stored_vectors_are_read_back_and_only_new_texts_encoded(session: Session) -> None:
    """`stored_embedder` and `keep_vectors` called directly with the real encoder: a first
    run encodes and stores every text; the next reads them back (the same vectors, nothing
    encoded); a changed text costs only itself and its old vector is dropped."""
    encoder = default_embedder()
    assert encoder is not None
    event = create_event(session)
    texts = ["Infusionspumpen", "Getreidemühlen", "Фрезерование корпусов"]
    first = stored_embedder(session, event, encoder, texts)
    vectors = first.encode(texts)
    assert keep_vectors(session, event, first) == 3
    again = stored_embedder(session, event, encoder, texts)
    assert set(again.known) == {digest(t) for t in texts}  # read before being asked for
    assert np.allclose(again.encode(texts), vectors)
    assert again.new == {}
    changed = [texts[0], texts[1], "Brot und Brötchen"]
    later = stored_embedder(session, event, encoder)
    later.encode(changed)
    assert set(later.new) == {digest("Brot und Brötchen")}
    assert keep_vectors(session, event, later) == 1
    assert _vectors(session) == {encoder.name: {digest(t) for t in changed}}
    other = create_event(session, "other")  # another event's store is its own
    assert stored_embedder(session, other, encoder, changed).stored == set()


def test_forgetting_a_firm_deletes_the_vectors_of_its_texts(session: Session) -> None:
    encoder = default_embedder()
    assert encoder is not None
    event = create_event(session)
    firm = create_participant(session, event, "F", offer="Infusionspumpen", request="Vertrieb")
    other = create_participant(session, event, "G", offer="Getreidemühlen")
    texts = [t for p in (firm, other) for t in encoded_texts(participant_profile(p)) if t]
    store = stored_embedder(session, event, encoder)
    store.encode(texts)
    keep_vectors(session, event, store)
    forget_firm(session, firm)
    left = set().union(*_vectors(session).values())
    assert digest("Infusionspumpen") not in left
    assert digest("Getreidemühlen") in left
