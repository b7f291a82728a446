"""Synthetic cooperation fairs with known complementary partners, in German, English, Russian.

Each firm offers 2-3 items of its sector and seeks 2-3 items of its own or a related sector.
Across the host group and the delegation, mutual partners are planted (each seeks one thing the
other offers), and some firms get a competitor twin in the other group: the same offer, other
needs, a look-alike that a plain "profile similarity" ranks high although it is no partner.

Relevance of a pair is ground truth, not text: the number of complementary items, both ways,
`|seeks(a) & offers(b)| + |seeks(b) & offers(a)|`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.vocabulary import ITEMS, RELATED, SECTORS, Item
from matchmaker.core.types import Profile

HOST, DELEGATION = "Gastgeber", "Delegation"
BY_SECTOR: dict[str, list[Item]] = {}
for _item in ITEMS:
    BY_SECTOR.setdefault(_item.sector, []).append(_item)
BY_KEY = {item.key: item for item in ITEMS}

OFFER_TEMPLATES = {
    "de": ("Wir bieten {nom}.", "Unser Angebot: {nom}.",
           "Wir liefern {nom} in Klein- und Großserien.", "Im Programm: {nom} nach Kundenwunsch."),
    "en": ("We offer {nom}.", "Manufacturer and supplier of {nom}.",
           "Our portfolio includes {nom}.", "We provide {nom} for industrial customers."),
    "ru": ("Предлагаем {nom}.", "Производим {nom}.", "Поставка {gen}.",
           "Наше предложение: {nom}."),
}  # fmt: skip
REQUEST_TEMPLATES = {
    "de": ("Wir suchen {nom}.", "Gesucht: {nom}.", "Wir suchen Lieferanten für {nom}.",
           "Wir suchen Partner für {nom}."),
    "en": ("We are looking for {nom}.", "Seeking suppliers of {nom}.",
           "We need partners for {nom}.", "Looking for {nom}."),
    "ru": ("Ищем {nom}.", "Ищем поставщиков {gen}.", "Ищем партнёров: {nom}.",
           "Интересуют {nom}."),
}  # fmt: skip
DESCRIPTIONS = {
    "de": "Unternehmen der Branche {sector} mit {staff} Mitarbeitern, gegründet {year}.",
    "en": "A {sector} company with {staff} employees, founded in {year}.",
    "ru": "Компания в сфере «{sector}», {staff} сотрудников, основана в {year} году.",
}
AND = {"de": "und", "en": "and", "ru": "и"}


@dataclass(frozen=True)
class SyntheticFair:
    profiles: list[Profile]
    offers: dict[str, frozenset[str]]
    seeks: dict[str, frozenset[str]]
    language: dict[str, str]

    def relevance(self, a: str, b: str) -> int:
        return len(self.seeks[a] & self.offers[b]) + len(self.seeks[b] & self.offers[a])

    def group(self, pid: str) -> str:
        return HOST if pid.startswith("H") else DELEGATION


def generate(
    n: int,
    seed: int = 0,
    delegation_share: float = 0.4,
    twin_share: float = 0.15,
    unique_texts: bool = False,
) -> SyntheticFair:
    """A fair of n firms. `unique_texts` adds a firm's own detail to every item (a series
    number), so that no two texts are alike: for timing, where repeated texts would be cached."""
    rng = random.Random(seed)
    n_delegation = round(n * delegation_share)
    firms: list[dict[str, object]] = []
    for index in range(n):
        delegation = index < n_delegation
        number = index + 1 if delegation else index - n_delegation + 1
        firms.append(
            {
                "id": f"{'D' if delegation else 'H'}{number:05d}",
                "delegation": delegation,
                "language": _language(rng, delegation),
                "sector": rng.choice(list(SECTORS)),
            }
        )
    offers: dict[str, set[str]] = {}
    seeks: dict[str, set[str]] = {}
    for firm in firms:
        pid, sector = str(firm["id"]), str(firm["sector"])
        offers[pid] = {i.key for i in rng.sample(BY_SECTOR[sector], rng.randint(2, 3))}
        seeks[pid] = set()
        while len(seeks[pid]) < rng.randint(2, 3):
            source = sector if rng.random() < 0.5 else rng.choice(RELATED[sector])
            choice = rng.choice(BY_SECTOR[source]).key
            if choice not in offers[pid]:
                seeks[pid].add(choice)

    hosts = [str(f["id"]) for f in firms if not f["delegation"]]
    guests = [str(f["id"]) for f in firms if f["delegation"]]
    # competitor twins: a firm in the other group that offers the same, but needs other things
    by_id = {str(f["id"]): f for f in firms}
    for pid in rng.sample(hosts + guests, round(twin_share * n / 2)):
        pool = guests if pid.startswith("H") else hosts
        twin = rng.choice(pool)
        by_id[twin]["sector"] = by_id[pid]["sector"]
        offers[twin] = set(offers[pid])
        far = [
            s
            for s in SECTORS
            if s != by_id[pid]["sector"] and s not in RELATED[str(by_id[pid]["sector"])]
        ]
        seeks[twin] = {i.key for i in rng.sample(BY_SECTOR[rng.choice(far)], 2)} - offers[twin]
    # planted mutual partners across the groups
    for _ in range(n // 2):
        a, b = rng.choice(hosts), rng.choice(guests)
        seeks[a].add(rng.choice(sorted(offers[b] - offers[a] or offers[b])))
        seeks[b].add(rng.choice(sorted(offers[a] - offers[b] or offers[a])))
        seeks[a] -= offers[a]
        seeks[b] -= offers[b]

    profiles = [_render(rng, firm, offers, seeks, unique_texts) for firm in firms]
    return SyntheticFair(
        profiles=profiles,
        offers={k: frozenset(v) for k, v in offers.items()},
        seeks={k: frozenset(v) for k, v in seeks.items()},
        language={str(f["id"]): str(f["language"]) for f in firms},
    )


def _language(rng: random.Random, delegation: bool) -> str:
    if rng.random() < 0.25:
        return "en"
    return "ru" if delegation else "de"


SERIES = {"de": "Baureihe", "en": "series", "ru": "серия"}


def _phrase(rng: random.Random, keys: set[str], language: str, unique: bool) -> tuple[str, str]:
    """The items as a list phrase, in nominative and (for Russian) genitive."""
    chosen = [BY_KEY[k] for k in sorted(keys)]
    rng.shuffle(chosen)
    nom, gen = [], []
    for item in chosen:
        if language == "ru":
            form = rng.randrange(len(item.ru_nom))
            nom.append(item.ru_nom[form])
            gen.append(item.ru_gen[form])
        else:
            forms = item.de if language == "de" else item.en
            nom.append(rng.choice(forms))
            gen.append(nom[-1])
        if unique:
            detail = f" ({SERIES[language]} {rng.randint(100, 99999)})"
            nom[-1] += detail
            gen[-1] += detail
    return _join(nom, language), _join(gen, language)


def _join(parts: list[str], language: str) -> str:
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {AND[language]} {parts[-1]}"


def _render(
    rng: random.Random,
    firm: dict[str, object],
    offers: dict[str, set[str]],
    seeks: dict[str, set[str]],
    unique: bool,
) -> Profile:
    pid, language, sector = str(firm["id"]), str(firm["language"]), str(firm["sector"])
    nom, gen = _phrase(rng, offers[pid], language, unique)
    offer = rng.choice(OFFER_TEMPLATES[language]).format(nom=nom, gen=gen)
    nom, gen = _phrase(rng, seeks[pid], language, unique)
    request = rng.choice(REQUEST_TEMPLATES[language]).format(nom=nom, gen=gen)
    sector_name = SECTORS[sector][{"de": 0, "en": 1, "ru": 2}[language]]
    description = DESCRIPTIONS[language].format(
        sector=sector_name, staff=rng.randint(8, 400), year=rng.randint(1950, 2022)
    )
    return Profile(
        id=pid,
        name=f"Firma {pid}",
        group=DELEGATION if firm["delegation"] else HOST,
        sectors=(SECTORS[sector][0],),
        offer=offer,
        request=request,
        description=description,
        languages=(language,),
    )
