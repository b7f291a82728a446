"""Sending a message by SMTP when the fair has a mail server configured.

Settings (instance/config.py or MATCHMAKER_* in the environment): MAIL_SERVER, MAIL_PORT
(25, or 465 with MAIL_SSL), MAIL_STARTTLS ("1": upgrade the connection with STARTTLS),
MAIL_SSL ("1": TLS from the first byte), MAIL_USERNAME, MAIL_PASSWORD, MAIL_SENDER, and
MAIL_CA_FILE (a CA bundle for a server whose certificate a public CA did not sign).
Without MAIL_SERVER nothing is sent and the pages say so. A mail about a fair goes out under
its organisers' name and with their Reply-To (`Sender`), from the same MAIL_SENDER address.

TLS is verified (certificate chain and host name, Python's default context): a server that
cannot prove who it is gets no message. A password is sent only over TLS; a configuration
that would log in in clear text is refused before the server is contacted.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, parseaddr
from typing import Any

from matchmaker.core.messages import Message
from matchmaker.services.mail_failures import CLEAR_TEXT, NOT_SENT, explain

# Python 3.11 drops the space between two encoded words when it folds a long non-ASCII
# subject ("входа вконсоль"); header lines up to SMTP's limit (998) are not folded.
UNFOLDED = policy.default.clone(max_line_length=998)
DEFAULT_SENDER = "matchmaker@localhost"


class MailError(RuntimeError):
    """The mail server refused or could not be reached, or the settings are unsafe.
    `reason` says which in plain words (`mail_failures.explain`), for staff pages and the
    outbox; `str()` is the technical English text for the log."""

    def __init__(self, text: str, reason: Message | None = None) -> None:
        super().__init__(text)
        self.reason = reason or Message(NOT_SENT, {"error": text})


def mail_configured(config: Mapping[str, Any]) -> bool:
    return bool(config.get("MAIL_SERVER"))


@dataclass(frozen=True)
class MailSettings:
    """The mail settings as the check page shows them: never the password, only whether one
    is set."""

    server: str
    port: int
    encryption: str  # "ssl", "starttls" or "none"
    sender: str
    username: str
    password_set: bool
    ca_file: str


def mail_settings(config: Mapping[str, Any]) -> MailSettings:
    """The settings `send_mail` uses, with the port it connects to when none is set."""
    implicit, starttls = _flag(config, "MAIL_SSL"), _flag(config, "MAIL_STARTTLS")
    return MailSettings(
        server=str(config.get("MAIL_SERVER") or ""),
        port=int(config.get("MAIL_PORT") or (465 if implicit else 25)),
        encryption="ssl" if implicit else "starttls" if starttls else "none",
        sender=str(config.get("MAIL_SENDER") or DEFAULT_SENDER),
        username=str(config.get("MAIL_USERNAME") or ""),
        password_set=bool(config.get("MAIL_PASSWORD")),
        ca_file=str(config.get("MAIL_CA_FILE") or ""),
    )


def _flag(config: Mapping[str, Any], key: str) -> bool:
    return str(config.get(key) or "").strip().lower() in ("1", "true", "yes", "on")


def tls_context(config: Mapping[str, Any]) -> ssl.SSLContext:
    """A verifying client context (system CAs, or MAIL_CA_FILE when set)."""
    return ssl.create_default_context(
        cafile=str(config["MAIL_CA_FILE"]) if config.get("MAIL_CA_FILE") else None
    )


def _connect(config: Mapping[str, Any]) -> smtplib.SMTP:
    """An SMTP connection, encrypted as the settings say and checked before any login."""
    host = str(config["MAIL_SERVER"])
    implicit, starttls = _flag(config, "MAIL_SSL"), _flag(config, "MAIL_STARTTLS")
    if config.get("MAIL_USERNAME") and not (implicit or starttls):
        raise MailError(
            "refusing to send the mail server password in clear text: set MAIL_STARTTLS=1 "
            "or MAIL_SSL=1",
            Message(CLEAR_TEXT),
        )
    port = int(config.get("MAIL_PORT") or (465 if implicit else 25))
    if implicit:
        return smtplib.SMTP_SSL(host, port, timeout=10, context=tls_context(config))
    smtp = smtplib.SMTP(host, port, timeout=10)
    if starttls:
        try:
            smtp.starttls(context=tls_context(config))
        except BaseException:
            smtp.close()
            raise
    return smtp


@dataclass(frozen=True, slots=True)
class Sender:
    """Whom a mail about a fair is from, as its reader sees it: the display name put before
    the installation's own address (empty: the installation's From as it is) and where
    answers go (`Reply-To`; empty: none). The address itself stays MAIL_SENDER, the one the
    mail server and the domain's SPF and DKIM records vouch for."""

    name: str = ""
    reply_to: str = ""


def from_header(config: Mapping[str, Any], sender: Sender | None = None) -> str:
    """The From header: MAIL_SENDER as set, or its address under the sender's name
    (`formataddr` quotes or encodes the name as RFC 5322 and 2047 require)."""
    installation = str(config.get("MAIL_SENDER") or DEFAULT_SENDER)
    name = " ".join((sender.name if sender else "").split())  # one line, whatever was typed
    if not name:
        return installation
    address = parseaddr(installation)[1] or installation
    return formataddr((name, address))


def send_mail(
    config: Mapping[str, Any], to: str, subject: str, body: str, *, sender: Sender | None = None
) -> None:
    """Send one plain-text message (UTF-8, quoted-printable) from MAIL_SENDER; `sender`: a
    mail about a fair, under its organisers' name and with their Reply-To (`Sender`)."""
    message = EmailMessage(policy=UNFOLDED)
    message["From"] = from_header(config, sender)
    reply_to = "".join((sender.reply_to if sender else "").split())
    if reply_to:
        message["Reply-To"] = reply_to
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body, cte="quoted-printable")
    try:
        with _connect(config) as smtp:
            if config.get("MAIL_USERNAME"):
                smtp.login(str(config["MAIL_USERNAME"]), str(config.get("MAIL_PASSWORD") or ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"mail to {to} not sent: {error}", explain(error, config, to)) from error
