"""`matchmaker schedule` on real files: a valid timetable, unplaced wishes with reasons,
refusals of bad input with file, row and column, and nothing half-written."""

from __future__ import annotations

import csv
import re
from datetime import time
from pathlib import Path

from click.testing import CliRunner, Result

from matchmaker.cli import main
from matchmaker.core.scheduling.checks import schedule_violations
from matchmaker.core.scheduling.slots import build_slots
from matchmaker.core.scheduling.types import Placement, SchedulingProblem
from matchmaker.core.types import SlotGrid, TimeRange
from matchmaker.io.profiles import read_profiles
from matchmaker.io.requests import read_requests

DEMO = Path(__file__).resolve().parents[2] / "matchmaker" / "demo" / "barleben_profiles.csv"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _schedule(
    profiles: Path, requests: Path, folder: Path, *grid: str
) -> tuple[Result, Path, Path]:
    """`matchmaker schedule` of the files from 09:00 in slots of 30 minutes, 10 s at most,
    with the `grid`'s further options; its result and its schedule and unplaced files."""
    out, unplaced = folder / "schedule.csv", folder / "unplaced.csv"
    args = ["schedule", str(profiles), "--requests", str(requests), "--start", "09:00",
            "--slot-minutes", "30", *grid, "--time-limit", "10", "--unplaced", str(unplaced),
            "-o", str(out)]  # fmt: skip
    return CliRunner().invoke(main, args), out, unplaced


def test_schedules_requests_into_a_valid_timetable(tmp_path: Path) -> None:
    profiles = write_csv(
        tmp_path / "firms.csv",
        [
            ["id", "name", "available_from", "available_to"],
            ["A", "Alpha", "", ""],
            ["B", "Beta", "", ""],
            ["C", "Gamma", "", "10:15"],
            ["D", "Delta", "11:00", ""],
        ],
    )
    requests = write_csv(
        tmp_path / "requests.csv",
        [
            ["from_id", "to_id", "priority"],
            ["A", "B", "3"],
            ["B", "A", "1"],  # the same pair the other way round: one mutual wish
            ["A", "C", ""],
            ["B", "C", ""],
            ["C", "D", ""],  # never there at the same time
        ],
    )
    result, out, unplaced = _schedule(profiles, requests, tmp_path, "--slots", "4",
                                      "--tables", "1", "--breaks", "09:30-09:45")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Placed 3 of 4 wishes (75.0 %)" in result.output
    assert "(no schedule places more than 3)" in result.output
    assert re.search(r"; \d+\.\d\d idle slots per firm;", result.output)
    rows = read_csv(out)
    assert list(rows[0]) == [
        "slot", "day", "start", "end", "table", "participant_a", "participant_b", "interpreter",
    ]  # fmt: skip
    times = {(r["slot"], r["start"], r["end"]) for r in rows}
    assert times == {("1", "09:00", "09:30"), ("2", "09:45", "10:15"), ("3", "10:15", "10:45")}
    problem = SchedulingProblem(
        tuple(read_profiles(profiles)),
        tuple(read_requests(requests, {"A", "B", "C", "D"})),
        build_slots(SlotGrid(time(9, 0), 30, 4, (TimeRange(time(9, 30), time(9, 45)),))),
        tables=1,
    )
    placements = [
        Placement(r["participant_a"], r["participant_b"], int(r["slot"]), int(r["table"]))
        for r in rows
    ]
    assert schedule_violations(problem, placements) == []
    assert read_csv(unplaced) == [
        {"from_id": "C", "to_id": "D", "priority": "1",
         "reason": "C and D are never there at the same time"},
    ]  # fmt: skip


