"""The demo fairs, so that a newcomer sees realistic fairs at once: a Kooperationsbörse in
Barleben (firms of the district of Börde and a delegation from Omsk; de, ru, en) and the Korea
Business Day Aachen (firms of the StädteRegion Aachen and delegations from Korea, the Lviv
region and Lower Silesia; de, en, ko, uk, pl). Each fair is a settings file `<name>.toml` with
its firms beside it in `<name>_profiles.csv` (docs/FORMATS.md) and, for Barleben, the Omsk
delegation's week around the fair in `<name>_week.toml` (services/demo_week.py)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from matchmaker.core.timeparse import parse_time
from matchmaker.io.profiles import parse_profile_records
from matchmaker.io.tabular import read_table
from matchmaker.models import (
    Event,
    EventBreak,
    EventInterpreter,
    EventRole,
    EventState,
    EventTable,
    Group,
    GroupKind,
    MeetingRequest,
    Organisation,
    ParticipantStatus,
    RequestStatus,
)
from matchmaker.models.limits import profile_limits
from matchmaker.services.demo_past import load_past
from matchmaker.services.demo_week import WeekResult, load_week, week_file
from matchmaker.services.events import find_event
from matchmaker.services.organisations import (
    OrganisationError,
    add_member,
    create_organisation,
    find_organisation,
    set_event_role,
)
from matchmaker.services.participants import import_profiles
from matchmaker.services.recommendations import recommendations_for

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
BARLEBEN = DEMO_DIR / "barleben.toml"
AACHEN = DEMO_DIR / "aachen.toml"
BARLEBEN_2026 = DEMO_DIR / "barleben_2026.toml"  # a past fair, with its follow-up (issue 22)
# What `matchmaker demo` loads, in this order. The tests' demo fair is Barleben alone.
DEMO_FAIRS = (BARLEBEN, AACHEN, BARLEBEN_2026)


@dataclass(frozen=True, slots=True)
class DemoResult:
    event: Event
    created: bool
    participants: int
    week: WeekResult | None = None  # the delegation's week added with the fair


def load_demos(session: Session) -> list[DemoResult]:
    """Create every demo fair that is missing (`DEMO_FAIRS`); those there are left as they are."""
    return [load_demo(session, settings_file) for settings_file in DEMO_FAIRS]


def load_demo(session: Session, settings_file: Path = BARLEBEN) -> DemoResult:
    """Create the demo fair of `settings_file`, with its delegation's week when it has one,
    unless it exists (found by its slug); an existing one is left as it is (idempotent)."""
    settings = tomllib.loads(settings_file.read_text(encoding="utf-8"))
    existing = find_event(session, settings["event"]["slug"])
    if existing is not None:
        return DemoResult(existing, created=False, participants=len(existing.participants))
    event = _event_from_settings(settings, settings_file.name)
    session.add(event)
    session.flush()
    profiles = settings_file.with_name(
        settings["event"].get("profiles", f"{settings_file.stem}_profiles.csv")
    )
    records = parse_profile_records(read_table(profiles), profile_limits())
    result = import_profiles(session, event, records, status=ParticipantStatus.APPROVED)
    named = settings.get("sectors", {}).get("translations", {})
    for sector in event.sectors:  # the sectors came with the firms; their translations here
        given = named.get(sector.name, {})
        sector.translations = {language: {"name": text} for language, text in given.items()}
    session.flush()
    _organisers(session, event, settings.get("organisers", []))
    if "past" in settings:
        load_past(session, event, settings["past"], settings_file.name)
    week_settings = week_file(settings_file)
    week = None if week_settings is None else load_week(session, event, week_settings)
    return DemoResult(event, created=True, participants=result.created, week=week)


def _organisers(session: Session, event: Event, entries: list[dict[str, Any]]) -> None:
    """The fair's organisations with their roles (made if missing), and the firms of the
    groups each recruited credited to it."""
    for entry in entries:
        organisation = _organisation(session, entry)
        set_event_role(session, event, organisation, EventRole(entry["role"]))
        groups = set(entry.get("recruits", []))
        for firm in event.participants:
            if firm.group is not None and firm.group.name in groups:
                firm.recruited_by_id = organisation.id
    session.flush()


def _organisation(session: Session, entry: dict[str, Any]) -> Organisation:
    try:
        return find_organisation(session, entry["name"])
    except OrganisationError:
        organisation = create_organisation(session, entry["name"], entry.get("contact_email", ""))
        organisation.sender_name = entry.get("sender_name", "")
        organisation.reply_to = entry.get("reply_to", "")
        return organisation


def demo_logins() -> list[tuple[str, str]]:
    """(e-mail, organisation) of each demo fair's organisers' demo staff accounts."""
    found = []
    for settings_file in DEMO_FAIRS:
        settings = tomllib.loads(settings_file.read_text(encoding="utf-8"))
        found += [(o["login"], o["name"]) for o in settings.get("organisers", []) if "login" in o]
    return found


def _event_from_settings(settings: dict[str, Any], source: str) -> Event:
    spec = settings["event"]
    event_date = spec["date"]
    deadline = spec.get("registration_deadline")
    if not isinstance(event_date, date) or not isinstance(deadline, datetime | None):
        raise TypeError(f"{source}: date and registration_deadline must be TOML dates")
    event = Event(
        slug=spec["slug"],
        name=spec["name"],
        description=spec["description"],
        venue=spec["venue"],
        city=spec["city"],
        date=event_date,
        timezone=spec["timezone"],
        first_slot_start=parse_time(spec["first_slot_start"]),
        slot_minutes=spec["slot_minutes"],
        slot_count=spec["slot_count"],
        registration_deadline=deadline,
        max_requests_per_participant=spec["max_requests_per_participant"],
        cross_group_only=spec["cross_group_only"],
        state=EventState(spec["state"]),
        language=spec.get("language", "de"),
        languages=",".join(spec["languages"]) if "languages" in spec else None,
        translations=spec.get("translations", {}),
    )
    event.breaks = [
        EventBreak(
            start=parse_time(b["start"]),
            end_time=parse_time(b["end"]),
            label=b["label"],
            translations=b.get("translations", {}),
        )
        for b in settings["breaks"]
    ]
    event.groups = [
        Group(
            name=g["name"],
            kind=GroupKind(g["kind"]),
            country=g["country"],
            description=g["description"],
            translations=g.get("translations", {}),
        )
        for g in settings["groups"]
    ]
    event.interpreters = [
        EventInterpreter(
            name=i["name"],
            languages=list(i["languages"]),
            available_from=parse_time(i["available_from"]),
            available_to=parse_time(i["available_to"]),
        )
        for i in settings.get("interpreters", [])
    ]
    named = {t["number"]: t for t in settings["tables"]["themes"]}
    event.tables = [
        EventTable(
            number=n,
            name=named.get(n, {}).get("name", ""),
            theme=named.get(n, {}).get("theme", ""),
            translations=named.get(n, {}).get("translations", {}),
        )
        for n in range(1, settings["tables"]["count"] + 1)
    ]
    return event


DEMO_LOGIN = ("demo@matchmaker.example", "demo-fair-2027")


def ensure_demo_login(session: Session) -> None:
    """The demo administrator and a staff account of each demo organiser, for trying the
    staff console locally (development only: the password is public). They are flagged
    `demo`, and production refuses demo accounts at the login, so a development database
    taken into production does not open with them."""
    from sqlalchemy import select

    from matchmaker.models import StaffRole, StaffUser
    from matchmaker.services.staff import create_staff

    user = session.scalar(select(StaffUser).where(StaffUser.email == DEMO_LOGIN[0]))
    if user is None:
        create_staff(session, *DEMO_LOGIN, name="Demo", role=StaffRole.ADMIN, demo=True)
    else:
        user.demo = True
        session.flush()
    for email, name in demo_logins():  # one account of each organiser, with the same password
        try:
            organisation = find_organisation(session, name)
        except OrganisationError:
            continue  # its fair is not loaded
        account = session.scalar(select(StaffUser).where(StaffUser.email == email))
        if account is None:
            account = create_staff(session, email, DEMO_LOGIN[1], name=name, demo=True)
        add_member(session, organisation, account)


def accept_best_partners(session: Session, event: Event, per_firm: int = 3) -> int:
    """For a demonstration or a benchmark: each firm asks its `per_firm` best recommended
    partners, and every request is accepted (a pair asked both ways counts once). Needs
    stored recommendations; returns how many requests were added."""
    asked: set[frozenset[int]] = set()
    for firm in event.participants:
        for rec in recommendations_for(session, firm)[:per_firm]:
            pair = frozenset((firm.id, rec.partner_id))
            if pair in asked:
                continue
            asked.add(pair)
            session.add(
                MeetingRequest(
                    event_id=event.id,
                    from_participant_id=firm.id,
                    to_participant_id=rec.partner_id,
                    priority=2,
                    status=RequestStatus.ACCEPTED,
                )
            )
    session.flush()
    return len(asked)
