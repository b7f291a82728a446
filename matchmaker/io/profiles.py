"""The profiles file (docs/FORMATS.md): one row per participating firm, into `Profile`s."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from matchmaker.core.clean import looks_like_email
from matchmaker.core.countries import country_code
from matchmaker.core.localised import TEXT_LANGUAGES
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
from matchmaker.messages import N_, Explained

MAX_PROBLEMS = 50
_LANGUAGE = re.compile(r"^[a-z]{2}$")
# Texts that are kept as they are; the others are single-line.
MULTILINE = frozenset({"offer", "request", "description"})
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
    return [record.profile for record in parse_profile_records(read_table(path), limits)]


def parse_profile_records(
    table: Table, limits: Mapping[str, int] | None = None
) -> list[ProfileRecord]:
    """Turn a table into profiles with their contact columns, all or nothing. `limits`:
    the most characters of each text column (those the database holds: the caller reads
    them from the models, `models.limits.profile_limits`); longer texts are problems."""
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
        problem("id", N_("is empty; every firm needs a unique id"))
        return None

    country = country_code(row.get("country"))
    if country is None:
        problem(
            "country",
            N_(
                "'%(value)s' is not a country: write its two-letter code (DE) or its name in "
                "German, English or Russian (Deutschland, Russia, Россия)"
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
