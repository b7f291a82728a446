"""The themed-table plan as a print-ready HTML page: per round each table with its theme, its
firms and their languages (flagged when they share none), then a place card per firm.

Rendered with the app's own templates and translations (every page language) but
without the app, so that `matchmaker tables --print` works on files alone. Every text is
escaped (a firm's name is never markup)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, select_autoescape

from matchmaker.core.tables.rules import SeatedTable, TablePlan
from matchmaker.core.text.countries import country_name
from matchmaker.core.text.language_names import language_names
from matchmaker.core.types import Profile
from matchmaker.io.writers import write_text

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE.parent / "templates"
TRANSLATIONS = PACKAGE / "translations"


@dataclass(frozen=True, slots=True)
class _Table:
    number: int
    theme: str
    shared_languages: tuple[str, ...]
    needs_interpreter: bool
    firms: list[Profile]


@dataclass(frozen=True, slots=True)
class _Round:
    number: int
    tables: list[_Table]


def render_table_plan(
    plan: TablePlan, profiles: Sequence[Profile], language: str, title: str, cards: bool = True
) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    translations = Translations.load(str(TRANSLATIONS), [language])
    environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    environment.filters["language_list"] = lambda codes: language_names(codes, language)
    environment.filters["country"] = lambda code: country_name(code, language)
    by_id = {p.id: p for p in profiles}
    rounds = sorted({t.round for t in plan.tables})
    return environment.get_template("print/tables.html").render(
        language=language,
        title=title,
        cards=cards,
        rounds=[_Round(r, [_table(t, by_id) for t in plan.in_round(r)]) for r in rounds],
    )


def write_table_plan(
    path: Path,
    plan: TablePlan,
    profiles: Sequence[Profile],
    language: str = "de",
    title: str = "",
) -> None:
    write_text(path, render_table_plan(plan, profiles, language, title or path.stem))


def _table(table: SeatedTable, by_id: dict[str, Profile]) -> _Table:
    firms = sorted((by_id[m] for m in table.members), key=lambda p: (p.name or p.id).casefold())
    return _Table(table.number, table.theme, table.shared_languages, table.needs_interpreter, firms)
