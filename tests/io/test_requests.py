"""The requests file: a pair asked both ways is one mutual wish; conflicts are refused."""

from __future__ import annotations

import csv
from datetime import time
from pathlib import Path

import pytest

from matchmaker.io.errors import InputFileError
from matchmaker.io.requests import read_requests


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_a_pair_asked_both_ways_is_one_mutual_wish_with_the_higher_priority(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "requests.csv",
        [
            ["from_id", "to_id", "priority", "earliest", "latest"],
            ["A", "B", "1", "10:00", "12:00"],
            ["B", "A", "3", "10:00", "12:00"],
            ["A", "C", "", "", ""],
            ["A", "C", "2", "", ""],  # the same direction twice: not mutual
        ],
    )
    wishes = {w.pair: w for w in read_requests(path, {"A", "B", "C"})}
    ab = wishes[frozenset("AB")]
    assert (ab.priority, ab.mutual, ab.earliest, ab.latest) == (3, True, time(10), time(12))
    ac = wishes[frozenset("AC")]
    assert (ac.priority, ac.mutual) == (2, False)


def test_two_rows_of_a_pair_with_different_windows_are_refused(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "requests.csv",
        [["from_id", "to_id", "earliest"], ["A", "B", "10:00"], ["B", "A", "11:00"]],
    )
    with pytest.raises(InputFileError) as caught:
        read_requests(path, {"A", "B"})
    assert str(caught.value) == (
        "requests.csv, row 3, column 'earliest': the pair B-A is also asked for in row 2 with "
        "another time window; give both rows the same one"
    )


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "requests.csv", [["from_id"], ["A"]])
    with pytest.raises(InputFileError, match="to_id"):
        read_requests(path, {"A"})
