"""Staff bring firms in from a spreadsheet: the upload is kept aside, its columns are mapped
to ours (with a guess from common German and English headers), then every row is checked and
the firms are created or updated all at once, or not at all. And the way back: the event's
firms as a profiles file that imports again."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained
from matchmaker.io.errors import InputFileError, Problem
from matchmaker.io.profiles import (
    LANGUAGE_COLUMNS,
    TRANSLATION_COLUMNS,
    fill_ids,
    parse_profile_records,
)
from matchmaker.io.tabular import Row, Table, read_table
from matchmaker.io.writers import Cell
from matchmaker.models import Event, Participant, ParticipantStatus, StaffUser
from matchmaker.models.limits import profile_limits
from matchmaker.services.audit import record
from matchmaker.services.participants import ImportResult, import_profiles
from matchmaker.services.privacy import bring_back, erased_rows
from matchmaker.services.recruiting import acting_organisation, credit_new_firms

PROFILE_COLUMNS: tuple[str, ...] = (
    "id", "name", "country", "group", "sectors", "offer", "request", "description",
    "languages", "available_from", "available_to", "unavailable", "max_meetings", "days",
    "city", "website", "contact_person", "email", "phone",
)  # fmt: skip
PROFILE_COLUMNS += LANGUAGE_COLUMNS  # text_language, offer_ru, request_en, …
EXPORT_COLUMNS = (*PROFILE_COLUMNS, "status")
IGNORE = ""
SUFFIXES = (".csv", ".xlsx")
ABANDONED_AFTER = timedelta(hours=1)  # an upload not imported by then is deleted
# Headers staff's own spreadsheets tend to have, and the column they mean.
SYNONYMS = {
    "nr": "id", "nummer": "id", "kennung": "id", "firma": "name", "unternehmen": "name",
    "firmenname": "name", "company": "name", "land": "country", "gruppe": "group",
    "delegation": "group", "branche": "sectors", "branchen": "sectors", "sector": "sectors",
    "angebot": "offer", "wir bieten": "offer", "suche": "request", "gesuch": "request",
    "wir suchen": "request", "seeks": "request", "beschreibung": "description",
    "sprachen": "languages", "sprache": "languages", "ort": "city", "stadt": "city",
    "webseite": "website", "internet": "website", "ansprechpartner": "contact_person",
    "ansprechperson": "contact_person", "kontakt": "contact_person", "contact": "contact_person",
    "e-mail": "email", "mail": "email", "telefon": "phone", "tel": "phone",
}  # fmt: skip
SYNONYMS["language"] = "text_language"  # the language the texts are in (not those spoken)


class UploadError(Explained):
    """An upload that is not a CSV or XLSX file, or one that is gone."""


def store_upload(folder: Path, filename: str, data: bytes) -> str:
    """Keep an uploaded file until it is imported; returns its token."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError(N_("%(file)s: only .csv and .xlsx files can be imported"), file=filename)
    if suffix == ".xlsx" and not data.startswith(b"PK"):
        raise UploadError(N_("%(file)s: is not an Excel workbook (.xlsx)"), file=filename)
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(16)
    (folder / f"{token}{suffix}").write_bytes(data)
    (folder / f"{token}.name").write_text(Path(filename).name, encoding="utf-8")
    return token


