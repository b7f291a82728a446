"""Fields of the staff console's small forms that keep the pages' long-standing leniency:
a number that is missing, not a number or 0 is the field's default, clamped to its bounds
(the scheduler's time limit, partners per firm); an id that is missing or no number is None
(the view answers 404 or 400 as it always did); a box is ticked only by the value "1" the
pages send; a list of ticked ids leaves out what is no number and is capped; a text is cut
to what its column holds. These forms are buttons and one-line settings with no place to
show an error beside a field, so a stray value takes the default instead of failing the
request; what must not be guessed (a move's slot, a mail's id) uses WTForms' own fields
with `InputRequired` or `Optional` and is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wtforms import BooleanField, Field, FloatField, IntegerField

# The most ids a list of ticked boxes keeps (a fair has far fewer firms).
MOST_IDS = 10_000


def _number(text: str, kind: Callable[[str], float]) -> float | None:
    try:
        return kind(text)
    except (ValueError, TypeError):
        return None


def _clamped(value: Any, low: Any, high: Any) -> Any:
    if value is None:
        return None
    if high is not None:
        value = min(value, high)
    if low is not None:
        value = max(low, value)
    return value


class DefaultInteger(IntegerField):
    """An integer that is its `default` when missing, not an integer or 0, and is clamped to
    `low`..`high` (either may be None: unbounded)."""

    def __init__(
        self,
        label: str | None = None,
        *,
        low: int | None = None,
        high: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, **kwargs)
        self.low, self.high = low, high

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            value = _number(valuelist[0], int)
            self.data = _clamped(value or self.default, self.low, self.high)


class OptionalInteger(IntegerField):
    """An integer, or None when missing or not an integer (an id or number the view checks
    itself: a missing firm is 404, a missing place 400)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            value = _number(valuelist[0], int)
            self.data = None if value is None else int(value)


class DefaultFloat(FloatField):
    """A number that is its `default` when missing, not a number or 0, and is clamped to
    `low`..`high` (either may be None: unbounded)."""

    def __init__(
        self,
        label: str | None = None,
        *,
        low: float | None = None,
        high: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, **kwargs)
        self.low, self.high = low, high

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            value = _number(valuelist[0], float)
            self.data = _clamped(value or self.default, self.low, self.high)


class TickField(BooleanField):
    """A box the pages send as `value="1"`: ticked by "1" only, anything else is unticked."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = bool(valuelist) and valuelist[0] == "1"


class IdListField(Field):
    """Every id sent under the field's name (ticked boxes, `name="firm" value="<id>"`), in
    their order; values that are no integer are left out, and at most `MOST_IDS` kept."""

    data: list[int]

    def __init__(self, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(label, default=list, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        numbers = (_number(value, int) for value in valuelist)
        self.data = [int(n) for n in numbers if n is not None][:MOST_IDS]


def cut_to(limit: int) -> Callable[[object], str]:
    """A filter: the (already cleaned) text cut to `limit` characters; nothing sent is ""."""

    def cut(value: object) -> str:
        return value[:limit] if isinstance(value, str) else ""

    return cut
