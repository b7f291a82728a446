"""Visit days with planted relevance, for the visit planner's benchmark and tests (issue 21).

A delegation from Omsk (members speak Russian, some English, a few German) stays at a hotel
in the middle of the Börde district near Magdeburg (hosts scattered over lat 52.10-52.35,
lon 11.30-11.80, about 28 x 34 km); travel minutes come from the coordinates at 50 km/h with
a detour factor of 1.3. The day runs 09:00-17:00 with 60 minutes of lunch between 11:30 and
14:00. Hosts take 4-20 visitors, visits last 45-120 minutes, windows are the whole day, the
morning, the afternoon, or two spans; every host speaks German, some English, a few Russian.
One interpreter (Russian-German) is booked.

Relevance is planted: the members fall into two interest clusters (a few members in
neither), each cluster with its own hosts (3 a cluster on small days, 6 on 40-host days)
that are highly relevant to its members (0.6-1.0); elsewhere a third of the pairs carry
background relevance (0-0.3). A good plan keeps a cluster's members together and takes them
to their hosts; dealing members out round-robin splits the clusters. Seeded."""

from __future__ import annotations

import random

from matchmaker.core.visits.travel import Site, travel_minutes
from matchmaker.core.visits.types import (
    Host,
    Interpreter,
    Lunch,
    Member,
    VisitDay,
    VisitProblem,
    Window,
)

HOTEL = Site(52.22, 11.55)
WINDOWS = (
    (Window(9 * 60, 17 * 60),),
    (Window(9 * 60, 12 * 60 + 30),),
    (Window(13 * 60, 17 * 60),),
    (Window(9 * 60, 11 * 60 + 30), Window(14 * 60, 16 * 60 + 30)),
    (Window(10 * 60, 16 * 60),),
)


def visit_day(
    hosts: int, members: int = 11, groups: int = 2, seed: int = 1, interpreters: int = 1
) -> VisitProblem:
    """A seeded day with `hosts` hosts and `members` members (see the module's text)."""
    rng = random.Random(f"visits-{hosts}-{members}-{groups}-{seed}")
    sites = [HOTEL] + [
        Site(round(rng.uniform(52.10, 52.35), 5), round(rng.uniform(11.30, 11.80), 5))
        for _ in range(hosts)
    ]
    host_list = tuple(
        Host(
            id=f"H{h + 1:02d}",
            site=h + 1,
            capacity=rng.choice((4, 6, 6, 8, 8, 10, 12, 20)),
            duration=rng.choice((45, 60, 60, 75, 90, 120)),
            windows=rng.choice(WINDOWS),
            languages=_languages(rng, "de", ("en", 0.5), ("ru", 0.15)),
        )
        for h in range(hosts)
    )
    member_list = tuple(
        Member(
            id=f"M{m + 1:02d}",
            languages=_languages(rng, "ru", ("en", 0.4), ("de", 0.2)),
        )
        for m in range(members)
    )
    relevance = _planted(rng, hosts, members, 3 if hosts <= 12 else 6)
    day = VisitDay(
        start_site=0,
        end_site=0,
        opens=9 * 60,
        closes=17 * 60,
        groups=groups,
        lunch=Lunch(11 * 60 + 30, 14 * 60, 60),
    )
    speakers = tuple(Interpreter(f"I{i + 1}", ("ru", "de")) for i in range(interpreters))
    return VisitProblem(host_list, member_list, relevance, travel_minutes(sites), day, speakers)


def _languages(rng: random.Random, first: str, *more: tuple[str, float]) -> tuple[str, ...]:
    """`first`, and each further language with its probability."""
    return (first, *(lang for lang, p in more if rng.random() < p))


def _planted(
    rng: random.Random, hosts: int, members: int, per_cluster: int
) -> tuple[tuple[float, ...], ...]:
    """Background relevance with two planted clusters of members and their hosts."""
    rows = [
        [round(rng.uniform(0.0, 0.3), 3) if rng.random() < 1 / 3 else 0.0 for _ in range(hosts)]
        for _ in range(members)
    ]
    people = list(range(members))
    rng.shuffle(people)
    places = list(range(hosts))
    rng.shuffle(places)
    clustered = members - max(1, members // 6)
    clusters = (people[: clustered // 2], people[clustered // 2 : clustered])
    for c, cluster in enumerate(clusters):
        for h in places[c * per_cluster : (c + 1) * per_cluster]:
            for m in cluster:
                rows[m][h] = round(rng.uniform(0.6, 1.0), 3)
    return tuple(tuple(row) for row in rows)
