"""Sending mail (services/mail.py), called directly: the settings as the check page shows
them (never the password), the From header under a fair's organisers' name, a mail delivered
to a real local SMTP server (`inbox`), and a password refused in clear text before any server
is contacted."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from matchmaker.services.mail import (
    DEFAULT_SENDER,
    MailError,
    MailSettings,
    Sender,
    from_header,
    mail_configured,
    mail_settings,
    send_mail,
)
from matchmaker.services.mail_failures import CLEAR_TEXT
from tests.conftest import Inbox, free_port
from tests.conftest import mail_settings as inbox_settings


@pytest.mark.parametrize(
    ("config", "settings"),
    [
        ({}, MailSettings("", 25, "none", DEFAULT_SENDER, "", False, "")),
        (
            {"MAIL_SERVER": "smtp.example", "MAIL_SSL": "1", "MAIL_PASSWORD": "s3cret"},
            MailSettings("smtp.example", 465, "ssl", DEFAULT_SENDER, "", True, ""),
        ),
        (
            {"MAIL_SERVER": "smtp.example", "MAIL_STARTTLS": " Yes ", "MAIL_PORT": "587",
             "MAIL_USERNAME": "amt", "MAIL_SENDER": "boerse@amt.example",
             "MAIL_CA_FILE": "/etc/ca.pem"},
            MailSettings("smtp.example", 587, "starttls", "boerse@amt.example", "amt", False,
                         "/etc/ca.pem"),
        ),
        (
            {"MAIL_SERVER": "smtp.example", "MAIL_SSL": "0", "MAIL_STARTTLS": "no"},
            MailSettings("smtp.example", 25, "none", DEFAULT_SENDER, "", False, ""),
        ),
    ],
    ids=["nothing-set", "implicit-tls", "starttls", "flags-off"],
)  # fmt: skip
def test_the_settings_as_the_check_page_shows_them(
    config: dict[str, Any], settings: MailSettings
) -> None:
    assert mail_settings(config) == settings
    assert "s3cret" not in repr(mail_settings(config))
    assert mail_configured(config) is bool(config.get("MAIL_SERVER"))


@pytest.mark.parametrize(
    ("installation", "sender", "header"),
    [
        ("boerse@amt.example", None, "boerse@amt.example"),
        ("Börse <boerse@amt.example>", Sender(), "Börse <boerse@amt.example>"),
        ("boerse@amt.example", Sender("Amt  Barleben\n"), "Amt Barleben <boerse@amt.example>"),
        ("Börse <boerse@amt.example>", Sender("IHK, Omsk"),
         '"IHK, Omsk" <boerse@amt.example>'),
        ("", Sender("Amt"), f"Amt <{DEFAULT_SENDER}>"),
    ],
    ids=["as-set", "no-name", "name-on-one-line", "name-quoted", "default-address"],
)  # fmt: skip
def test_the_from_header(installation: str, sender: Sender | None, header: str) -> None:
    assert from_header({"MAIL_SENDER": installation}, sender) == header


def _received(inbox: Inbox) -> list[EmailMessage]:
    return [message_from_bytes(m, policy=policy.default) for m in inbox.messages]


def test_a_mail_reaches_the_server_under_the_organisers_name(inbox: tuple[Inbox, int]) -> None:
    box, _ = inbox
    send_mail(
        inbox_settings(inbox), "firma@omsk.example", "Ваша ссылка для входа в консоль",
        "Guten Tag,\nIhr Link: https://boerse.example/f/abc", sender=Sender("Amt Barleben",
        " antwort@amt.example "),
    )  # fmt: skip
    [mail] = _received(box)
    assert mail["From"] == "Amt Barleben <boerse@test.example>"
    assert mail["Reply-To"] == "antwort@amt.example"
    assert mail["To"] == "firma@omsk.example"
    assert mail["Subject"] == "Ваша ссылка для входа в консоль"
    assert "Ihr Link: https://boerse.example/f/abc" in mail.get_content()


def test_a_password_is_never_sent_in_clear_text(inbox: tuple[Inbox, int]) -> None:
    box, _ = inbox
    config = inbox_settings(inbox) | {"MAIL_USERNAME": "amt", "MAIL_PASSWORD": "s3cret"}
    with pytest.raises(MailError, match="clear text") as refused:
        send_mail(config, "firma@omsk.example", "Betreff", "Text")
    assert refused.value.reason.template == CLEAR_TEXT
    assert box.messages == []  # refused before the server was contacted


def test_a_server_that_does_not_answer_is_explained() -> None:
    config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port()}
    with pytest.raises(MailError) as failed:
        send_mail(config, "firma@omsk.example", "Betreff", "Text")
    assert str(failed.value).startswith("mail to firma@omsk.example not sent")
    assert "connection was refused" in str(failed.value.reason)
