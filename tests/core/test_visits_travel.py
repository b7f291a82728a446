"""Travel minutes from coordinates and from staff's matrix, and the timing of a route: the
earliest visits in the hosts' windows, lunch in the leg that brings the group back first."""

from __future__ import annotations

import math

import pytest

from matchmaker.core.visits.timing import earliest_start, time_route
from matchmaker.core.visits.travel import Site, checked_matrix, haversine_km, travel_minutes
from matchmaker.core.visits.types import Host, Lunch, Member, VisitDay, VisitProblem, Window

MAGDEBURG = Site(52.1205, 11.6276)
BERLIN = Site(52.5200, 13.4050)


def test_a_degree_of_latitude_is_111_km() -> None:
    assert haversine_km(Site(52.0, 11.0), Site(53.0, 11.0)) == pytest.approx(
        2 * math.pi * 6371.0 / 360
    )
    assert haversine_km(MAGDEBURG, BERLIN) == pytest.approx(128, abs=2)


def test_travel_minutes_follow_the_stated_formula() -> None:
    """111.19 km x 1.3 / 50 km/h = 173.46 minutes, rounded up to 174."""
    matrix = travel_minutes([Site(52.0, 11.0), Site(53.0, 11.0)], speed_kmh=50, detour=1.3)
    assert matrix == ((0, 174), (174, 0))
    # 128.71 km at 100 km/h on a straight road: 77.2 minutes, rounded up.
    assert travel_minutes([MAGDEBURG, BERLIN], speed_kmh=100, detour=1.0)[0][1] == 78


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[0, 5]], "1 rows for 2 sites"),
        ([[0, 5], [5]], "row 2 of the travel matrix has 1 values"),
        ([[0, -5], [5, 0]], "whole minutes >= 0, not -5"),
        ([[0, 2.5], [5, 0]], "not 2.5"),
    ],
)
def test_a_staff_matrix_is_checked(matrix: list[list[float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        checked_matrix(matrix, 2)


def test_a_good_staff_matrix_comes_back_as_whole_minutes() -> None:
    assert checked_matrix([[0, 5.0], [7, 0]], 2) == ((0, 5), (7, 0))


def test_a_visit_starts_in_the_first_window_it_fits() -> None:
    host = Host("A", 1, 5, 60, (Window(600, 650), Window(700, 800)))
    assert earliest_start(host, 550) == 700  # 10:00-10:50 is too short for an hour
    assert earliest_start(host, 720) == 720
    assert earliest_start(host, 741) is None


def route_day(lunch: Lunch | None) -> VisitProblem:
    """Two hosts of 60 minutes, 30 minutes from the hotel and from each other."""
    hosts = (Host("A", 1, 5, 60, (Window(540, 1020),)), Host("B", 2, 5, 60, (Window(540, 1020),)))
    travel = ((0, 30, 30), (30, 0, 30), (30, 30, 0))
    day = VisitDay(0, 0, 540, 1020, lunch=lunch)
    return VisitProblem(hosts, (Member("M"),), ((1.0, 1.0),), travel, day)


def test_a_route_is_timed_as_early_as_it_can() -> None:
    timing = time_route(route_day(None), [0, 1])
    assert timing is not None
    assert (timing.arrive, timing.start, timing.lunch, timing.back) == (
        (570, 660),
        (570, 660),
        None,
        750,
    )


@pytest.mark.parametrize(
    ("lunch", "times"),
    [
        # Lunch from 11:30: after A (ends 10:30) the group eats 11:30-12:30 at B, then visits.
        (Lunch(690, 750, 60), ((570, 660), (570, 750), (690, 750), 840)),
        # Lunch from 9:00: eaten at the hotel before leaving.
        (Lunch(540, 840, 60), ((630, 720), (630, 720), (540, 600), 810)),
    ],
)
def test_lunch_goes_into_the_leg_that_brings_the_group_back_first(
    lunch: Lunch, times: tuple[tuple[int, int], tuple[int, int], tuple[int, int], int]
) -> None:
    timing = time_route(route_day(lunch), [0, 1])
    assert timing is not None
    assert (timing.arrive, timing.start, timing.lunch, timing.back) == times


def test_a_route_that_cannot_be_back_in_time_is_refused() -> None:
    lunch = Lunch(690, 840, 60)
    problem = route_day(lunch)
    late = VisitProblem(problem.hosts, problem.members, problem.relevance, problem.travel,
                        VisitDay(0, 0, 540, 780, lunch=Lunch(690, 780, 60)))  # fmt: skip
    assert time_route(problem, [0, 1]) is not None
    assert time_route(late, [0, 1]) is None  # 2 x 60 + 3 x 30 + 60 = 270 > 240
