"""Reading the files of a day of company visits as staff keep them: members sharing their
firm's texts, hosts with windows and coordinates (decimal commas too), the travel matrix in
any order of sites; each fault a problem with file, row and column; plans written whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from matchmaker.core.visits.travel import Site
from matchmaker.core.visits.types import Window
from matchmaker.io.errors import InputFileError
from matchmaker.io.visit_files import read_hosts, read_members, read_travel
from matchmaker.io.visits import read_visit_files
from matchmaker.io.writers import Sheet, write_sheets
from tests.visit_day import HOSTS, MEMBERS, SITES, replaced, travel_rows, write_csv, write_xlsx

HOST_IDS = SITES[1:]


def problems(read: object, *args: object) -> list[str]:
    """The problems a reader raises, as the command line prints them."""
    assert callable(read)
    with pytest.raises(InputFileError) as caught:
        read(*args)
    return [str(p) for p in caught.value.problems]


def test_members_of_one_firm_share_its_texts(tmp_path: Path) -> None:
    members = read_members(write_xlsx(tmp_path / "members.xlsx", MEMBERS))
    assert [m.id for m in members] == ["m1", "m2", "m3", "m4", "m5"]
    first, second = members[0], members[1]
    assert second.firm == first.firm
    assert second.firm.request.startswith("Ищем станки")
    assert second.name == "Ольга Смирнова"
    assert members[2].languages == ("ru", "en")
    assert members[3].firm.request == members[2].firm.request  # the first row's text


def test_a_firm_text_may_come_from_a_later_row(tmp_path: Path) -> None:
    rows = replaced(replaced(MEMBERS, 2, "description", ""), 3, "description", "Seit 1990.")
    members = read_members(write_csv(tmp_path / "members.csv", rows))
    assert members[0].firm.description == "Seit 1990."


def test_member_faults_name_row_and_column(tmp_path: Path) -> None:
    rows = replaced(MEMBERS, 3, "offer", "Другое")
    rows = replaced(replaced(rows, 4, "id", "m1"), 5, "firm", "")
    rows = replaced(rows, 6, "languages", "russisch")
    found = problems(read_members, write_csv(tmp_path / "members.csv", rows))
    assert found == [
        "members.csv, row 3, column 'offer': differs from row 2 for the same firm "
        "'Сибирский титан'; repeat it or leave it empty",
        "members.csv, row 4, column 'id': id 'm1' is used again (first in row 2)",
        "members.csv, row 5, column 'firm': is empty; name the firm the member comes for",
        "members.csv, row 6, column 'languages': 'russisch' is not a two-letter ISO 639-1 code "
        "like de",
    ]


def test_members_need_an_id_and_a_firm_column(tmp_path: Path) -> None:
    rows = [[c for c, name in zip(row, MEMBERS[0], strict=True) if name != "firm"]
            for row in MEMBERS]  # fmt: skip
    found = problems(read_members, write_csv(tmp_path / "members.csv", rows))
    assert found == ["members.csv, row 1: required column 'firm' is missing"]


def test_hosts_with_windows_coordinates_and_texts(tmp_path: Path) -> None:
    rows = replaced(replaced(HOSTS, 2, "lat", "52,2"), 2, "lon", "11,55")
    hosts = read_hosts(write_csv(tmp_path / "hosts.csv", rows))
    assert [h.profile.id for h in hosts] == HOST_IDS
    first, second = hosts[0], hosts[1]
    assert first.windows == ()  # the whole day
    assert first.site == Site(52.2, 11.55)
    assert first.capacity == 4
    assert first.duration == 60
    assert first.profile.languages == ("de", "ru")
    assert first.profile.offer.startswith("CNC-Fräsmaschinen")
    assert second.windows == (Window(9 * 60, 12 * 60), Window(13 * 60, 17 * 60))


def test_host_faults_name_row_and_column(tmp_path: Path) -> None:
    rows = replaced(replaced(HOSTS, 2, "lon", ""), 3, "capacity", "0")
    rows = replaced(replaced(rows, 4, "windows", "10:00-10:30"), 5, "id", "h1")
    rows = replaced(replaced(rows, 6, "lat", "95"), 7, "windows", "9:00-11:00, 12:00-13:00")
    found = problems(read_hosts, write_csv(tmp_path / "hosts.csv", rows))
    assert found == [
        "hosts.csv, row 2, column 'lon': '' is not a longitude in degrees (-180 to 180)",
        "hosts.csv, row 3, column 'capacity': '0' is not a whole number of visitors (1 or more)",
        "hosts.csv, row 4, column 'windows': a visit of 60 minutes fits into none of these windows",
        "hosts.csv, row 5, column 'id': id 'h1' is used again (first in row 2)",
        "hosts.csv, row 6, column 'lat': '95' is not a latitude in degrees (-90 to 90)",
        "hosts.csv, row 7, column 'windows': '9:00-11:00, 12:00-13:00' is not a time range of "
        "the form HH:MM-HH:MM",
    ]


def test_the_travel_matrix_comes_in_the_order_of_the_hosts(tmp_path: Path) -> None:
    """Columns and rows in any order; an empty cell from a site to itself is 0."""
    order = ["h6", "hotel", "h3", "h1", "h2", "h5", "h4"]
    minutes = {(a, b): 0 if a == b else 10 * SITES.index(a) + SITES.index(b)
               for a in SITES for b in SITES}  # fmt: skip
    rows = [["", *order]] + [
        [a, *("" if a == b else str(minutes[a, b]) for b in order)] for a in reversed(order)
    ]
    matrix = read_travel(write_csv(tmp_path / "travel.csv", rows), HOST_IDS)
    assert matrix == tuple(tuple(minutes[a, b] for b in SITES) for a in SITES)


def test_travel_faults_name_row_and_column(tmp_path: Path) -> None:
    rows = replaced(replaced(travel_rows(), 2, "h1", "-5"), 3, "h2", "12.5")
    rows = replaced(rows, 4, "hotel", "")
    found = problems(read_travel, write_csv(tmp_path / "travel.csv", rows), HOST_IDS)
    assert found == [
        "travel.csv, row 2, column 'h1': '-5' is not a whole number of minutes (0 or more)",
        "travel.csv, row 3, column 'h2': '12.5' is not a whole number of minutes (0 or more)",
        "travel.csv, row 4, column 'hotel': '' is not a whole number of minutes (0 or more)",
    ]


def test_a_site_named_twice_in_the_travel_file_is_a_problem(tmp_path: Path) -> None:
    rows = [*travel_rows(), travel_rows()[2]]
    found = problems(read_travel, write_csv(tmp_path / "travel.csv", rows), HOST_IDS)
    assert found == ["travel.csv, row 9, column 'from': site 'h1' has a row already (row 3)"]


def test_a_host_called_hotel_cannot_be_told_from_the_hotel(tmp_path: Path) -> None:
    found = problems(
        read_travel, write_csv(tmp_path / "travel.csv", travel_rows()), ["hotel", "h2"]
    )
    assert len(found) == 1
    assert "a host is called 'hotel'" in found[0]


def test_the_problems_of_every_file_are_gathered(tmp_path: Path) -> None:
    members = write_csv(tmp_path / "members.csv", replaced(MEMBERS, 2, "id", ""))
    hosts = write_csv(tmp_path / "hosts.csv", replaced(HOSTS, 2, "duration", "lang"))
    interpreters = write_csv(tmp_path / "interpreters.csv", [["id", "languages"], ["x", "ru"]])
    with pytest.raises(InputFileError) as caught:
        read_visit_files(members, hosts, interpreters_path=interpreters, hotel=Site(52, 11))
    files = {p.file for p in caught.value.problems}
    assert files == {"members.csv", "hosts.csv", "interpreters.csv"}


def test_coordinates_give_the_travel_minutes_from_the_hotel(tmp_path: Path) -> None:
    members = write_csv(tmp_path / "members.csv", MEMBERS)
    hosts = write_csv(tmp_path / "hosts.csv", HOSTS)
    files = read_visit_files(members, hosts, hotel=Site(52.20, 11.55), speed_kmh=60, detour=1.0)
    assert len(files.travel) == 7
    assert files.travel[0][1] == 0  # h1 is at the hotel
    assert files.travel[1][4] > 0


def test_sheets_are_written_as_one_workbook_or_as_csv_files(tmp_path: Path) -> None:
    sheets: list[Sheet] = [
        ("Route", ["a"], [[1]]),
        ("Groups", ["b"], [["x"]]),
        ("Summary", ["c"], []),
    ]
    assert write_sheets(tmp_path / "plan.xlsx", sheets) == [tmp_path / "plan.xlsx"]
    written = write_sheets(tmp_path / "plan.csv", sheets)
    assert [p.name for p in written] == ["plan.csv", "plan.groups.csv", "plan.summary.csv"]
    assert (tmp_path / "plan.groups.csv").read_bytes() == "\ufeffb\r\nx\r\n".encode()


@pytest.mark.parametrize("name", ["plan.csv", "plan.xlsx"])
def test_a_failing_sheet_leaves_no_file_behind(tmp_path: Path, name: str) -> None:
    def rows_then_failure() -> Iterator[list[str]]:
        yield ["x"]
        raise RuntimeError("disk full")

    sheets: list[Sheet] = [("Route", ["a"], [[1]]), ("Groups", ["b"], rows_then_failure())]
    with pytest.raises(RuntimeError, match="disk full"):
        write_sheets(tmp_path / name, sheets)
    assert list(tmp_path.iterdir()) == []
