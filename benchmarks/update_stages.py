"""Where the time and memory of a run after changes go, stage by stage.

Works on a copy of a fair's SQLite database that has had a whole run (for instance the one
`bench_matching_service` leaves in /tmp/bench-matching-*/fair.db): changes the offer of the
last `--changed` firms, then runs the stages of `compute_recommendations` one after the other
and prints each one's seconds and the process's peak memory after it, and their total.
`bench_matching_service` measures the same run whole, beside its baselines.
Usage: python -m benchmarks.update_stages /tmp/bench-matching-x/fair.db [--changed 1000] [--first]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database", type=Path)
    parser.add_argument("--changed", type=int, default=1000)
    parser.add_argument(
        "--first", action="store_true",
        help="change the first firms (as bench_matching_service does), not the last",
    )  # fmt: skip
    args = parser.parse_args()
    from sqlalchemy import select

    from benchmarks.bench_matching_service import fair_app
    from matchmaker.core.matching.matcher import ComplementaryMatcher
    from matchmaker.core.matching.update import RESERVE, update_lists
    from matchmaker.extensions import db
    from matchmaker.models import Event, Participant
    from matchmaker.services import recommendations as service

    folder = Path(tempfile.mkdtemp(prefix="update-stages-"))
    shutil.copy(args.database, folder / "fair.db")
    app = fair_app(folder)
    with app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        firms = list(session.scalars(select(Participant).order_by(Participant.id)))
        for firm in firms[: args.changed] if args.first else firms[-args.changed :]:
            firm.offer = f"{firm.offer}; zusätzlich Lohnfertigung Charge {firm.id}"
        session.commit()
        started = last = time.perf_counter()

        def stage(name: str) -> None:
            nonlocal last
            now = time.perf_counter()
            print(f"  {name:44} {now - last:7.1f} s   peak {_peak():6.0f} MB", flush=True)
            last = now

        with service.collector_paused():  # as the worker's job runs
            given = service.matching_input(session, event)
            assert given.previous is not None, "the database needs a whole run first"
            stage(f"reading the fair and the last lists ({len(given.previous.changed)} changed)")
            profiles = list(given.profiles)
            matcher = ComplementaryMatcher(readings=given.readings).fit(profiles)
            stage("fitting the readings (changed texts encoded)")
            previous = given.previous
            update = update_lists(
                matcher, previous.lists, previous.changed, given.rules,
                reserve=RESERVE, floors=previous.floors,
            )  # fmt: skip
            del matcher
            lists = f"{len(update.changed_lists)} lists changed, {update.rescored} scored again"
            stage(f"the update ({lists})")
            top_k = given.rules.top_k
            shown = [m for m in update.matches if m.rank <= top_k]
            matches = [m for m in shown if m.participant_id in update.changed_lists]
            explained = service._explained(given, profiles, matches)
            stage(f"reasons ({len(matches)} partners on the changed lists)")
            computed = service.MatchingOutput(
                len(profiles), "update-stages", explained, given.vectors, given.basis,
                given.profiles, update.changed_lists, len(shown),
                service._reserves(update.matches, top_k), update.floors,
            )  # fmt: skip
            service.store_recommendations(session, event, computed)
            session.commit()
            stage("storing")
        print(f"  {'all stages':44} {time.perf_counter() - started:7.1f} s")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
