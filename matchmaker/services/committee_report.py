"""The committee's report across fairs (issue 22): for an organisation, a period, a choice of
its fairs and a partner country, what the fairs brought, from the rows as they are. Every
figure is a count the events' own pages also show, so that it can be checked:

- firms taking part: firms with a meeting in the event's published timetable; new or
  returning by whether the same firm (`returning_firms.firm_key`: address, else name) had a
  meeting at an earlier fair of the organisation;
- meetings wished: pairs of firms of which one asked the other (a request not withdrawn);
- meetings held: published meetings neither of whose firms the desk noted absent;
- no-shows: firms the desk noted absent;
- the ladder: per meeting held, the furthest step either firm rated in any round
  (`models.Outcome`); the funnel counts the meetings that reached each step or further;
- the timeline: per round (months after the fair), the meetings rated in it by step;
- by sector (each meeting under each sector of either firm), by country pair and by group
  pair (the fair's groups: host district, delegation);
- success stories: meetings that reached negotiations or further and that a firm agreed to
  be named for; the other firm is named only if it agreed too.

With a partner country, only meetings with a firm from it count, and the firms of those
meetings; with `recruited` (a co-organiser's own report), only meetings with a firm that
organisation brought to the fair.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import (
    Event,
    EventOrganiser,
    FollowUpAnswer,
    FollowUpRound,
    Meeting,
    MeetingRequest,
    Organisation,
    Outcome,
    RequestStatus,
)
from matchmaker.services.agenda import published_version
from matchmaker.services.returning_firms import firm_key

SUCCESS = Outcome.NEGOTIATION  # from here on a meeting is a success story


@dataclass(frozen=True, slots=True)
class ReportChoice:
    """Which fairs and meetings the report covers."""

    start: date
    end: date
    event_ids: frozenset[int] | None = None  # None: every fair of the period
    country: str = ""  # a partner country (ISO code): only meetings with a firm from it
    recruited: int | None = None  # an organisation: only meetings with a firm it recruited


@dataclass(frozen=True, slots=True)
class Story:
    event: str
    firm: str
    partner: str  # "" when the partner did not agree to be named
    partner_country: str
    outcome: Outcome
    comment: str


@dataclass(slots=True)
class Figures:
    """The counts of one fair, or of all together."""

    firms: int = 0
    new_firms: int = 0
    returning_firms: int = 0
    wished: int = 0
    held: int = 0
    no_shows: int = 0
    rated: int = 0
    reached: Counter[Outcome] = field(default_factory=Counter)  # furthest step per meeting

    def funnel(self) -> list[tuple[Outcome, int]]:
        """Meetings held that reached each step or a further one."""
        steps = list(Outcome)
        return [(o, sum(self.reached[s] for s in steps[o.step :])) for o in steps]

    def add(self, other: Figures) -> None:
        self.firms += other.firms
        self.new_firms += other.new_firms
        self.returning_firms += other.returning_firms
        self.wished += other.wished
        self.held += other.held
        self.no_shows += other.no_shows
        self.rated += other.rated
        self.reached.update(other.reached)


@dataclass(frozen=True, slots=True)
class EventRow:
    event: Event
    figures: Figures


@dataclass(frozen=True, slots=True)
class CommitteeReport:
    organisation: Organisation
    choice: ReportChoice
    events: tuple[EventRow, ...]
    totals: Figures
    timeline: tuple[tuple[int, Counter[Outcome]], ...]  # months after the fair, rated by step
    by_sector: tuple[tuple[str, int, int], ...]  # sector, meetings held, successes
    by_countries: tuple[tuple[str, int, int], ...]  # "DE – RU", meetings held, successes
    by_groups: tuple[tuple[str, int, int], ...]  # "Delegation Omsk – Landkreis Börde", ...
    stories: tuple[Story, ...]


def organisation_events(
    session: Session, organisation: Organisation, start: date | None = None,
    end: date | None = None,
) -> list[Event]:  # fmt: skip
    """The fairs the organisation owns or co-organises (in the period), by date."""
    query = (
        select(Event)
        .join(EventOrganiser, EventOrganiser.event_id == Event.id)
        .where(EventOrganiser.organisation_id == organisation.id)
    )
    if start is not None:
        query = query.where(Event.date >= start)
    if end is not None:
        query = query.where(Event.date <= end)
    return list(session.scalars(query.order_by(Event.date, Event.name)).unique())


def committee_report(
    session: Session, organisation: Organisation, choice: ReportChoice
) -> CommitteeReport:
    """The report (see the module's docstring)."""
    events = [
        e for e in organisation_events(session, organisation, choice.start, choice.end)
        if choice.event_ids is None or e.id in choice.event_ids
    ]  # fmt: skip
    history = _firms_by_fair(session, organisation, max((e.date for e in events), default=None))
    rows, totals = [], Figures()
    timeline: dict[int, Counter[Outcome]] = defaultdict(Counter)
    sectors: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    countries: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    stories: list[Story] = []
    for event in events:
        fair = _Fair(session, event, choice.country, choice.recruited)
        figures = fair.figures(set().union(*(keys for on, keys in history if on < event.date)))
        rows.append(EventRow(event, figures))
        totals.add(figures)
        for months, rated in fair.by_round().items():
            timeline[months].update(rated)
        _merge(sectors, fair.breakdown(_sectors))
        _merge(countries, fair.breakdown(_countries))
        _merge(groups, fair.breakdown(_groups))
        stories += fair.stories()
    return CommitteeReport(
        organisation=organisation,
        choice=choice,
        events=tuple(rows),
        totals=totals,
        timeline=tuple(sorted(timeline.items())),
        by_sector=_ranked(sectors),
        by_countries=_ranked(countries),
        by_groups=_ranked(groups),
        stories=tuple(stories),
    )


def _merge(into: dict[str, list[int]], part: dict[str, tuple[int, int]]) -> None:
    for key, (held, successes) in part.items():
        into[key][0] += held
        into[key][1] += successes


def _ranked(found: dict[str, list[int]]) -> tuple[tuple[str, int, int], ...]:
    """Rows (name, meetings held, successes), the most meetings first."""
    return tuple(sorted(((k, v[0], v[1]) for k, v in found.items()), key=lambda r: (-r[1], r[0])))


def _firms_by_fair(
    session: Session, organisation: Organisation, until: date | None
) -> list[tuple[date, set[str]]]:
    """The firms (`firm_key`) with a meeting at each of the organisation's fairs up to
    `until`: who comes back is told by the fairs before, whichever the report covers."""
    if until is None:
        return []
    return [
        (event.date, {firm_key(p) for p in _Fair(session, event, "").firms})
        for event in organisation_events(session, organisation, end=until)
    ]


def _sectors(m: Meeting) -> set[str]:
    """Each sector of either firm ("—" for a firm without one)."""
    return {s.name for p in (m.participant_a, m.participant_b) for s in p.sectors} or {"—"}


def _countries(m: Meeting) -> set[str]:
    """The two firms' countries as a pair, "DE – RU"."""
    return {" – ".join(sorted((m.participant_a.country or "—", m.participant_b.country or "—")))}


class _Fair:
    """One fair's rows, read once: its published meetings held, the firms in them, and the
    furthest step rated per meeting."""

    def __init__(
        self, session: Session, event: Event, country: str, recruited: int | None = None
    ) -> None:
        self.session, self.event, self.country = session, event, country
        version = published_version(session, event)
        meetings = list(version.meetings) if version is not None else []
        if country:
            meetings = [m for m in meetings if country in _pair_countries(m)]
        if recruited is not None:
            meetings = [m for m in meetings if recruited in _recruiters(m)]
        self.meetings = meetings
        self.held = [m for m in meetings if not _absent(m)]
        firms = {p.id: p for m in meetings for p in (m.participant_a, m.participant_b)}
        self.firms = list(firms.values())
        self.answers = self._answers()

    def _answers(self) -> dict[frozenset[int], list[tuple[FollowUpAnswer, int]]]:
        """The follow-up answers about each meeting held, with their round's months."""
        found: dict[frozenset[int], list[tuple[FollowUpAnswer, int]]] = defaultdict(list)
        query = (
            select(FollowUpAnswer, FollowUpRound.months)
            .join(FollowUpRound, FollowUpRound.id == FollowUpAnswer.round_id)
            .where(FollowUpAnswer.event_id == self.event.id)
        )
        held = {_pair(m) for m in self.held}
        for answer, months in self.session.execute(query):
            pair = frozenset((answer.participant_id, answer.partner_id))
            if pair in held:
                found[pair].append((answer, months))
        return found

    def reached(self, pair: frozenset[int]) -> Outcome | None:
        given = self.answers.get(pair, [])
        return max((a.outcome for a, _ in given), key=lambda o: o.step, default=None)

    def figures(self, seen: set[str]) -> Figures:
        keys = {firm_key(p) for p in self.firms}
        returning = len(keys & seen)
        reached = Counter(o for m in self.held if (o := self.reached(_pair(m))) is not None)
        return Figures(
            firms=len(self.firms),
            new_firms=len(keys) - returning,
            returning_firms=returning,
            wished=self._wished(),
            held=len(self.held),
            no_shows=sum(1 for p in self.firms if p.no_show),
            rated=sum(reached.values()),
            reached=reached,
        )

    def _wished(self) -> int:
        query = select(MeetingRequest).where(
            MeetingRequest.event_id == self.event.id,
            MeetingRequest.status != RequestStatus.WITHDRAWN,
        )
        pairs = set()
        for r in self.session.scalars(query):
            firms = (r.from_participant, r.to_participant)
            if not self.country or any(f.country == self.country for f in firms):
                pairs.add(frozenset((r.from_participant_id, r.to_participant_id)))
        return len(pairs)

    def by_round(self) -> dict[int, Counter[Outcome]]:
        """Per round's months, the meetings rated in it by the furthest step given then."""
        best: dict[tuple[int, frozenset[int]], Outcome] = {}
        for pair, given in self.answers.items():
            for answer, months in given:
                now = best.get((months, pair))
                if now is None or answer.outcome.step > now.step:
                    best[(months, pair)] = answer.outcome
        counts: dict[int, Counter[Outcome]] = defaultdict(Counter)
        for (months, _), outcome in best.items():
            counts[months][outcome] += 1
        return counts

    def breakdown(self, names: Callable[[Meeting], set[str]]) -> dict[str, tuple[int, int]]:
        """Meetings held and successes per name a meeting has (`_sectors`, `_countries`)."""
        found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for m in self.held:
            reached = self.reached(_pair(m))
            success = reached is not None and reached.step >= SUCCESS.step
            for name in names(m):
                found[name][0] += 1
                found[name][1] += success
        return {k: (v[0], v[1]) for k, v in found.items()}

    def stories(self) -> list[Story]:
        found = []
        for m in self.held:
            pair = _pair(m)
            reached = self.reached(pair)
            if reached is None or reached.step < SUCCESS.step:
                continue
            named = {a.participant_id for a, _ in self.answers[pair] if a.named}
            for firm_id in sorted(named):
                firm, partner = m.participant_a, m.participant_b
                if firm_id != firm.id:
                    firm, partner = partner, firm
                comment = " / ".join(a.comment for a, _ in self.answers[pair]
                                     if a.participant_id == firm_id and a.comment)  # fmt: skip
                found.append(Story(self.event.name, firm.name,
                                   partner.name if partner.id in named else "",
                                   partner.country, reached, comment))  # fmt: skip
        return found


def _absent(m: Meeting) -> bool:
    """Whether the desk noted either firm of the meeting absent (it was not held)."""
    return m.participant_a.no_show or m.participant_b.no_show


def _pair(m: Meeting) -> frozenset[int]:
    return frozenset((m.participant_a_id, m.participant_b_id))


def _groups(m: Meeting) -> set[str]:
    """The two firms' groups as a pair, "Delegation Omsk – Landkreis Börde"."""
    names = (
        p.group.name if p.group is not None else "—" for p in (m.participant_a, m.participant_b)
    )
    return {" – ".join(sorted(names))}


def _recruiters(m: Meeting) -> Collection[int | None]:
    return (m.participant_a.recruited_by_id, m.participant_b.recruited_by_id)


def _pair_countries(m: Meeting) -> Collection[str]:
    return (m.participant_a.country, m.participant_b.country)
