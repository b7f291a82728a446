"""Every page of the app, in every language it offers but English (the message ids), speaks
the reader's language: no English message id of the catalogue (one that has a translation),
no internal key (a state like `accepted`, a snake_case key, an audit action, `None`) in what
a reader sees. The pages are found by walking the app's URL map, their parameters filled from the
demo fair after a whole season on it: recommendations, requests, a timetable generated,
published, repaired and copied, themed tables, a pair rule, the desk's notes; a Russian and
a German firm; the fair's texts translated (issue 16, findings 3 and 6); the fair offering every
language of the app (issue 17); its owning organisation and a co-organiser (issue 19)."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from babel.messages.pofile import read_po
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.jobs.queue import run_queued_jobs
from matchmaker.labels import AUDIT_ACTIONS
from matchmaker.models import (
    Base,
    DelegationMember,
    Event,
    FollowUpRound,
    ItemKind,
    Job,
    MeetingRequest,
    Participant,
    ProgrammeItem,
    RequestStatus,
    ScheduleVersion,
    StaffRole,
    VisitHost,
)
from matchmaker.services.demo import accept_best_partners, load_demo
from matchmaker.services.itinerary import member_token
from matchmaker.services.staff import create_staff
from tests.conftest import Databases, csrf_token, dispose, make_config, staff_login
from tests.factories import link_token
from tests.page_text import shown_text
from tests.project.test_translations import TRANSLATED, catalog_path, missing_translations

ADMIN = ("admin@amt.example", "admin-password-1")
SKIPPED = {"static", "public.choose_language", "public.favicon"}
# Downloads for spreadsheets: their column names are a file format, not page text.
DOWNLOADS = {
    "staff.export_firms",
    "staff.export_meetings",
    "staff.report_xlsx",
    "staff.firm_directory_download",
}


@dataclass(frozen=True)
class Season:
    app: Flask
    web: FlaskClient
    slug: str
    tokens: dict[str, str]  # "ru" / "de": a firm's personal-link token
    firm_ids: dict[str, int]
    job_ids: tuple[int, ...]
    versions: tuple[int, ...]
    posted_pages: tuple[tuple[str, str], ...]  # pages answered to a form: (what, html)
    data: list[str]  # what firms and people wrote themselves, longest first
    item_id: int  # the delegation's day of visits, planned and published


def _post(web: FlaskClient, page: str, url: str, **data: object) -> str:
    token = csrf_token(web.get(page).get_data(as_text=True))
    answer = web.post(url, data={"csrf_token": token, **data})
    assert answer.status_code in (200, 302, 303), (url, answer.status_code)
    if answer.status_code in (302, 303):  # post/redirect/get: the page it leads to
        return web.get(answer.location).get_data(as_text=True)
    return answer.get_data(as_text=True)


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> Iterator[Season]:
    """The demo fair after a season, on its own database, shared by this module's tests
    (they only read)."""
    folder = tmp_path_factory.mktemp("season")
    app = create_app(make_config(folder, SQLALCHEMY_DATABASE_URI=databases.fresh(folder)))
    with app.app_context():
        session = db.session()
        create_staff(session, *ADMIN, name="Admin", role=StaffRole.ADMIN)
        event = load_demo(session).event
        event.languages = None  # every language of the app (the demo fair offers three)
        # its organisers come with the demo: the Unternehmerbüro owns it, the Omsk chamber
        # co-organises it
        slug = event.slug
        firms = {
            "ru": session.scalars(
                select(Participant).where(Participant.external_id == "OM-001")
            ).one(),
            "de": session.scalars(
                select(Participant).where(Participant.external_id == "BK-001")
            ).one(),
        }
        firm_ids = {k: f.id for k, f in firms.items()}
        event_id = event.id
        session.commit()
        tokens = {k: link_token(f) for k, f in firms.items()}
    web = app.test_client()
    assert staff_login(web, *ADMIN) in (302, 303)
    base = f"/staff/e/{slug}"
    _post(web, f"{base}/timetable", f"{base}/jobs/recommend", top_k=5)
    run_queued_jobs(app)
    with app.app_context():
        session = db.session()
        accept_best_partners(session, load_demo(session).event, per_firm=2)
        others = session.scalars(
            select(Participant.id).where(
                Participant.event_id == event_id, Participant.external_id.in_(["BK-002", "BK-003"])
            )
        ).all()
        for other, status in zip(
            others, (RequestStatus.PENDING, RequestStatus.DECLINED), strict=True
        ):
            session.add(
                MeetingRequest(
                    event_id=event_id,
                    from_participant_id=other,
                    to_participant_id=firm_ids["ru"],
                    status=status,
                )
            )
        session.commit()
    _post(web, f"{base}/timetable", f"{base}/jobs/schedule", time_limit=5)
    run_queued_jobs(app)
    _post(web, f"{base}/timetable/1", f"{base}/timetable/1/publish", name="")
    _post(web, f"{base}/desk", f"{base}/desk/{firm_ids['de']}/arrives", at="11:00")
    repaired = _post(web, f"{base}/desk", f"{base}/repair", from_slot=1)
    _post(web, f"{base}/timetable/1", f"{base}/timetable/1/copy")
    _post(
        web,
        f"{base}/tables",
        f"{base}/tables",
        themes="Medizintechnik;Pflege",
        size=6,
        rounds=2,
        mix="1",
    )
    _post(web, f"{base}/firms", f"{base}/pairs", a=firm_ids["ru"], b=firm_ids["de"], kind="force")
    _post(web, f"{base}/firms", f"{base}/firms/{firm_ids['de']}/approve")
    tuesday = _plan_the_week(app, web, base, tokens)
    for months in (3, 6, 12):  # follow-up rounds 1-3 (as many as timetable versions)
        _post(web, f"{base}/follow-up", f"{base}/follow-up", months=months, open_days=28)
    with app.app_context():
        first = db.session.scalars(select(FollowUpRound).where(FollowUpRound.number == 1)).one()
        first.opens_on, first.closes_on = date.today(), date.today() + timedelta(days=28)
        db.session.commit()  # round 1 open now: the firms' pages show their ratings form
        jobs = tuple(db.session.scalars(select(Job.id)).all())
        versions = tuple(db.session.scalars(select(ScheduleVersion.number)).all())
        data = own_words(db.session.scalars(select(Participant)).all()) + week_words()
    assert len(jobs) == 3
    assert len(versions) == 3
    posted = (("repair", repaired),)
    yield Season(app, web, slug, tokens, firm_ids, jobs, versions, posted, data, tuesday)
    dispose(app)


def _plan_the_week(app: Flask, web: FlaskClient, base: str, tokens: dict[str, str]) -> int:
    """The demo week's day of visits planned and its plan published; a member's link in
    `tokens["member"]`. Returns the day's item id."""
    with app.app_context():
        session = db.session()
        item = session.scalars(
            select(ProgrammeItem).where(ProgrammeItem.kind == ItemKind.VISITS)
        ).one()
        member = session.scalars(select(DelegationMember)).first()
        assert member is not None
        tokens["member"] = member_token(session, member, str(app.config["SECRET_KEY"]))
        session.commit()
        item_id = item.id
    day = f"{base}/week/visits/{item_id}"
    _post(web, day, f"{day}/plan", time_limit=2)
    run_queued_jobs(app)
    _post(web, day, f"{day}/1/publish")
    return item_id


