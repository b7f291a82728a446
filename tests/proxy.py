"""A real TLS reverse proxy for the tests: Debian's nginx in front of the app's server, with a
certificate from a throwaway CA (trustme), configured as docs/SECURITY.md tells organisers
(HTTPS at the proxy; Host, X-Forwarded-For, -Proto and -Host passed on; one hop trusted).

`.ci/proxy` installs nginx in CI; without it, the tests that need it are skipped loudly
(or fail, with CI=true), like the browser tests without chromium.
"""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from time import sleep

import pytest
import trustme

NGINX = Path("/usr/sbin/nginx")

CONFIG = """\
{user}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    client_max_body_size 12m;
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {folder}/server.pem;
        ssl_certificate_key {folder}/server.pem;
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_read_timeout 300s;
        }}
    }}
}}
"""


def need_nginx() -> None:
    """Skip (loudly) without nginx; in CI a missing nginx is a failure."""
    if NGINX.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs {NGINX} for the HTTPS tests (.ci/proxy installs it)", pytrace=False)
    print(f"\n*** SKIPPING the HTTPS proxy tests: {NGINX} is not installed ***\n")
    pytest.skip(f"{NGINX} is not installed (CI installs it)")


@dataclass(frozen=True)
class Proxy:
    """The proxy's public address and the CA file that vouches for its certificate."""

    url: str
    ca_file: Path

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))


@contextmanager
def tls_proxy(port: int, upstream: int, folder: Path) -> Iterator[Proxy]:
    """nginx on https://localhost:`port` forwarding to http://127.0.0.1:`upstream`."""
    need_nginx()
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA()
    ca.issue_cert("localhost", "127.0.0.1").private_key_and_cert_chain_pem.write_to_path(
        str(folder / "server.pem")
    )
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    user = "user root;" if os.geteuid() == 0 else ""  # the test folders are root's alone
    config = folder / "nginx.conf"
    config.write_text(
        CONFIG.format(user=user, folder=folder, port=port, upstream=upstream), encoding="utf-8"
    )
    process = subprocess.Popen(
        [str(NGINX), "-c", str(config), "-p", str(folder), "-e", str(folder / "error.log")]
    )
    proxy = Proxy(f"https://localhost:{port}", folder / "ca.pem")
    try:
        _wait_for_tls(port, proxy.context(), process)
        yield proxy
    finally:
        process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        process.wait(timeout=20)


def _wait_for_tls(port: int, context: ssl.SSLContext, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(f"nginx stopped at start (exit {process.returncode})")
        try:
            with (
                socket.create_connection(("127.0.0.1", port), timeout=2) as raw,
                context.wrap_socket(raw, server_hostname="localhost"),
            ):
                return
        except OSError:
            sleep(0.05)
    pytest.fail("nginx did not start")
