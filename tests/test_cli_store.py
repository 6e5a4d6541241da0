"""Command line over the store: import, projects, export (issue #2) and load (issue #6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pmwidgets import Calendar, Plan, Store
from pmwidgets.io import read_plan, write_plan

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parents[1]


def run(
    *args: str, db: str | None = None, env_db: str | None = None
) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "PMWIDGETS_DB"}
    if env_db:
        env["PMWIDGETS_DB"] = env_db
    command = [sys.executable, "-m", "pmwidgets.cli", *args] + (["--db", db] if db else [])
    return subprocess.run(command, capture_output=True, text=True, check=False, env=env)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_import_adds_a_project_then_new_versions(db: str) -> None:
    office = ROOT / "sample_data/office_move.json"
    first = run("import", str(office), db=db)
    assert (first.returncode, first.stdout) == (0, "Office move version 1\n")
    again = run("import", str(office), "--message", "Re-imported", db=db)
    assert again.stdout == "Office move version 2\n"
    named = run("import", str(DATA / "mspdi/mspdirelations.xml"), "--project", "Relations", db=db)
    assert named.stdout == "Relations version 1\n"
    with Store(db) as store:
        assert [v.message for v in store.history("Office move")] == [
            "Imported from office_move.json",
            "Re-imported",
        ]
        assert len(store.load("Relations").tasks) == 5


def test_projects_lists_name_version_time_and_author(db: str) -> None:
    run("import", str(DATA / "mspdi/mspdirelations.xml"), "--author", "ada", db=db)
    listed = json.loads(run("projects", "--json", db=db).stdout)
    assert [(p["name"], p["version"], p["author"], p["status"]) for p in listed] == [
        ("mspdirelations", 1, "ada", "active")
    ]
    assert listed[0]["saved_at"][:4].isdigit()
    table = run("projects", db=db).stdout
    assert "mspdirelations" in table and "ada" in table


def test_the_store_comes_from_pmwidgets_db_when_no_option_is_given(db: str) -> None:
    assert run("import", str(DATA / "mspdi/mspdirelations.xml"), env_db=db).returncode == 0
    assert json.loads(run("projects", "--json", env_db=db).stdout)[0]["name"] == "mspdirelations"


def test_import_errors_are_one_line_with_status_2(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<Project>")
    done = run("import", str(bad), db=db)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "bad.xml" in done.stderr


def test_an_unusable_store_is_one_line_with_status_2(tmp_path: Path) -> None:
    done = run("projects", db="postgresql+psycopg://nobody@127.0.0.1:9/none")
    assert done.returncode == 2
    assert done.stderr.startswith("pmwidgets: the store at postgresql+psycopg://")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("suffix", [".xml", ".xlsx", ".csv", ".json"])
def test_export_writes_every_format_and_it_reads_back(db: str, tmp_path: Path, suffix: str) -> None:
    run("import", str(ROOT / "sample_data/office_move.json"), db=db)
    target = tmp_path / f"office{suffix}"
    done = run("export", "Office move", "--to", str(target), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Office move version 1 written to {target}\n"
    scheduled = json.loads(run("schedule", str(target), "--json").stdout)
    original = read_plan(ROOT / "sample_data/office_move.json").state
    if suffix == ".csv":  # CSV holds no calendar: the standard one, without the holidays
        original = replace(original, calendar=Calendar())
    expected = Plan.from_state(original).schedule().to_dict()
    assert scheduled["finish"] == expected["finish"]
    assert [t["start"] for t in scheduled["tasks"]] == [t["start"] for t in expected["tasks"]]


def test_export_of_an_unknown_project_or_format_is_one_line_with_status_2(
    db: str, tmp_path: Path
) -> None:
    run("import", str(ROOT / "sample_data/office_move.json"), db=db)
    missing = run("export", "Tunnel", "--to", str(tmp_path / "t.xml"), db=db)
    assert missing.returncode == 2 and "no project named 'Tunnel'" in missing.stderr
    wrong = run("export", "Office move", "--to", str(tmp_path / "t.pdf"), db=db)
    assert wrong.returncode == 2 and "cannot be written as '.pdf'" in wrong.stderr


def test_load_prints_hours_against_capacity_and_marks_over_allocations(
    db: str, tmp_path: Path
) -> None:
    plan = Plan("Load", start=date(2025, 3, 3))
    plan.add_task("Build", "5d")
    plan.add_task("Review", "2d")
    ana = plan.add_resource("Ana", role="Developer")
    plan.assign("1", ana.id, 1.0)
    plan.assign("2", ana.id, 0.5)
    path = tmp_path / "load.json"
    write_plan(plan.state, path)

    table = run("load", str(path), "--period", "day")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == [
        "Resource",
        "Period",
        "Load",
        "h",
        "Capacity",
        "h",
        "Over-allocated",
        "Tasks",
    ]
    monday = next(line for line in lines if "2025-03-03" in line)
    assert monday.split() == ["Ana", "2025-03-03", "12", "8", "OVER", "by", "4", "h", "1,", "2"]
    assert "2025-03-08" not in table.stdout  # a weekend: no load, no capacity
    assert lines[-1] == "2 over-allocated period(s)."

    assert run("import", str(path), db=db).returncode == 0
    document = json.loads(run("load", "Load", "--by", "role", "--json", db=db).stdout)
    assert (document["by"], document["period"]) == ("role", "week")
    first = document["rows"][0]
    assert first == {
        "key": "Developer",
        "name": "Developer",
        "period": "2025-03-03",
        "load_hours": 48.0,
        "capacity_hours": 40.0,
        "over": True,
        "tasks": ["1", "2"],
    }


def test_load_names_what_it_cannot_open(db: str, tmp_path: Path) -> None:
    missing = run("load", str(tmp_path / "gone.json"))
    assert missing.returncode == 2 and "There is no file" in missing.stderr
    assert run("import", str(ROOT / "sample_data/office_move.json"), db=db).returncode == 0
    unknown = run("load", "Nope", db=db)
    assert unknown.returncode == 2 and "no project named 'Nope'" in unknown.stderr
    period = run("load", "Nope", "--period", "year", db=db)
    assert period.returncode == 2 and "invalid choice: 'year'" in period.stderr
