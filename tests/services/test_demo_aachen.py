"""The second demo fair (issue 17), Korea Business Day Aachen: local firms and delegations from
Korea, the Lviv region and Lower Silesia, each firm written in its own language, and pages in
five languages; `matchmaker demo` loads it beside Barleben, each fair once (the command:
tests/cli/test_commands.py). The tests' demo fair (`demo_app`) stays Barleben alone."""

from __future__ import annotations

import re
from collections import Counter

from flask import Flask
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventTable,
    Group,
    GroupKind,
    Participant,
    ParticipantStatus,
    Sector,
)
from matchmaker.services.convert import event_slots
from matchmaker.services.demo import AACHEN, load_demo, load_demos

HANGUL = re.compile(r"[\uac00-\ud7a3]")
OTHER_LANGUAGES = ("en", "ko", "uk", "pl")  # the fair's page languages besides its own, German


def test_the_korea_fair_loads_with_its_groups_languages_and_firms(app: Flask) -> None:
    with app.app_context():
        result = load_demo(db.session(), AACHEN)
        db.session.commit()
        event = result.event
        assert result.created
        assert result.participants == 74
        assert event.name == "Korea Business Day Aachen 2027"
        assert event.language == "de"
        assert event.languages == "de,en,ko,uk,pl"
        assert event.cross_group_only
        assert len(event_slots(event)) == 15
        assert set(event.translations) == set(OTHER_LANGUAGES)
        assert all(event.translations[language]["description"] for language in OTHER_LANGUAGES)
        assert event.translations["ko"]["name"] == "코리아 비즈니스 데이 아헨 2027"

        kinds = {(g.name, g.kind, g.country) for g in event.groups}
        assert kinds == {
            ("StädteRegion Aachen", GroupKind.HOST, "DE"),
            ("Korea", GroupKind.DELEGATION, "KR"),
            ("Region Lwiw", GroupKind.DELEGATION, "UA"),
            ("Niederschlesien", GroupKind.DELEGATION, "PL"),
        }
        for group in event.groups:  # name and description in every other page language
            for language in OTHER_LANGUAGES:
                given = group.translations[language]
                assert given["name"], (group.name, language)
                assert given["description"], (group.name, language)
        assert {s.name: set(s.translations) for s in event.sectors} == {
            s.name: set(OTHER_LANGUAGES) for s in event.sectors
        }
        assert {t.theme for t in event.tables if t.theme} == {
            "Automotive & Werkzeugbau",
            "Elektronik & Batterien",
            "IT & Software",
            "Medizintechnik",
        }
        assert {tuple(i.languages) for i in event.interpreters} == {
            ("de", "ko"),
            ("en", "ko"),
            ("de", "uk"),
            ("de", "pl"),
        }

        firms = event.participants
        per_group = Counter(f.group.name for f in firms if f.group is not None)
        assert per_group == {
            "StädteRegion Aachen": 32,
            "Korea": 14,
            "Region Lwiw": 14,
            "Niederschlesien": 14,
        }
        prefixes = {f.group.name: f.external_id[:3] for f in firms if f.group is not None}
        assert prefixes == {
            "StädteRegion Aachen": "AC-",
            "Korea": "KR-",
            "Region Lwiw": "LW-",
            "Niederschlesien": "DS-",
        }
        assert all(f.status is ParticipantStatus.APPROVED for f in firms)
        written = Counter((f.group.name, f.text_language) for f in firms if f.group is not None)
        assert written[("Korea", "ko")] >= 10
        assert written[("Region Lwiw", "uk")] == 14
        assert written[("Niederschlesien", "pl")] == 14
        assert written[("StädteRegion Aachen", "de")] >= 20
        assert written[("StädteRegion Aachen", "en")] >= 3
        assert all(f.text_language in f.languages for f in firms), "each speaks what it writes"
        assert sum(bool(HANGUL.search(f.offer + f.request + f.description)) for f in firms) >= 10
        assert all(f.email.endswith(".example") and f.contact_person and f.city for f in firms)
        assert sum(not f.request for f in firms) >= 3, "some firms seek nothing, as real ones"
        # the benchmark's grading stays in the benchmark
        texts = " ".join(f.offer + f.request + f.description for f in firms)
        assert not re.search(r"HARD CASE|DECOY|aachen-korea-|\b[hgup]\d\d\b", texts)


def counts() -> tuple[int, ...]:
    models = (Event, Participant, Group, Sector, EventTable)
    return tuple(db.session.scalar(select(func.count()).select_from(m)) or 0 for m in models)


def test_every_demo_fair_loads_once(app: Flask) -> None:
    """`load_demos` (what `matchmaker demo` calls; tests/cli/test_commands.py runs the
    command) creates each fair that is missing (Barleben 2027, Aachen, and Barleben 2026 as
    held, issue 22) and, run again, nothing; `load_demo` alone (the tests' demo fair) stays
    Barleben."""
    with app.app_context():
        assert load_demo(db.session()).event.slug == "kooperationsboerse-barleben-2027"
        db.session.commit()
        first = load_demos(db.session())
        db.session.commit()
        assert [r.created for r in first] == [False, True, True]
        before = counts()
        assert before[:2] == (3, 66 + 74 + 66)
        again = load_demos(db.session())
        db.session.commit()
        assert [r.created for r in again] == [False, False, False]
        assert [r.event.id for r in again] == [r.event.id for r in first]
        assert counts() == before
