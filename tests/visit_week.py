"""A small delegation week for the tests of issue 21: the Omsk delegation's Monday of
company visits in the Börde district (hotel in Barleben, five hosts with coordinates), the
fair on Tuesday and an excursion on Wednesday; four members of two firms and one official.
Real rows through the services, no mocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy.orm import Session

from matchmaker.models import (
    DelegationMember,
    Event,
    EventInterpreter,
    ItemKind,
    ParticipantStatus,
    ProgrammeItem,
    VisitHost,
)
from matchmaker.services import programme, visit_hosts
from matchmaker.services.programme import ItemValues, MemberValues
from matchmaker.services.visit_hosts import HostValues, HostWindow
from tests.factories import create_event, create_participant

MONDAY, TUESDAY, WEDNESDAY = date(2027, 4, 19), date(2027, 4, 20), date(2027, 4, 21)
HOTEL = (52.2486, 11.6265)  # Barleben

HOSTS = (
    ("Rohrwerk Haldensleben", "Edelstahlrohre und Präzisionsdrehteile für die Medizintechnik",
     (52.2878, 11.4086), ("de", "en")),
    ("Pflegedienst Börde", "Ambulante Pflege, Schulung von Pflegekräften",
     (52.2236, 11.4117), ("de",)),
    ("Metallbau Wolmirstedt", "Schweißkonstruktionen, Laserschneiden, Blechbearbeitung",
     (52.2483, 11.6300), ("de", "ru")),
    ("Medizintechnik Barleben", "Chirurgische Instrumente, Sterilisation, Medizinprodukte",
     (52.2010, 11.5910), ("de", "en")),
    ("Bäckerei Sonnenschein", "Brot und Brötchen, Konditorei",
     (52.1700, 11.5500), ("de",)),
)  # fmt: skip


@dataclass
class Week:
    event: Event
    monday: ProgrammeItem
    fair: ProgrammeItem
    excursion: ProgrammeItem
    members: list[DelegationMember]
    hosts: list[VisitHost]


def build_week(session: Session, slug: str = "omsk-week", groups: int = 2) -> Week:
    """The week, with every host approved and a Russian-German interpreter."""
    event = create_event(session, slug, date=TUESDAY)
    event.interpreters = [EventInterpreter(name="Olga Petrowa", languages=["ru", "de"])]
    medtech = create_participant(
        session, event, "OM-1", name="Omsk Medical", languages=["ru"],
        request="Wir suchen Lieferanten für Edelstahlrohre und chirurgische Instrumente",
        offer="Medizinische Geräte für Krankenhäuser in Sibirien",
    )  # fmt: skip
    metal = create_participant(
        session, event, "OM-2", name="Sibmetall", languages=["ru", "en"],
        request="Partner für Schweißkonstruktionen und Laserschneiden von Blech",
        offer="Stahlbau und Metallverarbeitung",
    )  # fmt: skip
    monday = programme.save_item(session, event, ItemValues(
        day=MONDAY, kind=ItemKind.VISITS, title="Firmenbesuche im Landkreis Börde",
        start=time(9, 0), end=time(17, 0), place="Hotel Barleben", lat=HOTEL[0], lon=HOTEL[1],
        groups=groups, lunch_minutes=60, lunch_from=time(11, 30), lunch_to=time(14, 0),
    ))  # fmt: skip
    fair = programme.save_item(session, event, ItemValues(
        day=TUESDAY, kind=ItemKind.FAIR, title="Kooperationsbörse", start=time(9, 0),
        end=time(16, 0), place="Technologiepark Barleben",
    ))  # fmt: skip
    excursion = programme.save_item(session, event, ItemValues(
        day=WEDNESDAY, kind=ItemKind.FIXED, title="Ausflug nach Wernigerode",
        start=time(8, 30), end=time(18, 0), place="Wernigerode",
    ))  # fmt: skip
    people = (
        ("Iwan Petrow", medtech.id, ("ru",)),
        ("Anna Sidorowa", medtech.id, ("ru", "de")),
        ("Sergej Kusnezow", metal.id, ("ru",)),
        ("Maria Iwanowa", metal.id, ("ru", "en")),
        ("Pawel Orlow", None, ("ru",)),
    )
    members = []
    for n, p, langs in people:
        mail = f"{n.split()[0].lower()}@omsk.example"
        values = MemberValues(name=n, participant_id=p, languages=langs, locale="ru", email=mail)
        members.append(programme.save_member(session, event, values))
    hosts = []
    for name, offer, (lat, lon), langs in HOSTS:
        host = visit_hosts.save_host(session, event, HostValues(
            name=name, offer=offer, languages=langs, lat=lat, lon=lon, capacity=6,
            duration_minutes=60, email=f"{name.split()[0].lower()}@host.example", locale="de",
        ))  # fmt: skip
        visit_hosts.set_status(session, host, ParticipantStatus.APPROVED)
        hosts.append(host)
    return Week(event, monday, fair, excursion, members, hosts)


def only_afternoon(session: Session, host: VisitHost) -> None:
    """The host can take a visit on Monday afternoon only."""
    values = HostValues(
        name=host.name, offer=host.offer, languages=tuple(host.languages), lat=host.lat,
        lon=host.lon, capacity=host.capacity, duration_minutes=host.duration_minutes,
        windows=(HostWindow(MONDAY, time(13, 0), time(17, 0)),),
    )  # fmt: skip
    visit_hosts.save_host(session, host.event, values, host)
