"""Leveling quality on PSPLIB: our RCPSP solver beside the plain serial SGS with the LFT rule.

For every instance of the set (j30: 480 instances, ``../shared/testdata/psplib/j30``, else the
copy in ``tests/data/psplib/j30``) it reads the ``.sm`` file, solves it with
``pmwidgets.core.rcpsp.solve`` and with the baseline (one serial SGS pass, latest-finish-time
rule, no improvement), checks both schedules with ``check`` (links and per-day capacities) and
compares the makespans with the best known ones of ``optimum.csv``. It prints the deviation table,
the time per instance, the ratio baseline / ours, and issue's targets as PASS or FAIL: every
schedule valid, mean deviation at most 1%, at most 2 s per instance.

    .venv/bin/python benchmarks/bench_psplib_leveling.py            # all 480, about 4 minutes
    .venv/bin/python benchmarks/bench_psplib_leveling.py --limit 40 # a quick look
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pmwidgets.core.rcpsp import RcpspProblem, check, lft_baseline, solve
from pmwidgets.io.psplib import read_psplib

ROOT = Path(__file__).resolve().parents[1]

#: Where each PSPLIB set is looked for (only j30 is on our machines; the others are read
#: wherever someone puts them, with an ``optimum.csv`` of best known makespans beside them).
SETS = {
    name: [ROOT.parent / "shared/testdata/psplib" / name, ROOT / "tests/data/psplib" / name]
    for name in ("j30", "j60", "j90", "j120")
}
#: The issue's targets: mean deviation from the best known makespan, per set.
TARGET_MEAN_DEVIATION = {"j30": 1.0, "j60": 2.0, "j90": 2.0, "j120": 2.0}
TARGET_SECONDS = 2.0


def _folder(name: str) -> Path:
    for folder in SETS[name]:
        if (folder / "optimum.csv").exists():
            return folder
    raise SystemExit(f"no {name} instances found in {SETS[name]}")


def _optima(folder: Path) -> dict[str, int]:
    with (folder / "optimum.csv").open(encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    return {row["problem"]: int(row["optimum"]) for row in csv.DictReader(rows)}


def _run(args: tuple[str, float, int]) -> dict[str, object]:
    path, time_limit, seed = args
    problem = RcpspProblem.from_psplib(read_psplib(path))
    began = time.perf_counter()
    baseline = lft_baseline(problem)
    baseline_time = time.perf_counter() - began
    began = time.perf_counter()
    ours = solve(problem, time_limit_s=time_limit, seed=seed)
    ours_time = time.perf_counter() - began
    return {
        "instance": Path(path).name,
        "makespan": ours.makespan,
        "seconds": ours_time,
        "schedules": ours.evaluated,
        "lower_bound": ours.lower_bound,
        "violations": check(problem, ours.starts),
        "baseline_makespan": baseline.makespan,
        "baseline_seconds": baseline_time,
        "baseline_violations": check(problem, baseline.starts),
    }


def _row(label: str, spans: list[int], optima: list[int], seconds: list[float], bad: int) -> str:
    devs = [100.0 * (s - o) / o for s, o in zip(spans, optima, strict=True)]
    optimal = sum(s == o for s, o in zip(spans, optima, strict=True))
    return (
        f"| {label} | {len(spans)} | {bad} | {optimal} | {statistics.fmean(devs):.2f} | "
        f"{max(devs):.2f} | {1000 * statistics.fmean(seconds):.1f} | "
        f"{1000 * statistics.median(seconds):.1f} | {1000 * max(seconds):.1f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="j30", choices=sorted(SETS))
    parser.add_argument("--limit", type=int, default=None, help="first N instances only")
    parser.add_argument("--time-limit", type=float, default=1.0, help="seconds per instance")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, choices=(1, 2))
    parser.add_argument("--json", type=Path, default=None, help="write per-instance results")
    args = parser.parse_args()

    folder = _folder(args.set)
    optimum = _optima(folder)
    names = sorted(optimum, key=lambda n: [int(x) for x in n[1:-3].replace("_", " ").split()])
    names = names[: args.limit] if args.limit else names
    jobs = [(str(folder / name), args.time_limit, args.seed) for name in names]
    print(f"{args.set}: {len(jobs)} instances from {folder}, {args.time_limit} s each,")
    print(f"{args.workers} worker process(es)\n")
    began = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(_run, jobs, chunksize=4))
    wall = time.perf_counter() - began

    optima = [optimum[r["instance"]] for r in results]
    ours = [r["makespan"] for r in results]
    base = [r["baseline_makespan"] for r in results]
    bad = sum(bool(r["violations"]) for r in results)
    base_bad = sum(bool(r["baseline_violations"]) for r in results)
    print(
        "| method | instances | invalid | optimal | mean dev % | max dev % | mean ms | "
        "median ms | max ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(_row("solve (rules + FBI + GA)", ours, optima, [r["seconds"] for r in results], bad))
    print(
        _row(
            "baseline: serial SGS, LFT",
            base,
            optima,
            [r["baseline_seconds"] for r in results],
            base_bad,
        )
    )

    dev_ours = statistics.fmean(100.0 * (s - o) / o for s, o in zip(ours, optima, strict=True))
    dev_base = statistics.fmean(100.0 * (s - o) / o for s, o in zip(base, optima, strict=True))
    print(
        f"\nmean deviation, baseline / ours: {dev_base:.2f} / {dev_ours:.2f} = "
        + (f"{dev_base / dev_ours:.1f}x" if dev_ours else "inf (ours is 0)")
    )
    below = sum(s < o for s, o in zip(ours, optima, strict=True))
    proven = sum(r["makespan"] == r["lower_bound"] for r in results)
    print(f"proven optimal by the lower bound: {proven}; below the known optimum: {below}")
    print(
        f"schedules per instance (mean): "
        f"{statistics.fmean(r['schedules'] for r in results):.0f}; wall {wall:.0f} s"
    )

    print("\ndeviation | instances")
    for low, high in ((0, 0), (0, 1), (1, 2), (2, 5), (5, 1e9)):
        count = sum(
            (low < 100.0 * (s - o) / o <= high) if high else s == o
            for s, o in zip(ours, optima, strict=True)
        )
        label = "0%" if not high else f"({low}%, {high:g}%]" if high < 1e9 else f"> {low}%"
        print(f"{label:>9} | {count}")
    for r in results:
        if r["violations"]:
            print(f"INVALID {r['instance']}: {r['violations'][:3]}")

    max_time = max(r["seconds"] for r in results)
    print()
    print(f"{'PASS' if bad == 0 else 'FAIL'}: every leveled schedule valid ({bad} invalid)")
    print(
        f"{'PASS' if dev_ours <= TARGET_MEAN_DEVIATION[args.set] else 'FAIL'}: mean deviation "
        f"{dev_ours:.2f}% <= {TARGET_MEAN_DEVIATION[args.set]}% on {len(results)} instances"
    )
    print(
        f"{'PASS' if max_time <= TARGET_SECONDS else 'FAIL'}: max time per instance "
        f"{max_time:.2f} s <= {TARGET_SECONDS} s"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0 if bad == 0 and base_bad == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
