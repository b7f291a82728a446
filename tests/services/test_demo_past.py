"""The past demo fair (issue 22): Barleben 2026 as held, with its follow-up at 3 and 6
months, loaded through the services, and the committee's report on it; the figures by hand
from matchmaker/demo/barleben_2026.toml."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event, FollowUpAnswer, FollowUpRound, Outcome
from matchmaker.services.committee_report import ReportChoice, committee_report
from matchmaker.services.demo import BARLEBEN_2026, load_demo
from matchmaker.services.organisations import find_organisation


def test_the_past_fair_is_held_and_followed_up(app: Flask) -> None:
    with app.app_context():
        session = db.session()
        event = load_demo(session, BARLEBEN_2026).event
        session.commit()
        rounds = session.scalars(select(FollowUpRound).where(FollowUpRound.event_id == event.id))
        assert [(r.months, r.opens_on, r.closes_on) for r in rounds] == [
            (3, date(2026, 6, 19), date(2026, 7, 17)),
            (6, date(2026, 9, 19), date(2026, 10, 17)),
        ]
        assert len(session.scalars(select(FollowUpAnswer)).all()) == 14
        office = find_organisation(session, "Unternehmerbüro Barleben")
        report = committee_report(session, office, ReportChoice(date(2026, 1, 1),
                                                                date(2026, 12, 31)))  # fmt: skip
        assert [r.event.slug for r in report.events] == ["kooperationsboerse-barleben-2026"]
        totals = report.totals
        assert (totals.firms, totals.wished, totals.held, totals.no_shows) == (21, 14, 13, 1)
        assert dict(totals.funnel()) == {
            Outcome.NO_CONTACT: 6, Outcome.KNOWLEDGE: 5, Outcome.VALUABLE: 3,
            Outcome.NEGOTIATION: 3, Outcome.AGREEMENT: 2,
        }  # fmt: skip
        named = sorted((s.firm, s.partner) for s in report.stories)
        assert named == [
            ("Börde Präzisionstechnik GmbH", "АО «Сибирский титан»"),
            ("Logistikzentrum Mittelland GmbH", ""),
            ("АО «Сибирский титан»", "Börde Präzisionstechnik GmbH"),
            ("ООО «Сибирские пансионаты»", ""),
        ]
        assert session.scalars(select(Event).where(Event.slug == event.slug)).one().state.value == (
            "closed"
        )
