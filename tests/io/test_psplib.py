"""PSPLIB j30: without resources, our makespan is each file's published MPM-Time."""

from pathlib import Path

import pytest

from pmwidgets import Plan
from pmwidgets.core.errors import FileFormatError
from pmwidgets.io.psplib import read_psplib

J30 = sorted((Path(__file__).parents[1] / "data/psplib/j30").glob("*.sm"))


def test_all_480_instances_are_present() -> None:
    assert len(J30) == 480


def test_makespan_equals_mpm_time_for_every_j30_instance() -> None:
    wrong = []
    for path in J30:
        instance = read_psplib(path)
        makespan = Plan.from_state(instance.state).schedule().makespan_days
        if makespan != instance.mpm_time:
            wrong.append((path.name, makespan, instance.mpm_time))
    assert wrong == []


def test_instance_contents_are_read() -> None:
    instance = read_psplib(J30[0].with_name("j301_1.sm"))
    state = instance.state
    assert len(state.tasks) == 32
    assert instance.capacities == {"R1": 12, "R2": 13, "R3": 4, "R4": 12}
    assert instance.requests["2"] == {"R1": 4}
    assert state.tasks[1].duration == 8
    assert state.tasks[0].milestone and state.tasks[-1].milestone
    assert sum(1 for link in state.links if link.predecessor == "1") == 3
    assert state.calendar.working_weekdays == (0, 1, 2, 3, 4, 5, 6)


def test_a_broken_line_is_named(tmp_path: Path) -> None:
    text = (
        J30[0]
        .with_name("j301_1.sm")
        .read_text()
        .replace("   2        1          3", "   2        x          3", 1)
    )
    bad = tmp_path / "broken.sm"
    bad.write_text(text)
    with pytest.raises(FileFormatError, match=r"broken.sm, line \d+"):
        read_psplib(bad)
