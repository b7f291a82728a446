"""Sending a message by SMTP when the fair has a mail server configured.

Settings (instance/config.py or MATCHMAKER_* in the environment): MAIL_SERVER, MAIL_PORT
(25), MAIL_STARTTLS ("1" to upgrade the connection), MAIL_USERNAME, MAIL_PASSWORD and
MAIL_SENDER. Without MAIL_SERVER nothing is sent and the pages say so.
"""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any


class MailError(RuntimeError):
    """The mail server refused or could not be reached."""


def mail_configured(config: Mapping[str, Any]) -> bool:
    return bool(config.get("MAIL_SERVER"))


def send_mail(config: Mapping[str, Any], to: str, subject: str, body: str) -> None:
    """Send one plain-text message (UTF-8)."""
    message = EmailMessage()
    message["From"] = str(config.get("MAIL_SENDER") or "matchmaker@localhost")
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(
            str(config["MAIL_SERVER"]), int(config.get("MAIL_PORT") or 25), timeout=10
        ) as smtp:
            if str(config.get("MAIL_STARTTLS", "")).lower() in ("1", "true", "yes"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(str(config["MAIL_USERNAME"]), str(config.get("MAIL_PASSWORD") or ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"mail to {to} not sent: {error}") from error
