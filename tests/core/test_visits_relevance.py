"""The relevance of hosts to the delegation's members comes from the matching core: a host
whose offer answers what a member's firm seeks is more relevant than an unrelated host, across
German and Russian; members of one firm share its row; nothing is negative."""

from __future__ import annotations

import pytest

from matchmaker.core import visit_relevance
from matchmaker.core.matching.semantic import default_readings
from matchmaker.core.types import Profile

# Firms of the delegation (Russian texts) and hosts (German texts).
TITAN = Profile(
    id="ru-titan",
    name="ООО Сибирский титан",
    offer="Поковки и прутки из титановых сплавов для машиностроения.",
    request="Ищем поставщика станков с ЧПУ для фрезерной обработки металла.",
)
DAIRY = Profile(
    id="ru-milk",
    name="Омский молочный завод",
    offer="Молоко, сыр и масло из Сибири.",
    request="Ищем оборудование для упаковки молочных продуктов и розлива молока.",
)
CNC = Profile(
    id="de-cnc",
    name="Börde CNC GmbH",
    offer="Wir bauen CNC-Fräsmaschinen und Bearbeitungszentren für die Metallbearbeitung.",
    request="Wir suchen Lieferanten von Titanlegierungen und Schmiedeteilen.",
)
PACKAGING = Profile(
    id="de-pack",
    name="Elbe Verpackung AG",
    offer="Abfüllanlagen und Verpackungsmaschinen für Milch und Molkereiprodukte.",
    request="Wir suchen Vertriebspartner für Molkereitechnik in Osteuropa.",
)
FLOWERS = Profile(
    id="de-flowers",
    name="Blumen Schmidt",
    offer="Schnittblumen und Topfpflanzen für Hochzeiten und Feiern.",
    request="Wir suchen Gärtnereien, die Rosen liefern.",
)
HOSTS = (CNC, PACKAGING, FLOWERS)


def test_a_host_that_answers_the_firms_request_is_more_relevant() -> None:
    """Russian requests against German offers: the multilingual encoders read both."""
    if not default_readings():
        pytest.skip("no multilingual sentence encoder installed")
    # Two members of the titanium firm, one of the dairy.
    titan, dairy, titan_again = visit_relevance([TITAN, DAIRY, TITAN], HOSTS)
    assert titan == titan_again
    assert titan[0] > titan[2]  # the CNC maker answers the titanium firm, the florist does not
    assert titan[0] > titan[1]
    assert dairy[1] > dairy[2]  # the packaging maker answers the dairy
    assert dairy[1] > dairy[0]


def test_tf_idf_alone_ranks_texts_in_one_language() -> None:
    """Without encoders (`--no-semantic`) the same judgement holds within one language."""
    firm = Profile(
        id="de-titan",
        offer="Schmiedeteile und Stangen aus Titanlegierungen.",
        request="Wir suchen CNC-Fräsmaschinen für die Metallbearbeitung.",
    )
    (row,) = visit_relevance([firm], HOSTS, readings=())
    assert row[0] > row[2]


def test_relevance_is_a_matrix_of_non_negative_floats() -> None:
    relevance = visit_relevance([TITAN, DAIRY], HOSTS, readings=())
    assert len(relevance) == 2
    assert all(len(row) == len(HOSTS) for row in relevance)
    assert all(value >= 0 for row in relevance for value in row)


def test_a_firm_and_a_host_may_share_an_id() -> None:
    """Ids come from two different files; the same id is no reason to fail."""
    same = Profile(id="1", offer=CNC.offer, request=CNC.request)
    firm = Profile(id="1", offer=TITAN.offer, request=TITAN.request)
    assert len(visit_relevance([firm], [same, FLOWERS], readings=())[0]) == 2


def test_an_empty_side_gives_zeros() -> None:
    assert visit_relevance([TITAN, DAIRY], [], readings=()) == ((), ())
    assert visit_relevance([], HOSTS, readings=()) == ()


def test_two_different_firms_under_one_id_are_refused() -> None:
    with pytest.raises(ValueError, match="share the id"):
        visit_relevance([TITAN, Profile(id=TITAN.id, offer="x")], HOSTS, readings=())
