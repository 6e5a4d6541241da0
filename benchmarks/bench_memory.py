"""Peak memory of building and scheduling a 100k-task plan, beside a process that only imports.

Each measure runs in a fresh Python process (this script with ``--child``), which reports its own
peak resident set size (``resource.getrusage``'s ``ru_maxrss``): the baseline imports pmwidgets,
numpy and pandas; the build also generates the plan of :mod:`generate`, constructs the ``Plan``
(validation and full schedule), then shows the schedule as a DataFrame. Run
``python benchmarks/bench_memory.py``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys

SIZE = 100_000
TARGET_MB = 300.0
BYTES_PER_KIB = 1024
BYTES_PER_MB = 1_000_000


def peak_mb() -> float:
    """This process's peak resident set size so far, in MB of a million bytes (Linux reports
    KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * BYTES_PER_KIB / BYTES_PER_MB


def child_baseline() -> dict[str, float]:
    """Peak after importing pmwidgets, numpy and pandas only."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    import pmwidgets  # noqa: F401

    return {"imports": peak_mb()}


def child_build() -> dict[str, float]:
    """Peaks after imports, after generating, after ``Plan(...)`` and after ``to_frame()``."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    from generate import generate_plan

    import pmwidgets  # noqa: F401

    peaks = {"imports": peak_mb()}
    spec = generate_plan(SIZE)
    peaks["generated"] = peak_mb()
    plan = spec.build()
    peaks["scheduled"] = peak_mb()
    plan.schedule().to_frame()
    peaks["frame"] = peak_mb()
    return peaks


def run_child(kind: str) -> dict[str, float]:
    """Run one measure in a fresh interpreter and return its peaks."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def main() -> None:
    """Measure both processes and print them beside the target."""
    baseline = run_child("baseline")["imports"]
    build = run_child("build")
    verdict = "PASS" if build["scheduled"] <= TARGET_MB else "FAIL"
    rows = [
        ("only imports pmwidgets, numpy, pandas", baseline, ""),
        ("+ plan generated (Task and Link records)", build["generated"], ""),
        ("+ Plan(...) built and scheduled", build["scheduled"], f"<= {TARGET_MB:g} MB  {verdict}"),
        ("+ schedule().to_frame()", build["frame"], ""),
    ]
    print(f"Peak RSS, each in a fresh process ({SIZE:,}-task plan)")
    for name, megabytes, target in rows:
        print(f"  {name:<42} {megabytes:>7.1f} MB  {target}".rstrip())
    print(f"  built and scheduled, over the imports alone: {build['scheduled'] - baseline:+.1f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        measures = {"baseline": child_baseline, "build": child_build}
        print(json.dumps(measures[sys.argv[2]]()))
    else:
        main()
