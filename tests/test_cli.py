"""The command line contract: `pmwidgets schedule FILE [FILE ...] [--level] [--json]`."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pmwidgets.cli import main
from pmwidgets.core.rcpsp import RcpspProblem, check
from pmwidgets.core.resource_load import overallocations
from pmwidgets.io import read_plan
from pmwidgets.io.psplib import read_psplib

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parents[1]
RELATIONS = DATA / "mspdi/mspdirelations.xml"
J301 = DATA / "psplib/j30/j301_1.sm"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pmwidgets.cli", *args], capture_output=True, text=True, check=False
    )


def test_json_for_one_file_is_one_object_with_the_contract_keys() -> None:
    done = run("schedule", str(RELATIONS), "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) == {"project_start", "finish", "makespan_days", "tasks"}
    assert (document["project_start"], document["finish"], document["makespan_days"]) == (
        "2006-09-21",
        "2006-09-25",
        3,
    )
    task = document["tasks"][4]
    assert task == {
        "id": "5",
        "name": "Task 5",
        "start": "2006-09-22",
        "finish": "2006-09-25",
        "total_float_days": 1,
        "free_float_days": 1,
        "critical": False,
    }


def test_json_for_several_files_is_an_array_in_order() -> None:
    done = run("schedule", str(J301), str(RELATIONS), "--json")
    documents = json.loads(done.stdout)
    assert [d["makespan_days"] for d in documents] == [38, 3]
    assert documents[0]["tasks"][0]["id"] == "1"


def test_the_table_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", str(RELATIONS)]) == 0
    out = capsys.readouterr().out
    assert "mspdirelations (mspdirelations.xml): 2006-09-21 to 2006-09-25, 3 working days" in out
    assert "Total float" in out and "critical" in out


@pytest.mark.parametrize(
    ("content", "suffix", "expected"),
    [
        (
            "<Project xmlns='http://schemas.microsoft.com/project'><Tasks>",
            ".xml",
            "not well-formed XML",
        ),
        ("hello", ".txt", "cannot be read; use .xml"),
        ("not json", ".json", "is not valid JSON"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_status_2(
    tmp_path: Path, content: str, suffix: str, expected: str
) -> None:
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(content)
    done = run("schedule", str(bad))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad" in lines[0] and expected in lines[0]
    assert "Traceback" not in done.stderr


def test_a_cycle_in_a_file_names_the_file_and_the_tasks(tmp_path: Path) -> None:
    looped = tmp_path / "loop.xml"
    looped.write_text(
        RELATIONS.read_text().replace(
            "<PredecessorUID>1</PredecessorUID>", "<PredecessorUID>4</PredecessorUID>", 1
        )
    )
    done = run("schedule", str(looped))
    assert done.returncode == 2
    assert "loop.xml" in done.stderr and "2 -> 3 -> 4 -> 2" in done.stderr


def test_a_missing_file_is_named() -> None:
    done = run("schedule", "no-such-plan.xml")
    assert done.returncode == 2
    assert done.stderr.strip() == "pmwidgets: no-such-plan.xml: no such file."


def _optimum(name: str) -> int:
    lines = (DATA / "psplib/j30/optimum.csv").read_text().splitlines()
    return next(int(line.split(",")[1]) for line in lines if line.startswith(f"{name},"))


@pytest.mark.parametrize("name", ["j301_1.sm", "j3013_6.sm", "j3021_1.sm"])
def test_level_json_on_psplib_is_valid_and_near_the_known_optimum(name: str) -> None:
    path = DATA / "psplib/j30" / name
    done = run("schedule", str(path), "--level", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    project = read_psplib(path)
    problem = RcpspProblem.from_psplib(project)
    day_zero = date.fromisoformat(document["project_start"])
    starts = {t["id"]: (date.fromisoformat(t["start"]) - day_zero).days for t in document["tasks"]}
    ids = [task.id for task in project.state.tasks]
    assert check(problem, [starts[i] for i in ids]) == []
    assert _optimum(name) <= document["makespan_days"] <= _optimum(name) * 1.05
    assert f"{path}: leveled to {document['makespan_days']} days" in done.stderr


def test_level_on_a_plan_reports_every_move_and_leaves_no_over_allocation(
    tmp_path: Path,
) -> None:
    done = run("schedule", str(ROOT / "sample_data/office_move.json"), "--level", "--json")
    assert done.returncode == 0, done.stderr
    moves = [line for line in done.stderr.splitlines() if "leveling moved task" in line]
    assert moves and all("over-allocated on" in line for line in moves)
    leveled = {t["id"]: t["start"] for t in json.loads(done.stdout)["tasks"]}
    plan = read_plan(ROOT / "sample_data/office_move.json")
    plan.level()
    assert leveled == {
        row.id: row.start.date().isoformat()
        for row in plan.schedule().to_frame().itertuples(index=False)
    }
    assert overallocations(plan) == []


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("pmwidgets")
    done = subprocess.run(
        [str(script), "schedule", str(J301), "--json"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and json.loads(done.stdout)["makespan_days"] == 38
