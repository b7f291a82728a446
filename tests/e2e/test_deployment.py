"""The production set-up: one public address for every link, trusted hosts, HSTS, forms over
HTTPS with or without a Referer, and waitress behind a proxy (issue 15, findings 1, 2, 9).

Real app, real database, real SMTP server, a real `matchmaker serve` process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from time import sleep

import pytest
from flask import Flask
from flask.testing import FlaskClient

from matchmaker import create_app
from matchmaker.config import ConfigurationError
from tests.conftest import (
    Inbox,
    app_with,
    csrf_token,
    free_port,
    mail_settings,
    make_config,
)
from tests.web.test_registration import URL, form_values

PUBLIC = "https://boerse.example.org"


@pytest.fixture
def public_app(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Flask]:
    """The app as deployed: a public HTTPS address, one proxy in front, mail configured."""
    settings = {"BASE_URL": PUBLIC, "PROXY_HOPS": 1, **mail_settings(inbox)}
    with app_with(tmp_path, database, {}, **settings) as app:
        yield app


def register(web: FlaskClient) -> str:
    """Register a firm over HTTPS on the public address; its personal path `/p/<token>/`."""
    html = web.get(URL, base_url=PUBLIC).get_data(as_text=True)
    response = web.post(URL, base_url=PUBLIC, data=form_values(html))
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.location.removesuffix("welcome")


def bodies(inbox: Inbox) -> list[str]:
    return [
        message_from_bytes(raw).get_payload(decode=True).decode()  # type: ignore[union-attr]
        for raw in inbox.messages
    ]


def test_links_in_mails_come_from_the_public_address_never_the_request(
    public_app: Flask, inbox: tuple[Inbox, int]
) -> None:
    handler, _ = inbox
    web = public_app.test_client()
    path = register(web)
    assert len(handler.messages) == 1
    assert f"{PUBLIC}{path}" in bodies(handler)[0]
    page = web.get("/e/open/link", base_url=PUBLIC).get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "email": "anna.schulz@ostfalen.example"}
    # A stranger names another host, directly or as the proxy's X-Forwarded-Host: refused.
    forged = web.post("/e/open/link", base_url="https://evil.example", data=form)
    assert forged.status_code == 400
    forwarded = web.post(
        "/e/open/link",
        base_url=PUBLIC,
        data=form,
        headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-For": "203.0.113.9"},
    )
    assert forwarded.status_code == 400
    assert len(handler.messages) == 1  # neither sent a mail
    honest = web.post("/e/open/link", base_url=PUBLIC, data=form)
    assert honest.status_code == 303
    assert len(handler.messages) == 2
    assert f"{PUBLIC}{path}" in bodies(handler)[1]
    assert "evil" not in " ".join(bodies(handler))


def test_pages_show_the_link_on_the_public_address(public_app: Flask) -> None:
    web = public_app.test_client()
    path = register(web)
    welcome = web.get(path + "welcome", base_url=PUBLIC).get_data(as_text=True)
    assert f"{PUBLIC}{path}" in welcome


def test_production_needs_a_public_https_address(tmp_path: Path) -> None:
    production = {"MATCHMAKER_ENV": "production", "SECRET_KEY": "k" * 32}
    with pytest.raises(ConfigurationError, match="MATCHMAKER_BASE_URL"):
        create_app(make_config(tmp_path, **production, BASE_URL=None))
    with pytest.raises(ConfigurationError, match="must start with https://"):
        create_app(make_config(tmp_path, **production, BASE_URL="http://boerse.example.org"))
    with pytest.raises(ConfigurationError, match="absolute address"):
        create_app(make_config(tmp_path, **production, BASE_URL="boerse.example.org"))
    app = create_app(
        make_config(tmp_path, **production, BASE_URL=PUBLIC + "/", TRUSTED_HOSTS="internal.example")
    )
    assert app.config["BASE_URL"] == PUBLIC
    assert app.config["TRUSTED_HOSTS"] == ["boerse.example.org", "internal.example"]


def test_https_address_sends_hsts_and_other_hosts_are_refused(public_app: Flask) -> None:
    web = public_app.test_client()
    home = web.get("/", base_url=PUBLIC)
    assert home.status_code == 200
    assert home.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert web.get("/", base_url="https://evil.example").status_code == 400
    assert web.get("/", base_url="https://boerse.example.org.evil.example").status_code == 400


def test_plain_http_development_sends_no_hsts(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers


def profile_post(web: FlaskClient, path: str, headers: dict[str, str]) -> int:
    page = web.get(path + "profile", base_url=PUBLIC).get_data(as_text=True)
    values = form_values(page, offer="Sterilgut, Reinraum und Verpackung")
    return web.post(path + "profile", base_url=PUBLIC, data=values, headers=headers).status_code


def test_firm_forms_work_over_https_without_a_referer(public_app: Flask) -> None:
    """Finding 1: the firm pages send no Referer (privacy tools strip it too); Flask-WTF's
    strict HTTPS check refused every such form with 400."""
    web = public_app.test_client()
    path = register(web)
    assert profile_post(web, path, {}) == 303
    assert profile_post(web, path, {"Origin": PUBLIC}) == 303
    assert profile_post(web, path, {"Referer": f"{PUBLIC}{path}profile"}) == 303


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://boerse.example.org"},  # the plain-http twin is another origin
        {"Referer": "https://evil.example/form.html"},
    ],
)
def test_forms_sent_from_another_site_are_refused(
    public_app: Flask, headers: dict[str, str]
) -> None:
    web = public_app.test_client()
    path = register(web)
    assert profile_post(web, path, headers) == 400


def test_waitress_passes_the_proxys_headers_to_the_app(tmp_path: Path, database: str) -> None:
    """Finding 9: waitress dropped every X-Forwarded-* header, so MATCHMAKER_PROXY_HOPS did
    nothing under `matchmaker serve`: the public host the proxy forwards never arrived."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database,
        "MATCHMAKER_ENV": "production",
        "MATCHMAKER_SECRET_KEY": "waitress-test",
        "MATCHMAKER_BASE_URL": PUBLIC,
        "MATCHMAKER_PROXY_HOPS": "1",
        "MATCHMAKER_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    command = [str(Path(sys.executable).with_name("matchmaker")), "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    try:
        proxied = {"X-Forwarded-Host": "boerse.example.org", "X-Forwarded-Proto": "https"}
        assert status(port, proxied) == 200
        assert status(port, {}) == 400  # 127.0.0.1 itself is no trusted host
        assert status(port, {**proxied, "X-Forwarded-Host": "evil.example"}) == 400
    finally:
        process.terminate()
        process.wait(timeout=20)


def status(port: int, headers: dict[str, str]) -> int:
    """The status of GET / on the local server, waiting for it to come up."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers=headers)
    for _ in range(300):
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 (local)
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            sleep(0.1)
    pytest.fail("matchmaker serve did not start")


def test_welcome_page_link_matches_the_mail(public_app: Flask, inbox: tuple[Inbox, int]) -> None:
    web = public_app.test_client()
    path = register(web)
    welcome = web.get(path + "welcome", base_url=PUBLIC).get_data(as_text=True)
    shown = re.findall(r"https://boerse\.example\.org/p/[^\s<\"]+", welcome)
    assert shown
    assert all(link in bodies(inbox[0])[0] for link in shown)
