"""What a walk of the pages in Korean, Ukrainian and Polish found (issue 17), each through the
real app and database: languages named in the reader's language wherever pages list a firm's
(finding 2, the agenda's own in test_web_agenda.py); a fair's text without the reader's
translation shown in English before German, marked with its language even inside a list's
options (finding 3); the links `make run` prints open on the address it serves (finding 4).
Finding 1 (time ranges) is in test_web_agenda.py."""

from __future__ import annotations

import re
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from matchmaker.core.tables.rules import SeatedTable, TablePlan
from matchmaker.core.text.localised import choose
from matchmaker.core.types import Profile
from matchmaker.extensions import db
from matchmaker.io.print_tables import render_table_plan
from tests.conftest import Databases, free_port
from tests.factories import create_open_event, create_participant, link_token
from tests.page_text import shown_text
from tests.servers import MATCHMAKER, process_environment, wait_until

DESCRIPTION = {"de": "Kooperationsbörse für Medizintechnik", "en": "Cooperation fair for medtech"}
SECTOR = {"de": "Metallverarbeitung", "en": "Metalworking", "ru": "Металлообработка"}
GROUP = {"de": "Landkreis Börde", "en": "Börde district"}


def fair_with_english_texts(app: Flask) -> dict[str, str]:
    """A German fair whose description, a sector and a group have English (and for the
    sector Russian) translations but none in Korean, Ukrainian or Polish; two firms. Returns
    the event's slug and a firm's link token."""
    with app.app_context():
        session = db.session()
        event = create_open_event(
            session,
            "walk",
            description=DESCRIPTION["de"],
            translations={"en": {"description": DESCRIPTION["en"]}},
        )
        sector = next(s for s in event.sectors if s.name == SECTOR["de"])
        sector.translations = {"en": {"name": SECTOR["en"]}, "ru": {"name": SECTOR["ru"]}}
        event.groups[0].name = GROUP["de"]
        event.groups[0].translations = {"en": {"name": GROUP["en"]}}
        firms = [
            create_participant(
                session, event, key, languages=languages, group_id=event.groups[0].id
            )
            for key, languages in (("A", ["de", "ru"]), ("B", ["ko", "en"]))
        ]
        firms[1].sectors = [sector]
        session.commit()
        return {"slug": event.slug, "token": link_token(firms[0])}


def test_a_text_without_the_readers_translation_shows_the_english_one_marked() -> None:
    both = {"ru": {"offer": "Фрезерные детали"}, "en": {"offer": "milled parts"}}
    korean = choose("Frästeile", "de", both, "offer", "ko")
    assert (korean.text, korean.language, korean.foreign) == ("milled parts", "en", True)
    russian = choose("Frästeile", "de", both, "offer", "ru")
    assert (russian.text, russian.foreign) == ("Фрезерные детали", False)
    assert choose("Frästeile", "de", {"ru": {"offer": "x"}}, "offer", "ko").text == "Frästeile"
    english = choose("Frästeile", "de", both, "offer", "en")
    assert (english.text, english.foreign) == ("milled parts", False)


def test_korean_ukrainian_and_polish_readers_see_the_fairs_english_texts_marked(
    app: Flask,
) -> None:
    """Walk 17, finding 3: the fair's description, sector and group in English where the
    reader's language has none, in an element with lang="en" wherever they stand, also the
    options of a list (where no marked span can go) and a checkbox's label."""
    fair = fair_with_english_texts(app)
    web = app.test_client()
    for language in ("ko", "uk", "pl"):
        web.set_cookie("lang", language)
        public = web.get(f"/e/{fair['slug']}").get_data(as_text=True)
        assert f'<span lang="en">{DESCRIPTION["en"]}</span>' in public
        assert f'<span lang="en">{SECTOR["en"]}</span>' in public
        assert DESCRIPTION["de"] not in public
        register = web.get(f"/e/{fair['slug']}/register").get_data(as_text=True)
        assert re.search(rf'<option lang="en"[^>]*>{GROUP["en"]} \(EN\)</option>', register)
        assert re.search(rf'<label [^>]*><span lang="en">{SECTOR["en"]}</span>', register)
        partners = web.get(f"/p/{fair['token']}/partners?all=1").get_data(as_text=True)
        assert re.search(
            rf'<option value="\d+" lang="en"[^>]*>{SECTOR["en"]} \(EN\)</option>', partners
        )
        for html in (public, register, partners):  # no English outside a lang="en" element
            text = shown_text(html, language)
            assert SECTOR["en"] not in text, language
            assert GROUP["en"] not in text, language
    web.set_cookie("lang", "ru")  # a Russian translation comes first, unmarked
    partners = web.get(f"/p/{fair['token']}/partners?all=1").get_data(as_text=True)
    assert re.search(rf'<option value="\d+">{SECTOR["ru"]}</option>', partners)


