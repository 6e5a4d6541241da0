"""The ``pmwidgets`` command: a thin layer over the core and the readers.

Errors are one line on standard error naming the file and the problem, with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from pmwidgets.core.errors import PlanError
from pmwidgets.core.leveling import level
from pmwidgets.core.model import PlanState
from pmwidgets.core.plan import Plan
from pmwidgets.core.rag import RagRules, rate
from pmwidgets.core.rcpsp import RcpspProblem, solve
from pmwidgets.core.resource_load import GROUPINGS, PERIODS, resource_load
from pmwidgets.core.schedule import Schedule
from pmwidgets.core.status import METHODS, project_status
from pmwidgets.io.psplib import leveled_state, read_psplib
from pmwidgets.io.reader import read_state
from pmwidgets.report import format_status, render_html, summarize_status
from pmwidgets.store import Store, default_url

#: Extensions of the plan files the commands read.
PLAN_SUFFIXES = (".xml", ".xlsx", ".csv", ".gan", ".sm", ".json")
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
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        _error(
            f"the store at {getattr(args, 'db', None) or default_url()} cannot be used: {reason}"
        )
        return EXIT_BAD_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmwidgets", description="Project plans: scheduling, storage and reports."
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    schedule = commands.add_parser(
        "schedule",
        help="schedule plan files and print their dates and floats",
        description="Schedule each FILE (MS Project XML .xml, Excel .xlsx, CSV .csv, "
        "GanttProject .gan, PSPLIB .sm, pmwidgets .json) by the critical path method and print "
        "its dates, floats and critical tasks.",
    )
    schedule.add_argument("files", nargs="+", metavar="FILE", type=Path)
    schedule.add_argument("--json", action="store_true", help="print JSON instead of a table")
    schedule.add_argument(
        "--level",
        action="store_true",
        help="level resources first: delay tasks until no resource is over-allocated (PSPLIB "
        "files: the shortest schedule found within the per-day capacities)",
    )
    schedule.set_defaults(run=_schedule)

    importer = commands.add_parser(
        "import",
        help="add a plan file to the store as a project, or as a new version of one",
        description="Read FILE and save it in the store: a new project, or the next version of "
        "the project of that name. Prints the project's name and version.",
    )
    importer.add_argument("file", metavar="FILE", type=Path)
    _store_options(importer)
    importer.add_argument("--project", help="the project's name (default: the plan's own name)")
    importer.add_argument("--author", help="who is importing (default: the login name)")
    importer.add_argument("--message", help="what this version is (default: 'Imported from FILE')")
    importer.set_defaults(run=_import)

    exporter = commands.add_parser(
        "export",
        help="write a project from the store to a file",
        description="Write PROJECT (its latest version, or --version) to FILE; the format follows "
        "the extension: .xml (MS Project), .xlsx (Excel), .csv, .json (pmwidgets).",
    )
    exporter.add_argument("project", metavar="PROJECT")
    _store_options(exporter)
    exporter.add_argument("--to", required=True, type=Path, metavar="FILE")
    exporter.add_argument("--version", type=int, help="a version other than the latest")
    exporter.set_defaults(run=_export)

    listing = commands.add_parser(
        "projects",
        help="list the projects in the store",
        description="List every project: name, status, version, when it was last saved and by "
        "whom.",
    )
    _store_options(listing)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=_projects)

    load = commands.add_parser(
        "load",
        help="show resource load against capacity, and over-allocations",
        description="Print the hours each resource (or role) is asked to work per period, "
        "against the hours its calendar and units make available, for a plan FILE or a "
        "PROJECT in the store. Over-allocated periods are marked OVER with the excess.",
    )
    load.add_argument("source", metavar="FILE_OR_PROJECT")
    load.add_argument("--by", choices=GROUPINGS, default="resource", help="group by (resource)")
    load.add_argument("--period", choices=PERIODS, default="week", help="period (week)")
    load.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _store_options(load)
    load.set_defaults(run=_load)

    status = commands.add_parser(
        "status",
        help="earned value and RAG ratings of a plan as of a status date",
        description="Print the earned-value figures (PV, EV, AC, variances, indices, estimates "
        "at completion, TCPI, earned schedule) of a plan FILE or a PROJECT in the store as of "
        "the status date, against a baseline, with the schedule, cost, scope and risk ratings "
        "and their reasons. Earned-schedule figures are in working days. Empty values (null) "
        "mean there is nothing to measure yet (no planned value, nothing spent).",
    )
    status.add_argument("source", metavar="FILE_OR_PROJECT")
    _status_options(status)
    status.add_argument(
        "--json",
        action="store_true",
        help="print JSON with the keys pv, ev, ac, sv, cv, spi, cpi, bac, eac_cpi, "
        "eac_atypical, eac_cpi_spi, etc, vac, tcpi_bac, tcpi_eac, es, sv_t, spi_t, ieac_t and "
        "rag (green, amber or red)",
    )
    _store_options(status)
    status.set_defaults(run=_status)

    report = commands.add_parser(
        "report",
        help="write a project's status report as one self-contained HTML file",
        description="Write PROJECT's status report as of the status date to an HTML file with "
        "no scripts or links to fetch, ready to e-mail: ratings and reasons, key figures, the "
        "earned-value chart, milestones done, due and late, top risks, slipped tasks and the "
        "changes saved since the last report.",
    )
    report.add_argument("project", metavar="PROJECT")
    _status_options(report)
    report.add_argument("--out", required=True, type=Path, metavar="FILE")
    _store_options(report)
    report.set_defaults(run=_report)

    diff = commands.add_parser(
        "diff",
        help="say what changed between two versions of a project, or since its baseline",
        description="Compare two saved versions of PROJECT, or the --to version with its "
        "baseline: tasks added, removed and moved (in working days), milestones slipped, task "
        "fields, links and assignments changed, as sentences to pass on to the team.",
    )
    diff.add_argument("project", metavar="PROJECT")
    diff.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="VERSION|baseline",
        help="a version number, or 'baseline' for baseline 0 of the --to version",
    )
    diff.add_argument(
        "--to", dest="target", required=True, metavar="VERSION|latest", help="a version number"
    )
    diff.add_argument("--json", action="store_true", help="print JSON instead of sentences")
    _store_options(diff)
    diff.set_defaults(run=_diff)
    return parser


def _status_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--status-date",
        metavar="YYYY-MM-DD",
        help="the date progress is reported as of (default: the plan's status date)",
    )
    command.add_argument("--baseline", type=int, default=0, help="the baseline, 0 to 10 (0)")
    command.add_argument(
        "--method",
        choices=METHODS,
        default="percent",
        help="earn by %% complete, or by physical %% complete where recorded (percent)",
    )


def _store_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--db",
        metavar="URL",
        help="a SQLAlchemy database URL (default: $PMWIDGETS_DB, else an SQLite file in "
        "~/.local/share/pmwidgets)",
    )


def _import(args: argparse.Namespace) -> int:
    try:
        read = read_state(args.file)
        plan = Plan.from_state(read.state)
        name = args.project or plan.name
        with Store(args.db) as store:
            existing = {project.name: project for project in store.projects()}
            plan.project = name
            plan.version = existing[name].version if name in existing else None
            saved = store.save(
                plan,
                author=args.author,
                message=args.message or f"Imported from {args.file.name}",
            )
    except PlanError as error:
        _error(
            error.message if args.file.name in error.message else f"{args.file}: {error.message}"
        )
        return EXIT_BAD_INPUT
    for warning in read.warnings:
        _error(f"{args.file}: warning: {warning}")
    sys.stdout.write(f"{saved.project} version {saved.version}\n")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from pmwidgets.io.writer import write_plan

    try:
        with Store(args.db, read_only=True) as store:
            plan = store.load(args.project, args.version)
        write_plan(plan.state, args.to)
    except PlanError as error:
        _error(error.message)
        return EXIT_BAD_INPUT
    except OSError as error:
        _error(f"{args.to}: cannot be written ({error.strerror}).")
        return EXIT_BAD_INPUT
    sys.stdout.write(f"{plan.project} version {plan.version} written to {args.to}\n")
    return EXIT_OK


def _projects(args: argparse.Namespace) -> int:
    try:
        with Store(args.db) as store:
            found = store.projects()
    except PlanError as error:
        _error(error.message)
        return EXIT_BAD_INPUT
    if args.json:
        rows = [
            {
                "name": p.name,
                "status": p.status,
                "version": p.version,
                "saved_at": p.saved_at.isoformat(timespec="seconds"),
                "author": p.author,
                "message": p.message,
            }
            for p in found
        ]
        _print_json(rows)
        return EXIT_OK
    header = ("Project", "Status", "Version", "Last saved (UTC)", "By", "Message")
    rows = [
        (p.name, p.status, str(p.version), f"{p.saved_at:%Y-%m-%d %H:%M}", p.author, p.message)
        for p in found
    ]
    sys.stdout.write(_columns(header, rows) if rows else "No projects in the store yet.\n")
    return EXIT_OK


def _load(args: argparse.Namespace) -> int:
    try:
        plan = _open_plan(args.source, args.db)
        table = resource_load(plan, by=args.by, period=args.period)
    except PlanError as error:
        _error(error.message)
        return EXIT_BAD_INPUT
    if args.json:
        rows = [
            {
                "key": row.key,
                "name": row.name,
                "period": row.period.isoformat(),
                "load_hours": round(float(row.load_hours), 4),
                "capacity_hours": round(float(row.capacity_hours), 4),
                "over": bool(row.over),
                "tasks": list(row.tasks),
            }
            for row in table.itertuples(index=False)
        ]
        document = {"project": plan.name, "by": args.by, "period": args.period, "rows": rows}
        _print_json(document)
        return EXIT_OK
    header = (args.by.capitalize(), "Period", "Load h", "Capacity h", "Over-allocated", "Tasks")
    rows = [
        (
            row.name,
            row.period.isoformat(),
            f"{row.load_hours:g}",
            f"{row.capacity_hours:g}",
            f"OVER by {row.load_hours - row.capacity_hours:g} h" if row.over else "",
            ", ".join(row.tasks),
        )
        for row in table.itertuples(index=False)
        if row.load_hours or row.capacity_hours
    ]
    if not rows:
        sys.stdout.write(f"{plan.name}: no resource is assigned to any task.\n")
        return EXIT_OK
    over = int(table["over"].sum())
    sys.stdout.write(_columns(header, rows))
    sys.stdout.write(f"{over} over-allocated period(s).\n")
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    try:
        plan, rules = _plan_and_rules(args.source, args.db)
        status = project_status(
            plan, _status_date(args.status_date), baseline=args.baseline, method=args.method
        )
    except PlanError as error:
        _error(error.message)
        return EXIT_BAD_INPUT
    report = rate(status, plan, rules)
    if args.json:
        _print_json({**status.figures(), "rag": report.overall})
        return EXIT_OK
    sys.stdout.write(format_status(status, report))
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    try:
        with Store(args.db, read_only=True) as store:
            plan = store.load(args.project)
            summary = summarize_status(
                plan,
                _status_date(args.status_date),
                store=store,
                baseline=args.baseline,
                method=args.method,
                rules=store.rag_rules(),
            )
    except PlanError as error:
        _error(error.message)
        return EXIT_BAD_INPUT
    try:
        args.out.write_text(render_html(summary), encoding="utf-8")
    except OSError as error:
        _error(f"{args.out}: cannot write the report ({error.strerror}).")
        return EXIT_BAD_INPUT
    sys.stdout.write(
        f"{args.out}: status report of {plan.name} as of {summary.status.status_date:%Y-%m-%d}, "
        f"overall {summary.rag.overall.upper()}\n"
    )
    return EXIT_OK


def _plan_and_rules(source: str, db: str | None) -> tuple[Plan, RagRules]:
    """The plan (a file, or a project in the store) and the RAG rules that apply: the store's
    for a project, the defaults for a file."""
    if Path(source).exists() or Path(source).suffix.lower() in PLAN_SUFFIXES:
        return _open_plan(source, db), RagRules()
    with Store(db, read_only=True) as store:
        return store.load(source), store.rag_rules()


def _status_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlanError(
            f"--status-date {text!r} is not a date written YYYY-MM-DD.",
            field="status_date",
            value=text,
        ) from None


def _diff(args: argparse.Namespace) -> int:
    from pmwidgets.core.plan_diff import NOTHING_CHANGED, compare_versions

    try:
        with Store(args.db, read_only=True) as store:
            compared = compare_versions(store, args.project, args.source, args.target)
    except PlanError as error:
        _error(error.message)
        return EXIT_BAD_INPUT
    if args.json:
        _print_json(compared.to_dict())
        return EXIT_OK
    sentences = compared.diff.sentences() or [NOTHING_CHANGED]
    sys.stdout.write("".join(f"{line}\n" for line in [f"{compared.title}:", *sentences]))
    return EXIT_OK


def _open_plan(source: str, db: str | None) -> Plan:
    """A plan from a file when ``source`` is one, else the project of that name in the store."""
    path = Path(source)
    if path.suffix.lower() in PLAN_SUFFIXES and not path.exists():
        raise PlanError(f"There is no file {path}.", field="file", value=str(path))
    if path.exists():
        read = read_state(path)
        for warning in read.warnings:
            _error(f"{path}: warning: {warning}")
        return Plan.from_state(read.state)
    with Store(db, read_only=True) as store:
        return store.load(source)


def _print_json(document: object) -> None:
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(v)) for v in column) for column in zip(header, *rows, strict=False)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(str(v).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)]) + "\n"


def _schedule(args: argparse.Namespace) -> int:
    results: list[tuple[Path, Plan, Schedule]] = []
    failed = False
    progress = _Progress(len(args.files))
    for number, path in enumerate(args.files, start=1):
        progress.show(number, path)
        try:
            read = read_state(path)
            plan = _leveled(path, read.state) if args.level else Plan.from_state(read.state)
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
        _print_json(documents[0] if len(documents) == 1 else documents)
    else:
        for path, plan, schedule in results:
            sys.stdout.write(_table(path, plan, schedule))
    return EXIT_OK


def _leveled(path: Path, state: PlanState) -> Plan:
    """The plan of ``path`` leveled; what moved (or could not) is told on standard error."""
    if path.suffix.lower() == ".sm":
        project = read_psplib(path)
        solution = solve(RcpspProblem.from_psplib(project))
        plan = Plan.from_state(leveled_state(project, solution.starts))
        proven = " (proven shortest)" if solution.proven_optimal else ""
        _error(f"{path}: leveled to {solution.makespan} days{proven}")
        return plan
    plan = Plan.from_state(state)
    result = level(plan)
    if result.moves:
        plan.replace_state(result.state, f"Level resources ({len(result.moves)} moves)")
    for move in result.moves:
        _error(
            f"{path}: leveling moved task {move.task} ({move.name}) from "
            f"{move.start_before.isoformat()} to {move.start_after.isoformat()}: {move.reason}"
        )
    for line in result.unresolved:
        _error(f"{path}: warning: not leveled: {line}")
    return plan


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
