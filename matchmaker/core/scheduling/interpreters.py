"""Which interpreter goes with which meeting.

A meeting of two firms that share no language needs an interpreter who speaks for both. Each
such meeting is given one interpreter before placement, the one least booked relative to
their hours among those who can (meetings with the fewest candidates choose first); from then
on the interpreter is a third party of the meeting: busy in its slot, so every stage keeps
them to one meeting at a time without knowing what they are. Giving the interpreter first
gives up swapping interpreters between meetings, which matters only when interpreters are
nearly fully booked; in return placement stays one problem of meetings and parties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from matchmaker.core.messages import N_, Message
from matchmaker.core.scheduling.slots import available_slot_numbers
from matchmaker.core.scheduling.types import (
    Interpreter,
    MeetingWish,
    SchedulingProblem,
    needs_interpreter,
)
from matchmaker.core.types import Profile


@dataclass(frozen=True, slots=True)
class InterpreterPlan:
    """Per placeable wish (by index): the interpreter it takes and the slots left to it, or
    why it cannot be placed."""

    interpreter: dict[int, str]
    slots: dict[int, list[int]]
    refused: dict[int, Message]


def interpreter_slots(problem: SchedulingProblem, interpreter: Interpreter) -> frozenset[int]:
    hours = Profile(
        id=interpreter.id,
        available_from=interpreter.available_from,
        available_to=interpreter.available_to,
    )
    return available_slot_numbers(hours, problem.slots)


def plan_interpreters(
    problem: SchedulingProblem, placeable: Sequence[tuple[MeetingWish, list[int]]]
) -> InterpreterPlan:
    """An interpreter for every placeable wish that needs one, or the reason there is none."""
    profiles = {p.id: p for p in problem.profiles}
    hours = {i.id: interpreter_slots(problem, i) for i in problem.interpreters}
    pinned_busy = {(p.interpreter, p.slot) for p in problem.pinned if p.interpreter}
    load: Counter[str] = Counter(p.interpreter for p in problem.pinned if p.interpreter)
    capacity = {
        i.id: min(len(hours[i.id]), i.max_meetings if i.max_meetings is not None else 10**9)
        for i in problem.interpreters
    }
    candidates: dict[int, list[tuple[Interpreter, list[int]]]] = {}
    pairs: dict[int, dict[str, str]] = {}
    refused: dict[int, Message] = {}
    for k, (wish, allowed) in enumerate(placeable):
        a, b = profiles[wish.a], profiles[wish.b]
        if not needs_interpreter(a, b):
            continue
        pair = {"languages_a": "/".join(a.languages), "languages_b": "/".join(b.languages)}
        speaking = [i for i in problem.interpreters if i.speaks_for(a, b)]
        if not speaking:
            refused[k] = Message(
                N_(
                    "%(a)s and %(b)s share no language; no interpreter speaks %(languages_a)s and "
                    "%(languages_b)s"
                ),
                {"a": wish.a, "b": wish.b, **pair},
            )
            continue
        options = [
            (i, [n for n in allowed if n in hours[i.id] and (i.id, n) not in pinned_busy])
            for i in speaking
        ]
        options = [(i, slots) for i, slots in options if slots]
        if not options:
            refused[k] = Message(
                N_(
                    "no interpreter for %(languages_a)s and %(languages_b)s is there "
                    "while %(a)s and %(b)s are"
                ),
                {"a": wish.a, "b": wish.b, **pair},
            )
            continue
        candidates[k] = options
        pairs[k] = pair
    chosen: dict[int, str] = {}
    narrowed: dict[int, list[int]] = {}
    for k in sorted(candidates, key=lambda k: (len(candidates[k]), k)):
        free = [(i, s) for i, s in candidates[k] if load[i.id] < capacity[i.id]]
        if not free:
            refused[k] = Message(
                N_("every interpreter for %(languages_a)s and %(languages_b)s is fully booked"),
                pairs[k],
            )
            continue
        interpreter, slots = min(free, key=lambda c: (load[c[0].id] / capacity[c[0].id], c[0].id))
        load[interpreter.id] += 1
        chosen[k] = interpreter.id
        narrowed[k] = slots
    return InterpreterPlan(chosen, narrowed, refused)
