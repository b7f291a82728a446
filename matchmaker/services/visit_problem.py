"""A day of company visits as the planner sees it (issue 21): the members who take part, the
approved hosts that can take a visit that day with their windows, the fair's interpreters,
the relevance of each host to each member's firm (the matching core), and the travel minutes
(staff's own, or from coordinates at the item's road speed; nothing fetched).

Ids in the core are the database ids as strings, each kind in its own space. Site 0 is the
hotel (start and end of the day), site k the k-th host."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained
from matchmaker.core.types import Profile
from matchmaker.core.visits.relevance import visit_relevance
from matchmaker.core.visits.travel import Site, checked_matrix, travel_minutes
from matchmaker.core.visits.types import (
    Host,
    Interpreter,
    Lunch,
    Member,
    VisitDay,
    VisitProblem,
    Window,
)
from matchmaker.models import (
    DelegationMember,
    EventInterpreter,
    ItemKind,
    ProgrammeItem,
    VisitHost,
)
from matchmaker.services.convert import participant_profile
from matchmaker.services.programme import attending
from matchmaker.services.visit_hosts import hosts_for_day

NOT_VISITS = N_("This programme item is not a day of company visits.")
NO_MEMBERS = N_("Nobody of the delegation takes part in this item: add members first.")
NO_HOTEL = N_(
    "Travel times are missing: give the start's coordinates (or a travel table) for this day."
)
NO_COORDINATES = N_(
    "Travel times are missing for %(hosts)s: give their coordinates, or a travel table."
)
BAD_TRAVEL = N_("The travel table cannot be used: %(why)s")
DAY_TOO_SHORT = N_("The day cannot be planned: %(why)s")

HOTEL = "hotel"


@dataclass(frozen=True)
class VisitInput:
    """The problem with the records behind its ids."""

    item: ProgrammeItem
    problem: VisitProblem
    members: dict[str, DelegationMember]
    hosts: dict[str, VisitHost]
    interpreters: dict[str, EventInterpreter]


def minutes(moment: time) -> int:
    """A clock time as minutes since midnight, as the core counts."""
    return moment.hour * 60 + moment.minute


def clock(value: int) -> time:
    """Minutes since midnight as a clock time (the core's times on pages and in files)."""
    return time(value // 60 % 24, value % 60)


def host_profile(host: VisitHost) -> Profile:
    """The host as the matcher sees a firm."""
    return Profile(
        id=f"host-{host.id}",
        name=host.name,
        offer=host.offer,
        request=host.request,
        description=host.description,
        languages=tuple(host.languages),
    )


def member_profile(member: DelegationMember) -> Profile:
    """The member's firm as the matcher sees it (an official without a firm: an empty one)."""
    if member.participant is not None:
        return participant_profile(member.participant)
    return Profile(id=f"member-{member.id}", name=member.name)


def _windows(host: VisitHost, item: ProgrammeItem) -> tuple[Window, ...]:
    same_day = [w for w in host.windows if w.day == item.day]
    if not same_day:
        return (Window(minutes(item.start), minutes(item.end_time)),)
    return tuple(Window(minutes(w.start), minutes(w.end_time)) for w in same_day)


def _host(host: VisitHost, site: int, item: ProgrammeItem) -> Host:
    windows = _windows(host, item)
    return Host(
        str(host.id), site, host.capacity, host.duration_minutes, windows, tuple(host.languages)
    )


def _travel(item: ProgrammeItem, hosts: Sequence[VisitHost]) -> tuple[tuple[int, ...], ...]:
    """Staff's travel table when it names every site, else minutes from coordinates."""
    keys = [HOTEL, *(str(h.id) for h in hosts)]
    table = item.travel or {}
    sites = [str(s) for s in table.get("sites", [])]
    if set(keys) <= set(sites):
        where = {key: sites.index(key) for key in keys}
        given = table.get("minutes", [])
        try:
            matrix = [[given[where[a]][where[b]] for b in keys] for a in keys]
            return checked_matrix(matrix, len(keys))
        except (IndexError, TypeError, ValueError) as error:
            raise Explained(BAD_TRAVEL, why=str(error)) from error
    if item.lat is None or item.lon is None:
        raise Explained(NO_HOTEL)
    missing = [h.name for h in hosts if h.lat is None or h.lon is None]
    if missing:
        raise Explained(NO_COORDINATES, hosts=", ".join(missing))
    places = [Site(item.lat, item.lon), *(Site(h.lat or 0.0, h.lon or 0.0) for h in hosts)]
    return travel_minutes(places, item.speed_kmh, item.detour)


def _day(item: ProgrammeItem) -> VisitDay:
    lunch = None
    if item.lunch_minutes and item.lunch_from and item.lunch_to:
        lunch = Lunch(minutes(item.lunch_from), minutes(item.lunch_to), item.lunch_minutes)
    return VisitDay(
        start_site=0,
        end_site=0,
        opens=minutes(item.start),
        closes=minutes(item.end_time),
        groups=item.groups,
        lunch=lunch,
    )


def visit_input(session: Session, item: ProgrammeItem) -> VisitInput:
    """The day's problem, or `Explained` saying what staff must add or fix first."""
    if item.kind is not ItemKind.VISITS:
        raise Explained(NOT_VISITS)
    members = attending(session, item)
    if not members:
        raise Explained(NO_MEMBERS)
    hosts = hosts_for_day(session, item.event, item.day)
    interpreters = list(item.event.interpreters)
    relevance = visit_relevance(
        [member_profile(m) for m in members], [host_profile(h) for h in hosts]
    )
    travel = _travel(item, hosts)  # Explained of its own, not caught below
    try:
        problem = VisitProblem(
            hosts=tuple(_host(h, k + 1, item) for k, h in enumerate(hosts)),
            members=tuple(Member(str(m.id), tuple(m.languages)) for m in members),
            relevance=relevance,
            travel=travel,
            day=_day(item),
            interpreters=tuple(Interpreter(str(i.id), tuple(i.languages)) for i in interpreters),
        )
    except ValueError as error:
        raise Explained(DAY_TOO_SHORT, why=str(error)) from error
    return VisitInput(
        item=item,
        problem=problem,
        members={str(m.id): m for m in members},
        hosts={str(h.id): h for h in hosts},
        interpreters={str(i.id): i for i in interpreters},
    )
