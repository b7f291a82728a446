"""A fair's dates as the reader writes them: the fair's day, or its days as one span, and
the day of a slot on a fair over several days (pages, prints and mails)."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_interval, format_skeleton
from flask import Flask
from flask_babel import format_date, get_locale

from matchmaker.core.types import Slot
from matchmaker.i18n import clock_time
from matchmaker.models import Event
from matchmaker.services.convert import slot_date


def fair_dates(event: Event) -> str:
    """ "Donnerstag, 18. März 2027", or over two days "Do., 18. – Fr., 19. März 2027"."""
    if event.days <= 1:
        return str(format_date(event.date, format="full"))
    last = event.date + timedelta(days=event.days - 1)
    return str(format_interval(event.date, last, "yMMMMEEEEd", locale=str(get_locale())))


def text_dates(event: Event) -> str:
    """The fair's date or days inside a sentence: "18. März 2027", "18.–19. März 2027"."""
    if event.days <= 1:
        return str(format_date(event.date, format="long"))
    last = event.date + timedelta(days=event.days - 1)
    return str(format_interval(event.date, last, "yMMMMd", locale=str(get_locale())))


def short_day(value: date) -> str:
    """A day, short, with its weekday: "Fr., 19. März"."""
    return str(format_skeleton("MMMEd", value, locale=str(get_locale())))


def slot_day(event: Event, slot: Slot) -> str:
    """The day of a slot, short ("Fr., 19. März"), on a fair over several days; "" on a
    fair of one day, where every slot is on its date."""
    return short_day(slot_date(event, slot)) if event.days > 1 else ""


def slot_time(event: Event, slot: Slot) -> str:
    """When a slot starts, as staff's grids show it: "09:00", on a fair over several days
    with its day ("Fr., 19. März, 09:00")."""
    day = slot_day(event, slot)
    return f"{day}, {clock_time(slot.start)}" if day else clock_time(slot.start)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["fair_dates"] = fair_dates
    app.jinja_env.filters["text_dates"] = text_dates
    app.jinja_env.filters["short_day"] = short_day
    app.jinja_env.globals["slot_day"] = slot_day
    app.jinja_env.globals["slot_time"] = slot_time
