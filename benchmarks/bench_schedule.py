"""Scheduling speed: our full and incremental reschedule, beside networkx and criticalpath.

For each size of :mod:`generate`'s plans this times, as the median of several runs after one
warm-up (``time.perf_counter``):

* our full reschedule of the realistic plan: ``compute_schedule`` over the compiled network, and
  the whole ``Plan(...)`` construction (validation, compilation and scheduling);
* our incremental reschedule: ``plan.set(task, "duration", ...)`` on the working task nearest
  the middle row, and on the first working task (which nearly every task waits for), the value
  alternating so that every edit is a real change;
* on the same network made finish-to-start with zero lags: our ``compute_schedule``, networkx's
  ``dag_longest_path_length`` and the ``criticalpath`` package's forward and backward passes,
  after checking that all three find the same project length;
* whether ``criticalpath``'s own ``update_all()``, which also enumerates every path, finishes on
  100 and 1,000 tasks within 10 s (one run each, in a child process).

Then it prints each target of issue #1 with PASS or FAIL.
Run ``python benchmarks/bench_schedule.py``.
"""

from __future__ import annotations

import gc
import itertools
import math
import multiprocessing
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

import criticalpath
import networkx as nx
import numpy as np
from criticalpath import Node
from generate import SIZES, FsNetwork, PlanSpec, fs_network, generate_plan

from pmwidgets import Plan, Task
from pmwidgets.core.schedule import compute_schedule
from pmwidgets.core.timeaxis import TimeAxis
from pmwidgets.core.validate import validate_state

REPEATS = 5
SLOW_REPEATS = 3
SLOW_SECONDS = 1.0
FULL_RESCHEDULE_LIMITS = {10_000: 0.100, 100_000: 1.0}
EDIT_SIZE = 10_000
EDIT_LIMIT = 0.020
CRITICALPATH_MAX_SIZE = 10_000
UPDATE_ALL_SIZES = (100, 1_000)
UPDATE_ALL_TIMEOUT = 10.0


@dataclass
class Timings:
    """Medians in seconds for one size (``None`` where a peer was not run), and how many tasks'
    dates each timed edit moves."""

    size: int
    links: int
    full: float
    build: float
    edit: float
    moved: int
    first_edit: float
    first_moved: int
    fs_ours: float
    fs_networkx: float
    fs_criticalpath: float | None


