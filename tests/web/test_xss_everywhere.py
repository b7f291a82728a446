"""Script in every text field stays text on every page: each field a firm, staff or the fair
can fill holds a payload that would run if a page printed it raw, and every GET page of
the app (found from its URL map, so a new page is not missed) is opened with real ids, as
the firm and as staff. The real app, a real database, a published timetable."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask
from werkzeug.routing import Rule

from matchmaker.core.scheduling.scheduler import ScheduleOptions
from matchmaker.extensions import db
from matchmaker.models import (
    MeetingFeedback,
    MeetingRequest,
    ParticipantStatus,
    RequestStatus,
    StaffRole,
)
from matchmaker.services.audit import record
from matchmaker.services.drafts import generate_draft
from matchmaker.services.recommendations import compute_recommendations
from matchmaker.services.staff import create_staff
from matchmaker.services.versions import publish_version
from tests.conftest import staff_login
from tests.factories import create_open_event, create_participant, link_token

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
RAW = ("<script>alert(1)", "<img src=x")
TEXT_FIELDS = ("name", "offer", "request", "description", "city", "website", "contact_person",
               "phone")  # fmt: skip


@dataclass(frozen=True)
class Fair:
    slug: str
    token: str
    firm_id: int
    version: int


def hostile_fair(app: Flask) -> Fair:
    with app.app_context():
        session = db.session()
        staff = create_staff(session, "xss@amt.example", "xss-password-1", role=StaffRole.ADMIN,
                             name=PAYLOAD[:200])  # fmt: skip
        texts = {"venue": PAYLOAD, "city": PAYLOAD, "description": PAYLOAD}
        event = create_open_event(session, "xss", name="Börse " + PAYLOAD, cross_group_only=False,
                                  **texts)  # fmt: skip
        for group in event.groups:
            group.name = group.name + PAYLOAD
            group.description = PAYLOAD
        for table in event.tables:
            table.name, table.theme = "T" + PAYLOAD[:100], PAYLOAD
        for sector in event.sectors:
            sector.name = sector.name + PAYLOAD[:60]
        firms = []
        for key, group in zip(("A", "B"), event.groups, strict=True):
            values = dict.fromkeys(TEXT_FIELDS, f"{key} {PAYLOAD}")
            firm = create_participant(session, event, key, group=group, sectors=event.sectors,
                                      email=f'{key.lower()}"{PAYLOAD}@x.example',
                                      status=ParticipantStatus.APPROVED, languages=["de"],
                                      **values)  # fmt: skip
            firms.append(firm)
        a, b = firms
        session.add(MeetingRequest(event_id=event.id, from_participant_id=a.id,
                                   to_participant_id=b.id, message=PAYLOAD,
                                   status=RequestStatus.ACCEPTED))  # fmt: skip
        session.add(MeetingFeedback(event_id=event.id, participant_id=a.id, partner_id=b.id,
                                    met=True, comment=PAYLOAD))  # fmt: skip
        session.flush()
        compute_recommendations(session, event, readings=None)
        run = generate_draft(session, event, options=ScheduleOptions(time_limit=5), name=PAYLOAD)
        publish_version(session, event, run.version)
        record(session, staff, "xss.test", event=event, subject=PAYLOAD, detail={"x": PAYLOAD})
        session.commit()
        assert len(run.version.meetings) == 1
        return Fair(event.slug, link_token(a), a.id, run.version.number)


def urls(rule: Rule, fair: Fair) -> list[str]:
    """The rule's path with the fair's real values; one path per choice of an any()."""
    values = {"slug": fair.slug, "token": fair.token, "firm_id": str(fair.firm_id),
              "number": str(fair.version), "job_id": "1", "code": "de",
              "org_slug": "testamt"}  # fmt: skip
    paths = [rule.rule]
    for variable in re.findall(r"<([^>]+)>", rule.rule):
        converter, _, name = variable.rpartition(":")
        if converter.startswith("any("):
            choices = [c.strip() for c in converter[4:-1].split(",")]
        else:
            choices = [values.get(name, "x")]
        paths = [p.replace(f"<{variable}>", c) for p in paths for c in choices]
    return paths


def test_script_in_every_text_field_is_inert_on_every_page(app: Flask) -> None:
    fair = hostile_fair(app)
    web = app.test_client()
    assert staff_login(web, "xss@amt.example", "xss-password-1") == 303
    shown = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.endpoint == "static":
            continue
        for url in urls(rule, fair):
            response = web.get(url)
            if not response.content_type.startswith("text/html"):
                continue
            html = response.get_data(as_text=True)
            for raw in RAW:
                assert raw not in html, f"{url} prints {raw!r} unescaped"
            if response.status_code == 200 and "&lt;script&gt;alert(1)" in html:
                shown.append(url)
    must_show = [
        f"/e/{fair.slug}", f"/p/{fair.token}/", f"/p/{fair.token}/partners",
        f"/p/{fair.token}/requests", f"/p/{fair.token}/agenda", f"/p/{fair.token}/agenda/print",
        f"/p/{fair.token}/profile", f"/staff/e/{fair.slug}/firms",
        f"/staff/e/{fair.slug}/firms/{fair.firm_id}/edit",
        f"/staff/e/{fair.slug}/firms/{fair.firm_id}/matches",
        f"/staff/e/{fair.slug}/timetable/{fair.version}", f"/staff/e/{fair.slug}/desk",
        f"/staff/e/{fair.slug}/print/plan", f"/staff/e/{fair.slug}/print/door",
        f"/staff/e/{fair.slug}/print/agendas", f"/staff/e/{fair.slug}/report",
        f"/staff/e/{fair.slug}/audit", f"/staff/e/{fair.slug}/settings",
        "/staff/organisations/testamt/firms",
    ]  # fmt: skip
    missing = [url for url in must_show if url not in shown]
    assert missing == [], f"these pages did not show the (escaped) text: {missing}"
