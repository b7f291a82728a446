"""Reasons quote whole phrases of the firms' texts and name no pair that meets only on a
code family or a generic word (walk 17b: "изготовленных по ISO 13485", "naprawy narzędzi",
"Stanzbiegeteile vom Band (0,2–4 mm): Stahl", "ISO 9606" against "ISO 9001")."""

from __future__ import annotations

from matchmaker.core.matching.evidence import Evidence
from matchmaker.core.matching.phrases import quoted_items
from matchmaker.core.matching.shared_terms import only_generic
from matchmaker.core.text.analysis import split_items
from matchmaker.core.types import Profile

OMSK_MED = (  # the Omsk medical firm's request in the Barleben demo
    "Ищем поставщиков прецизионных деталей и заготовок имплантатов, изготовленных по ISO "
    "13485; технологии пассивации и контроля качества; партнёров для выхода на рынок ЕС."
)
STOLBERG = (  # the Aachen demo's stamping firm's offer
    "Stanzteile und Stanzbiegeteile vom Band (0,2–4 mm): Stahl, Edelstahl 1.4301, CuZn37, "
    "Aluminium; Pressen bis 400 t; Losgrößen ab 10.000 Stück; IATF 16949"
)
TAX = (
    "Steuerberatung für koreanische Tochtergesellschaften in Deutschland: GmbH-Gründung, "
    "Finanz- und Lohnbuchhaltung, Jahresabschluss, Verrechnungspreise, Reporting nach K-IFRS"
)


def test_a_participle_is_quoted_with_what_it_describes() -> None:
    quotes = dict(quoted_items(OMSK_MED, "ru"))
    assert quotes["изготовленных по ISO 13485"] == (
        "Ищем поставщиков прецизионных деталей и заготовок имплантатов, изготовленных по ISO 13485"
    )
    assert quotes["контроля качества"] == "технологии пассивации и контроля качества"
    polish = "Projektowanie wykrojników; serwis i naprawy narzędzi"
    assert dict(quoted_items(polish, "pl"))["naprawy narzędzi"] == "serwis i naprawy narzędzi"
    pierniki = (
        "Pierniki tradycyjne, w czekoladzie i nadziewane, katarzynki – także pod marką "
        "klienta (private label) oraz inne wyroby z ciasta"
    )
    assert dict(quoted_items(pierniki, "pl"))["w czekoladzie"] == (
        "Pierniki tradycyjne, w czekoladzie i nadziewane"
    )
    russian = "Литьё из серого и высокопрочного чугуна; корпуса насосов и арматуры."
    assert dict(quoted_items(russian, "ru"))["высокопрочного чугуна"] == (
        "Литьё из серого и высокопрочного чугуна"
    )


def test_a_heading_is_its_own_item_and_quoted_without_a_dangling_colon() -> None:
    assert split_items(STOLBERG)[:3] == [
        "Stanzteile",
        "Stanzbiegeteile vom Band (0,2–4 mm)",
        "Stahl",
    ]
    quotes = dict(quoted_items(STOLBERG, "de"))
    assert quotes["Stanzteile"] == quotes["Stahl"] == STOLBERG.split(";")[0]
    assert not any(q.endswith(":") for q in quotes.values())
    # a long list: each entry led by its heading
    assert dict(quoted_items(TAX, "de"))["Jahresabschluss"] == (
        "Steuerberatung für koreanische Tochtergesellschaften in Deutschland: Jahresabschluss"
    )
    # an opener with a colon is no heading
    assert split_items("Gesucht: Brückenkrane, Türen") == ["Gesucht: Brückenkrane", "Türen"]


def test_half_a_sentence_is_quoted_as_the_sentence() -> None:
    text = (
        "Unser eigener Werkzeugbau ist mit Wartung und Änderungen voll ausgelastet, neue "
        "Werkzeuge müssen wir zukaufen."
    )
    assert dict(quoted_items(text, "de"))["Änderungen voll ausgelastet"] == text.rstrip(".")


def test_different_codes_or_a_generic_word_are_no_evidence() -> None:
    languages = ("ru", "de")
    assert only_generic(
        "обучение сварщиков по ISO 9606", "zertifiziert nach ISO 9001", languages, 0.4
    )
    assert not only_generic(
        "обучение сварщиков по ISO 9606", "Prüfungen nach ISO 9606", languages, 0.4
    )
    assert not only_generic("сертификация по EN 1090", "Stahlbau nach EN 1090 EXC2", languages, 0.3)
    export = ("de", "ru")
    assert only_generic(
        "Abnehmer für Braugerste im Export", "льняное масло на экспорт", export, 0.53
    )
    assert not only_generic("Abnehmer für Braugerste im Export", "экспорт зерна", export, 0.64)
    assert not only_generic("Edelstahlrohre", "Rohre aus Edelstahl", ("de", "de"), 0.1)


def test_a_pair_on_a_shared_code_family_alone_is_passed_over() -> None:
    """Without an encoder, "ISO" alone made "обучение сварщиков по ISO 9606" the evidence for
    a firm certified to ISO 9001; the pair that names the same code is chosen instead."""
    firms = [
        Profile(
            id="omsk", name="omsk", offer="Ремонт насосов", request="обучение сварщиков по ISO 9606"
        ),
        Profile(id="lab", name="lab", offer="zertifiziert nach ISO 9001", request="Aufträge"),
        Profile(
            id="school",
            name="school",
            offer="zertifiziert nach ISO 9001; Prüfungen nach ISO 9606",
            request="Schweißer",
        ),
    ]
    evidence = Evidence().fit(firms)
    assert evidence.best("omsk", "lab") is None
    pair = evidence.best("omsk", "school")
    assert pair is not None
    assert "ISO 9606" in pair.offer
