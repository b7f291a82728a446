"""A demo fair's delegation week (issue 21): its programme items, the delegation's members and
the local firms offering a company visit, read from `<name>_week.toml` beside the fair's
settings `<name>.toml` (the Barleben fair has one: the Omsk delegation's week; the Aachen fair
none) and stored through the week's own services, as staff would enter them. Flushes, never
commits."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from matchmaker.core.timeparse import parse_time
from matchmaker.models import Event, ItemKind, ParticipantStatus
from matchmaker.services import programme, visit_hosts
from matchmaker.services.convert import fair_dates
from matchmaker.services.programme import ItemValues, MemberValues
from matchmaker.services.visit_hosts import HostValues, HostWindow


@dataclass(frozen=True, slots=True)
class WeekResult:
    items: int
    members: int
    hosts: int


def week_file(settings_file: Path) -> Path | None:
    """The week's settings beside a fair's settings file, or None when the fair has none."""
    found = settings_file.with_name(f"{settings_file.stem}_week.toml")
    return found if found.is_file() else None


def load_week(session: Session, event: Event, settings_file: Path) -> WeekResult:
    """Add the week of `settings_file` to the (new) demo fair `event`: every item, member
    and host, the hosts approved."""
    settings = tomllib.loads(settings_file.read_text(encoding="utf-8"))
    source = settings_file.name
    for spec in settings.get("items", []):
        item = programme.save_item(session, event, _item(spec, event, source))
        item.translations = spec.get("translations", {})  # {"ru": {"title": "…"}}
    firms = {firm.external_id: firm.id for firm in event.participants}
    for spec in settings.get("members", []):
        programme.save_member(session, event, _member(spec, firms, source))
    for spec in settings.get("hosts", []):
        host = visit_hosts.save_host(session, event, _host(spec, source))
        visit_hosts.set_status(session, host, ParticipantStatus.APPROVED)
    return WeekResult(
        items=len(settings.get("items", [])),
        members=len(settings.get("members", [])),
        hosts=len(settings.get("hosts", [])),
    )


def _day(value: object, source: str) -> date:
    if not isinstance(value, date):
        raise TypeError(f"{source}: a day must be a TOML date, not {value!r}")
    return value


def _item(spec: dict[str, Any], event: Event, source: str) -> ItemValues:
    """An item's values; the fair's title and place default to the event's name and venue."""
    kind = ItemKind(spec["kind"])
    day = _day(spec["day"], source)
    fair = kind is ItemKind.FAIR
    if fair and day not in fair_dates(event):
        raise ValueError(f"{source}: the fair's item is on {day}, the fair on {event.date}")
    lunch = ("lunch_from", "lunch_to")
    return ItemValues(
        day=day,
        kind=kind,
        title=spec.get("title", event.name if fair else ""),
        start=parse_time(spec["start"]),
        end=parse_time(spec["end"]),
        place=spec.get("place", f"{event.venue}, {event.city}" if fair else ""),
        description=spec.get("description", ""),
        lat=spec.get("lat"),
        lon=spec.get("lon"),
        groups=spec.get("groups", 1),
        lunch_minutes=spec.get("lunch_minutes"),
        lunch_from=parse_time(spec[lunch[0]]) if lunch[0] in spec else None,
        lunch_to=parse_time(spec[lunch[1]]) if lunch[1] in spec else None,
        speed_kmh=spec.get("speed_kmh", 50.0),
        detour=spec.get("detour", 1.3),
    )


def _member(spec: dict[str, Any], firms: dict[str, int], source: str) -> MemberValues:
    firm = spec.get("firm")
    if firm is not None and firm not in firms:
        raise ValueError(f"{source}: member {spec['name']!r}: no firm {firm!r} in the fair")
    return MemberValues(
        name=spec["name"],
        participant_id=None if firm is None else firms[firm],
        function=spec.get("function", ""),
        email=spec.get("email", ""),
        phone=spec.get("phone", ""),
        languages=tuple(spec.get("languages", ())),
        locale=spec.get("locale"),
    )


def _host(spec: dict[str, Any], source: str) -> HostValues:
    windows = tuple(
        HostWindow(_day(w["day"], source), parse_time(w["start"]), parse_time(w["end"]))
        for w in spec.get("windows", [])
    )
    return HostValues(
        name=spec["name"],
        offer=spec.get("offer", ""),
        request=spec.get("request", ""),
        description=spec.get("description", ""),
        website=spec.get("website", ""),
        contact_person=spec.get("contact_person", ""),
        email=spec.get("email", ""),
        phone=spec.get("phone", ""),
        locale=spec.get("locale", "de"),
        languages=tuple(spec.get("languages", ())),
        address=spec.get("address", ""),
        lat=spec.get("lat"),
        lon=spec.get("lon"),
        capacity=spec.get("capacity", 12),
        duration_minutes=spec.get("duration_minutes", 60),
        windows=windows,
    )
