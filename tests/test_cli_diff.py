"""Command line: ``pmwidgets diff PROJECT --from VERSION|baseline --to VERSION|latest [--json]``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pmwidgets import Plan, Store
from pmwidgets.core.model import Link, Task


def run(*args: str, db: str) -> subprocess.CompletedProcess:
    """The command in a fresh process whose store is ``db``, given by ``PMWIDGETS_DB`` as
    ``projects`` and ``load`` take it."""
    env = {**os.environ, "PMWIDGETS_DB": db}
    command = [sys.executable, "-m", "pmwidgets.cli", "diff", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, env=env)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Three versions of "Slab": 1 as planned (Formwork 2 d from Monday 2 March 2026, then
    Pour 1 d, then Slab done), 2 with a baseline, 3 with Formwork taking 4 days."""
    url = f"sqlite:///{tmp_path / 'diff.db'}"
    plan = Plan(
        "Slab",
        start=date(2026, 3, 2),
        tasks=[
            Task("1", "Formwork", 2),
            Task("2", "Pour", 1),
            Task("3", "Slab done", 0, milestone=True),
        ],
        links=[Link("1", "2"), Link("2", "3")],
    )
    with Store(url) as store:
        store.save(plan, author="ana")
        plan.set_baseline()
        store.save(plan, author="ana")
        plan.set("1", "duration", 4)
        store.save(plan, author="ben")
    return url


SENTENCES = [
    "The project finishes 2 working days later: 2026-03-06 (was 2026-03-04).",
    "Milestone 3 'Slab done' slipped 2 working days: 2026-03-06 (was 2026-03-04).",
    "Task 1 'Formwork' finishes 2 working days later: 2026-03-05 (was 2026-03-03).",
    "Task 2 'Pour' moved 2 working days later: finishes 2026-03-06 (was 2026-03-04).",
    "Task 1 'Formwork': duration changed from 2 working days to 4 working days.",
]


def test_diff_between_versions_prints_sentences(db: str) -> None:
    done = run("Slab", "--from", "1", "--to", "latest", db=db)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == ["Slab, version 1 to version 3:", *SENTENCES]


def test_diff_from_the_baseline_of_a_version(db: str) -> None:
    done = run("Slab", "--from", "baseline", "--to", "3", db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Slab, baseline to version 3:", *SENTENCES]
    same = run("Slab", "--from", "1", "--to", "2", db=db)
    assert same.stdout.splitlines() == ["Slab, version 1 to version 2:", "Nothing changed."]


def test_diff_json_holds_the_plan_diff_and_what_was_compared(db: str) -> None:
    done = run("Slab", "--from", "baseline", "--to", "latest", "--json", db=db)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert (document["project"], document["from"], document["to"]) == ("Slab", "baseline", 3)
    assert document["finish"] == {"old": "2026-03-04", "new": "2026-03-06", "shift_days": 2}
    assert [m["id"] for m in document["milestones_slipped"]] == ["3"]
    assert document["tasks_moved"][1] == {
        "id": "2",
        "name": "Pour",
        "old_start": "2026-03-04",
        "old_finish": "2026-03-04",
        "new_start": "2026-03-06",
        "new_finish": "2026-03-06",
        "start_shift_days": 2,
        "finish_shift_days": 2,
        "milestone": False,
    }
    assert document["tasks_added"] == document["links_added"] == []
    versions = json.loads(run("Slab", "--from", "2", "--to", "3", "--json", db=db).stdout)
    assert (versions["from"], versions["to"]) == (2, 3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Slab", "--from", "baseline", "--to", "1"), "'Slab' has no baseline 0"),
        (("Slab", "--from", "first", "--to", "2"), "must be a version number or 'baseline'"),
        (("Slab", "--from", "1", "--to", "newest"), "must be a version number or 'latest'"),
        (("Slab", "--from", "1", "--to", "8"), "Project 'Slab' has no version 8"),
        (("Tunnel", "--from", "1", "--to", "2"), "There is no project named 'Tunnel'"),
    ],
)
def test_diff_errors_are_one_line_with_status_2(
    db: str, args: tuple[str, ...], message: str
) -> None:
    done = run(*args, db=db)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("pmwidgets: ") and message in done.stderr
