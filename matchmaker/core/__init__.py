"""Pure computation: matching, scheduling and themed tables on plain dataclasses.

Nothing in this package may import Flask or SQLAlchemy (a test enforces it), so that the
command line can run every solver on spreadsheets without a database. The engines are
packages, each with its verifier beside it: `text`, `matching`, `scheduling` (with
`breaks`), `tables`, `visits` (a delegation's day of company visits); `types` and
`timeparse` are shared, `messages` are texts made here and worded in the reader's language
by the pages.

The names below are the library's public face; they are loaded on first use, so that a
child process that needs one solver does not import every engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = {
    "Profile": "types",
    "SlotGrid": "types",
    "TimeRange": "types",
    "ComplementaryMatcher": "matching.matcher",
    "MatchRules": "matching.matcher",
    "recommend": "matching.matcher",
    "match_violations": "matching.checks",
    "SchedulingProblem": "scheduling.types",
    "MeetingWish": "scheduling.types",
    "Placement": "scheduling.types",
    "ScheduleOptions": "scheduling.options",
    "schedule": "scheduling.scheduler",
    "first_fit": "scheduling.first_fit",
    "repair": "scheduling.repair",
    "FairDayChanges": "scheduling.repair",
    "schedule_violations": "scheduling.checks",
    "schedule_findings": "scheduling.checks",
    "TableRules": "tables.rules",
    "seat_tables": "tables.search",
    "table_violations": "tables.rules",
    "VisitProblem": "visits.types",
    "VisitPlan": "visits.types",
    "plan_visits": "visits.planner",
    "visit_violations": "visits.checks",
    "visit_findings": "visits.checks",
    "visit_relevance": "visits.relevance",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_PUBLIC[name]}"), name)
