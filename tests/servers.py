"""Real server processes on a test's database: gunicorn serving the pages and `matchmaker
worker` running the background jobs, as deployed (the fixtures `server` and `public_server`
in conftest.py start them)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from time import sleep
from typing import Any

import pytest

GUNICORN = Path(sys.executable).with_name("gunicorn")
MATCHMAKER = Path(sys.executable).with_name("matchmaker")


@dataclass(frozen=True)
class Server:
    url: str
    ca_file: Path | None = None  # the CA behind an HTTPS server's certificate
    worker: subprocess.Popen[bytes] | None = None  # the `matchmaker worker` beside it


def process_environment(database: str, instance: Path, **settings: str) -> dict[str, str]:
    """The environment of a server or worker process on the test's database; `settings`
    are MATCHMAKER_* variables (prefix left out)."""
    return {
        **os.environ,
        "DATABASE_URL": database,
        "MATCHMAKER_ENV": "testing",
        "MATCHMAKER_SECRET_KEY": "server-test",
        "MATCHMAKER_INSTANCE_PATH": str(instance),
        **{f"MATCHMAKER_{key}": value for key, value in settings.items()},
    }


def wait_until(check: Any, what: str, timeout: float = 120.0) -> None:
    """Poll `check()` until it is true (bounded: fails the test after `timeout` seconds)."""
    for _ in range(int(timeout / 0.1)):
        if check():
            return
        sleep(0.1)
    pytest.fail(f"timed out waiting until {what}")


@contextmanager
def worker_process(environment: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A real `matchmaker worker` process; stopped (SIGTERM) at the end if still running."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            [str(MATCHMAKER), "worker"], env=environment, stdout=output, stderr=output
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


@contextmanager
def gunicorn(
    database: str, tmp_path: Path, port: int, **settings: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The production pair against the test's database, each its own process with the same
    environment: gunicorn (2 workers x 4 threads) serving the pages on 127.0.0.1:`port`, and
    `matchmaker worker` running the background jobs. Yields the address and the worker once
    the pages answer. `settings` are MATCHMAKER_* variables (prefix left out)."""
    settings = {"BASE_URL": f"http://127.0.0.1:{port}", **settings}
    environment = process_environment(database, tmp_path / "instance", **settings)
    with worker_process(environment, tmp_path / "worker.log") as worker:
        process = subprocess.Popen(
            [str(GUNICORN), "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning", "matchmaker:create_app()"],
            env=environment,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: _answers(url), "gunicorn answers", timeout=20)
            yield url, worker
        finally:
            process.terminate()
            process.wait(timeout=20)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url + "/", timeout=2).close()  # noqa: S310 (local)
    except urllib.error.HTTPError:
        return True  # it answers (a host it does not serve gets 400)
    except OSError:
        return False
    return True
