"""German and Russian are complete: every text of the catalog template is translated."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOGS = Path(__file__).resolve().parent.parent / "matchmaker" / "translations"


@pytest.mark.parametrize("language", ["de", "ru"])
def test_every_text_is_translated(language: str) -> None:
    with (CATALOGS / "messages.pot").open("rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    done = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id
        and "fuzzy" not in m.flags
        and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    assert sorted(wanted - done) == []
