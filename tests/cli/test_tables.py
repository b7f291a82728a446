"""`matchmaker tables` on the demo fair's real profiles file: every firm seated once a round,
staff themes on their tables, groups mixed, refusals with a clear message."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from matchmaker.cli import main
from matchmaker.core.types import Profile
from matchmaker.io.profiles import read_profiles
from tests.cli.test_schedule import DEMO, read_csv, write_csv


@dataclass(frozen=True)
class Seated:
    output: str
    exit_code: int
    rows: list[dict[str, str]]
    profiles: list[Profile]


@pytest.fixture(scope="module")
def seated(tmp_path_factory: pytest.TempPathFactory) -> Seated:
    """`matchmaker tables` run once on the demo fair: two rounds at tables of 8, three
    themes (Pflege on two tables)."""
    out = tmp_path_factory.mktemp("tables") / "tables.csv"
    result = CliRunner().invoke(
        main,
        ["tables", str(DEMO), "--table-size", "8", "--rounds", "2", "--no-semantic",
         "--themes", "Medizintechnik;Pflege=2;Metallverarbeitung", "-o", str(out)],
    )  # fmt: skip
    rows = read_csv(out) if out.exists() else []
    return Seated(result.output, result.exit_code, rows, read_profiles(DEMO))


def test_seats_the_demo_fair_at_themed_tables(seated: Seated) -> None:
    assert seated.exit_code == 0, seated.output
    rows = seated.rows
    assert list(rows[0]) == ["round", "table", "theme", "participant_id", "shared_languages"]
    assert {r["round"] for r in rows} == {"1", "2"}
    group = {p.id: p.group for p in seated.profiles}
    for key in {(r["round"], r["table"]) for r in rows}:
        at_table = {group[r["participant_id"]] for r in rows if (r["round"], r["table"]) == key}
        assert len(at_table) == 2, key  # the Omsk delegation and the Börde firms at every table
    pairs = Counter(
        frozenset((a["participant_id"], b["participant_id"]))
        for a in rows
        for b in rows
        if a["round"] == b["round"] and a["table"] == b["table"]
        and a["participant_id"] < b["participant_id"]
    )  # fmt: skip
    assert max(pairs.values()) == 1  # nobody sits with the same firm twice
    assert "Seated 66 firms at 9 tables for 2 round(s)" in seated.output


@pytest.mark.parametrize("round_number", ["1", "2"])
def test_each_round_seats_every_firm_once_at_themed_tables(
    seated: Seated, round_number: str
) -> None:
    assert seated.exit_code == 0, seated.output
    rows = [r for r in seated.rows if r["round"] == round_number]
    seated_firms = Counter(r["participant_id"] for r in rows)
    assert seated_firms == Counter({p.id: 1 for p in seated.profiles})
    assert len({r["table"] for r in rows}) == 9  # 66 firms, at most 8 a table
    themes = Counter(r["theme"] for r in rows)
    assert themes["Pflege"] in range(14, 17)  # two tables of 7 or 8
    assert themes["Medizintechnik"] in (7, 8)


def test_impossible_rules_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "tables.csv"
    base = ["tables", str(DEMO), "--no-semantic", "-o", str(out)]
    too_small = CliRunner().invoke(main, [*base, "--table-size", "8", "--min-size", "8"])
    assert too_small.exit_code == 2
    assert "66 firms at 9 tables leaves tables of 7, fewer than the smallest size 8" in (
        too_small.output
    )
    bad_theme = CliRunner().invoke(main, [*base, "--table-size", "8", "--themes", "Pflege=0"])
    assert bad_theme.exit_code == 2
    assert "'Pflege=0': the number of tables must be 1 or more" in bad_theme.output
    assert not out.exists()


def test_a_print_ready_plan_and_place_cards_in_the_chosen_language(tmp_path: Path) -> None:
    profiles = write_csv(
        tmp_path / "firms.csv",
        [["id", "name", "group", "languages", "country"],
         ["O1", "Sibirmed", "Omsk", "ru", "RU"],
         ["O2", "<script>alert(1)</script>", "Omsk", "ru", "RU"],
         ["B1", "Börde Medizintechnik", "Börde", "de", "DE"],
         ["B2", "Pflege & Co", "Börde", "de;en", "DE"]],
    )  # fmt: skip
    out, page = tmp_path / "tables.csv", tmp_path / "plan.html"
    base = ["tables", str(profiles), "--table-size", "2", "--no-semantic", "-o", str(out)]
    result = CliRunner().invoke(main, [*base, "--print", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    assert "Runde 1" in html
    assert "Tisch 1" in html
    assert "Tischkarten, Runde 1" in html
    assert "keine gemeinsame Sprache: Dolmetscher nötig" in html  # ru with de at each table
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Pflege &amp; Co" in html
    assert html.count('class="card"') == 4
    russian = CliRunner().invoke(main, [*base, "--print", str(page), "--lang", "ru"])
    assert russian.exit_code == 0, russian.output
    assert "Раунд 1" in page.read_text(encoding="utf-8")
    korean = CliRunner().invoke(main, [*base, "--print", str(page), "--lang", "ko"])
    assert korean.exit_code == 0, korean.output  # every page language (issue 17)
    assert '<html lang="ko">' in page.read_text(encoding="utf-8")
