"""Staff reach the firms in a real browser (issue 16, finding 2): tick a firm on the firms
page and invite it, watch the outbox until the worker process has sent the mail to a real SMTP
server, and copy the firm's link on its staff page. gunicorn and `matchmaker worker` as
deployed, chromium through Playwright (skipped without /usr/bin/chromium, as test_browser)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from matchmaker.extensions import db
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, free_port
from tests.e2e.test_browser import _staff_login, chromium, words
from tests.factories import create_open_event, create_participant
from tests.servers import gunicorn
from tests.web.test_staff_login import mails

GERMAN = "Ostfalen OP-Technik GmbH"
RUSSIAN = "ООО «Сибирь Мед»"


def test_invite_a_ticked_firm_follow_the_outbox_copy_the_link(
    app: Flask, database: str, tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    with app.app_context():
        session = db.session()
        create_staff(session, "plan@amt.example", "plan-password-1")
        event = create_open_event(session, "reise")
        create_participant(session, event, "D1", name=GERMAN, email="anna@ostfalen.example")
        russian = create_participant(
            session, event, "R1", name=RUSSIAN, email="olga@sibir.example", locale="ru"
        )
        session.commit()
        russian_id, fair = russian.id, event.name
    t = words("de")
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(inbox[1])}
    with gunicorn(database, tmp_path, free_port(), **mail) as (base, _), chromium() as browser:
        context = browser.new_context(locale="de-DE")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        page = context.new_page()
        _staff_login(page, base)
        page.goto(f"{base}/staff/e/reise/firms")
        page.get_by_label(t("Tick %(firm)s") % {"firm": RUSSIAN}).check()
        page.get_by_role("button", name=t("Invite the ticked firms")).click()
        assert t("Outbox") in page.locator("h1").inner_text()  # the answer is the outbox
        row = page.locator("tr", has_text=RUSSIAN)
        for _ in range(120):  # the worker process sends it; the page shows it once reloaded
            # ("sending" may contain the word for "sent": the mail in the inbox settles it)
            if t("sent") in row.inner_text() and mails(inbox):
                break
            page.wait_for_timeout(500)
            page.reload()
        assert t("sent") in row.inner_text()
        assert "Русский" in row.inner_text()  # the firm's language
        assert page.locator("tr", has_text=GERMAN).count() == 0  # not ticked, not invited
        ((to, subject, _body),) = mails(inbox)
        assert (to, subject) == ("olga@sibir.example", f"Приглашение: {fair}")
        row.get_by_role("link", name=RUSSIAN).click()
        link = page.get_by_label(t("Link of %(firm)s") % {"firm": RUSSIAN}).input_value()
        assert link.startswith(f"{base}/p/")
        page.get_by_role("button", name=t("Copy")).click()
        page.get_by_text(t("Copied.")).wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert page.url.endswith(f"/firms/{russian_id}/edit")
