"""Our schedules against an independent MS Project-compatible engine: MPXJ's MicrosoftScheduler.

Random plans with FS, SS and FF links, lags and leads, milestones and holidays are written as
MS Project XML by our writer, read by MPXJ (so tools built on MPXJ open our files) and
scheduled by it; every task's start and finish must be ours, to the day. MPXJ (LGPL, Java)
comes from PyPI with its jars; the JVM is Debian's OpenJDK.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmwidgets import Calendar, CalendarException, Link, LinkType, Plan, Task
from pmwidgets.io.mspdi_write import write_mspdi

PLANS = 60


def random_plan(seed: int) -> Plan:
    """A plan of 3 to 25 tasks with mixed links, lags, leads, milestones and holidays."""
    rng = random.Random(seed)
    count = rng.randint(3, 25)
    tasks = []
    for number in range(1, count + 1):
        days = float(rng.choice([0, 1, 1, 2, 3, 5, 8, 0.5]))
        tasks.append(
            Task(str(number), f"T{number}", days, milestone=days == 0 and rng.random() < 0.5)
        )
    links = []
    for successor in range(2, count + 1):
        for predecessor in rng.sample(
            range(1, successor), min(successor - 1, rng.choice([0, 1, 1, 2]))
        ):
            kind = rng.choice([LinkType.FS, LinkType.FS, LinkType.SS, LinkType.FF])
            lag = float(rng.choice([0, 0, 0, 1, 2, 5, -1, -2, 0.5]))
            links.append(Link(str(predecessor), str(successor), kind, lag))
    start = date(2025, 1, 6) + timedelta(days=rng.randint(0, 30))
    holidays = tuple(
        CalendarException(start + timedelta(days=d), start + timedelta(days=d), f"Holiday {d}")
        for d in rng.sample(range(60), rng.randint(0, 5))
    )
    return Plan(
        f"Random {seed}",
        start=start,
        calendar=Calendar(exceptions=holidays),
        tasks=tasks,
        links=links,
    )


@pytest.mark.skipif(shutil.which("java") is None, reason="MPXJ needs a Java runtime")
def test_every_start_and_finish_matches_mpxj(tmp_path: Path) -> None:
    ours = {}
    for seed in range(PLANS):
        plan = random_plan(seed)
        path = tmp_path / f"plan{seed}.xml"
        write_mspdi(plan.state, path)
        frame = plan.schedule().to_frame()
        ours[str(path)] = {
            row.id: [str(row.start.date()), str(row.finish.date())]
            for row in frame.itertuples(index=False)
        }
    script = Path(__file__).with_name("mpxj_schedule.py")
    done = subprocess.run(
        [sys.executable, str(script), *ours],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    theirs = json.loads(done.stdout)
    differences = [
        (Path(path).name, task, mine, theirs[path][task])
        for path, tasks in ours.items()
        for task, mine in tasks.items()
        if theirs[path][task] != mine
    ]
    assert sum(len(tasks) for tasks in ours.values()) > 500
    assert differences == []
