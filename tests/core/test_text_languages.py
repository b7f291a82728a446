"""Text preparation for Ukrainian, Polish and Korean beside German, English and Russian:
detection on short items, stems that let inflected forms meet, Korean particles, items and cues."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from matchmaker.core.text.analysis import LANGUAGES, detect_language, split_items, stems, strip_cues
from matchmaker.core.text.korean import strip_particle
from matchmaker.core.text.lexical import fit_lexical

CORPUS = Path(__file__).resolve().parents[1] / "data" / "language_items.tsv"


def corpus() -> list[tuple[str, str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return [(language, item) for language, item in rows]


def test_short_items_are_told_apart_in_six_languages() -> None:
    rows = corpus()
    assert len(rows) >= 300
    assert {language for language, _ in rows} == set(LANGUAGES)
    confusion = Counter((language, detect_language(item)) for language, item in rows)
    print("\nwritten \\ detected " + " ".join(f"{c:>4}" for c in LANGUAGES))
    for written in LANGUAGES:
        print(f"{written:>18} " + " ".join(f"{confusion[written, c]:>4}" for c in LANGUAGES))
    right = sum(n for (written, found), n in confusion.items() if written == found)
    assert right / len(rows) >= 0.97
    for language in LANGUAGES:
        total = sum(n for (written, _), n in confusion.items() if written == language)
        assert confusion[language, language] / total >= 0.95, language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Токарна обробка деталей", "uk"),  # no і ї є ґ: told by "обробка"
        ("Контрактне виробництво", "uk"),
        ("Зварювання та фарбування", "uk"),
        ("Пакувальне обладнання", "uk"),
        ("Поставщики металла", "ru"),
        ("Контрактное производство", "ru"),
        ("Konstrukcje stalowe", "pl"),  # no ą ć ę ł ń ó ś ź ż
        ("Produkcja mebli", "pl"),
        ("Powder coating", "en"),
        ("Drehteile", "de"),
        ("화장품 OEM", "ko"),
        ("PLC 프로그래밍", "ko"),
        ("9001", "de"),  # no letters: the fairs' default
        ("Wir liefern Fenster nach Wrocław und Łódź und suchen dort Händler.", "de"),
        ("We supply windows to Wrocław and Łódź and are looking for dealers.", "en"),
        ("Dostarczamy okna do Aachen i Düsseldorf, szukamy dystrybutorów.", "pl"),
        ("ТОВ «Львівські вікна», Grade 5", "uk"),
        ("ТОВ Укрметал: металообробка", "uk"),
    ],
)
def test_hard_short_items(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "forms",
    [
        ("металоконструкції", "металоконструкцій", "металоконструкція"),
        ("обробка", "обробки", "обробці", "обробку"),  # к -> ц undone by the lemma
        ("постачальник", "постачальників", "постачальникам"),
        ("пластикові", "пластикових", "пластиковий"),
        ("зварювання", "зварюванням", "зварюванні"),
        ("konstrukcje", "konstrukcji", "konstrukcjami"),
        ("stalowe", "stalowych", "stalowymi"),
        ("odlewy", "odlewów", "odlewami"),
        ("maszyny", "maszyn", "maszynach"),
        ("dostawca", "dostawców", "dostawcy"),
    ],
)
def test_inflected_forms_meet(forms: tuple[str, ...]) -> None:
    language = "pl" if forms[0].isascii() or "ó" in forms[0] else "uk"
    assert len({tuple(stems(form, language)) for form in forms}) == 1, [
        stems(f, language) for f in forms
    ]


def test_ukrainian_and_polish_stop_words_go() -> None:
    assert stems("Ми шукаємо партнера для виробництва та збуту", "uk")[0] != "ми"
    assert "та" not in stems("Ми шукаємо партнера для виробництва та збуту", "uk")
    assert stems("Szukamy partnera do produkcji oraz sprzedaży", "pl")[1:] == [
        "partner",
        "produkcj",
        "sprzedaż",
    ]


@pytest.mark.parametrize(
    ("word", "stripped"),
    [
        ("금형을", "금형"),
        ("부품의", "부품"),
        ("공급업체를", "공급업체"),
        ("제작합니다", "제작"),
        ("생산라인에서", "생산라인"),
        ("농기계용", "농기계"),
        ("회로", "회로"),  # two syllables stay: 로 is part of the word
        ("국가", "국가"),
    ],
)
def test_korean_particles_are_stripped(word: str, stripped: str) -> None:
    assert strip_particle(word) == stripped


def test_korean_phrases_that_say_the_same_meet() -> None:
    assert {"프레", "레스", "금형", "제작"} <= set(stems("프레스금형을 제작합니다"))
    assert {"프레", "레스", "금형", "제작"} <= set(stems("프레스 금형 제작"))
    texts = ["프레스 금형 제작", "프레스금형을 제작합니다", "식품 포장재를 생산합니다", "진공 펌프"]
    lexical = fit_lexical(texts, ["ko"] * 4, word_weight=0.6)
    similar = (lexical @ lexical.T).toarray()
    assert similar[0, 1] > 0.5
    assert similar[0, 1] > 3 * max(similar[0, 2], similar[0, 3])


def test_korean_twins_find_each_other_among_forty_pairs() -> None:
    lines = (CORPUS.parent / "korean_pairs.tsv").read_text(encoding="utf-8").splitlines()
    texts = [t for line in lines if line and not line.startswith("#") for t in line.split("\t")]
    lexical = fit_lexical(texts, [None] * len(texts), word_weight=0.6)
    similar = (lexical @ lexical.T).toarray()
    np.fill_diagonal(similar, -1)
    twin = np.arange(len(texts)) ^ 1
    ranks = 1 + (similar > similar[np.arange(len(texts)), twin][:, None]).sum(axis=1)
    print(f"\nKorean twins: MRR {np.mean(1 / ranks):.3f}, first {np.mean(ranks == 1):.3f}")
    assert len(texts) == 80
    assert np.mean(1 / ranks) >= 0.95  # whole words as before: 0.77


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Лазерне різання, гнуття та зварювання металу і фарбування",
            ["Лазерне різання", "гнуття", "зварювання металу", "фарбування"],
        ),
        ("Обробка алюмінію й сталі", ["Обробка алюмінію", "сталі"]),
        ("Toczenie, frezowanie oraz szlifowanie i spawanie",
         ["Toczenie", "frezowanie", "szlifowanie", "spawanie"]),
        ("Odlewy lub odkuwki, a także obróbka", ["Odlewy", "odkuwki", "obróbka"]),
        ("Medizinprodukte der Klasse I", ["Medizinprodukte der Klasse I"]),  # no Polish "i"
        ("Class I and II devices", ["Class I", "II devices"]),
        ("Castings, forgings, and machining", ["Castings", "forgings", "machining"]),
        ("금형과 부품 및 도금, 물류와 창고 보관", ["금형", "부품", "도금", "물류", "창고 보관"]),
        ("연구 결과 분석, 효과 검증", ["연구 결과 분석", "효과 검증"]),  # 과 of a word stays
    ],
)  # fmt: skip
def test_items_split_at_the_lists_of_each_language(text: str, items: list[str]) -> None:
    assert split_items(text) == items


def test_new_item_breaks_are_linear_on_long_runs() -> None:
    # A quadratic pattern would take minutes here (cf. test_input_boundary).
    assert split_items("금형" + " " * 50_000 + "및" + " " * 50_000 + "부품") == ["금형", "부품"]
    assert split_items("금형" * 25_000 + "과" + " " * 50_000 + "x") == ["금형" * 25_000]
    long = "부품" + " " * 50_000 + "을 제공합니다 "
    assert strip_cues(long + "x") == long.strip() + " x"


@pytest.mark.parametrize(
    ("item", "core"),
    [
        ("Пропонуємо гнуття труб", "гнуття труб"),
        ("Шукаємо постачальників виливків", "виливків"),
        ("Ми виготовляємо металоконструкції", "металоконструкції"),
        ("Виготовлення прес-форм", "прес-форм"),
        ("Oferujemy gięcie rur", "gięcie rur"),
        ("Poszukujemy dostawców odlewów", "odlewów"),
        ("Szukamy partnera do produkcji seryjnej", "produkcji seryjnej"),
        ("Szukamy partnera handlowego w Korei", "partnera handlowego w Korei"),
        ("파이프 벤딩을 제공합니다", "파이프 벤딩"),
        ("주물 공급업체를 찾고 있습니다", "주물"),
        ("저희는 유압 실린더를 생산합니다", "유압 실린더"),
        ("목재 펠릿 구매자", "목재 펠릿"),
        ("분체 도장이 필요합니다.", "분체 도장"),
        ("위탁 생산", "위탁 생산"),  # a noun at the end is what is offered
        ("Konstrukcje stalowe", "Konstrukcje stalowe"),
    ],
)
def test_list_openers_are_stripped_in_the_new_languages(item: str, core: str) -> None:
    assert strip_cues(item) == core


def test_language_codes_keep_their_places() -> None:
    # Stored codes index LANGUAGES: the first three may never move.
    assert LANGUAGES[:3] == ("de", "en", "ru")
    assert set(LANGUAGES) == {"de", "en", "ru", "uk", "pl", "ko"}
    assert np.unique([detect_language(t) for _, t in corpus()]).tolist() == sorted(LANGUAGES)
