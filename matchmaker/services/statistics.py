"""The figures of the staff dashboard: who registered (by sector, group, country), how
requests went, how full the published timetable is and how evenly it treats the firms."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import Event, Group, MeetingRequest, RequestStatus, Sector
from matchmaker.services.agenda import published_version
from matchmaker.services.convert import event_slots, slot_label
from matchmaker.services.participants import active_participants
from matchmaker.services.schedules import version_report

Bars = list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class Dashboard:
    """The figures; sectors, groups and request states as records and values, which pages
    name in the reader's language."""

    firms: int
    by_sector: list[tuple[Sector, int]]
    by_group: list[tuple[Group | None, int]]
    by_country: Bars
    requests: list[tuple[RequestStatus, int]]
    acceptance: float | None  # accepted / answered
    meetings_per_firm: Bars  # histogram: "n meetings" -> firms
    table_use: Bars  # per slot start: meetings in it
    tables: int
    breaks: Bars  # histogram: "n breaks" -> firms


def dashboard(session: Session, event: Event, only: Collection[int] | None = None) -> Dashboard:
    """The event's figures; with `only` (firm ids: one organisation's recruits), those of
    these firms: their requests (made or received), meetings and breaks."""
    firms = [p for p in active_participants(session, event) if only is None or p.id in only]
    sectors = Counter(s for p in firms for s in p.sectors)
    groups = Counter(p.group for p in firms)
    countries = Counter(p.country or "—" for p in firms)
    requests = session.execute(
        select(
            MeetingRequest.status,
            MeetingRequest.from_participant_id,
            MeetingRequest.to_participant_id,
        ).where(MeetingRequest.event_id == event.id)
    ).all()
    statuses = Counter(
        status.value for status, a, b in requests if only is None or a in only or b in only
    )
    answered = statuses[RequestStatus.ACCEPTED.value] + statuses[RequestStatus.DECLINED.value]
    version = published_version(session, event)
    per_firm: Bars = []
    use: Bars = []
    breaks: Bars = []
    if version is not None:
        meetings = [
            m for m in version.meetings
            if only is None or m.participant_a_id in only or m.participant_b_id in only
        ]  # fmt: skip
        counts = Counter(f for m in meetings for f in (m.participant_a_id, m.participant_b_id))
        histogram = Counter(counts.get(p.id, 0) for p in firms)
        per_firm = [(str(n), histogram[n]) for n in range(max(histogram, default=0) + 1)]
        in_slot = Counter(m.slot for m in meetings)
        use = [(slot_label(event, s), in_slot[s.number]) for s in event_slots(event)]
        stats = version_report(session, event, version).stats
        chosen = {str(p.id) for p in firms}  # the verifier's firms are database ids
        spread = Counter(d.breaks for i, d in stats.firms.items() if d.meetings and i in chosen)
        breaks = [(str(n), spread[n]) for n in range(max(spread, default=0) + 1)]
    return Dashboard(
        firms=len(firms),
        by_sector=sectors.most_common(),
        by_group=groups.most_common(),
        by_country=countries.most_common(),
        requests=[(s, statuses[s.value]) for s in RequestStatus],
        acceptance=statuses[RequestStatus.ACCEPTED.value] / answered if answered else None,
        meetings_per_firm=per_firm,
        table_use=use,
        tables=len(event.tables),
        breaks=breaks,
    )
