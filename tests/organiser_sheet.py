"""The organiser's spreadsheet of the browser journey (tests/e2e/test_browser_organiser.py): ten
German and Russian firms as a German office keeps them, German headers, no id column."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

LATE = "Getreidemühle Hadmersleben GmbH"  # the firm that arrives late on the fair day
HEADERS = ("Firma", "Ansprechpartner", "E-Mail", "Land", "Angebot", "Gesuch", "Branche", "Gruppe")
FIRMS = (
    (LATE, "Anna Schulz", "anna@muehle-hadmersleben.example", "Deutschland",
     "Mehl, Schrot und Backmischungen aus Börde-Weizen",
     "Abnehmer für Mehl und Backmischungen in Sibirien", "Lebensmittel", "Börde"),
    ("Börde Backwaren KG", "Jens Krüger", "jens@boerde-backwaren.example", "Deutschland",
     "Dauerbackwaren und Knäckebrot für den Export", "Getreide und Saaten aus Sibirien",
     "Lebensmittel", "Börde"),
    ("Magdeburger Molkerei eG", "Petra Wolf", "wolf@molkerei-md.example", "Deutschland",
     "Käse und Milchpulver, Anlagen zur Milchverarbeitung",
     "Vertriebspartner für Käse in Russland", "Lebensmittel", "Börde"),
    ("Elbe Landtechnik GmbH", "Uwe Brandt", "brandt@elbe-landtechnik.example", "Deutschland",
     "Landmaschinen: Mähdrescher-Ersatzteile, Sämaschinen", "Händler für Landtechnik in Omsk",
     "Maschinenbau", "Börde"),
    ("Ostfalen Fördertechnik GmbH", "Sabine Roth", "roth@ostfalen-foerder.example",
     "Deutschland", "Förderanlagen und Silotechnik für Getreide",
     "Getreidelager und Mühlen als Kunden", "Maschinenbau", "Börde"),
    ("АО «Агрохолдинг Иртыш»", "Сергей Волков", "volkov@irtysh-agro.example", "Россия",
     "Пшеница и ячмень из Омской области, экспорт зерна", "Мукомольное оборудование и силосы",
     "Lebensmittel", "Delegation Omsk"),
    ("ООО «Омская мельница»", "Ольга Иванова", "ivanova@omsk-melnica.example", "Россия",
     "Мука и хлебопекарные смеси", "Поставщик пшеничной муки и смесей для выпечки из Германии",
     "Lebensmittel", "Delegation Omsk"),
    ("ООО «Сибирский сыр»", "Дмитрий Орлов", "orlov@sib-syr.example", "Россия",
     "Сеть магазинов молочных продуктов в Сибири", "Немецкий сыр и молочный порошок",
     "Lebensmittel", "Delegation Omsk"),
    ("ООО «Агротехника Омск»", "Николай Смирнов", "smirnov@agrotech-omsk.example", "Россия",
     "Дилер сельхозтехники в Омской области", "Запчасти для комбайнов и сеялки из Германии",
     "Maschinenbau", "Delegation Omsk"),
    ("ООО «Сибзернопром»", "Елена Козлова", "kozlova@sibzerno.example", "Россия",
     "Элеваторы и хранение зерна", "Конвейеры и силосное оборудование для зерна",
     "Maschinenbau", "Delegation Omsk"),
)  # fmt: skip


def write_sheet(path: Path) -> None:
    """The organiser's own list as Excel writes it: German headers, no id column."""

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for firm in FIRMS:
        sheet.append(firm)
    book.save(path)
