"""Why a mail was not sent, in plain words (services/mail_failures.py): each kind of error
smtplib, ssl and the socket raise becomes the sentence that names the setting to look at,
with the server's own answer quoted; and a real refused connection, explained."""

from __future__ import annotations

import smtplib
import socket
import ssl

import pytest

from matchmaker.services.mail_failures import NOT_SENT, explain
from tests.conftest import free_port

CONFIG = {
    "MAIL_SERVER": "smtp.amt.example",
    "MAIL_PORT": 587,
    "MAIL_USERNAME": "boerse",
    "MAIL_SENDER": "boerse@amt.example",
}
TO = "firma@omsk.example"


def _certificate() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    error.verify_message = "self-signed certificate"
    return error


def _tls() -> ssl.SSLError:
    error = ssl.SSLError(1, "[SSL] wrong version number")
    error.reason = "WRONG_VERSION_NUMBER"  # as the ssl module sets it
    return error


@pytest.mark.parametrize(
    ("error", "words", "values"),
    [
        (smtplib.SMTPSenderRefused(553, b"5.7.1 not yours", "boerse@amt.example"),
         "refused the sender address",
         {"sender": "boerse@amt.example", "answer": "553 5.7.1 not yours"}),
        (smtplib.SMTPRecipientsRefused({TO: (550, b"no such user")}),
         "refused the recipient address", {"to": TO, "answer": "550 no such user"}),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"),
         "refused the user name", {"user": "boerse", "answer": "535 bad credentials"}),
        (smtplib.SMTPNotSupportedError("STARTTLS extension not supported by server."),
         "does not offer", {"answer": "STARTTLS extension not supported by server."}),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
         "closed the connection",
         {"server": "smtp.amt.example:587", "answer": "Connection unexpectedly closed"}),
        (smtplib.SMTPDataError(554, "spam"), "refused the mail", {"answer": "554 spam"}),
        (_certificate(), "certificate was not accepted", {"answer": "self-signed certificate"}),
        (_tls(), "encrypted connection", {"server": "smtp.amt.example:587",
                                          "answer": "WRONG_VERSION_NUMBER"}),
        (ConnectionRefusedError(111, "Connection refused"), "Nothing answers",
         {"server": "smtp.amt.example:587"}),
        (socket.gaierror(-2, "Name or service not known"), "was not found",
         {"host": "smtp.amt.example"}),
        (TimeoutError("timed out"), "did not answer in time", {"server": "smtp.amt.example:587"}),
        (OSError(113, "No route to host"), "could not be reached",
         {"server": "smtp.amt.example:587", "answer": "No route to host"}),
        (ValueError("odd"), "The mail was not sent", {"error": "odd"}),
    ],
    ids=["sender", "recipient", "login", "not-offered", "disconnected", "refused-mail",
         "certificate", "tls", "connection-refused", "unknown-host", "timeout", "unreachable",
         "other"],
)  # fmt: skip
def test_each_error_is_explained(
    error: BaseException, words: str, values: dict[str, object]
) -> None:
    reason = explain(error, CONFIG, TO)
    assert dict(reason.values) == values
    assert words in str(reason)


def test_a_real_refused_connection_is_explained() -> None:
    port = free_port()
    config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port}
    with pytest.raises(ConnectionRefusedError) as refused:
        smtplib.SMTP("127.0.0.1", port, timeout=5)
    reason = explain(refused.value, config, TO)
    assert str(reason).startswith(f"Nothing answers at 127.0.0.1:{port}")
    assert reason.template != NOT_SENT
