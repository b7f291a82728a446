"""Every language the app offers is complete: every text of the catalog template is
translated in German, Russian, Ukrainian, Polish and Korean (English is the message ids)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from matchmaker.config import PAGE_LANGUAGES

CATALOGS = Path(__file__).resolve().parents[2] / "matchmaker" / "translations"
TRANSLATED = [code for code in PAGE_LANGUAGES if code != "en"]


def catalog_path(language: str) -> Path:
    """The language's catalogue; the test fails, saying how to start one, when it is missing."""
    path = CATALOGS / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        pytest.fail(
            f"The app offers '{language}' (config PAGE_LANGUAGES) but has no catalogue "
            f"{path.relative_to(CATALOGS.parent.parent)}: start one with `pybabel init -i "
            f"matchmaker/translations/messages.pot -d matchmaker/translations -l {language}` "
            "and translate it (docs/ARCHITECTURE.md, Languages)."
        )
    return path


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def missing_translations(language: str) -> tuple[list[str], int]:
    """The texts of the catalog template that `language` has no (or only a fuzzy)
    translation for, and how many texts there are."""
    with (CATALOGS / "messages.pot").open("rb") as f:
        wanted = {_key(m.id) for m in read_po(f) if m.id}
    with catalog_path(language).open("rb") as f:
        catalog = read_po(f)
    done = {
        _key(m.id)
        for m in catalog
        if m.id
        and "fuzzy" not in m.flags
        and (all(m.string) if isinstance(m.string, tuple | list) else m.string)
    }
    return sorted(wanted - done), len(wanted)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_is_translated(language: str) -> None:
    missing, total = missing_translations(language)
    assert not missing, (
        f"{len(missing)} of {total} texts have no '{language}' translation (or a fuzzy one), "
        f"among them: {missing[:5]}"
    )


def test_every_offered_language_has_a_name_in_its_own_language() -> None:
    """The language menu names each language as its readers do (한국어, not "Korean")."""
    from babel import Locale

    from matchmaker.i18n import LANGUAGE_NAMES

    assert tuple(LANGUAGE_NAMES) == PAGE_LANGUAGES
    for code, name in LANGUAGE_NAMES.items():
        assert name.casefold() == str(Locale.parse(code).get_display_name(code)).casefold()


def test_the_catalog_template_holds_every_text_of_the_source(tmp_path: Path) -> None:
    """The texts are extracted from the source afresh (as `make translations` does) and
    each must be in the committed template, so that a text never extracted (and so never
    translated) fails here rather than reaching a page in English."""
    from babel.messages.frontend import CommandLineInterface

    root = CATALOGS.parents[1]
    fresh = tmp_path / "fresh.pot"
    command = ["pybabel", "-q", "extract", "-F", str(root / "babel.cfg"), "-k", "_l",
               "-k", "lazy_gettext", "--no-location", "-o", str(fresh), str(root)]  # fmt: skip
    CommandLineInterface().run(command)  # type: ignore[no-untyped-call]
    with fresh.open("rb") as f:
        extracted = {_key(m.id) for m in read_po(f) if m.id}
    with (CATALOGS / "messages.pot").open("rb") as f:
        committed = {_key(m.id) for m in read_po(f) if m.id}
    assert len(extracted) > 500
    assert sorted(extracted - committed) == [], "run the extraction (docs/ARCHITECTURE.md)"
