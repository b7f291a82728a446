"""Why a mail was not sent, in plain words: the mail check page and the outbox show staff what
went wrong and which setting to look at, not a Python exception.

`explain` turns what smtplib, ssl and the socket raised into a `Message` (an `N_` template and
its values; pages translate it). The mail server's own answer is quoted where it gave one.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping
from typing import Any

from matchmaker.core.messages import N_, Message

NOT_SENT = N_("The mail was not sent: %(error)s")
CLEAR_TEXT = N_(
    "The settings would send the mail server's password unencrypted; nothing was sent. Set "
    "MAIL_STARTTLS=1 (usually port 587) or MAIL_SSL=1 (usually port 465)."
)
NOT_SET_UP = N_("E-mail is not set up (MAIL_SERVER is empty), so no mail can be sent.")
NO_ADDRESS = N_("The firm has no e-mail address.")
FIRM_GONE = N_("The firm no longer takes part (withdrawn, rejected or its data erased).")
WORKER_STOPPED = N_("The worker stopped while sending this mail; it may not have arrived.")
_AUTH = N_(
    "The mail server refused the user name %(user)s or its password (MAIL_USERNAME, "
    "MAIL_PASSWORD). It answered: %(answer)s"
)
_RECIPIENT = N_("The mail server refused the recipient address %(to)s. It answered: %(answer)s")
_SENDER = N_(
    "The mail server refused the sender address %(sender)s (MAIL_SENDER). It answered: %(answer)s"
)
_UNSUPPORTED = N_(
    "The mail server does not offer what the settings ask for (%(answer)s). Check "
    "MAIL_STARTTLS and MAIL_USERNAME."
)
_DISCONNECTED = N_(
    "The mail server %(server)s closed the connection (%(answer)s). Does MAIL_PORT fit the "
    "encryption: 465 with MAIL_SSL=1, 587 with MAIL_STARTTLS=1?"
)
_REFUSED_MAIL = N_("The mail server refused the mail. It answered: %(answer)s")
_CERTIFICATE = N_(
    "The mail server's certificate was not accepted (%(answer)s), so nothing was sent. If "
    "your organisation signs its own certificates, set MAIL_CA_FILE to its CA file."
)
_TLS = N_(
    "The encrypted connection to %(server)s failed (%(answer)s). Does MAIL_PORT fit the "
    "encryption: 465 with MAIL_SSL=1, 587 with MAIL_STARTTLS=1?"
)
_CONNECTION_REFUSED = N_(
    "Nothing answers at %(server)s: the connection was refused. Check MAIL_SERVER and "
    "MAIL_PORT, and that the mail server runs."
)
_UNKNOWN_HOST = N_("The mail server's name %(host)s was not found. Check MAIL_SERVER.")
_TIMEOUT = N_(
    "The mail server %(server)s did not answer in time: a firewall may block the port, or "
    "MAIL_SERVER or MAIL_PORT is wrong."
)
_UNREACHABLE = N_("The mail server %(server)s could not be reached: %(answer)s")


def _answer(error: smtplib.SMTPResponseException) -> str:
    return f"{error.smtp_code} {_text(error.smtp_error)}".strip()


def _server(config: Mapping[str, Any]) -> str:
    return f"{config.get('MAIL_SERVER', '')}:{config.get('MAIL_PORT') or ''}".rstrip(":")


def _text(words: bytes | str) -> str:
    return words.decode("utf-8", "replace") if isinstance(words, bytes) else str(words)


def explain(error: BaseException, config: Mapping[str, Any], to: str) -> Message:
    """What went wrong sending a mail to `to` under these settings, in plain words."""
    server = _server(config)
    if isinstance(error, smtplib.SMTPSenderRefused):
        sender = str(config.get("MAIL_SENDER") or "")
        return Message(_SENDER, {"sender": sender, "answer": _answer(error)})
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [f"{code} {_text(words)}" for code, words in error.recipients.values()]
        return Message(_RECIPIENT, {"to": to, "answer": "; ".join(answers)})
    if isinstance(error, smtplib.SMTPAuthenticationError):
        user = str(config.get("MAIL_USERNAME") or "")
        return Message(_AUTH, {"user": user, "answer": _answer(error)})
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return Message(_UNSUPPORTED, {"answer": str(error)})
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return Message(_DISCONNECTED, {"server": server, "answer": str(error)})
    if isinstance(error, smtplib.SMTPResponseException):
        return Message(_REFUSED_MAIL, {"answer": _answer(error)})
    if isinstance(error, ssl.SSLCertVerificationError):
        return Message(_CERTIFICATE, {"answer": error.verify_message or str(error)})
    if isinstance(error, ssl.SSLError):
        return Message(_TLS, {"server": server, "answer": error.reason or str(error)})
    if isinstance(error, ConnectionRefusedError):
        return Message(_CONNECTION_REFUSED, {"server": server})
    if isinstance(error, socket.gaierror):
        return Message(_UNKNOWN_HOST, {"host": str(config.get("MAIL_SERVER", ""))})
    if isinstance(error, TimeoutError):
        return Message(_TIMEOUT, {"server": server})
    if isinstance(error, OSError):
        return Message(_UNREACHABLE, {"server": server, "answer": error.strerror or str(error)})
    return Message(NOT_SENT, {"error": str(error)})
