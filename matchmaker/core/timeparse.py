"""Reading the `HH:MM` times that spreadsheets and forms carry."""

from __future__ import annotations

import re
from datetime import time

from matchmaker.core.messages import N_, Explained
from matchmaker.core.types import TimeRange

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})(?::00)?\s*$")


def parse_time(text: str) -> time:
    """Read `HH:MM` (also `H:MM`, `HH.MM` and Excel's `HH:MM:00`).

    >>> parse_time("9:05")
    datetime.time(9, 5)
    """
    match = _TIME.match(text)
    if match is None:
        raise Explained(N_("'%(value)s' is not a time of the form HH:MM"), value=text.strip())
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise Explained(N_("'%(value)s' is not a valid time of day"), value=text.strip())
    return time(hour, minute)


def parse_time_range(text: str) -> TimeRange:
    """Read `HH:MM-HH:MM`; raises a ValueError (`Explained`) a person can act on."""
    parts = text.strip().split("-")
    if len(parts) != 2:
        raise Explained(
            N_("'%(value)s' is not a time range of the form HH:MM-HH:MM"), value=text.strip()
        )
    return TimeRange(parse_time(parts[0]), parse_time(parts[1]))
