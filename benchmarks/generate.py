"""Seeded generator of realistic plans for the benchmarks, and their FS-only networks for peers.

A generated plan is a programme of phases (outline level 1) made of work packages (level 2), most
of which are summaries of level-3 tasks. Links join working tasks only, always from an earlier row
to a later one (so the plan is acyclic): mostly to a task a few rows up in the same phase, the rest
(3%, and those of a phase's first tasks) to any earlier task: the long links that tie phases
together. About 1.5 links a task; 80% FS, 10% SS, 7% FF, 3% SF; a fifth of them with a lag of -2
to +5 working days. Durations are whole working days, 1 to 20, and about 5% of working tasks are
milestones. The calendar is Monday to Friday with ten fixed public holidays a year.

Run ``python benchmarks/generate.py`` to print what the generator makes at each size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from pmwidgets import Calendar, CalendarException, Link, LinkType, Plan, Task
from pmwidgets.core.model import summary_flags

SIZES = (1_000, 10_000, 100_000)
START = date(2025, 1, 6)
LINKS_PER_TASK = 1.5
LINK_TYPES = (LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF)
LINK_TYPE_SHARES = (0.80, 0.10, 0.07, 0.03)
LAG_SHARE = 0.20
LAGS = (-2, -1, 1, 2, 3, 4, 5)
LONG_LINK_SHARE = 0.03
NEARBY_STEP = 0.25
MILESTONE_SHARE = 0.05
HOLIDAYS = (
    (1, 1, "New Year's Day"),
    (1, 6, "Epiphany"),
    (5, 1, "Labour Day"),
    (5, 8, "Victory Day"),
    (7, 14, "National Day"),
    (8, 15, "Assumption"),
    (11, 1, "All Saints' Day"),
    (11, 11, "Armistice Day"),
    (12, 25, "Christmas Day"),
    (12, 26, "Boxing Day"),
)


@dataclass(frozen=True)
class PlanSpec:
    """Everything :class:`~pmwidgets.Plan` needs, kept apart so a benchmark can time the build."""

    name: str
    start: date
    calendar: Calendar
    tasks: tuple[Task, ...]
    links: tuple[Link, ...]

    def build(self) -> Plan:
        """The plan: validated and fully scheduled by its constructor."""
        return Plan(
            self.name, start=self.start, calendar=self.calendar, tasks=self.tasks, links=self.links
        )


@dataclass(frozen=True)
class FsNetwork:
    """A plan's working tasks joined by finish-to-start, zero-lag links, as arrays for peers.

    ``duration[i]`` is working days of working task ``i`` (plan order, summaries left out);
    link ``k`` runs from ``source[k]`` to ``target[k]``, always ``source[k] < target[k]``.
    """

    ids: tuple[str, ...]
    duration: np.ndarray
    source: np.ndarray
    target: np.ndarray

    def to_spec(self, calendar: Calendar) -> PlanSpec:
        """The same network as a flat plan, for our own scheduler."""
        tasks = tuple(
            Task(id=task_id, duration=float(days))
            for task_id, days in zip(self.ids, self.duration, strict=True)
        )
        links = tuple(
            Link(self.ids[s], self.ids[t]) for s, t in zip(self.source, self.target, strict=True)
        )
        return PlanSpec(f"FS-only {len(tasks)}", START, calendar, tasks, links)


def standard_calendar() -> Calendar:
    """Monday to Friday, 8 hours a day, with ten public holidays every year."""
    exceptions = tuple(
        CalendarException(
            date(START.year, month, day), date(START.year, month, day), name, yearly=True
        )
        for month, day, name in HOLIDAYS
    )
    return Calendar(name="Benchmark", exceptions=exceptions)


def outline_levels(size: int, rng: np.random.Generator) -> np.ndarray:
    """Outline levels of ``size`` rows: phases of 4 to 11 work packages, 70% of them summaries
    of 3 to 15 tasks."""
    levels: list[int] = []
    while len(levels) < size:
        levels.append(1)
        for _ in range(rng.integers(4, 12)):
            levels.append(2)
            if rng.random() < 0.7:
                levels.extend([3] * int(rng.integers(3, 16)))
    return np.array(levels[:size])


def summary_mask(levels: np.ndarray) -> np.ndarray:
    """Whether each row is a summary (the next row is deeper)."""
    deeper = np.zeros(len(levels), dtype=bool)
    deeper[:-1] = levels[1:] > levels[:-1]
    return deeper


def working_durations(count: int, rng: np.random.Generator) -> np.ndarray:
    """Whole working days, mostly short (median 4), 1 to 20; about 5% zero (milestones)."""
    days = np.clip(np.rint(rng.lognormal(np.log(4.0), 0.8, count)), 1, 20)
    days[rng.random(count) < MILESTONE_SHARE] = 0
    return days


def link_pairs(
    phase: np.ndarray, links: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """About ``links`` distinct (source, target) pairs over working tasks, source before target.

    Every working task but the first gets a predecessor. ``phase[i]`` is the phase of working
    task ``i``. A nearby source is a geometric number of tasks up (4 on average); one that would
    fall outside the target's phase, and 3% of all, become long links to any earlier task.
    """
    count = len(phase)
    first_of_phase = np.searchsorted(phase, phase)

    def draw(target: np.ndarray) -> np.ndarray:
        source = target - rng.geometric(NEARBY_STEP, len(target))
        long = (rng.random(len(target)) < LONG_LINK_SHARE) | (source < first_of_phase[target])
        source[long] = (rng.random(long.sum()) * target[long]).astype(np.int64)
        return source * count + target

    pairs = np.unique(draw(np.arange(1, count)))
    while len(pairs) < links:
        pairs = np.union1d(pairs, draw(rng.integers(1, count, links - len(pairs))))
    return pairs // count, pairs % count


def generate_plan(size: int, seed: int = 0) -> PlanSpec:
    """A realistic plan of ``size`` rows (summaries included), the same for the same seed."""
    rng = np.random.default_rng(seed)
    levels = outline_levels(size, rng)
    summary = summary_mask(levels)
    working = np.flatnonzero(~summary)
    durations = np.zeros(size)
    durations[working] = working_durations(len(working), rng)
    phase = np.cumsum(levels == 1)[working]
    source, target = link_pairs(phase, round(LINKS_PER_TASK * size), rng)
    ids = [str(row + 1) for row in range(size)]
    tasks = tuple(
        Task(
            id=ids[row],
            name=_task_name(row, int(levels[row]), bool(summary[row])),
            duration=float(durations[row]),
            outline_level=int(levels[row]),
            milestone=bool(not summary[row] and durations[row] == 0),
        )
        for row in range(size)
    )
    kinds = rng.choice(len(LINK_TYPES), len(source), p=LINK_TYPE_SHARES)
    lags = np.where(rng.random(len(source)) < LAG_SHARE, rng.choice(LAGS, len(source)), 0)
    links = tuple(
        Link(ids[working[s]], ids[working[t]], LINK_TYPES[k], float(lag))
        for s, t, k, lag in zip(source, target, kinds, lags, strict=True)
    )
    return PlanSpec(f"Generated {size}", START, standard_calendar(), tasks, links)


def _task_name(row: int, level: int, summary: bool) -> str:
    if level == 1:
        return f"Phase {row + 1}"
    return f"Work package {row + 1}" if summary else f"Task {row + 1}"


def fs_network(spec: PlanSpec) -> FsNetwork:
    """The working tasks of ``spec`` and its links, every link made finish-to-start, zero lag."""
    summary = summary_flags(spec.tasks)
    working = [task for task, is_summary in zip(spec.tasks, summary, strict=True) if not is_summary]
    position = {task.id: i for i, task in enumerate(working)}
    return FsNetwork(
        ids=tuple(task.id for task in working),
        duration=np.array([task.duration for task in working]),
        source=np.array([position[link.predecessor] for link in spec.links], dtype=np.int64),
        target=np.array([position[link.successor] for link in spec.links], dtype=np.int64),
    )


def describe(spec: PlanSpec) -> str:
    """One line on what a generated plan is made of, and its scheduled length."""
    plan = spec.build()
    summaries = sum(summary_flags(spec.tasks))
    milestones = sum(task.milestone for task in spec.tasks)
    types = {kind: sum(link.type is kind for link in spec.links) for kind in LINK_TYPES}
    shares = " ".join(f"{kind} {count / len(spec.links):.0%}" for kind, count in types.items())
    lagged = sum(link.lag != 0 for link in spec.links) / len(spec.links)
    return (
        f"{len(spec.tasks):>7} tasks ({summaries} summaries, {milestones} milestones), "
        f"{len(spec.links)} links ({len(spec.links) / len(spec.tasks):.2f}/task; {shares}; "
        f"{lagged:.0%} lagged), finishes {plan.schedule().finish} "
        f"({plan.schedule().makespan_days:g} working days)"
    )


if __name__ == "__main__":
    for size in SIZES:
        print(describe(generate_plan(size)))
