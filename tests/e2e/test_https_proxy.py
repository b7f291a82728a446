"""The app as deployed, probed as a stranger would: HTTPS at nginx, gunicorn in production
mode behind it (tests/proxy.py). What the proxy passes on decides what the app trusts."""

from __future__ import annotations

import http.client
import ssl
from email.message import Message
from urllib.parse import urlsplit

from tests.servers import Server


def get(server: Server, path: str, headers: dict[str, str]) -> tuple[int, Message]:
    """One request over TLS to the proxy, with exactly the headers given (Host included):
    the answer's status and headers."""
    parts = urlsplit(server.url)
    context = ssl.create_default_context(cafile=str(server.ca_file))  # verified, as a client would
    connection = http.client.HTTPSConnection(parts.hostname or "", parts.port, context=context)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    try:
        with connection.getresponse() as answer:
            answer.read()
            return answer.status, answer.headers
    finally:
        connection.close()


def test_through_the_proxy_pages_are_https_only(public_server: Server) -> None:
    host = urlsplit(public_server.url).netloc
    status, headers = get(public_server, "/staff/login", {"Host": host})
    assert status == 200
    assert headers.get("Strict-Transport-Security", "").startswith("max-age=")
    (session,) = [c for c in headers.get_all("Set-Cookie", []) if c.startswith("session=")]
    assert "Secure" in session
    assert "HttpOnly" in session


def test_a_forged_host_is_refused_behind_the_proxy(public_server: Server) -> None:
    """Finding 2 where it lives: nginx passes the client's Host on; the app serves only its
    public address, so no page (and no mail it sends) is built on the stranger's host."""
    assert get(public_server, "/", {"Host": "evil.example"})[0] == 400
    port = urlsplit(public_server.url).port
    assert get(public_server, "/", {"Host": f"evil.example:{port}"})[0] == 400
    assert get(public_server, "/", {"Host": f"localhost:{port}"})[0] == 200
