"""The world of the tests of returning firms (issue 19; `test_returning_firms.py`,
`test_profile_reuse.py`), on the real app and a real database.

The world: the Wirtschaftsförderung Barleben (A) ran two past fairs and runs the open one;
the IHK Omsk (B) ran one past fair of its own. Firm "Alpha" came to both of A's past fairs
(its address in different case) and registers at the open one; a firm without address came
twice under the same name spelt differently; B's fair had a firm A never saw."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventRole,
    Meeting,
    MeetingFeedback,
    Organisation,
    Participant,
    ParticipantStatus,
    ScheduleStatus,
    ScheduleVersion,
    Sector,
    StaffRole,
)
from matchmaker.services.organisations import add_member, create_organisation, set_event_role
from matchmaker.services.privacy import erase_personal_data
from matchmaker.services.staff import create_staff
from tests.conftest import app_with, staff_login
from tests.factories import create_event, create_open_event, create_participant

PASSWORD = "a-long-password-1"
MEMBER_A, MEMBER_B, ADMIN = "clerk@barleben.example", "desk@omsk.example", "admin@amt.example"
SPRING, AUTUMN, OMSK = "Frühjahrsbörse Barleben 2025", "Herbstbörse Barleben 2026", "Omsk-Tage 2026"
# What Alpha said at A's latest past fair: every field the offer copies, and some it does not.
EARLIER = {
    "offer": "CNC-Fräsen von Aluminiumgehäusen",
    "request": "Vertriebspartner in Kasachstan",
    "description": "Familienbetrieb seit 1990",
    "website": "https://alpha.example",
    "contact_person": "Anna Alpha",
    "phone": "+49 391 000",
    "country": "DE",
    "city": "Barleben",
    "languages": ["de", "ru"],
    "text_language": "de",
    "translations": {"ru": {"offer": "Фрезерование корпусов"}},
}
COPIED = tuple(EARLIER)
NOW = {  # what Alpha's registration at the open fair says before it starts from the earlier one
    "offer": "Neu",
    "request": "Neu gesucht",
    "description": "",
    "website": "",
    "contact_person": "Bert Beta",
    "phone": "1",
    "country": "AT",
    "city": "Wien",
    "languages": ["en"],
    "text_language": "en",
    "translations": {},
}


@dataclass(frozen=True)
class World:
    app: Flask
    ids: dict[str, int]  # registrations and events by name


def _past_fair(session: Session, slug: str, name: str, day: date, owner: Organisation) -> Event:
    event = create_event(session, slug, name=name, date=day)
    event.sectors = [Sector(name="Medizintechnik"), Sector(name="Robotik")]
    set_event_role(session, event, owner, EventRole.OWNER)
    return event


def _meeting(session: Session, event: Event, a: Participant, b: Participant, **kw: object) -> None:
    """A meeting of a and b in a new timetable version of the event (published unless
    `status` says otherwise)."""
    status = kw.pop("status", ScheduleStatus.PUBLISHED)
    number = 1 + len(session.scalars(select(ScheduleVersion).where(
        ScheduleVersion.event_id == event.id)).all())  # fmt: skip
    version = ScheduleVersion(event_id=event.id, number=number, status=status)
    session.add(version)
    session.flush()
    session.add(Meeting(event_id=event.id, schedule_id=version.id, participant_a_id=a.id,
                        participant_b_id=b.id, slot=1, table_id=event.tables[0].id))  # fmt: skip
    session.flush()


@contextmanager
def returning_world(tmp_path: Path, database: str) -> Iterator[World]:
    """The app on the test's database with the world's rows (tests mark themselves
    `own_organisations`)."""
    with app_with(tmp_path, database) as app:
        yield World(app, _plant(app))


def _plant(app: Flask) -> dict[str, int]:
    """The world's rows (planted outside any request: a test's requests must not share an
    app context, whose `g` would carry one client's CSRF token to the next)."""
    with app.app_context():
        session = db.session()
        a = create_organisation(session, "Wirtschaftsförderung Barleben")
        b = create_organisation(session, "IHK Omsk")
        add_member(session, a, create_staff(session, MEMBER_A, PASSWORD))
        add_member(session, b, create_staff(session, MEMBER_B, PASSWORD))
        create_staff(session, ADMIN, PASSWORD, role=StaffRole.ADMIN)
        spring = _past_fair(session, "spring", SPRING, date(2025, 3, 12), a)
        autumn = _past_fair(session, "autumn", AUTUMN, date(2026, 3, 18), a)
        omsk = _past_fair(session, "omsk", OMSK, date(2026, 6, 10), b)
        fair = create_open_event(session, "open", name="Börse Barleben 2027")
        set_event_role(session, fair, a, EventRole.OWNER)
        add = create_participant
        made = {
            "alpha_spring": add(session, spring, "a1", name="Alpha GmbH",
                                email="info@alpha.example", offer="Früher"),
            "alpha_autumn": add(session, autumn, "a2", name="Alpha Technik GmbH",
                                email="Info@Alpha.example", locale="ru", max_meetings=4,
                                available_from=time(10, 0), group=autumn.groups[1],
                                sectors=list(autumn.sectors), **EARLIER),
            "alpha_omsk": add(session, omsk, "a3", name="Alpha in Omsk",
                              email="info@alpha.example", offer="Omsk"),
            "alpha": add(session, fair, "a4", name="Alpha", email="INFO@alpha.example",
                         status=ParticipantStatus.REGISTERED, locale="de",
                         sectors=[fair.sectors[1]], **NOW),
            "nord_spring": add(session, spring, "n1", name="Nord  Metall"),
            "nord_autumn": add(session, autumn, "n2", name="nord metall"),
            "gone": add(session, spring, "g1", name="Gelöscht AG", email="g@gone.example"),
            "omsk_only": add(session, omsk, "o1", name="Sibirien OOO", email="s@omsk.example",
                             offer="Holz"),
            "partner_spring": add(session, spring, "p1", name="Partner eins", no_show=True),
            "partner_autumn": add(session, autumn, "p2", name="Partner zwei"),
        }  # fmt: skip
        erase_personal_data(session, made["gone"])
        # Spring: Alpha's partner did not come, so the meeting was not held. Autumn: one
        # meeting held (in the published version; the draft's does not count), answered.
        _meeting(session, spring, made["alpha_spring"], made["partner_spring"])
        _meeting(session, autumn, made["alpha_autumn"], made["partner_autumn"])
        _meeting(session, autumn, made["alpha_autumn"], made["nord_autumn"],
                 status=ScheduleStatus.DRAFT)  # fmt: skip
        x, p = made["alpha_autumn"].id, made["partner_autumn"].id
        session.add_all([
            MeetingFeedback(event_id=autumn.id, participant_id=x, partner_id=p, met=True,
                            follow_up=True),
            MeetingFeedback(event_id=autumn.id, participant_id=p, partner_id=x, met=True,
                            cooperation=True),
        ])  # fmt: skip
        session.commit()
        ids = {k: v.id for k, v in made.items()}
        return ids | {"spring": spring.id, "autumn": autumn.id, "omsk": omsk.id, "open": fair.id}


def login(app: Flask, email: str) -> FlaskClient:
    """A staff client reading English (the assertions' language)."""
    client = app.test_client()
    client.set_cookie("lang", "en")
    assert staff_login(client, email, PASSWORD) == 303
    return client


def page_text(html: str) -> str:
    """A page's words without its markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def omsk_supports_the_open_fair(world: World) -> None:
    """Organisation B (IHK Omsk) becomes a supporter of the open fair, so that its own
    earlier fair is shared with it."""
    with world.app.app_context():
        session = db.session()
        fair = session.get(Event, world.ids["open"])
        omsk = session.scalars(select(Organisation).where(Organisation.slug == "ihk-omsk")).one()
        assert fair is not None
        set_event_role(session, fair, omsk, EventRole.SUPPORTER)
        session.commit()
