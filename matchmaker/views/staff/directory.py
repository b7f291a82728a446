"""An organisation's directory of the firms it has worked with (issue 19, returning firms),
as a page and as a CSV or XLSX file.

These addresses are outside `/staff/e/<slug>/`, so the role guard of `staff_access` does not
see them: each view checks itself that the account belongs to the organisation (or is an
installation administrator), and answers 404 otherwise, as if the organisation did not
exist. The parameter is `org_slug`, not `slug`, so that the guard does not take it for an
event's.
"""

from __future__ import annotations

from datetime import date

from flask import abort, render_template
from werkzeug.wrappers import Response

from matchmaker.auth import staff
from matchmaker.extensions import db
from matchmaker.io.writers import Cell
from matchmaker.models import Organisation
from matchmaker.services.returning_firms import directory_organisation, firm_directory
from matchmaker.views.helpers import table_download
from matchmaker.views.staff import bp

DIRECTORY_COLUMNS = ("name", "email", "country", "fairs", "last_fair", "last_date", "meetings_held")


def organisation_or_404(org_slug: str) -> Organisation:
    organisation = directory_organisation(db.session(), staff(), org_slug)
    if organisation is None:
        abort(404)
    return organisation


@bp.get("/organisations/<org_slug>/firms")
def firm_directory_page(org_slug: str) -> str:
    """The organisation's firms: one row per firm, its latest name and fair."""
    organisation = organisation_or_404(org_slug)
    firms = firm_directory(db.session(), organisation, date.today())
    return render_template("staff/directory.html", organisation=organisation, firms=firms)


@bp.get("/organisations/<org_slug>/firms.<any(csv, xlsx):kind>")
def firm_directory_download(org_slug: str, kind: str) -> Response:
    """The directory as a spreadsheet (its column names are a file format, like the other
    exports', not page text)."""
    organisation = organisation_or_404(org_slug)
    firms = firm_directory(db.session(), organisation, date.today())
    rows: list[list[Cell]] = [
        [f.name, f.email, f.country, f.fairs, f.last_fair, f.last_date.isoformat(), f.meetings]
        for f in firms
    ]
    return table_download(f"{organisation.slug}-firms.{kind}", DIRECTORY_COLUMNS, rows)
