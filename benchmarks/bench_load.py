"""Load on the pages participants open the minute a timetable is published: the agenda
(`/p/<token>/agenda`) and the recommended partners (`/p/<token>/partners`), each client a
different firm with its own personal link.

A fair of `--firms` synthetic firms (benchmarks/synthetic_fair.py) is built in a fresh
database: recommendations (TF-IDF), a timetable from each firm's best mutual matches,
published. Then each server is started in turn on 127.0.0.1, warmed up for a few seconds,
and loaded by wrk (C, epoll; `apt-get install wrk`) with 50 and 200 open connections, each
a person with a phone, in three ways:
- `phone`: 1-5 s between pages (think time, as in Locust's example user): people reading
  their agenda and tapping on; the scenario of the target;
- `refresh`: 0.5-1.5 s between pages: everyone reloading about once a second;
- `flood`: no pause at all, every client asks again the moment an answer arrives; this
  measures how many pages a second the server can give (latency is then queueing:
  clients / throughput).

Servers: `gunicorn` (the production set-up: `--workers` processes x `--threads` threads),
beside the simple baseline `werkzeug` (Flask's built-in threaded development server, one
process). wrk runs in one thread on the same two cores, so its own CPU time is part of
the load on the machine.

    python -m benchmarks.bench_load --firms 500 --seconds 20
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.synthetic_fair import generate

WRK = shutil.which("wrk")
# Think time between a client's pages, milliseconds (from, to): `phone` as Locust's own
# example user (`wait_time = between(1, 5)`), `refresh` everyone reloading about every
# second, `flood` no pause at all.
SCENARIOS = {"phone": (1000, 5000), "refresh": (500, 1500), "flood": (0, 0)}

LUA = """
local tokens = {}
for line in io.lines("%(tokens)s") do tokens[#tokens + 1] = line end
local n = 0
local page = "%(page)s"
math.randomseed(%(seed)d)
request = function()
  n = n + 1
  return wrk.format("GET", "/p/" .. tokens[(n %% #tokens) + 1] .. "/" .. page)
end
delay = function()
  if %(think_to)d == 0 then return 0 end
  return math.random(%(think_from)d, %(think_to)d)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, '
    .. '"max_us": %%d, "errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass(frozen=True)
class Figures:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def build_fair(database_url: str, instance: Path, firms: int, seconds: float) -> list[str]:
    """A published fair in a fresh database; the firms' personal-link tokens."""
    from datetime import date, time

    from flask_migrate import upgrade

    from matchmaker import create_app
    from matchmaker.core.scheduling.scheduler import ScheduleOptions
    from matchmaker.extensions import db
    from matchmaker.io.profiles import Contact, ProfileRecord
    from matchmaker.models import Event, EventState, EventTable, Participant, ParticipantStatus
    from matchmaker.services.demo import accept_best_partners
    from matchmaker.services.drafts import generate_draft
    from matchmaker.services.links import current_token
    from matchmaker.services.participants import import_profiles
    from matchmaker.services.recommendations import compute_recommendations
    from matchmaker.services.versions import publish_version

    app = create_app(
        {
            "MATCHMAKER_ENV": "testing",
            "SECRET_KEY": "load-benchmark",
            "INSTANCE_PATH": str(instance),
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )
    with app.app_context():
        upgrade()
        session = db.session()
        tables = max(10, firms // 4)
        event = Event(
            slug="last",
            name="Lasttest-Börse",
            date=date(2027, 3, 18),
            first_slot_start=time(9, 0),
            slot_minutes=20,
            slot_count=12,
            cross_group_only=True,
            state=EventState.PUBLISHED,
        )
        event.tables = [EventTable(number=n) for n in range(1, tables + 1)]
        session.add(event)
        session.flush()
        fair = generate(firms, seed=7)
        # Languages left out: every wish can then be placed without interpreters, so that
        # agendas are as full as at a real fair; the pages, not the scheduler, are measured.
        records = [
            ProfileRecord(
                replace(profile, languages=()),
                Contact(contact_person=f"Person {n}", email=f"firm{n}@x.example"),
                n,
            )
            for n, profile in enumerate(fair.profiles, start=2)
        ]
        import_profiles(session, event, records, status=ParticipantStatus.APPROVED)
        compute_recommendations(session, event, readings=None)
        accept_best_partners(session, event, per_firm=4)
        run = generate_draft(session, event, options=ScheduleOptions(time_limit=seconds))
        publish_version(session, event, run.version)
        session.commit()
        secret = str(app.config["SECRET_KEY"])
        tokens = [
            current_token(session, firm, secret)
            for firm in session.scalars(db.select(Participant).order_by(Participant.id))
        ]
        session.commit()
        print(
            f"fair: {firms} firms, {tables} tables x 12 slots, "
            f"{len(run.version.meetings)} meetings published",
            flush=True,
        )
        db.engine.dispose()
    return tokens


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(kind: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`gunicorn:WxT` (W processes of T threads each) or `werkzeug`."""
    bindir = Path(sys.executable).parent
    if kind.startswith("gunicorn:"):
        workers, threads = kind.removeprefix("gunicorn:").split("x")
        command = [
            str(bindir / "gunicorn"), "--workers", workers, "--threads", threads,
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--backlog", "2048",
            # idle connections kept longer than the longest think time, as phones expect
            "--keep-alive", "10",
            "matchmaker:create_app()",
        ]  # fmt: skip
    else:
        code = (
            "from matchmaker import create_app; "
            f"create_app().run(host='127.0.0.1', port={port}, threaded=True)"
        )
        command = [sys.executable, "-c", code]
    with log.open("ab") as sink:  # the development server logs every request
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=sink)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"{kind} did not start; see {log}")


def load(port: int, page: str, clients: int, scenario: str, seconds: int, tokens: Path) -> Figures:
    think_from, think_to = SCENARIOS[scenario]
    script = tokens.with_name(f"{page}-{scenario}.lua")
    script.write_text(
        LUA
        % {
            "tokens": tokens,
            "page": page,
            "seed": clients,
            "think_from": think_from,
            "think_to": think_to,
        },
        encoding="utf-8",
    )
    assert WRK is not None
    command = [WRK, "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("{"))
    raw = json.loads(line)
    return Figures(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        errors=raw["errors"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--firms", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=20, help="length of each load run")
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--pages", nargs="+", default=["agenda", "partners"])
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=SCENARIOS)
    parser.add_argument(
        "--servers",
        nargs="+",
        default=["gunicorn:4x4", "werkzeug"],
        help="gunicorn:WxT (W processes of T threads) or werkzeug (the baseline)",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="an empty database to fill (default: SQLite in a temp dir)",
    )
    args = parser.parse_args()
    if WRK is None:
        raise SystemExit("bench_load needs wrk: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        work = Path(folder)
        url = args.database_url or f"sqlite:///{work / 'load.sqlite'}"
        tokens = build_fair(url, work / "instance", args.firms, seconds=30)
        token_file = work / "tokens.txt"
        token_file.write_text("\n".join(tokens) + "\n", encoding="utf-8")
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "MATCHMAKER_ENV": "production",
            "MATCHMAKER_SECRET_KEY": "load-benchmark",
            "MATCHMAKER_INSTANCE_PATH": str(work / "instance"),
        }
        print(
            f"{args.seconds} s per run, wrk -t1; "
            f"phone: {SCENARIOS['phone'][0]}-{SCENARIOS['phone'][1]} ms think time",
            flush=True,
        )
        columns = ("req/s", "p50 ms", "p95 ms", "p99 ms", "max ms")
        head = f"{'server':<14} {'page':<9} {'mode':<6} {'clients':>7} "
        print(head + " ".join(f"{c:>8}" for c in columns) + f" {'errors':>6}", flush=True)
        for server in args.servers:
            port = free_port()
            process = start_server(server, port, env, work / f"{server}.log")
            try:
                for page in args.pages:  # warm-up: templates compiled, caches filled
                    load(port, page, 20, "flood", 3, token_file)
                for page in args.pages:
                    for scenario in args.scenarios:
                        for clients in args.clients:
                            f = load(port, page, clients, scenario, args.seconds, token_file)
                            print(
                                f"{server:<14} {page:<9} {scenario:<6} {clients:>7} "
                                f"{f.per_second:>8.1f} {f.p50_ms:>8.1f} {f.p95_ms:>8.1f} "
                                f"{f.p99_ms:>8.1f} {f.max_ms:>8.1f} {f.errors:>6}",
                                flush=True,
                            )
            finally:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
