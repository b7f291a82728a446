"""Matching as users wait for it, through the services and a real database (SQLite file):

- a whole fair as a background run, the first time (every text encoded) and again after a
  share of its firms changed their offer (only their texts encoded, the rest read from the
  database, only the lists they touch computed: core/matching/update.py), then once more after
  as many other firms changed theirs (an update after an update), beside the baselines of
  the same run computing every list afresh, and with no stored vectors;
- one firm editing its profile and getting its list (`refresh_firm`), beside the baseline
  of a whole run.

Every text is unique (synthetic fair, `unique_texts`), so nothing is saved by repeated texts.
Prints each step's seconds and the peak memory of the process that ran it: the fair is built
in a process of its own, and each step runs in a fresh one, as the worker runs a job.
Usage: python -m benchmarks.bench_matching_service [--sizes 500 20000] [--changed 0.05]
       [--without-fresh-baseline]
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
from typing import Any

AGAIN = "again, other firms changed (update)"
STEPS = (
    "first run",
    "after changes (update)",
    AGAIN,
    "one firm edits",
    "baseline: after changes, every list afresh",
    "baseline: whole run, no stored vectors",
)


def fair_app(folder: Path) -> Any:
    """The app on the benchmark fair's SQLite file in `folder`."""
    from matchmaker import create_app

    return create_app(
        {
            "MATCHMAKER_ENV": "testing",
            "SECRET_KEY": "matching-benchmark",
            "INSTANCE_PATH": str(folder),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'fair.db'}",
        }
    )


def build(firms: int) -> Path:
    """Inside a child: the fair in a fresh database (not measured); returns its folder."""
    from flask_migrate import upgrade

    from benchmarks.synthetic_fair import generate
    from matchmaker.extensions import db
    from matchmaker.io.profiles import Contact, ProfileRecord
    from matchmaker.models import Event, EventState, ParticipantStatus
    from matchmaker.services.participants import import_profiles

    folder = Path(tempfile.mkdtemp(prefix="bench-matching-"))
    with fair_app(folder).app_context():
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
    return folder


def run_step(step: str, folder: Path, changed: float) -> dict[str, float]:
    """Inside a child of its own: one step on the fair's database, its seconds and the
    process's peak memory (a worker runs each job like this; nothing of the fair's building
    or of another step is counted)."""
    from sqlalchemy import String, cast, delete, func, literal, select, update

    from matchmaker.extensions import db
    from matchmaker.models import Event, Participant, TextVector
    from matchmaker.services.recommendations import compute_recommendations, refresh_firm

    _load_models()
    with fair_app(folder).app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        ids = list(session.scalars(select(Participant.id).order_by(Participant.id)))
        if step in ("after changes (update)", AGAIN):  # the change itself is not timed
            text = literal("; neu: Sonderanfertigung Serie ") + cast(Participant.id, String)
            share = round(changed * len(ids))
            chosen = ids[share : 2 * share] if step == AGAIN else ids[:share]
            session.execute(
                update(Participant)
                .where(Participant.id.in_(chosen))
                .values(offer=func.coalesce(Participant.offer, "") + text)
            )
            session.commit()
        if step == "one firm edits":  # a running web process: it has served a page before
            before = session.get(Participant, ids[-2])
            assert before is not None
            refresh_firm(session, before)
            session.commit()
            one = session.get(Participant, ids[-1])
            assert one is not None
            one.request = f"{one.request}; dazu Verpackungsfolien {one.id}"
            session.commit()
        if step == "baseline: whole run, no stored vectors":
            session.execute(delete(TextVector))
            session.commit()
        start = time.perf_counter()
        if step == "one firm edits":
            assert one is not None
            refresh_firm(session, one)
        else:
            compute_recommendations(session, event, whole=step.startswith("baseline"))
        session.commit()
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _load_models() -> None:
    """The encoders loaded before the clock starts, as in the running app and worker (a
    process loads them once, about two seconds, and keeps them)."""
    from matchmaker.core.matching.semantic import default_readings

    for reading in default_readings():  # the encoders load their weights at the first text
        reading.needs.encode(["Aufwärmen"])
        reading.offers.encode(["Aufwärmen"])


def _child(*arguments: str) -> str:
    command = [sys.executable, "-m", "benchmarks.bench_matching_service", "--child", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500])
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument(
        "--without-fresh-baseline", action="store_true",
        help="leave out the last baseline (a second first run: 13 minutes at 20,000)",
    )  # fmt: skip
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child[0] == "build":
            print(build(int(args.child[1])))
        else:
            step, folder, changed = args.child[1:]
            print(json.dumps(run_step(step, Path(folder), float(changed))))
        return
    for n in args.sizes:
        folder = _child("build", str(n))
        print(f"{n} firms ({args.changed:.0%} changed), each step in a process of its own:")
        steps = STEPS[:-1] if args.without_fresh_baseline else STEPS
        for step in steps:
            figures = json.loads(_child("step", step, folder, str(args.changed)))
            print(f"  {step:44} {figures['seconds']:7.1f} s   peak {figures['peak MB']:6.0f} MB")
        print(f"  (the fair's database: {folder}/fair.db)")


if __name__ == "__main__":
    main()
