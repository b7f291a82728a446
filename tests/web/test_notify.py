"""`notify`, the one home of the app's mails, called directly: each mail is rendered from
its template in its recipient's language (a firm's, the invitation's, the page's), the
subject on one line and the body with the link, whatever language the page around it
speaks. The real app, its templates, translations and database."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy.orm import Session

from matchmaker.models import EventInvitation, EventRole, MailKind, Participant, StaffUser
from matchmaker.notify import (
    co_organiser_mail,
    firm_mail,
    link_mail,
    settings_check_mail,
    staff_link_mail,
)
from tests.factories import create_open_event, create_participant

LINK = "https://boerse.example.org/p/secret-token/"
CYRILLIC = re.compile("[а-яА-ЯёЁ]")
VALUES = {"partner": "Elbe Medizintechnik GmbH", "accepted": 1, "added": 2, "moved": 1}


def _firm(session: Session, locale: str = "ru", **values: object) -> Participant:
    event = create_open_event(session, "notify", name="Kooperationsbörse Börde")
    firm = create_participant(
        session, event, "R1", name="ООО «Сибирь Мед»", locale=locale,
        email="ru@sibir.example", contact_person="Ольга Иванова", **values,
    )  # fmt: skip
    session.commit()
    return firm


@pytest.mark.parametrize("kind", list(MailKind), ids=lambda kind: kind.value)
@pytest.mark.parametrize("language", ["de", "en", "ru", "uk", "pl", "ko"])
def test_every_firm_mail_renders_in_the_recipients_language(
    app: Flask, session: Session, kind: MailKind, language: str
) -> None:
    firm = _firm(session, language)
    with app.test_request_context(headers={"Accept-Language": "de"}):
        mail = firm_mail(kind, firm, LINK, VALUES, language)
    assert mail.to == "ru@sibir.example"
    assert mail.locale == language
    assert mail.subject
    assert "\n" not in mail.subject
    assert LINK in mail.body
    assert mail.body.startswith(mail.body.lstrip())
    assert "{{" not in mail.body + mail.subject
    assert "{%" not in mail.body + mail.subject
    if kind in (MailKind.REQUEST, MailKind.ANSWER):
        assert "Elbe Medizintechnik GmbH" in mail.subject
    assert "Ольга Иванова" in mail.body  # the person addressed, in every kind
    if language != "en":
        with app.test_request_context():
            english = firm_mail(kind, firm, LINK, VALUES, "en")
        assert mail.subject != english.subject
        assert mail.body != english.body


def test_the_agenda_mail_lists_no_meetings_and_changes_only_when_any_moved(
    app: Flask, session: Session
) -> None:
    firm = _firm(session, "ru")
    with app.test_request_context():
        quiet = firm_mail(MailKind.AGENDA, firm, LINK, {"added": 3}, "ru")
        changed = firm_mail(MailKind.AGENDA, firm, LINK, {"added": 3, "removed": 2}, "ru")
    assert "Для вас не запланировано встреч." in quiet.body
    assert "С прошлой версии" not in quiet.body  # nothing moved or was cancelled
    assert "новых встреч: 3, перенесённых: 0, отменённых: 2." in changed.body


def test_the_link_mail_asks_for_confirmation_only_when_given_a_confirm_link(
    app: Flask, session: Session
) -> None:
    firm = _firm(session, "de")
    confirm = "https://boerse.example.org/e/notify/confirm/abc"
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        plain = link_mail(firm, LINK)
        asking = link_mail(firm, LINK, confirm_link=confirm)
    assert plain.locale == "de"  # the firm's language, not the page's
    assert plain.subject == "Ihr Link für Kooperationsbörse Börde"
    assert confirm not in plain.body
    assert confirm in asking.body
    assert asking.body.startswith(plain.body.rstrip("\n"))
    assert "bestätigen" in asking.body


def test_a_staff_link_is_written_in_the_pages_language_with_its_expiry(app: Flask) -> None:
    user = StaffUser(email="team@amt.example", name="Anna Schulz", password_hash="x")
    until = datetime(2027, 4, 20, 9, 30)
    with app.test_request_context(), force_locale("ru"):
        sign_in = staff_link_mail(user, sign_in=True, link=LINK, until=until)
        reset = staff_link_mail(user, sign_in=False, link=LINK, until=until)
    assert sign_in.to == "team@amt.example"
    assert sign_in.locale == "ru"
    assert sign_in.sender is None  # the installation's own mail, not a fair's
    assert CYRILLIC.search(sign_in.subject)
    assert CYRILLIC.search(reset.subject)
    assert sign_in.subject != reset.subject
    assert "Anna Schulz" in sign_in.body
    assert LINK in sign_in.body
    assert "2027" in sign_in.body


def test_a_co_organiser_invitation_is_written_in_its_own_language(
    app: Flask, session: Session
) -> None:
    event = create_open_event(session, "invite", name="Kooperationsbörse Börde")
    session.commit()
    invitation = EventInvitation(
        event_id=event.id, email="omsk@chamber.example", role=EventRole.SUPPORTER, locale="ru",
        token_hash="0" * 64, expires_at=datetime(2027, 1, 14),
    )  # fmt: skip
    with app.test_request_context(headers={"Accept-Language": "de"}):
        mail = co_organiser_mail(invitation, event, LINK, who="Anna Schulz")
    assert mail.to == "omsk@chamber.example"
    assert mail.locale == "ru"
    assert "Kooperationsbörse Börde" in mail.subject
    assert CYRILLIC.search(mail.subject)
    assert "2027-01-14" in mail.body
    assert "Anna Schulz" in mail.body
    assert LINK in mail.body


def test_the_settings_check_mail_names_the_site_and_the_sender(app: Flask) -> None:
    with app.test_request_context(), force_locale("de"):
        mail = settings_check_mail("admin@amt.example", "https://boerse.example.org", "Anna")
    assert mail.to == "admin@amt.example"
    assert mail.locale == "de"
    assert "https://boerse.example.org" in mail.body
    assert "Anna" in mail.body
    assert mail.subject
    assert not mail.subject.startswith("Test mail")


def test_every_kind_of_mail_has_a_template_a_page_and_a_name_in_the_outbox() -> None:
    from matchmaker.notify import ENDPOINTS, TEMPLATES
    from matchmaker.views.staff.outbox import KINDS

    assert set(TEMPLATES) == set(ENDPOINTS) == set(KINDS) == set(MailKind)
