"""Mail leaves only over verified TLS, and a password never travels in clear text (issue 15,
finding 9): real SMTP servers (aiosmtpd) with certificates from a test CA (trustme)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from matchmaker.services.mail import MailError, send_mail
from tests.conftest import Inbox, free_port

USER, PASSWORD = "boerse", "mail-secret"


def accept_login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    """The server's check of the login: only the right user and password."""
    ok = data.login == USER.encode() and data.password == PASSWORD.encode()
    return AuthResult(success=ok)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def server_context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    return context


@contextmanager
def running(controller: Controller) -> Iterator[Controller]:
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def starttls_server(ca: trustme.CA) -> Iterator[tuple[Inbox, int]]:
    """A submission server that offers STARTTLS with a certificate for 127.0.0.1 and wants
    it before any login or message."""
    handler, port = Inbox(), free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context(ca, "127.0.0.1"),
        require_starttls=True,
        authenticator=accept_login,
    )
    with running(controller):
        yield handler, port


@pytest.fixture
def plain_server() -> Iterator[tuple[Inbox, int]]:
    """A server without TLS that would take a login in clear text."""
    handler, port = Inbox(), free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, authenticator=accept_login, auth_require_tls=False
    )
    with running(controller):
        yield handler, port


def config(port: int, **settings: Any) -> dict[str, Any]:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, **settings}


def test_starttls_with_a_verified_certificate_delivers_and_logs_in(
    starttls_server: tuple[Inbox, int], ca_file: str
) -> None:
    handler, port = starttls_server
    settings = config(port, MAIL_STARTTLS="1", MAIL_CA_FILE=ca_file)
    send_mail(
        settings | {"MAIL_USERNAME": USER, "MAIL_PASSWORD": PASSWORD}, "a@x.example", "S", "B"
    )
    assert len(handler.messages) == 1


def test_a_certificate_nobody_vouches_for_gets_no_mail(
    starttls_server: tuple[Inbox, int],
) -> None:
    """Before: `starttls()` without a context accepted any certificate, a stranger's too."""
    handler, port = starttls_server
    with pytest.raises(MailError, match="CERTIFICATE_VERIFY_FAILED"):
        send_mail(config(port, MAIL_STARTTLS="1"), "a@x.example", "S", "B")
    assert handler.messages == []


def test_a_certificate_for_another_host_gets_no_mail(ca: trustme.CA, ca_file: str) -> None:
    handler, port = Inbox(), free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_context(ca, "mail.other.example"),
        require_starttls=True,
    )
    with running(controller), pytest.raises(MailError, match=r"CERTIFICATE_VERIFY_FAILED|match"):
        send_mail(config(port, MAIL_STARTTLS="1", MAIL_CA_FILE=ca_file), "a@x", "S", "B")
    assert handler.messages == []


def test_a_login_without_tls_is_refused_before_the_server_hears_it(
    plain_server: tuple[Inbox, int],
) -> None:
    """Before: the password went to the server in clear text and the mail was sent."""
    handler, port = plain_server
    settings = config(port, MAIL_USERNAME=USER, MAIL_PASSWORD=PASSWORD)
    with pytest.raises(MailError, match="clear text"):
        send_mail(settings, "a@x.example", "S", "B")
    assert handler.messages == []


def test_a_server_without_starttls_gets_no_mail_when_tls_is_asked(
    plain_server: tuple[Inbox, int],
) -> None:
    handler, port = plain_server
    with pytest.raises(MailError, match="STARTTLS"):
        send_mail(config(port, MAIL_STARTTLS="1"), "a@x.example", "S", "B")
    assert handler.messages == []


def test_implicit_tls_delivers(ca: trustme.CA, ca_file: str) -> None:
    handler, port = Inbox(), free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        ssl_context=server_context(ca, "127.0.0.1"),
        authenticator=accept_login,
        auth_require_tls=False,  # aiosmtpd does not see its own implicit TLS; it is there
    )
    settings = config(port, MAIL_SSL="1", MAIL_CA_FILE=ca_file)
    with running(controller):
        send_mail(settings | {"MAIL_USERNAME": USER, "MAIL_PASSWORD": PASSWORD}, "a@x", "S", "B")
    assert len(handler.messages) == 1
