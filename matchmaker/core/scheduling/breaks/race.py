"""Fewest breaks within a time limit, by racing the MaxSAT variants of `breaks.maxsat` on
the machine's cores, with an answer that does not depend on timing.

How fast core-guided MaxSAT finishes on these formulas turns on small things: with the slot
bound in the formula forum-14 takes 9 s and forum-13crafc over a minute, without it 39 s and
2 s. So each `breaks.maxsat.VARIANTS` runs in a child process of its own, and the answer is
the one that needed the fewest conflicts of its SAT oracle (ties: the earlier variant), not
the one that happened to arrive first: conflicts are the same from run to run, so the same
fair gives the same schedule (as long as the time limit, not the race, ends the search). A
child that has used more conflicts than a finished one cannot win and is stopped. Children
also report the lower bound they have proven, which is what a run out of time can say.
Children are ended when time runs out (CaDiCaL cannot be interrupted from Python).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from matchmaker.core.scheduling.breaks.maxsat import VARIANTS, BreakSolution, Variant
from matchmaker.core.scheduling.types import Meeting


def fewest_breaks(
    meetings: Sequence[Meeting],
    slot_numbers: Sequence[int],
    tables: dict[int, int],
    fixed_busy: set[tuple[str, int]],
    max_breaks: int | None,
    seconds: float,
    race: bool = False,
    variants: Sequence[Variant] = VARIANTS,
) -> BreakSolution:
    """Slots for the meetings with the fewest breaks (`breaks.maxsat.solve_breaks`), or no
    slots and the best proven lower bound when `seconds` run out. With `race`, the first
    answer wins (faster, but equally good answers can differ from run to run)."""
    task = pickle.dumps(
        (list(meetings), list(slot_numbers), dict(tables), set(fixed_busy), max_breaks)
    )
    with tempfile.TemporaryDirectory(prefix="matchmaker-breaks-") as name:
        folder = Path(name)
        children = [_start(folder, index, variant, task) for index, variant in enumerate(variants)]
        try:
            return _referee(folder, children, time.monotonic() + max(0.1, seconds), race)
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                child.wait()


def _start(folder: Path, index: int, variant: Variant, task: bytes) -> subprocess.Popen[bytes]:
    child = subprocess.Popen(  # noqa: S603 (our own module and data; no shell, no user input)
        [sys.executable, "-m", "matchmaker.core.scheduling.breaks.race", str(index), str(folder)],
        stdin=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert child.stdin is not None
    child.stdin.write(pickle.dumps(variant) + task)
    child.stdin.close()
    return child


def _referee(
    folder: Path, children: list[subprocess.Popen[bytes]], deadline: float, race: bool
) -> BreakSolution:
    """Waits until the answer with the fewest conflicts is certain, or the deadline."""
    answers: dict[int, BreakSolution] = {}
    while time.monotonic() < deadline:
        for index, child in enumerate(children):
            if index not in answers and child.poll() == 0:
                answers[index] = pickle.loads((folder / f"answer-{index}").read_bytes())  # noqa: S301
        if answers and race:
            return answers[min(answers)]
        if answers:
            best = min(answers, key=lambda i: (answers[i].conflicts, i))
            rival = False
            for index, child in enumerate(children):
                if index in answers or child.poll() is not None:
                    continue
                if _progress(folder, index)[0] > answers[best].conflicts:
                    child.kill()  # it cannot need fewer conflicts any more
                else:
                    rival = True
            if not rival:
                return answers[best]
        elif all(child.poll() is not None for child in children):
            break  # every child failed (out of memory, killed)
        time.sleep(0.02)
    if answers:
        return answers[min(answers, key=lambda i: (answers[i].conflicts, i))]
    bound = max((_progress(folder, i)[1] for i in range(len(children))), default=0)
    return BreakSolution(None, bound)


def _progress(folder: Path, index: int) -> tuple[int, int]:
    """A running child's conflicts so far and lower bound proven (0, 0 before its first)."""
    try:
        conflicts, bound = (folder / f"progress-{index}").read_text().split()
    except (OSError, ValueError):
        return 0, 0
    return int(conflicts), int(bound)


def _child(index: int, folder: Path) -> None:
    """Solves the task on stdin with its variant, reporting progress to the folder."""
    from matchmaker.core.scheduling.breaks import maxsat  # the import name: answers unpickle

    data = sys.stdin.buffer
    variant = pickle.load(data)  # noqa: S301 (written by the parent, above)
    meetings, numbers, free, busy, cap = pickle.load(data)  # noqa: S301
    progress_file = folder / f"progress-{index}"

    def report(conflicts: int, bound: int) -> None:
        scratch = progress_file.with_suffix(".new")
        scratch.write_text(f"{conflicts} {bound}")
        scratch.replace(progress_file)

    answer = maxsat.solve_breaks(meetings, numbers, free, busy, cap, variant, report)
    scratch = folder / f"answer-{index}.new"
    scratch.write_bytes(pickle.dumps(answer))
    scratch.replace(folder / f"answer-{index}")


if __name__ == "__main__":  # a child process of `fewest_breaks`: INDEX FOLDER
    _child(int(sys.argv[1]), Path(sys.argv[2]))