def test_without_requests_it_schedules_mutual_matches(tmp_path: Path) -> None:
    out = tmp_path / "schedule.xlsx"
    args = ["schedule", str(DEMO), "--start", "09:00", "--slot-minutes", "20", "--slots", "12",
            "--tables", "15", "--per-participant", "3", "--cross-group", "--time-limit", "20",
            "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert "Placed " in result.output
    assert "breaks" in result.output


def test_bad_requests_are_refused_whole_with_row_and_column(tmp_path: Path) -> None:
    profiles = write_csv(tmp_path / "firms.csv", [["id"], ["A"], ["B"]])
    requests = write_csv(
        tmp_path / "requests.csv",
        [
            ["from_id", "to_id", "priority", "earliest", "latest"],
            ["A", "Z", "1", "", ""],
            ["A", "A", "x", "", ""],
            ["A", "B", "1", "10:00", "09:00"],
        ],
    )
    out = tmp_path / "schedule.csv"
    args = ["schedule", str(profiles), "--requests", str(requests), "--start", "9:00",
            "--slot-minutes", "30", "--slots", "4", "--tables", "1", "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "requests.csv, row 2, column 'to_id': 'Z' is not the id of a firm" in result.output
    assert "requests.csv, row 3, column 'to_id': a firm cannot meet itself" in result.output
    assert "row 3, column 'priority': 'x' is not a whole number of 1 or more" in result.output
    assert "row 4, column 'latest': must be later than earliest" in result.output
    assert not out.exists()


def test_bad_grid_is_refused(tmp_path: Path) -> None:
    profiles = write_csv(tmp_path / "firms.csv", [["id"], ["A"], ["B"]])
    out = tmp_path / "schedule.csv"
    base = ["schedule", str(profiles), "--slot-minutes", "30", "--tables", "1", "-o", str(out)]
    result = CliRunner().invoke(main, [*base, "--start", "25:00", "--slots", "4"])
    assert result.exit_code == 2
    assert "'25:00' is not a valid time of day" in result.output
    result = CliRunner().invoke(main, [*base, "--start", "23:00", "--slots", "4"])
    assert result.exit_code == 2
    assert "would end after midnight" in result.output
    assert not out.exists()


def test_fixed_seats_keep_a_delegation_at_its_tables(tmp_path: Path) -> None:
    profiles = write_csv(
        tmp_path / "firms.csv",
        [
            ["id", "name", "group"],
            ["OMSK1", "Sibirmed", "Omsk"],
            ["OMSK2", "Omskmash", "Omsk"],
            ["B1", "Börde Medizintechnik", "Börde"],
            ["B2", "Pflege Barleben", "Börde"],
            ["B3", "Metallbau Wolmirstedt", "Börde"],
        ],
    )
    requests = write_csv(
        tmp_path / "requests.csv",
        [["from_id", "to_id"]] + [[o, b] for o in ("OMSK1", "OMSK2") for b in ("B1", "B2", "B3")],
    )
    out = tmp_path / "schedule.csv"
    base = ["schedule", str(profiles), "--requests", str(requests), "--start", "09:00",
            "--slot-minutes", "20", "--slots", "4", "--time-limit", "5",
            "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, [*base, "--tables", "3", "--fixed-seats", "Omsk"])
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert len(rows) == 6
    for row in rows:
        host = (
            row["participant_a"]
            if row["participant_a"].startswith("OMSK")
            else row["participant_b"]
        )
        assert row["table"] == {"OMSK1": "1", "OMSK2": "2"}[host]

    refused = CliRunner().invoke(main, [*base, "--tables", "1", "--fixed-seats", "Omsk"])
    assert refused.exit_code == 2
    assert "group 'Omsk' has 2 firms but there are 1 tables" in refused.output
    unknown = CliRunner().invoke(main, [*base, "--tables", "3", "--fixed-seats", "Aachen"])
    assert unknown.exit_code == 2
    assert "no firm is in group 'Aachen' (groups: Börde, Omsk)" in unknown.output


def test_interpreters_file_gives_meetings_without_a_common_language_an_interpreter(
    tmp_path: Path,
) -> None:
    profiles = write_csv(
        tmp_path / "firms.csv",
        [
            ["id", "name", "languages"],
            ["O1", "Sibirmed", "ru"],
            ["O2", "Omskmash", "ru;en"],
            ["B1", "Börde Medizintechnik", "de"],
            ["B2", "Pflege Barleben", "de;en"],
        ],
    )
    requests = write_csv(
        tmp_path / "requests.csv",
        [["from_id", "to_id"], ["O1", "B1"], ["O1", "B2"], ["O2", "B1"], ["O2", "B2"]],
    )
    interpreters = write_csv(
        tmp_path / "interpreters.csv",
        [["id", "languages", "available_from", "available_to"], ["Irina", "ru;de", "", "09:40"]],
    )
    out, unplaced = tmp_path / "schedule.csv", tmp_path / "unplaced.csv"
    args = ["schedule", str(profiles), "--requests", str(requests), "--start", "09:00",
            "--slot-minutes", "20", "--slots", "4", "--tables", "2", "--time-limit", "5",
            "--interpreters", str(interpreters), "--unplaced", str(unplaced),
            "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = {frozenset((r["participant_a"], r["participant_b"])): r for r in read_csv(out)}
    # O2-B2 share English; O1-B2 and O2-B1 need Irina (ru-de), O1-B1 too: three meetings,
    # but Irina works only in slots 1 and 2, so one of them waits.
    assert rows[frozenset(("O2", "B2"))]["interpreter"] == ""
    with_irina = [r for r in rows.values() if r["interpreter"] == "Irina"]
    assert len(with_irina) == 2
    assert sorted(int(r["slot"]) for r in with_irina) == [1, 2]
    (left,) = read_csv(unplaced)
    assert left["reason"] == (
        f"every interpreter for {'ru/en' if 'O2' in left.values() else 'ru'} and "
        f"{'de/en' if 'B2' in left.values() else 'de'} is fully booked"
    )

    bad = write_csv(tmp_path / "bad.csv", [["id", "languages"], ["Irina", "ru"], ["", "ru;de"]])
    args[args.index(str(interpreters))] = str(bad)
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 2
    assert "bad.csv, row 2, column 'languages': name at least two languages" in refused.output
    assert "bad.csv, row 3, column 'id': is empty" in refused.output


def test_a_fair_over_two_days_meets_each_firm_on_its_days(tmp_path: Path) -> None:
    """Two days of three slots: H is there both days, M1/M2 on day 1, T1/T2 on day 2. Each
    meeting lands on a day both firms are there; slots run on (4-6 on day 2)."""
    profiles = write_csv(
        tmp_path / "firms.csv",
        [["id", "days"], ["H", ""], ["M1", "1"], ["M2", "1"], ["T1", "2"], ["T2", "2"],
         ["B", "1; 2"]],
    )  # fmt: skip
    requests = write_csv(
        tmp_path / "requests.csv",
        [["from_id", "to_id"], ["H", "M1"], ["H", "M2"], ["H", "T1"], ["H", "T2"],
         ["B", "M1"], ["B", "T2"], ["M1", "T1"]],
    )  # fmt: skip
    result, out, unplaced = _schedule(profiles, requests, tmp_path, "--slots", "3",
                                      "--days", "2", "--tables", "2")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert len(rows) == 6
    for row in rows:
        firms = {row["participant_a"], row["participant_b"]}
        day = "1" if firms & {"M1", "M2"} else "2"
        assert (row["day"], int(row["slot"]) > 3) == (day, day == "2"), row
    assert [r["reason"] for r in read_csv(unplaced)] == [
        "M1 and T1 are never there at the same time"
    ]


def test_days_the_fair_does_not_have_are_refused(tmp_path: Path) -> None:
    profiles = write_csv(tmp_path / "firms.csv", [["id", "days"], ["A", "1;x"], ["B", "0"]])
    out = tmp_path / "schedule.csv"
    args = ["schedule", str(profiles), "--start", "9:00", "--slot-minutes", "30",
            "--slots", "4", "--days", "2", "--tables", "1", "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "firms.csv, row 2, column 'days': 'x' is not a day of the fair" in result.output
    assert "firms.csv, row 3, column 'days': '0' is not a day of the fair" in result.output
    result = CliRunner().invoke(main, [*args[:-2], "--days", "4", "-o", str(out)])
    assert result.exit_code == 2
    write_csv(profiles, [["id", "days"], ["A", "1"], ["B", "3"]])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "the fair has 2 day(s) (--days); a later day is named by B" in result.output
    assert not out.exists()
