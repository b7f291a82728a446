"""Fields that bound what they read instead of refusing it, for the forms whose values are
filters, ticks and settings rather than data typed into a field with room for an error: a
row id (or nothing), a number that falls back to its default and is clamped (the scheduler's
time limit, partners per firm), a tick box that counts only as "1", a text cut to its
length, a text that must be one of a few values (or the default), lists of ids and texts.
What is not a proper value is read as none or the default, exactly as the views read it
before these forms; what must not be guessed (a move's slot, a mail's id) is refused by the
form's own validators (`InputRequired`).

Every value is read as text: a file sent under a field's name (a crafted multipart
request) is no value, as it never was for `request.form`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import partial
from typing import Any, TypeVar, cast

from wtforms import BooleanField, Field, FloatField, IntegerField, StringField
from wtforms.validators import Length

from matchmaker.core.text.clean import clean_text
from matchmaker.forms.base import Form

# The largest id a row can have (the columns are 32-bit integers on PostgreSQL): a larger
# number is no id, and would be a database error if it were looked up.
MAX_ID = 2**31 - 1
# The most values one name of a form is read with (ticked boxes, hidden inputs).
MAX_ITEMS = 10_000

F = TypeVar("F", bound=Form)


def _texts(valuelist: list[Any]) -> list[str]:
    return [value for value in valuelist if isinstance(value, str)]


def _cut(value: object, *, limit: int, default: str) -> str:
    return value[:limit] if isinstance(value, str) else default


def _one_of(value: object, *, allowed: Collection[str], default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default


def _number(valuelist: list[Any], kind: Callable[[str], float]) -> float | None:
    """The first text sent as a number of `kind`, or None (missing, not a number, beyond
    what a database column holds)."""
    texts = _texts(valuelist)
    try:
        number = kind(texts[0]) if texts else None
    except ValueError:
        return None
    return number if number is not None and abs(number) <= MAX_ID else None


def _clamped(value: Any, low: Any, high: Any) -> Any:
    if value is not None and high is not None:
        value = min(value, high)
    if value is not None and low is not None:
        value = max(low, value)
    return value


class OptionalInteger(IntegerField):
    """A whole number, or None when missing or not one (a round or table the view checks
    itself: a missing one is 400, as `request.form.get(name, type=int)` read it)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            number = _number(valuelist, int)
            self.data = None if number is None else int(number)


class IdField(OptionalInteger):
    """A row's id: a whole number from 1 to `MAX_ID`; anything else (missing, "abc",
    "-3", a 30-digit number) is read as None. A form that needs the id says so with
    `DataRequired`."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and self.data < 1:
            self.data = None


class DefaultInteger(IntegerField):
    """A whole number that is its `default` when missing, not a number or 0, clamped to
    `low`..`high` (either None: unbounded)."""

    def __init__(
        self, label: str | None = None, *, low: int | None = None, high: int | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(label, **kwargs)
        self.low, self.high = low, high

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            number = _number(valuelist, int)
            self.data = _clamped(int(number) if number else self.default, self.low, self.high)


class DefaultFloat(FloatField):
    """A number that is its `default` when missing, not a number or 0, clamped to
    `low`..`high` (either None: unbounded)."""

    def __init__(
        self, label: str | None = None, *, low: float | None = None,
        high: float | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(label, **kwargs)
        self.low, self.high = low, high

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            number = _number(valuelist, float)
            self.data = _clamped(number or self.default, self.low, self.high)


class FlagField(BooleanField):
    """A tick box that counts only when it sends "1" (the value the pages give it): "0",
    "on" or "yes" are not ticked, as the views read them before."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        texts = _texts(valuelist)
        self.data = bool(texts) and texts[0] == "1"


class TextField(StringField):
    """A single text: the first one sent under its name (never a file)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        texts = _texts(valuelist)
        if texts:
            self.data = texts[0]
        elif self.data is None:
            self.data = ""


def cut_text(limit: int, default: str = "") -> TextField:
    """A text cleaned as every form text (`forms.base`) and then cut to `limit` characters
    rather than refused: a search of 5,000 characters is searched for its first 200."""
    return TextField(
        default=default,
        validators=[Length(max=limit)],  # never fails (cut first); replaces the fallback
        filters=[partial(_cut, limit=limit, default=default)],
    )


def one_of(allowed: Collection[str], default: str) -> TextField:
    """A text that is one of `allowed`, anything else read as `default` (a list's sort
    order, a state to filter by)."""
    longest = max((len(value) for value in allowed), default=0)
    return TextField(
        default=default,
        validators=[Length(max=max(longest, len(default)))],  # never fails (see the filter)
        filters=[partial(_one_of, allowed=frozenset(allowed), default=default)],
    )


class TextListField(Field):
    """Every text sent under one name (ticked boxes, hidden inputs), each cleaned and cut
    to `limit` characters, at most `MAX_ITEMS` of them."""

    def __init__(
        self,
        label: str | None = None,
        validators: list[Any] | None = None,
        *,
        limit: int,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("default", list)  # none sent: an empty list
        super().__init__(label, validators, **kwargs)
        self.limit = limit

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = [clean_text(text)[: self.limit] for text in _texts(valuelist)[:MAX_ITEMS]]


class IdListField(Field):
    """Every id sent under the field's name (ticked boxes, `name="firm" value="<id>"`), in
    their order; what is no id is left out, and at most `MAX_ITEMS` kept."""

    data: list[int]

    def __init__(self, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(label, default=list, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        numbers = (_number([text], int) for text in _texts(valuelist))
        self.data = [int(n) for n in numbers if n is not None and n >= 1][:MAX_ITEMS]


def form_with(base: type[F], fields: Mapping[str, Any]) -> type[F]:
    """A form class `base` with `fields` added: for forms whose field names depend on the
    request (one box per partner, one list per column of a file)."""
    return cast(type[F], type(base.__name__, (base,), dict(fields)))