def test_pages_name_a_firms_languages_in_the_readers_language(app: Flask) -> None:
    """Walk 17, finding 2: the public list of firms and a partner's card say "Koreanisch,
    Englisch" to a German reader and "한국어, 영어" to a Korean one, never "KO, EN"."""
    fair = fair_with_english_texts(app)
    web = app.test_client()
    for language, names in (("de", "Koreanisch, Englisch"), ("ko", "한국어, 영어")):
        web.set_cookie("lang", language)
        public = web.get(f"/e/{fair['slug']}").get_data(as_text=True)
        assert re.search(rf'<td data-label="[^"]+">{names}</td>', public), language
        partners = web.get(f"/p/{fair['token']}/partners?all=1").get_data(as_text=True)
        assert f": {names}" in partners, language  # the card's line and its "reads:" hint
        assert "KO, EN" not in public + partners
        assert "ko, en" not in public + partners


def test_the_printed_table_plan_names_the_languages_in_its_language() -> None:
    """The themed tables' print (made without the app, by `matchmaker tables --print`)."""
    firms = [Profile(id="A", name="Firma A", offer="", request="", languages=("de", "ru")),
             Profile(id="B", name="Firma B", offer="", request="", languages=("ru",),
                     country="RU")]  # fmt: skip
    plan = TablePlan((SeatedTable(1, 1, "Medizintechnik", ("A", "B"), ("ru",), False),))
    expected = (("de", "Russisch", "Deutsch, Russisch", "Russland"),
                ("ko", "러시아어", "독일어, 러시아어", "러시아"))  # fmt: skip
    for language, shared, own, land in expected:
        html = render_table_plan(plan, firms, language, "Plan", cards=False)
        assert re.search(rf":\s*{shared}\s*</p>", html), language
        assert f"Firma A · {own}</li>" in html
        assert f"Firma B ({land}) · " in html  # the country by name, not "RU"


@contextmanager
def serving(environment: dict[str, str], log: Path) -> Iterator[None]:
    """`matchmaker serve` as `make run` starts it (host and port its defaults, from $PORT)."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            [str(MATCHMAKER), "serve"], env=environment, stdout=output, stderr=output
        )
    try:
        port = environment["PORT"]
        wait_until(lambda: _answers(f"http://127.0.0.1:{port}/"), "the server answers")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (a local test server)
            return True
    except OSError:
        return False


def test_the_links_make_run_prints_open_on_the_address_it_serves(
    tmp_path: Path, databases: Databases
) -> None:
    """Walk 17, finding 4: `make run` (Makefile: PORT exported, no MATCHMAKER_BASE_URL) runs
    `matchmaker demo`, which prints the demo fairs' and firms' links and the staff login,
    then `matchmaker serve`. Every printed address is a whole link (the staff login was a
    bare "/staff/") on the port served, and opens there."""
    port = str(free_port())
    environment = process_environment(
        databases.fresh(tmp_path), tmp_path / "instance", ENV="development"
    )
    environment = {k: v for k, v in environment.items() if k != "MATCHMAKER_BASE_URL"}
    environment["PORT"] = port
    demo = subprocess.run(
        [str(MATCHMAKER), "demo"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    login = re.search(r"Demo staff logins \(development only; [^)]*\): (\S+)", demo.stdout)
    assert login is not None
    assert login.group(1) == f"http://127.0.0.1:{port}/staff/login"
    links = re.findall(r"https?://\S+", demo.stdout)
    # three public pages, a firm of each group of the coming fairs, the delegation week's
    # staff page, the past fair's committee report for each of its two organisers, the login
    assert len(links) == 3 + 6 + 1 + 2 + 1
    assert "omsk@matchmaker.example  (ТПП Омской области)" in demo.stdout  # each organiser's
    assert all(link.startswith(f"http://127.0.0.1:{port}/") for link in links), links
    with serving(environment, tmp_path / "serve.log"):
        for link in links:
            with urllib.request.urlopen(link, timeout=30) as answer:  # noqa: S310 (local)
                assert answer.status == 200, link
