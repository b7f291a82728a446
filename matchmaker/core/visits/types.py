"""What the visit planner works on and produces: the hosts that offer a visit, the members of
the delegation, the interpreters, the day, and the plan (groups with their visits and lunch).

Times are minutes since midnight (ints) throughout the core; pages and files turn them into
clock times at the edges. Sites are indices into the day's travel-time matrix (`travel`
makes one from coordinates). Relevance is a matrix of floats >= 0, one row per member (in
the order of `members`), one column per host (in the order of `hosts`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Window:
    """A time window [start, end] in minutes; a visit lies inside it when it starts at or
    after `start` and ends at or before `end`."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window {self.start}-{self.end} ends before it starts")


@dataclass(frozen=True, slots=True)
class Host:
    """A local firm that offers a visit: where (`site`, an index of the travel matrix), how
    many visitors at most, how long a visit lasts (minutes), when it can take place (the
    whole visit inside one of `windows`) and the languages spoken there."""

    id: str
    site: int
    capacity: int
    duration: int
    windows: tuple[Window, ...]
    languages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.capacity < 1 or self.duration < 1:
            raise ValueError(f"host {self.id}: capacity and duration must be at least 1")


@dataclass(frozen=True, slots=True)
class Member:
    """A member of the delegation (a person for a firm) and the languages they speak."""

    id: str
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Interpreter:
    """An interpreter who can go with one group for the day, and the languages they speak."""

    id: str
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lunch:
    """The lunch break: `minutes` long, starting at or after `earliest` and ending at or
    before `latest`. It may be taken at a host (while waiting for the visit) or on the way,
    but not during a visit and not while driving: a leg with lunch takes travel + lunch."""

    earliest: int
    latest: int
    minutes: int

    def __post_init__(self) -> None:
        if self.minutes < 1 or self.latest - self.earliest < self.minutes:
            raise ValueError("the lunch window must hold the lunch break")


@dataclass(frozen=True, slots=True)
class VisitDay:
    """The frame of the day: the groups leave `start_site` (the hotel) no earlier than
    `opens` and are back at `end_site` by `closes`; `groups` buses at most; one lunch."""

    start_site: int
    end_site: int
    opens: int
    closes: int
    groups: int = 1
    lunch: Lunch | None = None

    def __post_init__(self) -> None:
        if self.closes <= self.opens:
            raise ValueError("the day must close after it opens")
        if self.groups < 1:
            raise ValueError("a day needs at least one group")
        lunch = self.lunch
        if lunch and max(lunch.earliest, self.opens) + lunch.minutes > min(
            lunch.latest, self.closes
        ):
            raise ValueError("the lunch break does not fit into the day")


@dataclass(frozen=True, slots=True)
class VisitProblem:
    """Everything the planner needs: hosts, members, interpreters, the relevance of each host
    to each member (`relevance[m][h]`, floats >= 0), the travel minutes between sites
    (`travel[a][b]`, square) and the day."""

    hosts: tuple[Host, ...]
    members: tuple[Member, ...]
    relevance: tuple[tuple[float, ...], ...]
    travel: tuple[tuple[int, ...], ...]
    day: VisitDay
    interpreters: tuple[Interpreter, ...] = ()

    def __post_init__(self) -> None:
        if len(self.relevance) != len(self.members) or any(
            len(row) != len(self.hosts) for row in self.relevance
        ):
            raise ValueError("relevance needs one row per member and one column per host")
        if any(value < 0 for row in self.relevance for value in row):
            raise ValueError("relevance must not be negative")
        sites = len(self.travel)
        if any(len(row) != sites for row in self.travel):
            raise ValueError("the travel matrix must be square")
        used = [self.day.start_site, self.day.end_site, *(h.site for h in self.hosts)]
        if any(not 0 <= s < sites for s in used):
            raise ValueError(f"a site lies outside the travel matrix of {sites} sites")
        if self.travel and self._stay_home_back() > self.day.closes:
            raise ValueError("the day is too short to go from the start to the end with lunch")
        for kind, ids in (
            ("host", [h.id for h in self.hosts]),
            ("member", [m.id for m in self.members]),
            ("interpreter", [i.id for i in self.interpreters]),
        ):
            if len(set(ids)) != len(ids):
                raise ValueError(f"two {kind}s share an id")

    def _stay_home_back(self) -> int:
        """When a group that visits nobody is at the end site, lunch included."""
        day, lunch = self.day, self.day.lunch
        there = day.opens + self.travel[day.start_site][day.end_site]
        if lunch is None:
            return there
        return max(there + lunch.minutes, max(lunch.earliest, day.opens) + lunch.minutes)

    def communicates(self, member: int, host: int, interpreter: Interpreter | None) -> bool:
        """Whether the member can profit from the host's visit: they share a language, or
        the group's interpreter speaks one of each. A member or host that names no language
        is taken to manage (as in scheduling)."""
        mine = _folded(self.members[member].languages)
        theirs = _folded(self.hosts[host].languages)
        if not mine or not theirs or mine & theirs:
            return True
        if interpreter is None:
            return False
        spoken = _folded(interpreter.languages)
        return bool(spoken & mine) and bool(spoken & theirs)

    def prize(self, members: Iterable[int], host: int, interpreter: Interpreter | None) -> float:
        """What a group of these members gains by visiting the host: the relevance of the host
        to each member who can communicate there."""
        return sum(
            self.relevance[m][host] for m in members if self.communicates(m, host, interpreter)
        )


def _folded(languages: tuple[str, ...]) -> frozenset[str]:
    """Language codes compared without case."""
    return frozenset(lang.casefold() for lang in languages)


@dataclass(frozen=True, slots=True)
class Visit:
    """A visit of a group (numbered from 1) at a host: when it arrives, when the visit
    starts (after waiting, if early) and ends."""

    group: int
    host: str
    arrive: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GroupPlan:
    """One group's day: its members (ids), its interpreter (id or None), its visits in the
    order it makes them, and its lunch break (start, end; None when the day has no lunch)."""

    number: int
    members: tuple[str, ...]
    interpreter: str | None
    visits: tuple[Visit, ...]
    lunch: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class VisitPlan:
    """The plan of the day: the groups, the total relevance they gain (`relevance_total`,
    recomputed by the verifier), and what the planner reports (how it got there)."""

    groups: tuple[GroupPlan, ...]
    relevance_total: float
    notes: tuple[str, ...] = field(default=())
