"""One way to run CP-SAT on the small models the searches solve many of: one worker (so the
answer depends only on the model and the seed), a deterministic work limit, and a wall-clock
limit as a safety net."""

from __future__ import annotations

from ortools.sat.python import cp_model


def solve_small(
    model: cp_model.CpModel, seconds: float, work: float, seed: int
) -> cp_model.CpSolver | None:
    """The solver holding a solution, or None when there is none (or none found in time)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.max_deterministic_time = work
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return solver
