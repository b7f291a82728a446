"""Importing firms into an event: create, update by id, sectors and groups by name."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.io.profiles import parse_profile_records
from matchmaker.io.tabular import read_table
from matchmaker.models import Participant
from matchmaker.services.convert import participant_profile
from tests.factories import create_event


def records(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "firms.csv"
    path.write_text(text, encoding="utf-8")
    return parse_profile_records(read_table(path))


def test_import_creates_then_updates_by_id(session: Session, tmp_path: Path) -> None:
    from matchmaker.services.participants import import_profiles

    event = create_event(session)
    first = import_profiles(
        session,
        event,
        records(
            tmp_path,
            "id,name,group,sectors,languages,unavailable,email\n"
            "A,Alpha,omsk,Pflege;Medizintechnik,ru;de,12:00-13:00,a@alpha.example\n"
            "B,Beta,Neue Gruppe,pflege,de,,\n",
        ),
    )
    assert (first.created, first.updated) == (2, 0)
    alpha = session.scalars(select(Participant).where(Participant.external_id == "A")).one()
    salt = alpha.link_salt
    assert alpha.group is not None
    assert alpha.group.name == "Omsk"
    assert sorted(s.name for s in alpha.sectors) == ["Medizintechnik", "Pflege"]
    assert sorted(g.name for g in event.groups) == ["Börde", "Neue Gruppe", "Omsk"]
    assert sorted(s.name for s in event.sectors) == ["Medizintechnik", "Pflege"]

    second = import_profiles(
        session, event, records(tmp_path, "id,name,languages\nA,Alpha GmbH,en\n")
    )
    assert (second.created, second.updated) == (0, 1)
    session.refresh(alpha)
    assert alpha.name == "Alpha GmbH"
    assert alpha.languages == ["en"]
    assert alpha.link_salt == salt  # the firm's personal link survives a re-import


def test_round_trip_to_the_core_profile(session: Session, tmp_path: Path) -> None:
    from matchmaker.services.participants import import_profiles

    event = create_event(session)
    (record,) = records(
        tmp_path,
        "id,name,country,group,sectors,offer,request,description,languages,"
        "available_from,available_to,unavailable,max_meetings\n"
        "A,Alpha,de,Börde,Pflege,Pflegekurse,Pflegekräfte,Dienst,de;ru,09:00,15:00,"
        "11:00-11:30;13:00-13:20,6\n",
    )
    import_profiles(session, event, [record])
    stored = session.scalars(select(Participant)).one()
    assert participant_profile(stored) == record.profile


def test_tokens_are_long_and_distinct() -> None:
    from matchmaker.models.participant import new_link_salt
    from matchmaker.services.links import derive_token

    tokens = {derive_token("key", new_link_salt()) for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) == 43 for t in tokens)
    assert derive_token("other key", "00") != derive_token("key", "00")
