"""Setting up a fair as a first-timer does it, on a real database (issue 16, finding 5):
the short name made from the name, the what-next checklist computed from the data, and the
import of an organiser's list without an `id` column."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core.text.slugs import slugify
from matchmaker.io.errors import InputFileError
from matchmaker.io.tabular import read_csv_bytes
from matchmaker.models import (
    MeetingFeedback,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    Recommendation,
    RequestStatus,
    ScheduleStatus,
    ScheduleVersion,
    StaffUser,
)
from matchmaker.models.base import utcnow
from matchmaker.services.checklist import checklist, next_step
from matchmaker.services.event_setup import EventSettings, SetupError, TableSpec, create_event
from matchmaker.services.firm_import import guess_mapping, import_table, remap
from matchmaker.services.staff import create_staff
from tests.factories import create_open_event, create_participant

SECRETS = ["a-secret-for-erasure-keys"]


@pytest.fixture
def staff(session: Session) -> StaffUser:
    return create_staff(session, "setup@amt.example", "setup-password-1")


def settings(name: str, **values: object) -> EventSettings:
    base: dict[str, object] = {
        "name": name,
        "date": date(2027, 9, 1),
        "first_slot_start": time(9),
        "slot_minutes": 20,
        "slot_count": 15,
    }
    return EventSettings(**(base | values))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Kooperationsbörse Barleben 2027", "kooperationsboerse-barleben-2027"),
        ("ООО «Омская мельница»", "ooo-omskaia-melnitsa"),
        ("Straße & Söhne", "strasse-soehne"),
        ("日本", ""),
        ("Kooperationsbörse Magdeburg–Omsk 2027", "kooperationsboerse-magdeburg-omsk-2027"),
        ("Omsk—Börde…Tag", "omsk-boerde-tag"),
    ],
)
def test_slugify_writes_umlauts_out_and_transliterates_cyrillic(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_an_event_without_a_short_name_gets_one_from_its_name(
    session: Session, staff: StaffUser
) -> None:
    first = create_event(session, "", settings("Биржа Омск – Börde"), staff)
    second = create_event(session, "", settings("Биржа Омск – Börde"), staff)
    nameless = create_event(session, "", settings("日本"), staff)
    assert (first.slug, second.slug, nameless.slug) == (
        "birzha-omsk-boerde", "birzha-omsk-boerde-2", "event-2027-09-01",
    )  # fmt: skip
    with pytest.raises(SetupError) as refused:
        create_event(session, "", settings("X", tables=(TableSpec(1), TableSpec(1))), staff)
    assert refused.value.field == "tables"


def test_the_checklist_follows_the_data(session: Session, staff: StaffUser) -> None:
    """Each step is done when the data says so, not when someone ticks it; the next step
    is the first one not done that is not optional."""
    event = create_event(session, "", settings("Börse"), staff)
    done = {s.key: s.done for s in checklist(session, event)}
    assert [k for k, v in done.items() if v] == ["settings"]
    assert next_step(checklist(session, event)).key == "firms"  # type: ignore[union-attr]
    a = create_participant(session, event, "a", status=ParticipantStatus.REGISTERED)
    b = create_participant(session, event, "b", token_hash="x" * 64)
    steps = {s.key: s for s in checklist(session, event)}
    assert steps["firms"].done
    assert not steps["approve"].done
    assert steps["approve"].detail is not None
    assert steps["approve"].detail.values == {"num": 1}
    a.status = ParticipantStatus.APPROVED
    session.flush()
    assert {s.key: s.done for s in checklist(session, event)}["approve"]
    assert not {s.key: s.done for s in checklist(session, event)}["invite"]  # a has no link
    a.token_hash = "y" * 64
    draft = ScheduleVersion(event_id=event.id, number=2)
    session.add(draft)
    session.flush()
    # no request accepted, but a timetable generated: the days were filled from the
    # recommendations, so the wishes step is not what comes next any more
    assert {s.key: s.done for s in checklist(session, event)}["wishes"]
    session.delete(draft)
    session.flush()
    assert not {s.key: s.done for s in checklist(session, event)}["wishes"]
    session.add_all([
        Recommendation(event_id=event.id, participant_id=a.id, partner_id=b.id, rank=1,
                       score=1, forward=1, backward=1, peer=0, mutual=True, scorer="t"),
        MeetingRequest(event_id=event.id, from_participant_id=a.id, to_participant_id=b.id,
                       status=RequestStatus.ACCEPTED),
        ScheduleVersion(event_id=event.id, number=1, status=ScheduleStatus.PUBLISHED,
                        published_at=utcnow()),
        MeetingFeedback(event_id=event.id, participant_id=a.id, partner_id=b.id, met=True),
    ])  # fmt: skip
    a.checked_in_at = utcnow()
    event.groups = []
    session.flush()
    steps = {s.key: s for s in checklist(session, event)}
    assert [k for k, s in steps.items() if not s.done] == ["tables", "groups", "texts"]
    assert next_step(list(steps.values())) is None
    event.translations = {"ru": {"name": "Биржа"}}  # any text given in another language
    session.flush()
    assert {s.key: s.done for s in checklist(session, event)}["texts"]


ORGANISERS_LIST = (
    "Firma;Land;E-Mail;Angebot\n"
    "Börde Präzision GmbH;DE;INFO@praezision.example;CNC-Fräsen\n"
    "Гетрейдемюле Хадмерслебен;DE;;Mehl\n"
    "Müller GmbH;DE;neu@mueller.example;Brot\n"
)


def import_list(session: Session, event: object, staff: StaffUser, data: str) -> object:
    table = read_csv_bytes(data.encode(), name="liste.csv")
    mapped = remap(table, guess_mapping(table.columns))
    return import_table(session, event, mapped, staff, secrets=SECRETS)  # type: ignore[arg-type]


def test_import_without_ids_finds_firms_by_email_and_makes_up_stable_ids(
    session: Session, staff: StaffUser
) -> None:
    event = create_open_event(session, "liste")
    create_participant(session, event, "B1", name="Alter Name", email="info@Praezision.example")
    create_participant(
        session, event, "mueller-gmbh", name="Müller GmbH", email="alt@mueller.example"
    )
    first = import_list(session, event, staff, ORGANISERS_LIST)
    again = import_list(session, event, staff, ORGANISERS_LIST)
    assert (first.created, first.updated) == (2, 1)  # type: ignore[attr-defined]
    assert (again.created, again.updated) == (0, 3)  # type: ignore[attr-defined]
    firms = {p.external_id: (p.name, p.email) for p in session.scalars(
        select(Participant).where(Participant.event_id == event.id))}  # fmt: skip
    assert firms == {
        "B1": ("Börde Präzision GmbH", "INFO@praezision.example"),  # found by e-mail
        "getreidemiule-khadmersleben": ("Гетрейдемюле Хадмерслебен", ""),
        "mueller-gmbh": ("Müller GmbH", "alt@mueller.example"),  # another firm of that name
        "mueller-gmbh-2": ("Müller GmbH", "neu@mueller.example"),
    }


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        (
            "Firma;E-Mail\n;ohne@name.example\nGut GmbH;gut@example.de\n",
            ["liste.csv, row 2, column 'name': is empty; every firm needs a name"],
        ),
        ("Firma;E-Mail\nA GmbH;a@example.de\nA-Tochter;A@example.de\n", []),
        (
            "Firma;E-Mail\nGut GmbH;\nGut GmbH;\n",
            [
                "liste.csv, row 3, column 'name': the same firm as row 2; each firm has one row"
                " (or give both an id)"
            ],
        ),
    ],
)
def test_rows_without_a_name_or_twice_are_refused_and_nothing_is_written(
    session: Session, staff: StaffUser, data: str, problems: list[str]
) -> None:
    event = create_open_event(session, "liste")
    if not problems:  # two firms sharing a contact's address are two firms
        import_list(session, event, staff, data)
        assert len(event.participants) == 2
        return
    with pytest.raises(InputFileError) as refused:
        import_list(session, event, staff, data)
    assert [str(p) for p in refused.value.problems] == problems
    assert event.participants == []