def week_words() -> list[str]:
    """What the week's people and hosts wrote (names, offers, addresses, titles)."""
    rows: list[Any] = [*db.session.scalars(select(DelegationMember)),
                       *db.session.scalars(select(VisitHost)),
                       *db.session.scalars(select(ProgrammeItem))]  # fmt: skip
    fields = ("name", "function", "email", "offer", "request", "description", "address",
              "contact_person", "title", "place")  # fmt: skip
    found = {" ".join(str(getattr(r, f)).split()) for r in rows for f in fields if hasattr(r, f)}
    return sorted((t for t in found if len(t) > 2), key=len, reverse=True)


def own_words(firms: Sequence[Participant]) -> list[str]:
    """The texts firms wrote themselves (any language: no message id), longest first."""
    fields = ("name", "city", "offer", "request", "description", "contact_person", "email")
    found = {" ".join(str(getattr(f, name)).split()) for f in firms for name in fields}
    return sorted((t for t in found if len(t) > 2), key=len, reverse=True)


# ---- what a reader sees ---------------------------------------------------------------------


def _pattern(msgid: str) -> re.Pattern[str] | None:
    """A message id as it would appear in a page untranslated: its placeholders filled by
    anything short. None for ids too short to tell English from a name (one letter)."""
    pieces = re.split(r"%\([a-z_]+\)[sdf]|%[sd]", msgid.replace("%%", "%"))
    literal = "".join(pieces)
    if len(re.sub(r"\W", "", literal)) < 2:
        return None
    body = r".{1,120}?".join(re.escape(" ".join(p.split())) for p in pieces)
    return re.compile(rf"(?<![\w&]){body}(?![\w])")


