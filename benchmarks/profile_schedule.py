"""Where our scheduler spends its time on the 10k-task plan: cProfile's top functions.

Profiles, each after one warm-up run, ``compute_schedule`` (the full reschedule), one duration
edit (``plan.set``, the incremental reschedule) and the whole ``Plan(...)`` construction, and
prints the top 15 functions by cumulative and by own time. Not a benchmark (``make bench`` skips
it): run ``python benchmarks/profile_schedule.py [SIZE]`` before and after optimizing the core.
"""

from __future__ import annotations

import cProfile
import itertools
import pstats
import sys
from collections.abc import Callable

from bench_schedule import middle_task
from generate import generate_plan

from pmwidgets import Plan
from pmwidgets.core.schedule import compute_schedule
from pmwidgets.core.timeaxis import TimeAxis
from pmwidgets.core.validate import validate_state

DEFAULT_SIZE = 10_000
RUNS = 10
TOP = 15


def profile(title: str, run: Callable[[], object]) -> None:
    """Print the top functions of ``RUNS`` runs of ``run``, by cumulative and by own time."""
    run()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(RUNS):
        run()
    profiler.disable()
    for order in ("cumulative", "tottime"):
        print(f"\n=== {title}: {RUNS} runs, top {TOP} by {order}")
        pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats(order).print_stats(TOP)


def edit_in_middle(plan: Plan) -> Callable[[], None]:
    """One duration edit of the working task nearest the middle row, alternating two values."""
    task = middle_task(plan)
    values = itertools.cycle((task.duration + 1.0, task.duration + 2.0))
    return lambda: plan.set(task.id, "duration", next(values))


def main(size: int) -> None:
    """Profile the three operations on a generated plan of ``size`` rows."""
    spec = generate_plan(size)
    plan = spec.build()
    state = plan.state
    network = validate_state(state)
    axis = TimeAxis(state.calendar, state.start.date())
    profile(f"compute_schedule, {size:,} tasks", lambda: compute_schedule(state, network, axis))
    profile(f"plan.set(duration), {size:,} tasks", edit_in_middle(plan))
    profile(f"Plan(...), {size:,} tasks", spec.build)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SIZE)
