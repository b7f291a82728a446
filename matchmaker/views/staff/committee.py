"""The committee's report across an organisation's fairs (issue 22): a page that prints on
A4 with its charts as SVG, and the figures behind it as an XLSX. Outside `/staff/e/<slug>/`:
the view checks itself that the account belongs to the organisation (or is an installation
administrator), and answers 404 otherwise, as the directory does."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

from flask import render_template, request, send_file
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.forms.committee import ReportQuery
from matchmaker.io.writers import Cell, Sheet, write_sheets
from matchmaker.labels import OUTCOMES
from matchmaker.models import Outcome
from matchmaker.services.committee_report import (
    CommitteeReport,
    committee_report,
    organisation_events,
)
from matchmaker.views.staff import bp
from matchmaker.views.staff.directory import organisation_or_404

EVENT_COLUMNS = ("fair", "date", "firms", "new_firms", "returning_firms", "meetings_wished",
                 "meetings_held", "no_shows", "meetings_rated",
                 *(f"reached_{o.value}" for o in Outcome))  # fmt: skip


def _report(org_slug: str) -> tuple[CommitteeReport, ReportQuery]:
    organisation = organisation_or_404(org_slug)
    query = ReportQuery(request.args)
    query.validate()
    choice = query.choice(date.today(), organisation.id)
    return committee_report(db.session(), organisation, choice), query


@bp.get("/organisations/<org_slug>/report")
def committee_page(org_slug: str) -> str:
    report, query = _report(org_slug)
    fairs = organisation_events(db.session(), report.organisation)
    return render_template("staff/committee.html", report=report, query=query, fairs=fairs,
                           outcomes=OUTCOMES)  # fmt: skip


@bp.get("/organisations/<org_slug>/report.xlsx")
def committee_xlsx(org_slug: str) -> Response:
    """The figures behind the page, a sheet per table (column names are a file format)."""
    report, _ = _report(org_slug)
    events: list[list[Cell]] = [
        [r.event.name, r.event.date.isoformat(), r.figures.firms, r.figures.new_firms,
         r.figures.returning_firms, r.figures.wished, r.figures.held, r.figures.no_shows,
         r.figures.rated, *(r.figures.reached[o] for o in Outcome)]
        for r in report.events
    ]  # fmt: skip
    sheets: list[Sheet] = [
        ("Fairs", EVENT_COLUMNS, events),
        ("Funnel", ("step", "meetings_reaching_it"),
         [[o.value, n] for o, n in report.totals.funnel()]),
        ("Timeline", ("months_after", *(o.value for o in Outcome)),
         [[m, *(c[o] for o in Outcome)] for m, c in report.timeline]),
        ("Sectors", ("sector", "meetings_held", "successes"), [list(r) for r in report.by_sector]),
        ("Countries", ("countries", "meetings_held", "successes"),
         [list(r) for r in report.by_countries]),
        ("Groups", ("groups", "meetings_held", "successes"), [list(r) for r in report.by_groups]),
        ("Stories", ("fair", "firm", "partner", "partner_country", "step", "comment"),
         [[s.event, s.firm, s.partner, s.partner_country, s.outcome.value, s.comment]
          for s in report.stories]),
    ]  # fmt: skip
    name = f"{report.organisation.slug}-report.xlsx"
    with tempfile.TemporaryDirectory(prefix="matchmaker-export-") as folder:
        path = Path(folder) / name
        write_sheets(path, sheets)
        data = path.read_bytes()
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name)