def median_seconds(run: Callable[[], object], setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``run`` after one warm-up run; ``setup`` runs untimed before each.

    Five timed runs, or three when the warm-up took more than a second.
    """
    warm_up = _seconds(run, setup)
    repeats = SLOW_REPEATS if warm_up > SLOW_SECONDS else REPEATS
    return statistics.median(_seconds(run, setup) for _ in range(repeats))


def _seconds(run: Callable[[], object], setup: Callable[[], object] | None) -> float:
    if setup is not None:
        setup()
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def same_length(ours: float, theirs: float, peer: str) -> None:
    """Refuse to time a peer that finds another project length than ours (working days)."""
    if not math.isclose(ours, theirs, rel_tol=0, abs_tol=1e-9):
        raise AssertionError(f"{peer} finds {theirs} working days, we find {ours}")


def time_full_reschedule(spec: PlanSpec) -> tuple[Plan, float, float]:
    """The built plan, and medians of ``compute_schedule`` alone and of ``Plan(...)``."""
    plan = spec.build()
    state = plan.state
    network = validate_state(state)
    axis = TimeAxis(state.calendar, state.start.date())
    full = median_seconds(lambda: compute_schedule(state, network, axis))
    build = median_seconds(spec.build)
    return plan, full, build


def middle_task(plan: Plan) -> Task:
    """The working task nearest the middle row."""
    summary = plan.schedule().network.is_summary
    rows = [row for row in range(len(plan)) if not summary[row]]
    return plan.tasks[min(rows, key=lambda row: abs(row - len(plan) // 2))]


def first_task(plan: Plan) -> Task:
    """The first working task that takes time: nearly every later task waits for it."""
    summary = plan.schedule().network.is_summary
    return next(t for t, s in zip(plan.tasks, summary, strict=True) if not s and t.duration > 0)


def time_edit(plan: Plan, task: Task) -> tuple[float, int]:
    """Median of one duration edit of ``task`` (validate and reschedule), its value alternating
    between two new ones, and how many tasks' scheduled dates such an edit moves."""
    values = itertools.cycle((task.duration + 1.0, task.duration + 2.0))
    seconds = median_seconds(lambda: plan.set(task.id, "duration", next(values)))
    before = plan.schedule()
    plan.set(task.id, "duration", next(values))
    after = plan.schedule()
    moved = (before.scheduled_start != after.scheduled_start) | (
        before.scheduled_finish != after.scheduled_finish
    )
    return seconds, int(moved.sum())


def time_ours_fs(fs: FsNetwork, spec: PlanSpec) -> tuple[float, float]:
    """Our project length (working days) on the FS-only network, and ``compute_schedule``'s
    median on it."""
    state = fs.to_spec(spec.calendar).build().state
    network = validate_state(state)
    axis = TimeAxis(state.calendar, state.start.date())
    length = compute_schedule(state, network, axis).makespan_days
    return length, median_seconds(lambda: compute_schedule(state, network, axis))


def networkx_graph(fs: FsNetwork) -> nx.DiGraph:
    """Tasks as nodes, each edge weighted by its source's duration, and a finish node after
    every task without successors: the longest path is the project length."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(fs.ids)))
    durations = fs.duration.tolist()
    graph.add_weighted_edges_from(
        (s, t, durations[s]) for s, t in zip(fs.source.tolist(), fs.target.tolist(), strict=True)
    )
    ends = set(range(len(fs.ids))) - set(fs.source.tolist())
    graph.add_weighted_edges_from((task, "finish", durations[task]) for task in sorted(ends))
    return graph


def time_networkx(fs: FsNetwork, length: float) -> float:
    """Median of ``dag_longest_path_length`` on a prebuilt graph, after checking its answer."""
    graph = networkx_graph(fs)
    same_length(length, nx.dag_longest_path_length(graph), "networkx")
    return median_seconds(lambda: nx.dag_longest_path_length(graph))


def criticalpath_project(fs: FsNetwork) -> Node:
    """The FS-only network as a ``criticalpath`` project node."""
    project = Node("project")
    durations = fs.duration.tolist()
    nodes = [project.add(Node(task, duration=days)) for task, days in enumerate(durations)]
    for s, t in zip(fs.source.tolist(), fs.target.tolist(), strict=True):
        project.link(nodes[s], nodes[t])
    return project


def reset_criticalpath(project: Node) -> None:
    """Forget computed dates, leaving the project as ``Node.add`` and ``Node.link`` left it."""
    for node in project.nodes:
        node.es = node.ef = node.ls = node.lf = None
    project.forward_pending = set(project.nodes)
    project.backward_pending = []


def criticalpath_passes(project: Node) -> float:
    """The forward and backward passes of ``Node.update_all``, driven as it drives them, without
    its final search for the longest path; returns the project length."""
    for node in project.forward_pending & project.first_nodes:
        node.es = project.lag + node.lag
        node.update_forward()
        project.forward_pending.remove(node)
    while project.forward_pending:
        wave = set(project.forward_pending)
        project.forward_pending.clear()
        for node in wave:
            node.update_forward()
    while project.backward_pending:
        project.backward_pending.pop().update_backward()
    return max(node.ef for node in project.nodes)


def time_criticalpath(fs: FsNetwork, length: float) -> float | None:
    """Median of ``criticalpath``'s passes, or ``None`` above :data:`CRITICALPATH_MAX_SIZE`."""
    if len(fs.ids) > CRITICALPATH_MAX_SIZE:
        return None
    project = criticalpath_project(fs)
    same_length(length, criticalpath_passes(project), "criticalpath")
    return median_seconds(lambda: criticalpath_passes(project), lambda: reset_criticalpath(project))


def _update_all_child(fs: FsNetwork, sender: Connection) -> None:
    project = criticalpath_project(fs)
    start = time.perf_counter()
    project.update_all()
    sender.send((time.perf_counter() - start, float(project.duration)))


def time_update_all(fs: FsNetwork) -> tuple[float, float] | None:
    """Seconds and project length of one ``criticalpath`` ``update_all()`` (its whole API, which
    also enumerates every path), run in a child process; ``None`` when it takes longer than
    :data:`UPDATE_ALL_TIMEOUT`."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_update_all_child, args=(fs, sender))
    child.start()
    finished = receiver.poll(UPDATE_ALL_TIMEOUT)
    if not finished:
        child.terminate()
    child.join()
    return receiver.recv() if finished else None


def measure(size: int) -> Timings:
    """Every timing for plans of ``size`` rows."""
    spec = generate_plan(size)
    plan, full, build = time_full_reschedule(spec)
    middle, first = middle_task(plan), first_task(plan)
    edit, moved = time_edit(plan, middle)
    first_edit, first_moved = time_edit(plan, first)
    fs = fs_network(spec)
    length, fs_ours = time_ours_fs(fs, spec)
    return Timings(
        size=size,
        links=len(spec.links),
        full=full,
        build=build,
        edit=edit,
        moved=moved,
        first_edit=first_edit,
        first_moved=first_moved,
        fs_ours=fs_ours,
        fs_networkx=time_networkx(fs, length),
        fs_criticalpath=time_criticalpath(fs, length),
    )


def _ms(seconds: float | None) -> str:
    return "not run" if seconds is None else f"{seconds * 1000:,.1f} ms"


def _ratio(ours: float, theirs: float | None) -> str:
    return "-" if theirs is None else f"{ours / theirs:.2f}"


def print_ours(results: list[Timings]) -> None:
    """Our scheduler on the realistic plans."""
    print("Our scheduler on realistic plans (median)")
    print(
        f"{'tasks':>8} {'links':>8} {'compute_schedule':>17} {'Plan(...)':>11} {'one edit':>10} "
        f"{'moves':>6} {'first-task edit':>16} {'moves':>6}"
    )
    for r in results:
        print(
            f"{r.size:>8,} {r.links:>8,} {_ms(r.full):>17} {_ms(r.build):>11} {_ms(r.edit):>10} "
            f"{r.moved:>6,} {_ms(r.first_edit):>16} {r.first_moved:>6,}"
        )
    print(
        "one edit: plan.set(duration) on the working task nearest the middle row.\n"
        "first-task edit: on the first working task, which nearly every task waits for.\n"
        "moves: tasks whose scheduled dates such an edit changes."
    )


def print_peers(results: list[Timings]) -> None:
    """The FS-only network: ours beside the peers, with ratios below 1 where we are faster."""
    print("\nFS-only, zero-lag network, summaries left out (median)")
    print(
        f"{'tasks':>8} {'ours':>12} {'networkx':>12} {'criticalpath':>13} "
        f"{'ours/networkx':>14} {'ours/criticalpath':>18}"
    )
    for r in results:
        print(
            f"{r.size:>8,} {_ms(r.fs_ours):>12} {_ms(r.fs_networkx):>12} "
            f"{_ms(r.fs_criticalpath):>13} {_ratio(r.fs_ours, r.fs_networkx):>14} "
            f"{_ratio(r.fs_ours, r.fs_criticalpath):>18}"
        )
    print(
        "networkx: dag_longest_path_length on a prebuilt DiGraph. criticalpath: the forward and\n"
        "backward passes of Node.update_all, without its search for the longest path; not run\n"
        f"above {CRITICALPATH_MAX_SIZE:,} tasks (its model build is quadratic and its passes "
        "revisit a task once per wave)."
    )


def print_update_all() -> None:
    """Whether ``criticalpath``'s own ``update_all()`` finishes at all on small plans."""
    for size in UPDATE_ALL_SIZES:
        fs = fs_network(generate_plan(size))
        outcome = time_update_all(fs)
        if outcome is None:
            shown = f"did not finish within {UPDATE_ALL_TIMEOUT:g} s (stopped)"
        else:
            shown = f"{_ms(outcome[0])} (one run, {outcome[1]:g} working days)"
        print(f"criticalpath update_all(), {size:,} tasks: {shown}")


def print_targets(results: list[Timings]) -> None:
    """Issue #1's targets, each with PASS or FAIL."""
    by_size = {r.size: r for r in results}
    edits = by_size[EDIT_SIZE]
    rows = [
        (f"full reschedule, {size // 1000}k (compute_schedule)", by_size[size].full, limit)
        for size, limit in FULL_RESCHEDULE_LIMITS.items()
    ]
    rows += [
        (f"incremental, one edit in {EDIT_SIZE // 1000}k (plan.set)", edits.edit, EDIT_LIMIT),
        (f"stricter: first-task edit in {EDIT_SIZE // 1000}k", edits.first_edit, EDIT_LIMIT),
    ]
    rows += [
        (f"stricter: Plan(...) {size // 1000}k incl. validation", by_size[size].build, limit)
        for size, limit in FULL_RESCHEDULE_LIMITS.items()
    ]
    rows += [
        (f"beats networkx longest path, {r.size // 1000}k", r.fs_ours, r.fs_networkx)
        for r in results
    ]
    print("\nTargets (issue #1)")
    for name, measured, limit in rows:
        verdict = "PASS" if measured <= limit else "FAIL"
        print(f"  {name:<44} {_ms(measured):>12}  <= {_ms(limit):>12}  {verdict}")


def print_environment() -> None:
    """Versions, and the machine's load before the run, for reading the timings."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, networkx {nx.__version__}, "
        f"criticalpath {criticalpath.__version__}; {os.cpu_count()} cores, load average {load}\n"
    )


def main() -> None:
    """Measure every size, then print the tables and the targets."""
    print_environment()
    results = [measure(size) for size in SIZES]
    print_ours(results)
    print_peers(results)
    print_update_all()
    print_targets(results)


if __name__ == "__main__":
    main()
