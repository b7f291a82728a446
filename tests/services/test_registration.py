"""A firm registering and editing its profile (services/registration.py), called directly on
a real database: a registration made once per form (sent twice, one firm), refused when the
fair takes none, only the event's own groups and sectors; profile edits until the deadline
(staff also after it, logged), a new address to be confirmed anew, the texts' second
language; finding and confirming a firm's address."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.core.types import TimeRange
from matchmaker.models import Event, EventState, Participant, ParticipantStatus
from matchmaker.models.base import utcnow
from matchmaker.services.audit import audit_log
from matchmaker.services.organisations import create_organisation
from matchmaker.services.registration import (
    ProfileData,
    RegistrationClosed,
    confirm_email,
    firms_with_email,
    register,
    staff_update_profile,
    update_profile,
)
from matchmaker.services.staff import create_staff
from tests.factories import create_open_event, create_participant


@pytest.fixture
def event(session: Session) -> Event:
    return create_open_event(session)


def _data(event: Event, **values: object) -> ProfileData:
    sector = next(s for s in event.sectors if s.name == "Pflege")
    given: dict[str, object] = {
        "name": "Pflegedienst Sonne",
        "country": "DE",
        "group_id": event.groups[0].id,
        "sector_ids": (sector.id,),
        "offer": "Ambulante Pflege",
        "email": "info@sonne.example",
        "languages": ("de", "ru"),
        "available_from": time(9, 0),
        "available_to": time(12, 0),
        "unavailable": (TimeRange(time(10, 0), time(10, 30)),),
        "max_meetings": 4,
    }
    return ProfileData(**(given | values))  # type: ignore[arg-type]


def _firms(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Participant)) or 0)


def test_a_registration_is_made_once_per_form(session: Session, event: Event) -> None:
    chamber = create_organisation(session, "IHK Omsk")
    firm, made = register(session, event, _data(event), "form-1", recruited_by=chamber)
    assert made
    assert (firm.status, firm.submission_key, firm.recruited_by_id) == (
        ParticipantStatus.REGISTERED, "form-1", chamber.id,
    )  # fmt: skip
    assert firm.external_id.startswith("web-")
    assert firm.consent_at is not None
    assert (firm.name, firm.group, [s.name for s in firm.sectors]) == (
        "Pflegedienst Sonne", event.groups[0], ["Pflege"],
    )  # fmt: skip
    assert [(u.start, u.end_time) for u in firm.unavailable] == [(time(10, 0), time(10, 30))]
    again, made_again = register(session, event, _data(event, name="Anders"), "form-1")
    assert (again.id, again.name, made_again) == (firm.id, "Pflegedienst Sonne", False)
    other, _ = register(session, event, _data(event), "form-2")
    assert other.id != firm.id
    assert _firms(session) == 2


@pytest.mark.parametrize(
    ("state", "past_deadline", "why"),
    [(EventState.DRAFT, False, "draft"), (EventState.CLOSED, False, "closed"),
     (EventState.REGISTRATION_OPEN, True, "deadline")],
    ids=["draft", "closed", "deadline"],
)  # fmt: skip
def test_a_registration_is_refused_when_the_fair_takes_none(
    session: Session, event: Event, state: EventState, past_deadline: bool, why: str
) -> None:
    event.state = state
    deadline = event.registration_deadline
    assert deadline is not None
    now = deadline + timedelta(minutes=1) if past_deadline else None
    with pytest.raises(RegistrationClosed, match=why):
        register(session, event, _data(event), "form-1", now)
    assert _firms(session) == 0


def test_only_the_events_own_groups_and_sectors(session: Session, event: Event) -> None:
    other = create_open_event(session, "other")
    with pytest.raises(ValueError, match="not of this event"):
        register(session, event, _data(event, group_id=other.groups[0].id), "form-1")
    with pytest.raises(ValueError, match="not of this event"):
        register(session, event, _data(event, sector_ids=(other.sectors[0].id,)), "form-2")
    assert _firms(session) == 0


def _confirmed(firm: Participant) -> bool:
    return firm.email_confirmed_at is not None


def test_profile_edits_until_the_deadline_and_a_new_address_confirmed_anew(
    session: Session, event: Event
) -> None:
    firm, _ = register(session, event, _data(event), "form-1")
    firm.email_confirmed_at = utcnow()
    update_profile(session, firm, _data(event, email="INFO@sonne.example", offer="Tagespflege"))
    assert firm.offer == "Tagespflege"
    assert _confirmed(firm)  # the same address in another case
    update_profile(session, firm, _data(event, email="neu@sonne.example", group_id=None))
    assert not _confirmed(firm)
    assert firm.group is None
    deadline = event.registration_deadline
    assert deadline is not None
    late = deadline + timedelta(seconds=1)
    with pytest.raises(RegistrationClosed, match="deadline"):
        update_profile(session, firm, _data(event, offer="Zu spät"), late)
    event.state = EventState.DRAFT  # firms staff brought in complete their profiles early
    update_profile(session, firm, _data(event, offer="Vorab"), deadline - timedelta(days=1))
    assert firm.offer == "Vorab"


def test_staff_edit_after_the_deadline_and_it_is_logged(session: Session, event: Event) -> None:
    firm = create_participant(session, event, "F", name="Alt")
    event.state = EventState.CLOSED
    staff = create_staff(session, "clerk@amt.example", "a-long-password-1")
    with pytest.raises(RegistrationClosed):
        update_profile(session, firm, _data(event))
    staff_update_profile(session, firm, _data(event, name="Neu GmbH"), staff)
    assert firm.name == "Neu GmbH"
    entry = audit_log(session, event)[0]
    assert (entry.action, entry.subject) == ("firm.edit", "Neu GmbH")


def test_the_texts_languages_and_their_translation(session: Session, event: Event) -> None:
    texts = {"en": {"offer": "Care"}, "pl": {"offer": "Opieka"}}
    firm = create_participant(
        session, event, "F", text_language="de", locale="de", translations=texts
    )
    update_profile(session, firm, _data(event, text_language="", locale=None,
                                        translation_language="ru",
                                        translation=(("offer", "Уход"), ("request", "")),
                                        replaced_language="pl"))  # fmt: skip
    assert (firm.text_language, firm.locale) == (None, "de")  # "" detects, None leaves it
    assert firm.translations == {"en": {"offer": "Care"}, "ru": {"offer": "Уход"}}
    update_profile(session, firm, _data(event, text_language="ru", locale="ru"))
    assert (firm.text_language, firm.locale) == ("ru", "ru")
    assert firm.translations == {"en": {"offer": "Care"}, "ru": {"offer": "Уход"}}  # kept


def test_finding_and_confirming_a_firms_address(session: Session, event: Event) -> None:
    firm = create_participant(session, event, "F", email="Info@Sonne.example ")
    create_participant(session, event, "W", email="info@sonne.example",
                       status=ParticipantStatus.WITHDRAWN)  # fmt: skip
    other = create_open_event(session, "other")
    create_participant(session, other, "O", email="info@sonne.example")
    assert firms_with_email(session, event, " INFO@sonne.example") == [firm]
    assert firms_with_email(session, event, "  ") == []
    firm.email = "info@sonne.example"
    assert confirm_email(session, other, firm.id, firm.email) is None
    assert confirm_email(session, event, firm.id, "alt@sonne.example") is None
    assert firm.email_confirmed_at is None
    assert confirm_email(session, event, firm.id, "INFO@sonne.example") is firm
    first = firm.email_confirmed_at
    assert first is not None
    assert confirm_email(session, event, firm.id, firm.email) is firm
    assert firm.email_confirmed_at == first  # confirmed once
    firm.status = ParticipantStatus.WITHDRAWN
    assert confirm_email(session, event, firm.id, firm.email) is None
