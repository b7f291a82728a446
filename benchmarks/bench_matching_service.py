"""Matching as users wait for it, through the services and a real database (SQLite file):

- a whole fair as a background run, the first time (every text encoded) and again after a
  share of its firms changed their offer (only their texts encoded, the rest read from the
  database, only the lists they touch computed: core/match_update.py), beside the baselines
  of the same run computing every list afresh, and with no stored vectors;
- one firm editing its profile and getting its list (`refresh_firm`), beside the baseline
  of a whole run.

Every text is unique (synthetic fair, `unique_texts`), so nothing is saved by repeated texts.
Prints seconds and the process's peak memory. Each size runs in its own process.
Usage: python -m benchmarks.bench_matching_service [--sizes 500 20000] [--changed 0.05]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path


def run_one(firms: int, changed: float) -> dict[str, float]:
    """Inside the child: build the fair in a fresh database and time the runs."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from benchmarks.synthetic_fair import generate
    from matchmaker import create_app
    from matchmaker.extensions import db
    from matchmaker.io.profiles import Contact, ProfileRecord
    from matchmaker.models import Event, EventState, Participant, ParticipantStatus
    from matchmaker.services.participants import import_profiles
    from matchmaker.services.recommendations import compute_recommendations, refresh_firm

    folder = Path(tempfile.mkdtemp(prefix="bench-matching-"))
    app = create_app(
        {
            "MATCHMAKER_ENV": "testing",
            "SECRET_KEY": "matching-benchmark",
            "INSTANCE_PATH": str(folder),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'fair.db'}",
        }
    )
    figures: dict[str, float] = {}
    with app.app_context():
        upgrade()
        session = db.session()
        event = Event(
            slug="bench", name="Benchmark", date=date(2027, 3, 18), first_slot_start=clock(9),
            slot_minutes=20, slot_count=12, cross_group_only=True, state=EventState.PUBLISHED,
        )  # fmt: skip
        session.add(event)
        session.flush()
        fair = generate(firms, seed=7, unique_texts=True)
        records = [
            ProfileRecord(p, Contact(contact_person="", email=f"f{n}@x.example"), n)
            for n, p in enumerate(fair.profiles, start=2)
        ]
        import_profiles(session, event, records, status=ParticipantStatus.APPROVED)
        session.commit()

        def timed(name: str, work: object) -> None:
            start = time.perf_counter()
            work()  # type: ignore[operator]
            session.commit()
            figures[name] = time.perf_counter() - start

        timed("first run", lambda: compute_recommendations(session, event))
        participants = list(session.scalars(select(Participant).order_by(Participant.id)))
        for firm in participants[: round(changed * len(participants))]:
            firm.offer = f"{firm.offer}; neu: Sonderanfertigung Serie {firm.id}"
        session.commit()
        timed("after changes (update)", lambda: compute_recommendations(session, event))
        one = participants[-1]
        one.request = f"{one.request}; dazu Verpackungsfolien {one.id}"
        session.commit()
        timed("one firm edits", lambda: refresh_firm(session, one))
        timed(
            "baseline: after changes, every list afresh",
            lambda: compute_recommendations(session, event, whole=True),
        )
        timed("baseline: whole run, no stored vectors", lambda: _fresh_run(session, event))
    figures["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _fresh_run(session: object, event: object) -> None:
    """The same whole run as if no vector had been stored (the cost without the store)."""
    from sqlalchemy import delete

    from matchmaker.models import TextVector
    from matchmaker.services.recommendations import compute_recommendations

    session.execute(delete(TextVector))  # type: ignore[attr-defined]
    compute_recommendations(session, event, whole=True)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500])
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(int(args.child[0]), float(args.child[1]))))
        return
    for n in args.sizes:
        command = [sys.executable, "-m", "benchmarks.bench_matching_service", "--child",
                   str(n), str(args.changed)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{n} firms ({args.changed:.0%} changed):")
        for name, value in figures.items():
            unit = "MB" if name == "peak MB" else "s"
            print(f"  {name:40} {value:9.1f} {unit}")


if __name__ == "__main__":
    main()