def load_upload(folder: Path, token: str) -> Table:
    """The kept file as a table (InputFileError when it cannot be read)."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise UploadError(N_("unknown upload"))
    for suffix in SUFFIXES:
        path = folder / f"{token}{suffix}"
        if path.is_file():
            name = (folder / f"{token}.name").read_text(encoding="utf-8")
            return read_table(path, name=name)
    raise UploadError(N_("the upload is gone; please upload the file again"))


def drop_upload(folder: Path, token: str) -> None:
    for path in folder.glob(f"{token}.*"):
        path.unlink(missing_ok=True)


def purge_abandoned_uploads(
    folder: Path, older_than: timedelta = ABANDONED_AFTER, now: datetime | None = None
) -> int:
    """Delete the kept uploads whose import was not finished within `older_than` (they hold
    firms' contact data); returns how many files went. Run on every visit of the import
    page and by `matchmaker purge-uploads` (cron)."""
    if not folder.is_dir():
        return 0
    cutoff = (now or datetime.now(UTC)).timestamp() - older_than.total_seconds()
    count = 0
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                count += 1
        except FileNotFoundError:  # another worker deleted it first
            continue
    return count


def guess_mapping(columns: Sequence[str]) -> dict[str, str]:
    """File column -> our column: the same name, a known synonym, or ignored."""
    mapping = {}
    taken: set[str] = set()
    for column in columns:
        key = column.strip().lower()
        target = key if key in PROFILE_COLUMNS else SYNONYMS.get(key, IGNORE)
        if target in taken:
            target = IGNORE
        taken.add(target)
        mapping[column] = target
    return mapping


def import_targets(columns: Sequence[str], languages: Sequence[str]) -> tuple[str, ...]:
    """Our columns a file's columns may be mapped to: a firm's texts in another language
    ("offer_uk") only for the page languages (`languages`, those the fair offers) and for the
    languages the file has such a column of (`columns`, its lower-cased headers)."""
    present = set(guess_mapping(columns).values()) & set(TRANSLATION_COLUMNS)
    offered = {*languages, *(column.rsplit("_", 1)[1] for column in present)}
    return tuple(
        column
        for column in PROFILE_COLUMNS
        if column not in TRANSLATION_COLUMNS or column.rsplit("_", 1)[1] in offered
    )


def remap(table: Table, mapping: Mapping[str, str]) -> Table:
    """The table with its columns renamed as mapped (ignored ones dropped); two file columns
    mapped to one of ours is refused."""
    targets = [t for t in mapping.values() if t]
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        raise InputFileError(
            [
                Problem(
                    table.name, N_("two columns are mapped to '%(column)s'"), 1, None, {"column": t}
                )
                for t in twice
            ]
        )
    unknown = sorted(set(targets) - set(PROFILE_COLUMNS))
    if unknown:
        raise InputFileError(
            [
                Problem(table.name, N_("no column '%(column)s'"), 1, None, {"column": t})
                for t in unknown
            ]
        )
    columns = tuple(mapping[c] for c in table.columns if mapping.get(c))
    rows = tuple(
        Row(row.number, {mapping[c]: v for c, v in row.cells.items() if mapping.get(c)})
        for row in table.rows
    )
    return Table(table.name, columns, rows)


def with_ids(session: Session, event: Event, table: Table) -> Table:
    """The (mapped) table with an id for every row, as `import_table` will give them: a
    row without one is the event's firm with the same e-mail address (case-insensitive),
    else gets one made from its name (`io.profiles.fill_ids`). For the preview, which
    looks up erased firms by id."""
    return fill_ids(table, _known(session, event))[0]


def import_table(
    session: Session,
    event: Event,
    table: Table,
    staff: StaffUser,
    status: ParticipantStatus = ParticipantStatus.APPROVED,
    *,
    secrets: Sequence[str],
    bring_back_ids: Collection[str] = (),
) -> ImportResult:
    """Check every row, then create or update the firms (by `id`; see `with_ids` for
    rows without one) in the caller's transaction; InputFileError with every row's
    problems and nothing written otherwise. A new firm needs a name.

    An existing firm is updated in the columns the file has and only where its cell is not
    empty (docs/FORMATS.md). Rows of firms erased at their request (recognised by their
    tombstones under `secrets`, see services/privacy.py) are left out, except those whose id
    staff named in `bring_back_ids` after seeing the firm's name in the preview. New firms
    are credited to the organisation `staff` acts for (services/recruiting.py).
    """
    known = _known(session, event)
    table, same_firm = fill_ids(table, known)
    try:
        records = parse_profile_records(table, profile_limits(), known_ids=known)
    except InputFileError as error:  # a row of the same firm is said once, as same_firm
        twice = {p.row for p in same_firm}
        others = [p for p in error.problems if not (p.row in twice and p.column == "id")]
        raise InputFileError(sorted([*same_firm, *others], key=lambda p: p.row or 0)) from None
    if same_firm:
        raise InputFileError(same_firm)
    erased = erased_rows(session, event, table, secrets)
    back = [r for r in erased if r.id in bring_back_ids]
    left_out = {r.id for r in erased} - {r.id for r in back}
    rows = {row.number: row for row in table.rows}
    filled = {
        r.profile.id: frozenset(c for c, v in rows[r.row].cells.items() if v.strip())
        for r in records
    }
    result = import_profiles(
        session,
        event,
        [r for r in records if r.profile.id not in left_out],
        status=status,
        filled=filled,
        source=table.name,
    )
    bring_back(session, event, back, status)
    credit_new_firms(session, event, known, acting_organisation(session, staff, event))
    record(
        session,
        staff,
        "firms.import",
        event=event,
        subject=table.name,
        detail={
            "created": result.created,
            "updated": result.updated,
            "left_out": len(left_out),
            "brought_back": len(back),
        },
    )
    return ImportResult(result.created, result.updated, len(left_out))


def _known(session: Session, event: Event) -> dict[str, str]:
    """The event's firms: id -> e-mail address (case-folded)."""
    rows = session.execute(
        select(Participant.external_id, Participant.email).where(Participant.event_id == event.id)
    )
    return {firm_id: email.casefold() for firm_id, email in rows}


def export_rows(firms: Sequence[Participant]) -> list[tuple[Cell, ...]]:
    """The firms in `EXPORT_COLUMNS` order: a profiles file that imports again."""
    return [
        (
            p.external_id, p.name, p.country, p.group.name if p.group else "",
            ";".join(s.name for s in p.sectors), p.offer, p.request, p.description,
            ";".join(p.languages),
            p.available_from.strftime("%H:%M") if p.available_from else "",
            p.available_to.strftime("%H:%M") if p.available_to else "",
            ";".join(f"{u.start:%H:%M}-{u.end_time:%H:%M}" for u in p.unavailable),
            p.max_meetings if p.max_meetings is not None else "",
            ";".join(str(day + 1) for day in p.days or ()),
            p.city, p.website, p.contact_person, p.email, p.phone, *_language_cells(p),
            p.status.value,
        )
        for p in firms
    ]  # fmt: skip


def _language_cells(firm: Participant) -> tuple[str, ...]:
    """The firm's `LANGUAGE_COLUMNS`: the language it gave for its texts, its translations."""
    texts = firm.translations or {}
    columns = (column.rsplit("_", 1) for column in TRANSLATION_COLUMNS)
    translated = (texts.get(language, {}).get(field, "") for field, language in columns)
    return (firm.text_language or "", *translated)
