"""The profiles file (docs/FORMATS.md): one row per participating firm, into `Profile`s.
A file may leave out the `id` column: each row then gets an id made from the firm's name
(or, in the app, the id of the firm already known by the row's e-mail address)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from matchmaker.core.messages import N_, Explained
from matchmaker.core.scheduling.slots import MAX_DAYS
from matchmaker.core.text.clean import looks_like_email
from matchmaker.core.text.countries import country_code
from matchmaker.core.text.localised import TEXT_LANGUAGES
from matchmaker.core.text.slugs import slugify
from matchmaker.core.timeparse import parse_time_range
from matchmaker.core.types import Profile, TimeRange
from matchmaker.io.cells import (
    TOO_LONG,
    Report,
    bounded_text,
    optional_time,
    reporter,
    split_codes,
    split_list,
)
from matchmaker.io.errors import InputFileError, Problem
from matchmaker.io.tabular import Row, Table, read_table

MAX_PROBLEMS = 50
_LANGUAGE = re.compile(r"^[a-z]{2}$")
# Texts that are kept as they are; the others are single-line.
MULTILINE = frozenset({"offer", "request", "description"})
# The columns as a person calls them (pages show them translated, in errors too).
COLUMN_LABELS = {
    "id": N_("Id"), "name": N_("Firm name"), "country": N_("Country"), "group": N_("Group"),
    "sectors": N_("Sectors"), "offer": N_("We offer"), "request": N_("We seek"),
    "description": N_("Description"), "languages": N_("Languages"),
    "available_from": N_("Available from"), "available_to": N_("Available until"),
    "unavailable": N_("Not available"), "max_meetings": N_("Meetings at most"),
    "city": N_("City"), "website": N_("Website"), "contact_person": N_("Contact person"),
    "email": N_("E-mail"), "phone": N_("Phone"), "status": N_("Status"),
    "text_language": N_("Language of the texts"), "days": N_("Days at the fair"),
}  # fmt: skip
# A firm's texts in further languages ("offer_ru", "request_en", "description_de") and the
# language its own texts are written in (empty: detected).
TRANSLATION_COLUMNS = tuple(
    f"{text}_{language}" for language in TEXT_LANGUAGES for text in sorted(MULTILINE)
)
LANGUAGE_COLUMNS = ("text_language", *TRANSLATION_COLUMNS)


@dataclass(frozen=True, slots=True)
class Contact:
    """Optional contact columns a profiles file may carry for the web app (not the solvers)."""

    city: str = ""
    website: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    profile: Profile
    contact: Contact
    row: int
    text_language: str = ""  # "" when the file does not say
    # The row's non-empty translation cells: {"ru": {"offer": "…"}}.
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


def read_profiles(path: Path, limits: Mapping[str, int] | None = None) -> list[Profile]:
    """Read and check a profiles file; raises InputFileError listing every problem found."""
    table, problems = fill_ids(read_table(path))
    if problems:
        raise InputFileError(problems)
    return [record.profile for record in parse_profile_records(table, limits)]


def made_up_id(name: str) -> str:
    """The id of a firm that came without one: its name as a short name (Müller GmbH ->
    mueller-gmbh), stable from one import to the next; a name with no letter ASCII can
    write gets a short hash of itself."""
    return slugify(name, 60) or "firm-" + hashlib.sha256(name.encode()).hexdigest()[:10]


def fill_ids(table: Table, known: Mapping[str, str] | None = None) -> tuple[Table, list[Problem]]:
    """The table with an `id` for each row that has none. `known`: the firms already there,
    id -> e-mail address. A row without an id is the known firm with its e-mail address
    (case-insensitive), else gets an id made from its name (`made_up_id`; with -2, -3 ...
    when a known firm with another address has that id). Two rows without an id that
    would get the same one (same address, or same name) are problems: one firm, one row."""
    if "id" in table.columns and all(row.get("id") for row in table.rows):
        return table, []
    known = known or {}
    by_email = {email: firm_id for firm_id, email in known.items() if email}
    given = {row.get("id") for row in table.rows if row.get("id")}
    first_row_of: dict[str, int] = {}
    problems: list[Problem] = []
    rows = []
    for row in table.rows:
        firm_id, email, name = row.get("id"), row.get("email").casefold(), row.get("name")
        if not firm_id and (email or name):
            firm_id = by_email.get(email, "") if email else ""
            column = "email" if firm_id else "name"
            firm_id = firm_id or _free_id(made_up_id(name or email), email, known)
            if firm_id in first_row_of or firm_id in given:
                problems.append(_same_firm(table, row, column, first_row_of.get(firm_id)))
            first_row_of.setdefault(firm_id, row.number)
        rows.append(Row(row.number, {**row.cells, "id": firm_id}))
    columns = table.columns if "id" in table.columns else ("id", *table.columns)
    return Table(table.name, columns, tuple(rows)), problems


def _free_id(wanted: str, email: str, known: Mapping[str, str]) -> str:
    """`wanted`, unless a known firm with another e-mail address has it: then the first
    of wanted-2, wanted-3 ... that is free (the same name, a different firm)."""
    candidate, number = wanted, 1
    while candidate in known and known[candidate] and email and known[candidate] != email:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def _same_firm(table: Table, row: Row, column: str, first: int | None) -> Problem:
    if first is None:
        return Problem(table.name, N_("another row has this firm's id"), row.number, column)
    return Problem(
        table.name,
        N_("the same firm as row %(row)d; each firm has one row (or give both an id)"),
        row.number,
        column,
        {"row": first},
    )


def parse_profile_records(
    table: Table,
    limits: Mapping[str, int] | None = None,
    known_ids: Collection[str] | None = None,
) -> list[ProfileRecord]:
    """Turn a table into profiles with their contact columns, all or nothing. `limits`:
    the most characters of each text column (those the database holds: the caller reads
    them from the models, `models.limits.profile_limits`); longer texts are problems.
    With `known_ids` (the app's import) every row needs a firm name, except one that
    updates a known firm; without (files for the solvers) a firm without one is called
    by its id. A table without an `id` column goes through `fill_ids` first."""
    limits = limits or {}
    table.require_columns(["id"])
    problems: list[Problem] = []
    profiles: list[ProfileRecord] = []
    first_row_of: dict[str, int] = {}
    for row in table.rows:
        row_problems: list[Problem] = []
        problem = reporter(table.name, row, row_problems)
        text = _texts(row, problem, limits)
        profile = _parse_row(row, problem, text)
        if (
            profile is not None
            and known_ids is not None
            and not text["name"]
            and profile.id not in known_ids
        ):
            problem("name", N_("is empty; every firm needs a name"))
        contact = _contact(row, problem, text)
        text_language, translations = _languages(row, problem, limits)
        if profile is not None and profile.id in first_row_of:
            row_problems.append(
                Problem(
                    table.name,
                    N_("id '%(id)s' is already used in row %(row)d"),
                    row.number,
                    "id",
                    {"id": profile.id, "row": first_row_of[profile.id]},
                )
            )
        problems.extend(row_problems)
        if profile is not None and not row_problems:
            first_row_of[profile.id] = row.number
            profiles.append(
                ProfileRecord(profile, contact, row.number, text_language, translations)
            )
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InputFileError(problems[:MAX_PROBLEMS])
    return profiles


def _texts(row: Row, problem: Report, limits: Mapping[str, int]) -> dict[str, str]:
    """The row's free-text cells, cleaned, each checked against its limit."""
    columns = ("id", "name", "group", "offer", "request", "description", "city", "website",
               "contact_person", "email", "phone")  # fmt: skip
    text = {
        column: bounded_text(row, column, problem, limits, multiline=column in MULTILINE)
        for column in columns
    }
    sector_limit = limits.get("sectors")
    for sector in split_list(bounded_text(row, "sectors", problem, {})):
        if sector_limit is not None and len(sector) > sector_limit:
            problem("sectors", TOO_LONG, length=len(sector), limit=sector_limit)
    return text


def _parse_row(row: Row, problem: Report, text: dict[str, str]) -> Profile | None:
    firm_id = text["id"]
    if not firm_id:
        if row.get("name") or "name" not in row.cells:
            problem("id", N_("is empty; every firm needs a unique id"))
        else:
            problem("name", N_("is empty; every firm needs a name"))
        return None

    country = country_code(row.get("country"))
    if country is None:
        problem(
            "country",
            N_(
                "'%(value)s' is not a country: write its two-letter code (DE) or its name in "
                "one of the page languages (Deutschland, Russia, Україна, Polska, 대한민국)"
            ),
            value=row.get("country")[:100],
        )

    languages = tuple(code.lower() for code in split_codes(row.get("languages")))
    for code in languages:
        if not _LANGUAGE.match(code):
            problem(
                "languages",
                N_("'%(value)s' is not a two-letter ISO 639-1 code like de"),
                value=code,
            )

    available_from = optional_time(row, "available_from", problem)
    available_to = optional_time(row, "available_to", problem)
    if available_from and available_to and available_to <= available_from:
        problem("available_to", N_("must be later than available_from"))

    unavailable: list[TimeRange] = []
    for span in split_list(row.get("unavailable")):
        try:
            unavailable.append(parse_time_range(span))
        except Explained as exc:
            problem("unavailable", exc.template, **exc.values)

    days: list[int] = []
    for part in split_codes(row.get("days")):
        if part.isdigit() and 1 <= int(part) <= MAX_DAYS:
            days.append(int(part) - 1)
        else:
            problem("days", N_("'%(value)s' is not a day of the fair (1, 2 or 3)"), value=part)

    max_meetings: int | None = None
    if raw := row.get("max_meetings"):
        if raw.isdigit():
            max_meetings = int(raw)
        else:
            problem(
                "max_meetings",
                N_("'%(value)s' is not a whole number of meetings (0 or more)"),
                value=raw,
            )

    return Profile(
        id=firm_id,
        name=text["name"] or firm_id,
        country=country or "",
        group=text["group"],
        sectors=split_list(row.get("sectors")),
        offer=text["offer"],
        request=text["request"],
        description=text["description"],
        languages=languages,
        available_from=available_from,
        available_to=available_to,
        unavailable=tuple(unavailable),
        max_meetings=max_meetings,
        days=tuple(sorted(set(days))),
    )


def _languages(
    row: Row, problem: Report, limits: Mapping[str, int]
) -> tuple[str, dict[str, dict[str, str]]]:
    """The language the row's texts are written in, and its translation cells (each
    bounded by the limit of the text it translates)."""
    language = row.get("text_language").strip().lower()
    if language and language not in TEXT_LANGUAGES:
        problem(
            "text_language",
            N_("'%(value)s' is not one of the text languages %(languages)s"),
            value=row.get("text_language")[:20],
            languages=", ".join(TEXT_LANGUAGES),
        )
    translations: dict[str, dict[str, str]] = {}
    for column in TRANSLATION_COLUMNS:
        field_name, code = column.rsplit("_", 1)
        bounds = {column: limits[field_name]} if field_name in limits else {}
        if text := bounded_text(row, column, problem, bounds, multiline=True):
            translations.setdefault(code, {})[field_name] = text
    return language, translations


def _contact(row: Row, problem: Report, text: dict[str, str]) -> Contact:
    email = text["email"]
    if email and not looks_like_email(email):
        problem("email", N_("'%(value)s' is not an e-mail address"), value=email[:100])
    website = text["website"]
    if website and not website.startswith(("http://", "https://")):
        website = "https://" + website
    return Contact(
        city=text["city"],
        website=website,
        contact_person=text["contact_person"],
        email=email,
        phone=text["phone"],
    )
