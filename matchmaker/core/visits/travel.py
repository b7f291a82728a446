"""Travel minutes between the sites of a visit day: from coordinates at a stated road speed,
or a matrix staff typed in, checked.

From coordinates, the minutes from a to b are

    ceil(60 * haversine_km(a, b) * detour / speed_kmh)

with the great-circle (haversine) distance on a sphere of radius 6371.0 km. `detour` is how
much longer the road is than the straight line (1.3 is typical of rural Germany) and
`speed_kmh` the mean speed on those roads (a bus on country roads: about 50 km/h). Rounding
up keeps the plan on the safe side. Nothing is fetched from a routing service: the figures
are an estimate staff can replace by their own matrix."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class Site:
    """A place by its coordinates in degrees (WGS 84)."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"({self.lat}, {self.lon}) are no coordinates")


def haversine_km(a: Site, b: Site) -> float:
    """The great-circle distance of two sites in kilometres."""
    phi_a, phi_b = math.radians(a.lat), math.radians(b.lat)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(b.lon - a.lon)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def travel_minutes(
    sites: Sequence[Site], speed_kmh: float = 50.0, detour: float = 1.3
) -> tuple[tuple[int, ...], ...]:
    """The minutes matrix between the sites (formula in the module's text)."""
    if speed_kmh <= 0 or detour < 1.0:
        raise ValueError("the speed must be positive and the detour factor at least 1")
    return tuple(
        tuple(
            0 if i == j else math.ceil(60.0 * haversine_km(a, b) * detour / speed_kmh - 1e-9)
            for j, b in enumerate(sites)
        )
        for i, a in enumerate(sites)
    )


def checked_matrix(matrix: Sequence[Sequence[float]], sites: int) -> tuple[tuple[int, ...], ...]:
    """A travel matrix given by staff, checked: square, one row per site, whole minutes
    >= 0. Raises ValueError saying what is wrong."""
    if len(matrix) != sites:
        raise ValueError(f"the travel matrix has {len(matrix)} rows for {sites} sites")
    rows: list[tuple[int, ...]] = []
    for i, row in enumerate(matrix):
        if len(row) != sites:
            raise ValueError(f"row {i + 1} of the travel matrix has {len(row)} values, not {sites}")
        for j, value in enumerate(row):
            if not (math.isfinite(value) and value >= 0 and float(value).is_integer()):
                raise ValueError(
                    f"travel from site {i + 1} to {j + 1} must be whole minutes >= 0, not {value}"
                )
        rows.append(tuple(int(v) for v in row))
    return tuple(rows)