def translated_text(language: str) -> str:
    """All the catalogue's translations, as one text."""
    with catalog_path(language).open("rb") as f:
        catalogue = read_po(f)
    return "\n".join(
        " ".join(t.split())
        for m in catalogue
        for t in (m.string if isinstance(m.string, list | tuple) else (m.string,))
        if t
    )


def english_ids(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """The catalogue's message ids that have a translation differing from them."""
    with catalog_path(language).open("rb") as f:
        catalogue = read_po(f)
    # A word both languages use ("Administrator", "Partner") is no sign of English.
    translated = translated_text(language)
    found = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, list | tuple) else (message.id,)
        strings = message.string if isinstance(message.string, list | tuple) else (message.string,)
        for msgid in ids:
            if msgid and any(s and s != msgid for s in strings):
                pattern = _pattern(" ".join(msgid.split()))
                if pattern is not None and not pattern.search(translated):
                    found.append((msgid, pattern))
    return found


def internal_keys(language: str | None = None) -> re.Pattern[str]:
    """Stored values no page shows as they are: every enum value of the models, the audit
    log's actions, snake_case keys, None. An enum value that is also a word of `language`'s
    translations is that language's word (Polish "link": MailKind.LINK) and left out."""
    values: set[str] = set()
    for mapper in Base.registry.mappers:
        for column in mapper.columns:
            kind: type[enum.Enum] | None = getattr(column.type, "enum_class", None)
            values |= {str(member.value) for member in kind or ()}
    if language is not None:
        own = translated_text(language)
        values = {v for v in values if not re.search(rf"(?<!\w){re.escape(v)}(?!\w)", own)}
    actions = {re.escape(a) for a in AUDIT_ACTIONS}
    words = "|".join(
        sorted({re.escape(v) for v in values} | actions | {"None"}, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w@./-])(?:{words}|[a-z]+(?:_[a-z0-9]+)+)(?![\w@/-])")


def problems_in(
    text: str, ids: list[tuple[str, re.Pattern[str]]], keys: re.Pattern[str], data: list[str]
) -> list[str]:
    """What is English or a key in `text`, once the firms' and people's own words (`data`:
    names, offers; never message ids, whatever language they are in) are taken out."""
    for words in data:
        text = text.replace(words, " ¶ ")
    found = [(f"English {msgid!r}", m) for msgid, p in ids if (m := p.search(text)) is not None]
    found += [(f"key {m.group(0)!r}", m) for m in keys.finditer(text)]
    found += [("stray separator", m) for m in re.finditer(r"STRAY_SEPARATOR", text)]
    return [f"{what} in …{text[max(0, m.start() - 30) : m.end() + 30]}…" for what, m in found]


# ---- every page -----------------------------------------------------------------------------


def _choices(season: Season, endpoint: str, name: str, converter: object) -> list[object]:
    """The values a URL parameter takes on the walk."""
    items = getattr(converter, "items", None)
    if items:
        return sorted(items)
    given: dict[str, list[object]] = {
        "slug": [season.slug],
        "org": ["unternehmerbuero-barleben", "tpp-omskoi-oblasti"],
        "firm_id": list(season.firm_ids.values()),
        "partner_id": list(season.firm_ids.values()),
        "job_id": list(season.job_ids),
        "number": list(season.versions),
        "round_number": [1],
        "table": [1],
        "user_id": [1],
        "request_id": [1],
        "meeting_id": [1],
        "org_slug": ["unternehmerbuero-barleben"],
        "item_id": [season.item_id],
        "member_id": [1],
        "host_id": [1],
    }
    if name == "token":  # a firm's or member's link; other tokens are spent or unknown
        if endpoint.startswith("week."):
            return [season.tokens["member"]]
        firms: list[object] = [t for k, t in season.tokens.items() if k != "member"]
        return firms if endpoint.startswith("firm.") else ["unknown"]
    return given[name]


