"""`matchmaker visits` on real files: a small day planned into a workbook that the verifier
accepts when it is read back, the travel-file path with CSV output, and each kind of bad
input refused with file, row and column, exit status 2 and nothing written."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from matchmaker.cli import main
from matchmaker.cli.visits import Travel, _problem, visits_file
from matchmaker.core.visits.checks import recomputed_total, visit_violations
from matchmaker.core.visits.relevance import visit_relevance
from matchmaker.core.visits.travel import Site
from matchmaker.core.visits.types import GroupPlan, Lunch, Visit, VisitDay, VisitPlan, VisitProblem
from matchmaker.io.visits import read_visit_files
from tests.visit_day import HOSTS, MEMBERS, replaced, travel_rows, write_csv, write_xlsx

DAY = ["--day", "2027-04-23", "--start", "09:00", "--end", "17:00", "--groups", "2"]
LUNCH = ["--lunch", "60", "--lunch-from", "11:30", "--lunch-to", "14:00"]
VISIT_DAY = VisitDay(0, 0, 9 * 60, 17 * 60, 2, Lunch(11 * 60 + 30, 14 * 60, 60))


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def sheets_of(path: Path) -> dict[str, list[dict[str, object]]]:
    """Every sheet of a workbook as rows of {column: value}."""
    book = load_workbook(path, read_only=True)
    found: dict[str, list[dict[str, object]]] = {}
    for sheet in book.worksheets:
        header, *rows = list(sheet.iter_rows(values_only=True))
        names = [str(name) for name in header]
        found[sheet.title] = [dict(zip(names, row, strict=True)) for row in rows]
    book.close()
    return found


def plan_of(sheets: dict[str, list[dict[str, object]]]) -> VisitPlan:
    """The plan as the workbook states it (the total is recomputed by the test)."""
    groups = sorted({int(str(r["group"])) for r in sheets["Groups"]} | {
        int(str(r["group"])) for r in sheets["Route"]})  # fmt: skip
    plans = []
    for g in groups:
        route = [r for r in sheets["Route"] if r["group"] == g]
        visits = tuple(
            Visit(g, str(r["host"]), minutes(str(r["arrive"])), minutes(str(r["start"])),
                  minutes(str(r["end"])))
            for r in route if r["stop"] == "visit"
        )  # fmt: skip
        lunch = [(minutes(str(r["start"])), minutes(str(r["end"])))
                 for r in route if r["stop"] == "lunch"]  # fmt: skip
        members = tuple(str(r["member"]) for r in sheets["Groups"] if r["group"] == g)
        interpreter = {str(r["interpreter"] or "") for r in sheets["Groups"] if r["group"] == g}
        plans.append(GroupPlan(g, members, next(iter(interpreter), "") or None, visits,
                               lunch[0] if lunch else None))  # fmt: skip
    return VisitPlan(tuple(plans), 0.0)


def the_problem(tmp: Path, travel: Travel, interpreters: Path | None = None) -> VisitProblem:
    """The problem the command solved, built again from its files."""
    files = read_visit_files(
        tmp / "members.csv", tmp / "hosts.xlsx", travel_path=travel.path,
        interpreters_path=interpreters, hotel=travel.hotel,
    )  # fmt: skip
    relevance = visit_relevance([m.firm for m in files.members], [h.profile for h in files.hosts])
    return _problem(files, relevance, VISIT_DAY)


@dataclass(frozen=True)
class Run:
    exit_code: int
    output: str
    sheets: dict[str, list[dict[str, object]]]
    problem: VisitProblem


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The small day (5 members, 6 hosts with coordinates, 2 groups, lunch, one
    interpreter), hosts from an XLSX file, planned in 1 s."""
    tmp = tmp_path_factory.mktemp("visits")
    write_csv(tmp / "members.csv", MEMBERS)
    write_xlsx(tmp / "hosts.xlsx", HOSTS)
    interpreters = write_csv(tmp / "interpreters.csv", [["id", "languages"], ["olga", "ru;de"]])
    out = tmp / "visits.xlsx"
    args = ["visits", str(tmp / "members.csv"), str(tmp / "hosts.xlsx"), *DAY, *LUNCH,
            "--hotel", "52.13,11.62", "--interpreters", str(interpreters),
            "--time-limit", "1", "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    sheets = sheets_of(out) if out.exists() else {}
    travel = Travel(None, Site(52.13, 11.62), 50.0, 1.3)
    return Run(result.exit_code, result.output, sheets, the_problem(tmp, travel, interpreters))


def test_the_day_is_planned_into_three_sheets(planned: Run) -> None:
    assert planned.exit_code == 0, planned.output
    assert list(planned.sheets) == ["Route", "Groups", "Summary"]
    assert list(planned.sheets["Route"][0]) == [
        "group", "order", "stop", "host", "host_name", "arrive", "start", "end", "relevance",
    ]  # fmt: skip
    assert list(planned.sheets["Groups"][0]) == [
        "group", "member", "name", "firm", "languages", "interpreter",
    ]  # fmt: skip
    assert "Planned 2 group(s) visiting" in planned.output


def test_every_member_is_in_exactly_one_of_the_groups(planned: Run) -> None:
    rows = planned.sheets["Groups"]
    assert Counter(str(r["member"]) for r in rows) == Counter(row[0] for row in MEMBERS[1:])
    assert {r["group"] for r in rows} <= {1, 2}
    firms = {str(r["member"]): r["firm"] for r in rows}
    assert firms["m2"] == "Сибирский титан"


def test_the_plan_read_back_passes_the_verifier(planned: Run) -> None:
    """Windows, travel, lunch, capacity and the day: the verifier checks them all on the
    plan as the workbook states it."""
    plan = plan_of(planned.sheets)
    assert sum(len(g.visits) for g in plan.groups) >= 3
    total = recomputed_total(planned.problem, plan)
    stated = VisitPlan(plan.groups, total)
    assert visit_violations(planned.problem, stated) == []
    summary = {str(r["figure"]): r["value"] for r in planned.sheets["Summary"]}
    assert summary["relevance total"] == pytest.approx(total, abs=1e-3)


def test_the_summary_gives_totals_and_group_figures(planned: Run) -> None:
    summary = {str(r["figure"]): r["value"] for r in planned.sheets["Summary"]}
    assert summary["day"] == "2027-04-23"
    assert float(str(summary["relevance total"])) >= float(str(summary["baseline relevance total"]))
    groups = sum(float(str(summary[f"group {g} relevance"])) for g in (1, 2))
    assert groups == pytest.approx(float(str(summary["relevance total"])), abs=1e-2)
    assert summary["travel minutes"] == "from coordinates at 50 km/h, detour 1.3"


def test_each_route_ends_back_at_the_hotel_by_the_close(planned: Run) -> None:
    backs = [r for r in planned.sheets["Route"] if r["stop"] == "back"]
    assert len(backs) == 2
    assert all(minutes(str(r["arrive"])) <= 17 * 60 for r in backs)


def test_a_travel_file_replaces_coordinates_and_csv_output_is_three_files(
    tmp_path: Path,
) -> None:
    hosts = [[c for c, name in zip(row, HOSTS[0], strict=True) if name not in ("lat", "lon")]
             for row in HOSTS]  # fmt: skip
    write_csv(tmp_path / "members.csv", MEMBERS)
    write_xlsx(tmp_path / "hosts.xlsx", hosts)
    travel = write_csv(tmp_path / "travel.csv", travel_rows(minutes=25))
    out = tmp_path / "visits.csv"
    args = ["visits", str(tmp_path / "members.csv"), str(tmp_path / "hosts.xlsx"), *DAY,
            *LUNCH, "--travel", str(travel), "--time-limit", "1", "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.glob("visits*.csv"))
    assert written == ["visits.csv", "visits.groups.csv", "visits.summary.csv"]
    sheets: dict[str, list[dict[str, object]]] = {}
    for name, path in (("Route", out), ("Groups", tmp_path / "visits.groups.csv"),
                       ("Summary", tmp_path / "visits.summary.csv")):  # fmt: skip
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = [{k: (int(v) if v.isdigit() else v or None) for k, v in r.items()}
                    for r in csv.DictReader(f)]  # fmt: skip
        sheets[name] = [dict[str, object](r) for r in rows]
    plan = plan_of(sheets)
    problem = the_problem(tmp_path, Travel(travel, None, 50.0, 1.3))
    assert problem.travel[0][1] == 25
    assert visit_violations(problem, VisitPlan(plan.groups, recomputed_total(problem, plan))) == []
    first = [v for g in plan.groups for v in g.visits[:1]]
    assert first
    assert all(v.arrive >= 9 * 60 + 25 for v in first)  # 25 minutes from the hotel
    summary = {r["figure"]: r["value"] for r in sheets["Summary"]}
    assert summary["travel minutes"] == "travel file travel.csv"


def run_bad(tmp: Path, *, hosts: list[list[str]] = HOSTS, members: list[list[str]] = MEMBERS,
            travel: list[list[str]] | None = None, extra: tuple[str, ...] = (
                "--hotel", "52.13,11.62")) -> tuple[int, str, Path]:  # fmt: skip
    """Run the command on files that may be bad: exit status, output, the output path."""
    write_csv(tmp / "members.csv", members)
    write_csv(tmp / "hosts.csv", hosts)
    args = ["visits", str(tmp / "members.csv"), str(tmp / "hosts.csv"), *DAY, *LUNCH,
            "--time-limit", "1", *extra]  # fmt: skip
    if travel is not None:
        args += ["--travel", str(write_csv(tmp / "travel.csv", travel))]
    out = tmp / "visits.xlsx"
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    return result.exit_code, result.output, out


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    hosts = [[c for c, name in zip(row, HOSTS[0], strict=True) if name != "capacity"]
             for row in HOSTS]  # fmt: skip
    code, output, out = run_bad(tmp_path, hosts=hosts)
    assert code == 2
    assert "error: hosts.csv, row 1: required column 'capacity' is missing" in output
    assert not out.exists()


def test_a_bad_window_is_named_with_row_and_column(tmp_path: Path) -> None:
    hosts = replaced(replaced(HOSTS, 3, "windows", "9-12"), 4, "windows", "16:00-10:00")
    code, output, out = run_bad(tmp_path, hosts=hosts)
    assert code == 2
    assert "hosts.csv, row 3, column 'windows': '9' is not a time of the form HH:MM" in output
    assert "hosts.csv, row 4, column 'windows': '16:00-10:00' ends before it starts" in output
    assert not out.exists()


def test_a_bad_number_is_named_with_row_and_column(tmp_path: Path) -> None:
    hosts = replaced(replaced(HOSTS, 2, "capacity", "vier"), 5, "duration", "45.5")
    code, output, _ = run_bad(tmp_path, hosts=hosts)
    assert code == 2
    assert ("hosts.csv, row 2, column 'capacity': 'vier' is not a whole number of visitors "
            "(1 or more)") in output  # fmt: skip
    assert ("hosts.csv, row 5, column 'duration': '45.5' is not a whole number of minutes "
            "(1 or more)") in output  # fmt: skip


def test_an_unknown_site_in_the_travel_file_is_named(tmp_path: Path) -> None:
    travel = replaced(replaced(travel_rows(), 3, "from", "h9"), 1, "h6", "H6")
    code, output, out = run_bad(tmp_path, travel=travel, extra=())
    assert code == 2
    assert ("travel.csv, row 3, column 'from': 'h9' is neither 'hotel' nor a host of the day"
            in output)  # fmt: skip
    assert "travel.csv, row 1, column 'H6': 'H6' is neither 'hotel' nor a host of the day" in output
    assert "travel.csv, column 'from': no row for site 'h1'" in output
    assert "travel.csv, row 1: no column for site 'h6'" in output
    assert not out.exists()


def test_hosts_without_coordinates_and_no_travel_file_are_named(tmp_path: Path) -> None:
    hosts = replaced(replaced(HOSTS, 3, "lat", ""), 3, "lon", "")
    code, output, _ = run_bad(tmp_path, hosts=hosts)
    assert code == 2
    assert ("hosts.csv, row 3, column 'lat': no coordinates; give lat and lon for every host, "
            "or a travel file (--travel)") in output  # fmt: skip


def test_neither_a_hotel_nor_a_travel_file_is_a_usage_error(tmp_path: Path) -> None:
    code, output, _ = run_bad(tmp_path, extra=())
    assert code == 2
    assert "travel times need either --travel TRAVEL.csv or the hotel's coordinates" in output


def test_problems_of_several_files_are_listed_together(tmp_path: Path) -> None:
    members = replaced(MEMBERS, 3, "request", "Другой текст")
    hosts = replaced(HOSTS, 6, "lat", "north")
    code, output, _ = run_bad(tmp_path, hosts=hosts, members=members)
    assert code == 2
    assert ("members.csv, row 3, column 'request': differs from row 2 for the same firm "
            "'Сибирский титан'; repeat it or leave it empty") in output  # fmt: skip
    assert "hosts.csv, row 6, column 'lat': 'north' is not a latitude" in output


def test_a_lunch_that_does_not_fit_is_refused_clearly(tmp_path: Path) -> None:
    code, output, out = run_bad(
        tmp_path, extra=("--hotel", "52.13,11.62", "--lunch", "90", "--lunch-to", "12:30")
    )
    assert code == 2
    assert "the day cannot be planned: the lunch window must hold the lunch break" in output
    assert not out.exists()


def test_the_job_refuses_a_day_too_short_to_come_back(tmp_path: Path) -> None:
    """A day whose lunch does not fit between leaving and closing: a ValueError the
    command turns into a usage error."""
    write_csv(tmp_path / "members.csv", MEMBERS)
    write_csv(tmp_path / "hosts.csv", HOSTS)
    travel = write_csv(tmp_path / "travel.csv", travel_rows())
    short = [row if row[0] != "hotel" else [row[0], "600", *row[2:]] for row in travel_rows()]
    write_csv(travel, short)
    day = VisitDay(0, 0, 9 * 60, 10 * 60, 1)
    with pytest.raises(ValueError, match="too short"):
        visits_file(
            tmp_path / "members.csv", tmp_path / "hosts.csv", tmp_path / "out.xlsx", day=day,
            date_label="2027-04-23", travel=Travel(travel, None, 50, 1.3), semantic=False,
        )  # fmt: skip
    assert not (tmp_path / "out.xlsx").exists()
