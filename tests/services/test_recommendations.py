"""Recommendations computed for the demo fair and stored in a real database."""

from __future__ import annotations

import sqlite3

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.i18n import reason_html
from matchmaker.models import Event, Participant, ParticipantStatus, Recommendation
from matchmaker.services.match_reasons import local_reason, stored_reason
from matchmaker.services.recommendations import (
    COMPARING,
    compute_recommendations,
    recommendations_for,
)

SLUG = "kooperationsboerse-barleben-2027"


def stored(app: Flask) -> list[tuple[int, int, int, float, bool]]:
    with app.app_context():
        rows = db.session.scalars(
            select(Recommendation).order_by(Recommendation.participant_id, Recommendation.rank)
        )
        return [(r.participant_id, r.rank, r.partner_id, r.score, r.mutual) for r in rows]


def test_demo_recommendations_are_stored_cross_group_and_idempotent(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        run = compute_recommendations(session, event, top_k=5)
        session.commit()
        assert run.firms == 66
        assert run.scorer == "TF-IDF + use-multilingual-v3 + multilingual-e5-small"
        assert run.recommendations == session.scalar(
            select(func.count()).select_from(Recommendation)
        )
        group_of = {p.id: p.group_id for p in session.scalars(select(Participant))}
        for rec in session.scalars(select(Recommendation)):
            assert group_of[rec.participant_id] != group_of[rec.partner_id]  # cross-group fair
            assert 1 <= rec.rank <= 5
    first = stored(demo_app)
    with demo_app.app_context():
        compute_recommendations(db.session(), db.session.scalars(select(Event)).one(), top_k=5)
        db.session.commit()
    assert stored(demo_app) == first  # recomputing gives the same list, not a second one


def test_a_firm_reads_its_list_with_reasons_in_three_languages(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.session()
        compute_recommendations(session, session.scalars(select(Event)).one(), top_k=3)
        agro = session.scalars(select(Participant).where(Participant.external_id == "OM-004")).one()
        recommendations = recommendations_for(session, agro)
        assert [r.rank for r in recommendations] == [1, 2, 3]
        partners = {
            session.get(Participant, r.partner_id).external_id  # type: ignore[union-attr]
            for r in recommendations
        }
        assert partners & {"BK-005", "BK-009", "BK-033"}
        best = recommendations[0]
        partner = session.get(Participant, best.partner_id)
        assert partner is not None
        said = {}
        for language in ("de", "en", "ru"):
            with demo_app.test_request_context(), force_locale(language):
                sentences = local_reason(stored_reason(best), partner, language)
                said[language] = str(reason_html(sentences))
        assert "Gesuch „" in said["de"]
        assert "Angebot „" in said["de"]
        assert "request “" in said["en"]
        assert "offer “" in said["en"]
        assert "запрос «" in said["ru"]
        assert "предложению «" in said["ru"]
        # the German partner's words are foreign to a Russian reader only: marked DE there
        assert 'lang="de"' in said["ru"]
        assert 'lang="de"' not in said["de"]


def test_excluded_pairs_and_rejected_firms_are_left_out(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        by_ext = {p.external_id: p for p in session.scalars(select(Participant))}
        compute_recommendations(session, event, top_k=3)
        before = recommendations_for(session, by_ext["OM-004"])
        top_partner = before[0].partner_id
        by_ext["BK-009"].status = ParticipantStatus.REJECTED
        compute_recommendations(
            session,
            event,
            top_k=3,
            excluded_pairs=frozenset({frozenset({by_ext["OM-004"].id, top_partner})}),
        )
        after = recommendations_for(session, by_ext["OM-004"])
        assert top_partner not in {r.partner_id for r in after}
        assert by_ext["BK-009"].id not in {r.partner_id for r in after}
        assert recommendations_for(session, by_ext["BK-009"]) == []


def test_database_refuses_self_and_duplicate_ranks(demo_app: Flask) -> None:
    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        a, b = session.scalars(select(Participant).limit(2)).all()

        def rec(partner: int, rank: int) -> Recommendation:
            return Recommendation(
                event_id=event.id, participant_id=a.id, partner_id=partner, rank=rank, score=1,
                forward=1, backward=1, peer=0, mutual=True, reason=[], scorer="t",
            )  # fmt: skip

        session.add(rec(a.id, 1))
        with pytest.raises(IntegrityError, match="not_self"):
            session.flush()
        session.rollback()
        session.add_all([rec(b.id, 1), rec(b.id, 2)])
        with pytest.raises(IntegrityError, match=r"UNIQUE|duplicate key"):
            session.flush()
        session.rollback()


def test_recommend_command(demo_app: Flask) -> None:
    runner: FlaskCliRunner = demo_app.test_cli_runner()
    result = runner.invoke(args=["recommend", SLUG, "--top", "2"])
    assert result.exit_code == 0, result.output
    assert "Stored" in result.output
    assert "recommendations for 66 firms of 'Kooperationsbörse Barleben 2027'" in result.output
    assert len(stored(demo_app)) > 100
    missing = runner.invoke(args=["recommend", "no-such-fair"])
    assert missing.exit_code == 1
    assert "no event with the short name 'no-such-fair'" in missing.output


def test_computing_holds_no_write_lock_on_sqlite(demo_app: Flask, database: str) -> None:
    """While the matcher computes, another process can write (SQLite has one writer at a
    time: a run that deleted the old list first held the lock for the whole computation)."""
    if not database.startswith("sqlite"):
        pytest.skip("SQLite's database-wide write lock")
    path = database.removeprefix("sqlite:///")
    written: list[str] = []

    def write_elsewhere(stage: str, share: float | None) -> None:
        if stage != COMPARING:
            return
        other = sqlite3.connect(path, timeout=0)  # no waiting: a held lock fails at once
        try:
            other.execute("UPDATE event SET name = name || ' (2027)'")
            other.commit()
            written.append(stage)
        finally:
            other.close()

    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        compute_recommendations(session, event, top_k=3)  # an old list to replace
        session.commit()
        run = compute_recommendations(session, event, top_k=3, progress=write_elsewhere)
        session.commit()
        assert written == [COMPARING]
        assert run.recommendations == session.scalar(
            select(func.count()).select_from(Recommendation)
        )
        assert session.scalars(select(Event.name)).one().endswith(" (2027)")


def test_a_run_after_one_firm_changed_rewrites_only_the_lists_it_touches(
    demo_app: Flask,
) -> None:
    from matchmaker.models import MatchedProfile

    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        compute_recommendations(session, event, top_k=5)
        session.commit()
        before = {
            r.id: (r.participant_id, r.partner_id) for r in session.scalars(select(Recommendation))
        }
        firms = list(session.scalars(select(Participant).order_by(Participant.id)))
        assert session.scalar(select(func.count()).select_from(MatchedProfile)) == len(firms)
        edited, donor = firms[3], firms[40]
        edited.offer, edited.request = donor.offer, donor.request
        edited_id = edited.id
        session.commit()
        compute_recommendations(session, event, top_k=5)
        session.commit()
        after = {
            r.id: (r.participant_id, r.partner_id) for r in session.scalars(select(Recommendation))
        }
        updated = stored(demo_app)
        kept = set(before) & set(after)
        assert kept, "lists the change did not touch are left as they were"
        assert all(before[i] == after[i] for i in kept)
        assert any(after[i][0] == edited_id for i in set(after) - kept)  # its list is new
        compute_recommendations(session, event, top_k=5, whole=True)
        session.commit()
    whole = stored(demo_app)
    mine = [row for row in updated if row[0] == edited_id]
    assert mine == [row for row in whole if row[0] == edited_id]
    # The others' unchanged pairs keep the last run's scores (the fair's statistics moved a
    # little), so their partners are nearly, not exactly, a whole run's.
    pairs = {row[:3] for row in updated}
    assert len(pairs & {row[:3] for row in whole}) > 0.8 * len(whole)


def test_a_whole_run_keeps_each_list_reserve_partners_deeper_for_the_next_update(
    demo_app: Flask,
) -> None:
    # The partners that follow a shown list are stored beside it (not shown), so that an
    # update can refill a list a changed partner left: shown and reserve together are the
    # list a whole run gives at that depth.
    from matchmaker.core.matching.update import RESERVE
    from matchmaker.models import MatchedProfile

    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        compute_recommendations(session, event, top_k=3 + RESERVE)
        session.commit()
        deeper = stored(demo_app)
        compute_recommendations(session, event, top_k=3)
        session.commit()
        shown = stored(demo_app)
        kept = {m.participant_id: m for m in session.scalars(select(MatchedProfile))}
    assert all(row[1] <= 3 for row in shown)
    rebuilt = [
        *shown,
        *[
            (firm, rank, int(partner), score, mutual)
            for firm, profile in kept.items()
            for rank, (partner, score, _f, _b, _p, mutual) in enumerate(profile.reserve, start=4)
        ],
    ]
    assert sorted(rebuilt) == deeper
    assert any(profile.reserve for profile in kept.values())
    full = {firm for firm in kept if sum(row[0] == firm for row in deeper) == 3 + RESERVE}
    assert full
    assert all(kept[firm].floor == min(r[3] for r in deeper if r[0] == firm) for firm in full)


def test_a_run_does_not_stop_for_the_garbage_collector(demo_app: Flask) -> None:
    # A run makes millions of small objects at a large fair; the cyclic collector's passes
    # over them cost seconds, so it is paused for the run and running again afterwards.
    import gc

    passes: list[bool] = []
    seen_at_stages: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(gc.isenabled())

    with demo_app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        gc.callbacks.append(seen)
        try:
            compute_recommendations(
                session, event, top_k=5, progress=lambda *_: seen_at_stages.append(len(passes))
            )
            assert gc.isenabled()
            gc.collect()  # the collector works again after the run
        finally:
            gc.callbacks.remove(seen)
    assert len(seen_at_stages) >= 2  # reading and comparing happened, with no pass
    assert set(seen_at_stages) == {0}
    assert passes
    assert all(passes)  # none while paused