def pages(season: Season) -> list[str]:
    """Every address of the app a reader can open (GET), each parameter filled with each
    value of `_choices`."""
    urls = []
    with season.app.test_request_context():
        for rule in season.app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()) or rule.endpoint in SKIPPED | DOWNLOADS:
                continue
            combos: list[dict[str, Any]] = [{}]
            for name, converter in rule._converters.items():
                options = _choices(season, rule.endpoint, name, converter)
                combos = [{**c, name: value} for c in combos for value in options]
            urls += [url_for(rule.endpoint, **values) for values in combos]
    return sorted(set(urls))


def calendar_text(ics: str) -> str:
    """What a calendar shows of its entries: their titles, descriptions and places."""
    unfolded = ics.replace("\r\n ", "").replace("\n ", "")
    shown = ("SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME")
    lines = [line.split(":", 1)[1] for line in unfolded.splitlines() if line.startswith(shown)]
    return " ".join(lines).replace("\\n", " ").replace("\\,", ",").replace("\\;", ";")


# Pages another part of issue 16 is rewriting: what they may still show until it is merged
# (by the last part of their address). Helper `setup` turns the settings' line syntax
# ("Delegation Omsk | delegation; kinds: host, delegation, other") into rows of a form.
ERRORS = ("/no/such/page", "/e/no-such-fair", "/p/no-such-link/", "/staff/e/no-such-fair/")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_speaks_the_readers_language(season: Season, language: str) -> None:
    missing, _ = missing_translations(language)  # fails clearly when there is no catalogue
    assert not missing, (
        f"the '{language}' catalogue lacks {len(missing)} texts "
        "(tests/project/test_translations.py): its pages are checked once every text is translated"
    )
    with season.app.app_context():
        assert db.session.scalars(select(Event.languages)).all() == [None]
    ids, keys = english_ids(language), internal_keys(language)
    season.web.set_cookie("lang", language)
    found: dict[str, list[str]] = {}
    walked = pages(season)
    assert len(walked) > 50
    for url in [*walked, *ERRORS]:
        answer = season.web.get(url)
        kind = answer.headers.get("Content-Type", "")
        assert answer.status_code in (200, 302, 303, 400, 403, 404, 405, 410), (
            url,
            answer.status_code,
        )
        if kind.startswith("text/html"):
            text = shown_text(answer.get_data(as_text=True), language)
        elif kind.startswith("text/calendar"):
            text = calendar_text(answer.get_data(as_text=True))
        else:
            continue
        if problems := problems_in(text, ids, keys, season.data):
            found[url] = problems
    for what, html in season.posted_pages if language == "de" else ():
        if problems := problems_in(shown_text(html, language), ids, keys, season.data):
            found[what] = problems
    assert not found, "\n".join(f"{url}: {problem}" for url, ps in found.items() for problem in ps)


def test_the_check_finds_english_keys_and_stray_separators() -> None:
    """The check itself: a German page with English, keys and a dangling separator fails;
    a Russian firm's own words, marked with their language, do not."""
    ids, keys = english_ids("de"), internal_keys()
    page = (
        '<html lang="de"><p>Timetable published</p><td>accepted</td><td>event.settings</td>'
        "<p>ab from_slot: None</p><p>Barleben · </p>"
        '<p><span lang="ru">Фрезерные детали</span> <abbr title="Russisch">RU</abbr></p></html>'
    )
    found = problems_in(shown_text(page, "de"), ids, keys, [])
    assert {p.split(" in ")[0] for p in found} >= {
        "English 'Timetable'", "key 'accepted'", "key 'event.settings'", "key 'from_slot'",
        "key 'None'", "stray separator",
    }  # fmt: skip
    clean = '<html lang="de"><p>Zeitplan veröffentlicht · <span lang="ru">Omsk</span></p></html>'
    assert problems_in(shown_text(clean, "de"), ids, keys, []) == []
