"""Staff's own travel minutes for a day of visits (issue 21): the table as it stands (staff's
minutes where given, else from coordinates, else blank) to download and correct, and an
uploaded table checked whole and stored on the item, sites named by the hosts' names."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained
from matchmaker.core.visits.travel import Site, travel_minutes
from matchmaker.io.tabular import Table
from matchmaker.io.visit_files import HOTEL, travel_from_table
from matchmaker.models import ProgrammeItem, VisitHost
from matchmaker.services.visit_hosts import hosts_for_day

SAME_NAME = N_("Two hosts of the day are both called %(name)s; rename one before using a table.")


@dataclass(frozen=True)
class TravelTable:
    """The sites (`hotel`, then the hosts by name) and the minutes between them (None:
    unknown, no coordinates)."""

    names: list[str]
    minutes: list[list[int | None]]
    given: bool  # staff's own minutes, not computed


def _sites(item: ProgrammeItem, hosts: list[VisitHost]) -> list[Site | None]:
    places = [(item.lat, item.lon), *((h.lat, h.lon) for h in hosts)]
    return [Site(lat, lon) if lat is not None and lon is not None else None for lat, lon in places]


def travel_table(session: Session, item: ProgrammeItem) -> TravelTable:
    """The day's travel table as it stands."""
    hosts = hosts_for_day(session, item.event, item.day)
    names = [HOTEL, *(h.name for h in hosts)]
    keys = [HOTEL, *(str(h.id) for h in hosts)]
    given = item.travel or {}
    sites = [str(s) for s in given.get("sites", [])]
    if set(keys) <= set(sites):
        where = [sites.index(k) for k in keys]
        table = given["minutes"]
        rows: list[list[int | None]] = [[int(table[a][b]) for b in where] for a in where]
        return TravelTable(names, rows, True)
    places = _sites(item, hosts)
    known = [p for p in places if p is not None]
    computed = iter(travel_minutes(known, item.speed_kmh, item.detour)) if known else iter(())
    full = {i: next(computed) for i, p in enumerate(places) if p is not None}
    order = [i for i, p in enumerate(places) if p is not None]
    rows = [
        [full[a][order.index(b)] if a in full and b in full else None for b in range(len(places))]
        for a in range(len(places))
    ]
    return TravelTable(names, rows, False)


def set_travel(session: Session, item: ProgrammeItem, table: Table) -> None:
    """Store an uploaded table (InputFileError naming row and column when it cannot be
    used; nothing is stored then)."""
    hosts = hosts_for_day(session, item.event, item.day)
    names = [h.name for h in hosts]
    for name in names:
        if names.count(name) > 1:
            raise Explained(SAME_NAME, name=name)
    matrix = travel_from_table(table, names)
    item.travel = {
        "sites": [HOTEL, *(str(h.id) for h in hosts)],
        "minutes": [list(row) for row in matrix],
    }
    session.flush()


def clear_travel(session: Session, item: ProgrammeItem) -> None:
    """Forget staff's minutes: travel is computed from coordinates again."""
    item.travel = None
    session.flush()
