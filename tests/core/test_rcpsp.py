"""RCPSP leveling: valid schedules, known optima (hand-made and PSPLIB j30), determinism."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmwidgets.core.rcpsp import (
    RcpspProblem,
    _Decoder,
    check,
    lft_baseline,
    serial_sgs,
    solve,
)
from pmwidgets.io.psplib import read_psplib

J30 = Path(__file__).parents[1] / "data/psplib/j30"
OPTIMUM = {
    row["problem"]: int(row["optimum"])
    for row in csv.DictReader((J30 / "optimum.csv").read_text(encoding="utf-8").splitlines())
}


def _brute_force(problem: RcpspProblem) -> int:
    """Best serial-SGS makespan over every precedence-feasible list: the optimum (tiny only)."""
    decoder = _Decoder(problem)
    preds = problem.predecessors()
    best = None
    for order in itertools.permutations(range(problem.size)):
        position = {j: i for i, j in enumerate(order)}
        if all(position[p] < position[j] for j in range(problem.size) for p in preds[j]):
            span = decoder.decode(order)[1]
            best = span if best is None else min(best, span)
    assert best is not None
    return best


def _hand_made() -> RcpspProblem:
    # 0 and 5 are dummies. Capacity 3. A(1): 2 days x 2, B(2): 2 days x 2, C(3): 4 days x 1,
    # D(4): 1 day x 3 after A. Optimum 5: A and C from day 0, B on days 2-3 beside C, D on day 4.
    return RcpspProblem.build(
        durations=[0, 2, 2, 4, 1, 0],
        successors=[[1, 2, 3], [4], [5], [5], [5], []],
        requests=[[0], [2], [2], [1], [3], [0]],
        capacities=[3],
        names=["start", "A", "B", "C", "D", "end"],
    )


def test_hand_made_instance_reaches_its_known_optimum() -> None:
    problem = _hand_made()
    assert _brute_force(problem) == 5
    solution = solve(problem, time_limit_s=None, schedules=500)
    assert check(problem, solution.starts) == []
    assert solution.makespan == 5
    assert solution.proven_optimal  # work 15 over capacity 3 is the bound
    assert solution.starts[4] == 4


def test_check_names_broken_links_and_overloaded_days() -> None:
    problem = _hand_made()
    problems = check(problem, [0, 0, 0, 0, 1, 5])
    assert any("link A -> D" in p for p in problems)
    assert any(p.startswith("resource R1 on day 0: 5 units") for p in problems)
    assert any(p.startswith("resource R1 on day 1: 8 units") for p in problems)
    assert check(problem, [0, 0]) == ["2 starts for 6 jobs"]


def test_bad_problems_are_refused() -> None:
    with pytest.raises(ValueError, match="cycle"):
        RcpspProblem.build([1, 1], [[1], [0]], [[0], [0]], [1])
    with pytest.raises(ValueError, match="more than a capacity"):
        RcpspProblem.build([1], [[]], [[3]], [2])


@pytest.mark.parametrize("name", ["j301_1.sm", "j3010_1.sm", "j3013_6.sm", "j3021_1.sm"])
def test_j30_instances_are_leveled_near_their_optimum(name: str) -> None:
    problem = RcpspProblem.from_psplib(read_psplib(J30 / name))
    assert problem.size == 32 and problem.capacities.size == 4
    solution = solve(problem, time_limit_s=None, schedules=1500)
    assert check(problem, solution.starts) == []
    optimum = OPTIMUM[name]
    assert optimum <= solution.makespan <= optimum * 1.05
    baseline = lft_baseline(problem)
    assert check(problem, baseline.starts) == []
    assert solution.makespan <= baseline.makespan


def test_psplib_conversion_keeps_requests_and_links() -> None:
    project = read_psplib(J30 / "j301_1.sm")
    problem = RcpspProblem.from_psplib(project)
    assert problem.names[1] == "2"
    assert problem.requests[1].tolist() == [4, 0, 0, 0]
    assert problem.capacities.tolist() == [12, 13, 4, 12]
    assert problem.critical_path()[2] == project.mpm_time
    assert len(problem.successors[0]) == 3


def test_same_seed_same_schedule() -> None:
    problem = RcpspProblem.from_psplib(read_psplib(J30 / "j3013_6.sm"))
    first = solve(problem, time_limit_s=None, schedules=600, seed=3)
    again = solve(problem, time_limit_s=None, schedules=600, seed=3)
    assert first == again
    assert first.evaluated >= 600


def test_a_limit_is_needed() -> None:
    with pytest.raises(ValueError, match="time_limit_s or schedules"):
        solve(_hand_made(), time_limit_s=None)


@st.composite
def small_problems(draw: st.DrawFn) -> RcpspProblem:
    n = draw(st.integers(1, 6))
    resources = draw(st.integers(1, 3))
    capacities = draw(st.lists(st.integers(1, 5), min_size=resources, max_size=resources))
    durations = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    requests = [
        [draw(st.integers(0, cap)) for cap in capacities] for _ in range(n)
    ]  # never beyond a capacity
    successors = [
        sorted(draw(st.sets(st.integers(i + 1, n - 1), max_size=3))) if i < n - 1 else []
        for i in range(n)
    ]
    return RcpspProblem.build(durations, successors, requests, capacities)


@settings(max_examples=60, deadline=None)
@given(problem=small_problems(), seed=st.integers(0, 3))
def test_random_small_instances_give_valid_schedules(problem: RcpspProblem, seed: int) -> None:
    solution = solve(problem, time_limit_s=None, schedules=300, seed=seed)
    assert check(problem, solution.starts) == []
    assert solution.makespan == max(
        (s + d for s, d in zip(solution.starts, problem.durations, strict=True)), default=0
    )
    assert solution.makespan >= problem.critical_path()[2]
    assert solution.makespan >= problem.lower_bound()
    optimum = _brute_force(problem)
    assert solution.makespan >= optimum
    assert solution.makespan == optimum  # tiny instances: the search always finds it
    order = problem.topological_order()
    baseline = serial_sgs(problem, order)
    assert check(problem, baseline.starts) == []
    assert baseline.makespan >= solution.makespan
