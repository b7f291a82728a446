"""`matchmaker repair` on real files: a published schedule repaired after fair-day changes,
untouched meetings kept, each change listed, bad input refused with file, row and column."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from matchmaker.cli import main
from tests.cli.test_schedule import read_csv, write_csv

GRID = ["--start", "09:00", "--slot-minutes", "20", "--slots", "4", "--tables", "2"]


def _fair(tmp_path: Path) -> tuple[Path, Path, Path]:
    profiles = write_csv(
        tmp_path / "firms.csv",
        [["id", "name"], ["A", "Alpha"], ["B", "Beta"], ["C", "Gamma"], ["D", "Delta"],
         ["E", "Epsilon"]],
    )  # fmt: skip
    requests = write_csv(
        tmp_path / "requests.csv",
        [["from_id", "to_id", "priority"], ["A", "B", "2"], ["C", "D", "2"], ["A", "C", "2"],
         ["B", "D", "2"], ["E", "A", "1"]],
    )  # fmt: skip
    published = write_csv(
        tmp_path / "published.csv",
        [["slot", "start", "end", "table", "participant_a", "participant_b", "interpreter"],
         ["1", "09:00", "09:20", "1", "A", "B", ""], ["1", "09:00", "09:20", "2", "C", "D", ""],
         ["2", "09:20", "09:40", "1", "A", "C", ""], ["2", "09:20", "09:40", "2", "B", "D", ""]],
    )  # fmt: skip
    return profiles, requests, published


def test_an_absent_firm_and_a_lost_table_are_repaired(tmp_path: Path) -> None:
    profiles, requests, published = _fair(tmp_path)
    out, changes = tmp_path / "new.csv", tmp_path / "changes.csv"
    result = CliRunner().invoke(
        main,
        ["repair", str(profiles), "--schedule", str(published), "--requests", str(requests),
         *GRID, "--absent", "D", "--lost-tables", "2", "--from-slot", "2",
         "--changes", str(changes), "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Kept 3 published meetings exactly" in result.output
    rows = [(r["slot"], r["table"], r["participant_a"], r["participant_b"]) for r in read_csv(out)]
    assert ("1", "1", "A", "B") in rows
    assert ("1", "2", "C", "D") in rows
    assert ("2", "1", "A", "C") in rows
    assert not any(r[1] == "2" and r[0] != "1" for r in rows)  # table 2 is gone from slot 2
    assert ("B", "D") not in {(r[2], r[3]) for r in rows if r[0] != "1"}
    listed = {(c["firm"], c["partner"], c["change"], c["reason"]) for c in read_csv(changes)}
    assert ("B", "D", "cancelled", "D does not come") in listed
    assert ("D", "B", "cancelled", "D does not come") in listed
    # E-A waited; A is free in slots 3 and 4 now: E meets A there.
    assert any(c[0] == "E" and c[2] == "new" for c in listed)


def test_bad_changes_and_a_schedule_of_another_grid_are_refused(tmp_path: Path) -> None:
    profiles, _requests, published = _fair(tmp_path)
    out = tmp_path / "new.csv"
    base = ["repair", str(profiles), "--schedule", str(published), "-o", str(out)]
    unknown = CliRunner().invoke(main, [*base, *GRID, "--absent", "Z"])
    assert unknown.exit_code == 2
    assert "unknown firm(s) in the changes: Z" in unknown.output
    moment = CliRunner().invoke(main, [*base, *GRID, "--arrives", "A"])
    assert moment.exit_code == 2
    assert "'A' is not ID=HH:MM" in moment.output
    other_grid = ["--start", "10:00", "--slot-minutes", "20", "--slots", "4", "--tables", "2"]
    wrong = CliRunner().invoke(main, [*base, *other_grid])
    assert wrong.exit_code == 2
    assert ("published.csv, row 2, column 'start': '09:00' is not the start of slot 1 (10:00); "
            "was the file made for another slot grid?") in wrong.output  # fmt: skip
    assert not out.exists()
