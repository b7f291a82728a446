"""Messages that services raise and pages show in the reader's language.

Services know no request and no language; they raise an `Explained` error with a message
template marked by `N_` (so that pybabel extracts it) and the values to put in. Pages
translate the template and fill it in (`matchmaker.i18n.explained`); logs and the command
line read the English `str(error)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


def N_(text: str) -> str:
    """Mark a message template for translation; it stays as it is here."""
    return text


class Explained(ValueError):
    """An error whose message is a translatable template and its values."""

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        super().__init__(template % values if values else template)


@dataclass(frozen=True, slots=True)
class Message:
    """A translatable text as a value (not an error): a template marked by `N_` and the
    values to put in; `str()` is the English text."""

    template: str
    values: Mapping[str, object] = field(default_factory=dict)
    plural: str = ""  # a count's plural template (see `counted`); `template` the singular

    def __str__(self) -> str:
        template = self.plural if self.plural and self.values.get("num") != 1 else self.template
        return template % dict(self.values) if self.values else template


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a count's two English forms for translation (babel.cfg extracts them as one
    entry with plural forms: Russian has three); they stay as they are here."""
    return singular, plural


def counted(forms: tuple[str, str], num: int, **values: object) -> Message:
    """A `Message` about `num` things, worded for the number in the reader's language
    ("1 kommt nicht", "2 kommen nicht"): `forms` from `Nn_`, `num` as the value "num"."""
    return Message(forms[0], {"num": num, **values}, forms[1])


Progress = Callable[[str, float | None], None]
"""How a long service run tells how far it is: a stage (a template marked by `N_`) and the
share done (0..1, None when unknown). The worker stores it on the job's row."""


def no_progress(stage: str, share: float | None) -> None:
    """The `Progress` of a caller that does not follow the run."""
