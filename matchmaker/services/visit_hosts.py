"""Firms that offer the delegation a company visit (issue 21): registering one (by itself
through the host form, or by staff), its windows, approving it, and the hosts a day can use.
Flushes, never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from matchmaker.core.messages import N_, Explained
from matchmaker.models import Event, ItemKind, ParticipantStatus, VisitHost, VisitHostWindow
from matchmaker.models.base import utcnow
from matchmaker.services.events import registration_problem
from matchmaker.services.programme import items_of
from matchmaker.services.registration import RegistrationClosed

WINDOW_ENDS_BEFORE = N_("A visiting time must end after it starts (%(start)s-%(end)s).")
HALF_COORDINATES = N_("Give both latitude and longitude, or neither.")


@dataclass(frozen=True)
class HostWindow:
    """A day and the time in which the host can take a visit."""

    day: date
    start: time
    end: time


@dataclass(frozen=True)
class HostValues:
    """What a host (or staff for it) enters."""

    name: str
    offer: str = ""
    request: str = ""
    description: str = ""
    website: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""
    locale: str | None = None
    languages: tuple[str, ...] = ()
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    capacity: int = 12
    duration_minutes: int = 60
    windows: tuple[HostWindow, ...] = ()


def check_host(values: HostValues) -> None:
    """Raise `Explained` for coordinates given by half or a window that ends before it starts."""
    if (values.lat is None) != (values.lon is None):
        raise Explained(HALF_COORDINATES)
    for window in values.windows:
        if window.end <= window.start:
            raise Explained(
                WINDOW_ENDS_BEFORE,
                start=window.start.strftime("%H:%M"),
                end=window.end.strftime("%H:%M"),
            )


def save_host(
    session: Session,
    event: Event,
    values: HostValues,
    host: VisitHost | None = None,
    *,
    consent: bool = False,
) -> VisitHost:
    """Register a host, or change `host`; its windows are replaced by `values.windows`."""
    check_host(values)
    if host is None:
        host = VisitHost(event_id=event.id)
        session.add(host)
    for name in (
        "name", "offer", "request", "description", "website", "contact_person", "email",
        "phone", "locale", "address", "lat", "lon", "capacity", "duration_minutes",
    ):  # fmt: skip
        setattr(host, name, getattr(values, name))
    host.languages = list(values.languages)
    host.windows = [
        VisitHostWindow(day=w.day, start=w.start, end_time=w.end) for w in values.windows
    ]
    if consent and host.consent_at is None:
        host.consent_at = utcnow()
    session.flush()
    return host


def register_host(
    session: Session,
    event: Event,
    values: HostValues,
    submission_key: str,
    now: datetime | None = None,
) -> tuple[VisitHost, bool]:
    """A firm offers a visit through the public form: the host is created (registered, for
    staff to approve; consent given now) and returned with True. The same form sent again
    (its `submission_key`) returns the host it created, with False. Refused with
    `RegistrationClosed` as a firm's registration is (`events.registration_problem`)."""
    if (problem := registration_problem(event, now)) is not None:
        raise RegistrationClosed(problem)
    earlier = _by_submission(session, event, submission_key)
    if earlier is not None:
        return earlier, False
    check_host(values)
    try:
        with session.begin_nested():
            host = VisitHost(
                event_id=event.id,
                submission_key=submission_key,
                status=ParticipantStatus.REGISTERED,
            )
            session.add(host)
            save_host(session, event, values, host, consent=True)
    except IntegrityError:  # the same form, sent twice at the same moment: the other won
        earlier = _by_submission(session, event, submission_key)
        if earlier is None:
            raise
        return earlier, False
    return host, True


def _by_submission(session: Session, event: Event, key: str) -> VisitHost | None:
    query = select(VisitHost).where(VisitHost.event_id == event.id, VisitHost.submission_key == key)
    return session.scalar(query)


@dataclass(frozen=True)
class VisitDay:
    """A day of company visits and its frame: from the earliest start to the latest end of
    its items of visits."""

    day: date
    start: time
    end: time


def visit_days(session: Session, event: Event) -> list[VisitDay]:
    """The event's days of visits, in order (a host offers its times on these)."""
    days: dict[date, VisitDay] = {}
    for item in items_of(session, event):
        if item.kind is not ItemKind.VISITS:
            continue
        known = days.get(item.day)
        start = item.start if known is None else min(known.start, item.start)
        end = item.end_time if known is None else max(known.end, item.end_time)
        days[item.day] = VisitDay(item.day, start, end)
    return [days[day] for day in sorted(days)]


def hosts_of(session: Session, event: Event) -> list[VisitHost]:
    """Every host of the event, by name, with its windows."""
    query = select(VisitHost).where(VisitHost.event_id == event.id)
    query = query.options(selectinload(VisitHost.windows))
    return list(session.scalars(query.order_by(VisitHost.name, VisitHost.id)))


def host_of(session: Session, event: Event, host_id: int) -> VisitHost | None:
    """The event's host with this id, or None."""
    host = session.get(VisitHost, host_id)
    return host if host is not None and host.event_id == event.id else None


def set_status(session: Session, host: VisitHost, status: ParticipantStatus) -> None:
    """Approve, reject or withdraw a host; only approved hosts are planned."""
    host.status = status
    session.flush()


def usable_on(host: VisitHost, day: date) -> bool:
    """Whether the host can be visited on the day: approved, and with a window that day or
    none at all (then any time of any day of visits)."""
    if host.status is not ParticipantStatus.APPROVED:
        return False
    return not host.windows or any(w.day == day for w in host.windows)


def hosts_for_day(session: Session, event: Event, day: date) -> list[VisitHost]:
    """The approved hosts that can take a visit on the day."""
    return [h for h in hosts_of(session, event) if usable_on(h, day)]


def mark_notified(session: Session, host: VisitHost, plan_id: int) -> None:
    """Record that the host was mailed its notice of the plan (a `VisitPlanVersion` id)."""
    host.notified_at = utcnow()
    host.notified_plan_id = plan_id
    session.flush()
