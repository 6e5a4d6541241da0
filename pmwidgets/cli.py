"""The ``pmwidgets`` command: a thin layer over the core and the readers.

Errors are one line on standard error naming the file and the problem, with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.schedule import Schedule
from pmwidgets.io.reader import read_state

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.run(args))
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmwidgets", description="Project plans: scheduling, storage and reports."
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    schedule = commands.add_parser(
        "schedule",
        help="schedule plan files and print their dates and floats",
        description="Schedule each FILE (MS Project XML .xml, PSPLIB .sm, pmwidgets .json) by "
        "the critical path method and print its dates, floats and critical tasks.",
    )
    schedule.add_argument("files", nargs="+", metavar="FILE", type=Path)
    schedule.add_argument("--json", action="store_true", help="print JSON instead of a table")
    schedule.add_argument(
        "--level", action="store_true", help="level resources first (not available yet)"
    )
    schedule.set_defaults(run=_schedule)
    return parser


def _schedule(args: argparse.Namespace) -> int:
    if args.level:
        _error(
            "--level is not available yet: resource leveling comes with resources and "
            "assignments. Schedule without --level for now."
        )
        return EXIT_BAD_INPUT
    results: list[tuple[Path, Plan, Schedule]] = []
    failed = False
    progress = _Progress(len(args.files))
    for number, path in enumerate(args.files, start=1):
        progress.show(number, path)
        try:
            read = read_state(path)
            plan = Plan.from_state(read.state)
        except PlanError as error:
            named = path.name in error.message
            _error(error.message if named else f"{path}: {error.message}")
            failed = True
            continue
        for warning in read.warnings:
            _error(f"{path}: warning: {warning}")
        results.append((path, plan, plan.schedule()))
    progress.done()
    if failed:
        return EXIT_BAD_INPUT
    if args.json:
        documents = [schedule.to_dict() for _, _, schedule in results]
        json.dump(documents[0] if len(documents) == 1 else documents, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        for path, plan, schedule in results:
            sys.stdout.write(_table(path, plan, schedule))
    return EXIT_OK


def _table(path: Path, plan: Plan, schedule: Schedule) -> str:
    frame = schedule.to_frame()
    fmt = plan.settings.date_format
    header = ("ID", "Task", "Start", "Finish", "Days", "Total float", "Free float", "Critical")
    rows = [
        (
            row.id,
            "  " * (row.outline_level - 1) + row.name,
            f"{row.start:{fmt}}",
            f"{row.finish:{fmt}}",
            f"{row.duration_days:g}",
            f"{row.total_float_days:g}",
            f"{row.free_float_days:g}",
            "critical" if row.critical else "",
        )
        for row in frame.itertuples(index=False)
    ]
    widths = [max(len(str(v)) for v in column) for column in zip(header, *rows, strict=False)]
    widths[1] = min(widths[1], 48)

    def line(values: Sequence[str]) -> str:
        cells = [str(v)[: widths[i]].ljust(widths[i]) for i, v in enumerate(values)]
        return "  ".join(cells).rstrip() + "\n"

    title = (
        f"{plan.name} ({path.name}): {schedule.project_start:{fmt}} to {schedule.finish:{fmt}}, "
        f"{schedule.makespan_days:g} working days\n"
    )
    rule = "  ".join("-" * w for w in widths) + "\n"
    return title + line(header) + rule + "".join(line(r) for r in rows) + "\n"


class _Progress:
    """A counter on standard error while several files are read, shown only on a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.active = total > 1 and sys.stderr.isatty()

    def show(self, number: int, path: Path) -> None:
        if self.active:
            sys.stderr.write(f"\r[{number}/{self.total}] {path.name[:60]:<60}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.active:
            sys.stderr.write("\r" + " " * 72 + "\r")


def _error(message: str) -> None:
    sys.stderr.write(f"pmwidgets: {' '.join(message.split())}\n")


if __name__ == "__main__":
    sys.exit(main())
