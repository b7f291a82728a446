"""Reasons for a few pairs of a large fair read only those firms' items (and a fixed sample of
the others for the fair's statistics), and name the same phrases as reading every firm."""

from __future__ import annotations

import pytest

from matchmaker.core.matching import evidence as evidence_module
from matchmaker.core.matching.evidence import Evidence
from matchmaker.core.types import Profile


def _fair() -> list[Profile]:
    fillers = [
        ("Backwaren und Feingebäck", "Mehl und Hefe"),
        ("Software für Arztpraxen", "Vertriebspartner in Polen"),
        ("Transport und Logistik", "Aufträge für Kühltransporte"),
        ("Гречневая крупа", "Упаковочные плёнки"),
        ("Holzfenster und Türen", "Beschläge aus Edelstahl"),
        ("Reinigung von Büros", "Aufträge in Aachen"),
    ]
    firms = [
        Profile(id=f"f{n}", name=f"f{n}", offer=f"{offer} {n}", request=request)
        for n, (offer, request) in enumerate(fillers * 3)
    ]
    firms.append(
        Profile(
            id="shop",
            name="shop",
            offer="CNC-Frästeile aus Edelstahl",
            request="Titanstangen nach ASTM F136; Schutzgas",
        )
    )
    firms.append(
        Profile(
            id="titan",
            name="titan",
            offer="Titanstangen nach ASTM F136 und Titanbleche",
            request="Frästeile für Implantate",
        )
    )
    return firms


def test_a_few_pairs_read_only_their_firms_and_a_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    fair = _fair()
    whole = Evidence().fit(fair)
    monkeypatch.setattr(evidence_module, "STATISTICS_SAMPLE", 5)
    few = Evidence().fit(fair, explain={"shop", "titan"})
    assert {"shop", "titan"} <= set(few.index_)
    assert len(few.index_) <= 5 + 2 < len(fair)  # not every firm's items were read
    assert few.best("shop", "titan") is not None
    assert few.best("shop", "titan").need == whole.best("shop", "titan").need  # type: ignore[union-attr]
    assert few.best("shop", "titan").offer == whole.best("shop", "titan").offer  # type: ignore[union-attr]
    with pytest.raises(KeyError):
        few.best("f1", "titan")  # a firm that was neither to explain nor sampled
    # As many firms to explain as the sample holds: they are the sample, no other is read.
    monkeypatch.setattr(evidence_module, "STATISTICS_SAMPLE", 2)
    assert set(Evidence().fit(fair, explain={"shop", "titan"}).index_) == {"shop", "titan"}
    # A fair no larger than the sample is read whole, whatever is to be explained.
    monkeypatch.setattr(evidence_module, "STATISTICS_SAMPLE", 2000)
    assert len(Evidence().fit(fair, explain={"shop"}).index_) == len(fair)


def test_item_texts_are_those_fit_encodes() -> None:
    fair = _fair()
    seen: list[str] = []

    class Recording:
        name, dimensions = "recording", 2

        def encode(self, texts: list[str]) -> object:
            import numpy as np

            seen.extend(texts)
            return np.ones((len(texts), 2), np.float32)

    from matchmaker.core.matching.semantic import Reading

    Evidence(Reading(Recording(), Recording())).fit(fair)  # type: ignore[arg-type]
    assert sorted(seen) == sorted(Evidence().texts(fair))
