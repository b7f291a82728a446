"""A small day of company visits as staff would write its files: five members of three
Omsk firms (Russian texts), six hosts in the Börde district (German texts) with coordinates,
and the travel minutes between them. Used by the tests of the files and of the command."""

from __future__ import annotations

import csv
from pathlib import Path

MEMBERS = [
    ["id", "name", "firm", "languages", "offer", "request", "description"],
    ["m1", "Иван Петров", "Сибирский титан", "ru;de",
     "Поковки и прутки из титановых сплавов.",
     "Ищем станки с ЧПУ для фрезерной обработки металла.", ""],
    ["m2", "Ольга Смирнова", "Сибирский титан", "ru", "", "", ""],
    ["m3", "Пётр Иванов", "Омский молочный завод", "ru;en",
     "Молоко, сыр и масло из Сибири.",
     "Ищем оборудование для упаковки и розлива молока.", ""],
    ["m4", "Анна Кузнецова", "Омский молочный завод", "ru",
     "Молоко, сыр и масло из Сибири.", "", ""],
    ["m5", "Сергей Волков", "Агро Омск", "ru;de",
     "Зерно и семена подсолнечника.",
     "Ищем сельскохозяйственную технику: тракторы и комбайны.", ""],
]  # fmt: skip

HOSTS = [
    ["id", "name", "offer", "request", "description", "languages", "lat", "lon", "capacity",
     "duration", "windows"],
    ["h1", "Börde CNC GmbH", "CNC-Fräsmaschinen und Bearbeitungszentren.",
     "Lieferanten von Titanlegierungen.", "", "de;ru", "52.20", "11.55", "4", "60", ""],
    ["h2", "Elbe Verpackung AG", "Abfüllanlagen und Verpackungsmaschinen für Milch.",
     "", "", "de;en", "52.15", "11.70", "3", "90", "09:00-12:00; 13:00-17:00"],
    ["h3", "Landtechnik Wanzleben", "Traktoren, Mähdrescher und Landmaschinen.",
     "Saatgut.", "", "de", "52.06", "11.44", "5", "60", "10:00-16:00"],
    ["h4", "Metallbau Barleben", "Schweißarbeiten und Stahlbau.",
     "Titan und Halbzeuge.", "", "de", "52.20", "11.62", "2", "45", "13:00-16:30"],
    ["h5", "Molkerei Haldensleben", "Käse und Butter.",
     "Milchpulver.", "", "de", "52.29", "11.41", "6", "60", "09:00-11:30"],
    ["h6", "Blumen Schmidt", "Schnittblumen und Topfpflanzen.",
     "Rosen.", "", "de", "52.10", "11.60", "10", "30", ""],
]  # fmt: skip

HOTEL = "52.13,11.62"
SITES = ["hotel", "h1", "h2", "h3", "h4", "h5", "h6"]


def travel_rows(minutes: int = 20) -> list[list[str]]:
    """A travel matrix of `minutes` between any two sites (0 on the diagonal)."""
    header = ["from", *SITES]
    return [header] + [[a, *("0" if a == b else str(minutes) for b in SITES)] for a in SITES]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def replaced(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    """The rows with one cell changed (`row` counts as a spreadsheet does: header = 1)."""
    changed = [list(r) for r in rows]
    changed[row - 1][rows[0].index(column)] = value
    return changed
