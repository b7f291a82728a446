"""The slot grid of the fair's day and which slots a firm is there for."""

from __future__ import annotations

from datetime import time

import pytest

from matchmaker.core.scheduling.slots import available_slot_numbers, build_slots
from matchmaker.core.timeparse import parse_time, parse_time_range
from matchmaker.core.types import Profile, SlotGrid, TimeRange


def hm(text: str) -> time:
    return parse_time(text)


def spans(grid: SlotGrid) -> list[str]:
    return [f"{s.start:%H:%M}-{s.end:%H:%M}" for s in build_slots(grid)]


def test_slots_follow_each_other_without_gaps() -> None:
    assert spans(SlotGrid(hm("09:00"), 25, 3)) == ["09:00-09:25", "09:25-09:50", "09:50-10:15"]


def test_a_slot_meeting_a_break_starts_after_it() -> None:
    grid = SlotGrid(hm("09:00"), 30, 4, (TimeRange(hm("10:15"), hm("11:00")),))
    assert spans(grid) == ["09:00-09:30", "09:30-10:00", "11:00-11:30", "11:30-12:00"]


def test_breaks_in_any_order_and_back_to_back() -> None:
    breaks = (TimeRange(hm("09:40"), hm("10:00")), TimeRange(hm("09:20"), hm("09:40")))
    assert spans(SlotGrid(hm("09:00"), 20, 2, breaks)) == ["09:00-09:20", "10:00-10:20"]


def test_numbers_start_at_one() -> None:
    assert [s.number for s in build_slots(SlotGrid(hm("08:00"), 15, 3))] == [1, 2, 3]


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        (SlotGrid(hm("09:00"), 0, 3), "positive"),
        (SlotGrid(hm("09:00"), 20, 0), "at least one slot"),
        (SlotGrid(hm("23:00"), 30, 3), "after midnight"),
        (
            SlotGrid(
                hm("09:00"),
                20,
                3,
                (TimeRange(hm("10:00"), hm("11:00")), TimeRange(hm("10:30"), hm("11:30"))),
            ),
            "overlap",
        ),
    ],
)
def test_unusable_grids_are_refused(grid: SlotGrid, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_slots(grid)


def test_time_range_must_end_after_start() -> None:
    with pytest.raises(ValueError, match="must end after it starts"):
        TimeRange(hm("10:00"), hm("10:00"))


def test_availability_follows_stay_and_unavailable_ranges() -> None:
    slots = build_slots(SlotGrid(hm("09:00"), 30, 6))  # 09:00 ... 12:00
    profile = Profile(
        id="x",
        available_from=hm("09:30"),
        available_to=hm("11:45"),
        unavailable=(TimeRange(hm("10:15"), hm("10:20")),),
    )
    # slot 1 starts before arrival; slot 3 (10:00-10:30) overlaps the away range;
    # slot 6 (11:30-12:00) ends after departure.
    assert available_slot_numbers(profile, slots) == {2, 4, 5}


def test_no_stay_bounds_means_the_whole_day() -> None:
    slots = build_slots(SlotGrid(hm("09:00"), 30, 4))
    assert available_slot_numbers(Profile(id="x"), slots) == {1, 2, 3, 4}


@pytest.mark.parametrize("text", ["9:05", "09.05", "09:05:00", " 09:05 "])
def test_times_in_spreadsheet_spellings(text: str) -> None:
    assert parse_time(text) == time(9, 5)


@pytest.mark.parametrize("text", ["9", "24:00", "09:60", "nine", ""])
def test_bad_times_are_named(text: str) -> None:
    with pytest.raises(ValueError, match="time"):
        parse_time(text)


def test_time_ranges() -> None:
    assert str(parse_time_range("12:00-13:00")) == "12:00-13:00"
    with pytest.raises(ValueError, match="HH:MM-HH:MM"):
        parse_time_range("12:00")
