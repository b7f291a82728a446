"""The visit days of the benchmark plant what they say: seeded, hosts in the Börde district,
two interest clusters of members with their own highly relevant hosts."""

from __future__ import annotations

import pytest

from benchmarks.visit_instances import visit_day


def test_same_seed_same_day_and_other_seed_other_day() -> None:
    assert visit_day(12, seed=3) == visit_day(12, seed=3)
    assert visit_day(12, seed=3) != visit_day(12, seed=4)


@pytest.mark.parametrize(("hosts", "per_cluster"), [(12, 3), (40, 6)])
def test_two_clusters_of_members_share_their_own_relevant_hosts(
    hosts: int, per_cluster: int
) -> None:
    problem = visit_day(hosts, members=11, seed=1)
    strong = [
        frozenset(h for h, value in enumerate(row) if value >= 0.6) for row in problem.relevance
    ]
    clusters = {hosts_of for hosts_of in strong if hosts_of}
    assert len(clusters) == 2
    assert all(len(c) == per_cluster for c in clusters)
    assert sum(1 for s in strong if s) == 11 - 1  # one member (11 // 6) in neither cluster


def test_travel_stays_within_a_district() -> None:
    problem = visit_day(40, seed=2)
    longest = max(max(row) for row in problem.travel)
    assert 20 < longest <= 70  # 40 km across at 50 km/h with detour 1.3: about an hour
    assert all(len(h.windows) >= 1 and 45 <= h.duration <= 120 for h in problem.hosts)
    assert all("ru" in m.languages for m in problem.members)
