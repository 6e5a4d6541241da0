"""The plan a project manager edits: tasks, links, calendar, with undo, redo and a schedule.

Every edit is validated and rescheduled before it is accepted; a rejected edit raises
:class:`~pmwidgets.core.errors.PlanError` and leaves the plan exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from pmwidgets.core import change_requests, edits, progress, risk_edits
from pmwidgets.core.calendar import Calendar
from pmwidgets.core.change_requests import ChangeRequest
from pmwidgets.core.charter import Charter, charter_with
from pmwidgets.core.costs import task_costs
from pmwidgets.core.errors import PlanError
from pmwidgets.core.leveling import Move, level
from pmwidgets.core.model import (
    Assignment,
    Link,
    LinkType,
    PlanState,
    ProjectSettings,
    Resource,
    Task,
    TaskBaseline,
    as_datetime,
    parent_positions,
    summary_flags,
)
from pmwidgets.core.network import Network
from pmwidgets.core.notation import format_task_list
from pmwidgets.core.risks import Risk, RiskScale
from pmwidgets.core.schedule import Schedule, compute_schedule
from pmwidgets.core.timeaxis import TimeAxis
from pmwidgets.core.validate import check_resources, check_task, validate_state

UNDO_DEPTH = 200
#: MS Project keeps baselines 0 (the baseline) to 10.
MAX_BASELINE = 10


@dataclass(frozen=True)
class Change:
    """One accepted edit, as kept in the undo history."""

    description: str
    before: PlanState
    after: PlanState


class Plan:
    """A project plan.

    Parameters
    ----------
    name : str
        The project's name.
    start : date or datetime, optional
        The project start; today when omitted.
    calendar : Calendar, optional
        The project calendar; Monday to Friday, 8 hours a day when omitted.
    tasks, links : iterable
        Initial :class:`Task` and :class:`Link` records, tasks in outline order.
    status_date : date or datetime, optional
        The date progress was last reported as of.
    settings : ProjectSettings, optional
        Currency, date format, days per week and month.
    resources, assignments, baselines : iterable
        :class:`Resource`, :class:`Assignment` and :class:`TaskBaseline` records.
    risks : iterable of Risk
        The risk register.
    risk_scale : RiskScale, optional
        What risk levels mean, the bands and categories; the default scale when omitted.
    change_requests : iterable of ChangeRequest
        The change-request register.
    charter : Charter, optional
        Purpose, scope, objectives and stakeholders; an empty charter when omitted.

    Raises
    ------
    PlanError
        When the tasks or links are not a valid plan.
    """

    def __init__(
        self,
        name: str = "Untitled plan",
        start: date | datetime | None = None,
        calendar: Calendar | None = None,
        tasks: Iterable[Task] = (),
        links: Iterable[Link] = (),
        status_date: date | datetime | None = None,
        settings: ProjectSettings | None = None,
        resources: Iterable[Resource] = (),
        assignments: Iterable[Assignment] = (),
        baselines: Iterable[TaskBaseline] = (),
        risks: Iterable[Risk] = (),
        risk_scale: RiskScale | None = None,
        change_requests: Iterable[ChangeRequest] = (),
        charter: Charter | None = None,
    ) -> None:
        state = PlanState(
            name=name,
            start=as_datetime(start) or datetime.combine(date.today(), datetime.min.time()),
            calendar=calendar or Calendar(),
            tasks=tuple(tasks),
            links=tuple(links),
            status_date=as_datetime(status_date),
            settings=settings or ProjectSettings(),
            resources=tuple(resources),
            assignments=tuple(assignments),
            baselines=tuple(baselines),
            risks=tuple(risks),
            risk_scale=risk_scale or RiskScale(),
            change_requests=tuple(change_requests),
            charter=charter if charter is not None else Charter(),
        )
        self._networks: dict[int, Network] = {}
        self._axes: dict[tuple[Calendar, date], TimeAxis] = {}
        self._schedule: Schedule | None = None
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._state = state
        self._schedule = self._compute(state)
        self.project: str | None = None
        self.version: int | None = None

    @classmethod
    def from_state(cls, state: PlanState) -> Plan:
        """A plan over an existing state (from a file or the store)."""
        return cls(
            state.name,
            state.start,
            state.calendar,
            state.tasks,
            state.links,
            state.status_date,
            state.settings,
            state.resources,
            state.assignments,
            state.baselines,
            state.risks,
            state.risk_scale,
            state.change_requests,
            charter=state.charter,
        )

    # -- reading -----------------------------------------------------------------------------

    @property
    def state(self) -> PlanState:
        """The current immutable snapshot."""
        return self._state

    @property
    def name(self) -> str:
        """The project's name."""
        return self._state.name

    @property
    def start(self) -> datetime:
        """The project start."""
        return self._state.start

    @property
    def status_date(self) -> datetime | None:
        """The date progress is reported as of."""
        return self._state.status_date

    @property
    def calendar(self) -> Calendar:
        """The project calendar."""
        return self._state.calendar

    @property
    def settings(self) -> ProjectSettings:
        """Currency, date format and working-time conversions."""
        return self._state.settings

    @property
    def tasks(self) -> tuple[Task, ...]:
        """All tasks in outline order."""
        return self._state.tasks

    @property
    def links(self) -> tuple[Link, ...]:
        """All links."""
        return self._state.links

    def __len__(self) -> int:
        return len(self._state.tasks)

    def __repr__(self) -> str:
        return f"Plan({self.name!r}, {len(self)} tasks, {len(self.links)} links)"

    def task(self, task_id: str) -> Task:
        """The task with id ``task_id``."""
        return self._state.tasks[edits.position_of(self._state, task_id)]

    def predecessors(self, task_id: str) -> list[Link]:
        """Links into ``task_id``."""
        return [link for link in self._state.links if link.successor == task_id]

    def successors(self, task_id: str) -> list[Link]:
        """Links out of ``task_id``."""
        return [link for link in self._state.links if link.predecessor == task_id]

    def is_summary(self, task_id: str) -> bool:
        """Whether the task has tasks under it."""
        return summary_flags(self._state.tasks)[edits.position_of(self._state, task_id)]

    def parent(self, task_id: str) -> str | None:
        """The id of the task's summary, if it has one."""
        position = parent_positions(self._state.tasks)[edits.position_of(self._state, task_id)]
        return None if position < 0 else self._state.tasks[position].id

    def schedule(self) -> Schedule:
        """The schedule of the current state (computed when the state was accepted)."""
        assert self._schedule is not None
        return self._schedule

    # -- editing -----------------------------------------------------------------------------

    def add_task(
        self,
        name: str = "",
        duration: object = 1.0,
        *,
        id: str | None = None,
        position: int | None = None,
        outline_level: int | None = None,
        **fields: object,
    ) -> Task:
        """Add a task at row ``position`` (0-based; at the end by default).

        ``duration`` takes working days or text like ``"5d"``, ``"2w"``, ``"4h"``. The outline
        level defaults to that of the task above. Other fields are set as by :meth:`update`.
        """
        state = self._state
        task_id = id if id is not None else edits.next_task_id(state)
        row = len(state.tasks) if position is None else position
        if outline_level is None:
            outline_level = state.tasks[row - 1].outline_level if 0 < row <= len(state.tasks) else 1
        task = Task(id=str(task_id), name=name, outline_level=outline_level)
        values = {"duration": duration, **fields}

        def change(current: PlanState) -> PlanState:
            added = edits.add_task(current, task, position)
            return edits.update_task(added, task.id, values)

        self._apply(f"Add task {task.id}", change)
        return self.task(task.id)

    def insert_task(
        self, position: int, name: str = "", duration: object = 1.0, **fields: object
    ) -> Task:
        """Insert a task before row ``position`` (0-based); see :meth:`add_task`."""
        return self.add_task(name, duration, position=position, **fields)

    def delete_task(self, task_id: str) -> list[str]:
        """Delete a task (a summary with everything under it) and its links; returns the ids."""
        return self.delete_tasks([task_id])

    def delete_tasks(self, task_ids: Iterable[str]) -> list[str]:
        """Delete several tasks (summaries with everything under them) as one edit.

        Returns the ids removed; a task already removed as part of a summary is skipped.
        """
        wanted = [str(task_id) for task_id in task_ids]
        removed: list[str] = []

        def change(current: PlanState) -> PlanState:
            for task_id in wanted:
                if task_id not in removed:
                    current, gone = edits.delete_task(current, task_id)
                    removed.extend(gone)
            return current

        self._apply(f"Delete {format_task_list(wanted)}", change)
        return removed

    def indent(self, task_id: str, *more: str) -> None:
        """Make tasks (each with its subtasks) a level deeper, under the task above them.

        Several tasks are indented as one edit, top to bottom; a task under another one being
        indented moves with it.
        """
        self._shift_outline([task_id, *more], 1, "Indent")

    def outdent(self, task_id: str, *more: str) -> None:
        """Make tasks (each with its subtasks) a level shallower, as one edit."""
        self._shift_outline([task_id, *more], -1, "Outdent")

    def _shift_outline(self, task_ids: list[str], step: int, verb: str) -> None:
        def change(current: PlanState) -> PlanState:
            for task_id in edits.outermost(current, task_ids):
                current = edits.shift_outline(current, task_id, step)
            return current

        self._apply(f"{verb} {format_task_list(task_ids)}", change)

    def link(
        self,
        predecessor: str,
        successor: str,
        type: str | LinkType = LinkType.FS,
        lag: object = 0,
        *,
        lag_percent: bool = False,
    ) -> Link:
        """Link two tasks (replacing any link between them).

        ``lag`` is working days (negative for a lead), or text: ``"2d"``, ``"-1w"``, ``"50%"``.
        """
        made = edits.make_link(
            self._state, str(predecessor), str(successor), type, lag, lag_percent
        )
        self._apply(f"Link {predecessor} to {successor}", lambda s: edits.set_link(s, made))
        return made

    def link_chain(self, task_ids: Iterable[str], type: str | LinkType = LinkType.FS) -> None:
        """Link tasks one after another in the order given (MS Project's "Link Tasks"), as one
        edit; an existing link between two neighbours is replaced."""
        chain = [str(task_id) for task_id in task_ids]
        if len(chain) < 2:
            raise PlanError(
                "Select at least two tasks to link them one after another.",
                field="predecessors",
                value=", ".join(chain),
            )
        made = [
            edits.make_link(self._state, before, after, type, 0, False)
            for before, after in zip(chain, chain[1:], strict=False)
        ]

        def change(current: PlanState) -> PlanState:
            for link in made:
                current = edits.set_link(current, link)
            return current

        self._apply(f"Link {format_task_list(chain)}", change)

    def unlink(self, predecessor: str, successor: str) -> None:
        """Remove the link between two tasks."""
        self._apply(
            f"Unlink {predecessor} from {successor}",
            lambda s: edits.remove_link(s, str(predecessor), str(successor)),
        )

    def set(self, task_id: str, field: str, value: object) -> None:
        """Set one field of a task from a typed value.

        Fields: name, duration, milestone, wbs, notes, constraint, constraint_date, deadline,
        percent_complete, actual_start, actual_finish, priority, outline_level, predecessors (MS
        Project notation, replacing the task's predecessors), start and finish (which set a
        start-no-earlier-than or finish-no-earlier-than constraint, as MS Project does).
        """
        self.update(task_id, **{field: value})

    def update(self, task_id: str, **changes: object) -> None:
        """Set several fields of a task at once; all are accepted or none."""
        described = ", ".join(f"{name} = {value}" for name, value in changes.items())
        self._apply(
            f"Task {task_id}: {described}", lambda s: edits.update_task(s, task_id, changes)
        )

    def edit_rows(
        self, rows: Sequence[tuple[str | None, Mapping[str, object]]], description: str
    ) -> list[str]:
        """Set fields of several tasks, and add a task at the end for each row without an id,
        as one undoable edit (a block pasted from a spreadsheet): all rows are taken or none.

        Each row is ``(task_id, {field: value})`` with fields as in :meth:`set`; rows are
        applied in order, so a pasted predecessor may name a task added by an earlier row.

        Returns
        -------
        list of str
            The ids of the tasks added.
        """
        added: list[str] = []

        def change(current: PlanState) -> PlanState:
            added.clear()
            state = current
            for task_id, values in rows:
                if task_id is None:
                    level = state.tasks[-1].outline_level if state.tasks else 1
                    task_id = edits.next_task_id(state)
                    state = edits.add_task(state, Task(id=task_id, outline_level=level))
                    added.append(task_id)
                state = edits.update_task(state, task_id, dict(values))
            return state

        self._apply(description, change)
        return list(added)

    def set_predecessors(self, task_id: str, text: str) -> None:
        """Replace a task's predecessors from MS Project notation, e.g. ``"3FS+2d; 5SS"``."""
        self.set(task_id, "predecessors", text)

    @property
    def resources(self) -> tuple[Resource, ...]:
        """All resources."""
        return self._state.resources

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        """Who works on what."""
        return self._state.assignments

    def add_resource(self, name: str, *, id: str | None = None, **fields: object) -> Resource:
        """Add a resource (role, max_units, standard_rate, cost_per_use, calendar)."""
        numbers = [int(r.id) for r in self._state.resources if r.id.isdigit()]
        resource = Resource(id=id or str(max(numbers, default=0) + 1), name=name, **fields)  # type: ignore[arg-type]
        self._apply(
            f"Add resource {resource.id}",
            lambda s: s.changed(structural=False, resources=s.resources + (resource,)),
        )
        return resource

    def assign(
        self, task_id: str, resource_id: str, units: float = 1.0, work: float | None = None
    ) -> Assignment:
        """Put a resource on a task at ``units`` (1.0 full time), replacing an existing
        assignment of the same resource to the same task."""
        made = Assignment(task_id, resource_id, units, work)
        self._apply(
            f"Assign {resource_id} to task {task_id}",
            lambda s: edits.set_assignment(s, made),
        )
        return made

    def unassign(self, task_id: str, resource_id: str) -> None:
        """Take a resource off a task."""
        self._apply(
            f"Unassign {resource_id} from task {task_id}",
            lambda s: edits.remove_assignment(s, task_id, resource_id),
        )

    def set_baseline(self, number: int = 0) -> None:
        """Record every task's scheduled start, finish, duration, work and cost as baseline
        ``number`` (0 to 10), replacing what that baseline held."""
        if not 0 <= number <= MAX_BASELINE:
            raise PlanError(
                f"Baselines are numbered 0 to {MAX_BASELINE}, not {number}.",
                field="baseline",
                value=number,
            )
        schedule = self.schedule()
        frame = schedule.to_frame()
        costs = task_costs(self)
        axis = schedule.axis
        recorded = tuple(
            TaskBaseline(
                task=row.id,
                number=number,
                start=axis.datetime(int(schedule.scheduled_start[p])),
                finish=axis.datetime(int(schedule.scheduled_finish[p])),
                duration=float(row.duration_days),
                work=float(costs.at[row.id, "work_hours"]),
                cost=float(costs.at[row.id, "cost"]),
            )
            for p, row in enumerate(frame.itertuples(index=False))
        )
        self._apply(
            f"Set baseline {number}",
            lambda s: s.changed(
                structural=False,
                baselines=tuple(b for b in s.baselines if b.number != number) + recorded,
            ),
        )

    def clear_baseline(self, number: int = 0) -> None:
        """Forget baseline ``number``."""
        self._apply(
            f"Clear baseline {number}",
            lambda s: s.changed(
                structural=False, baselines=tuple(b for b in s.baselines if b.number != number)
            ),
        )

    def record_progress(self, task_id: str, **fields: object) -> None:
        """Record a task's progress: ``percent_complete``, ``physical_percent_complete``,
        ``actual_start``, ``actual_finish``, ``actual_cost`` and ``remaining_duration`` (which
        sets the duration and % complete so that this much work is left); all or none."""
        described = ", ".join(f"{name} = {value}" for name, value in fields.items())
        remaining = fields.pop("remaining_duration", None)
        if remaining is not None:
            task = self.task(task_id)
            if "percent_complete" in fields:
                done = fields["percent_complete"]
                task = task.with_changes(
                    **edits.coerce_field(self._state, task, "percent_complete", done)
                )
            fields.update(progress.remaining_fields(self, task, remaining))
        self._apply(
            f"Progress of task {task_id}: {described}",
            lambda s: edits.update_task(s, task_id, fields),
        )

    def update_as_planned(self, status_date: date | datetime | str) -> list[str]:
        """Set the status date and mark the work scheduled up to it as done as planned
        (MS Project's Update Project); returns the ids of the tasks whose progress changed.

        Progress already recorded is never lowered; one undo step undoes it all.
        """
        day = edits.set_project(self._state, {"status_date": status_date}).status_date
        if day is None:
            raise PlanError("Say which status date to update to.", field="status_date", value=None)
        changes = progress.as_planned(self, day)

        def change(current: PlanState) -> PlanState:
            state = edits.set_project(current, {"status_date": day})
            for task_id, fields in changes.items():
                state = edits.update_task(state, task_id, fields)
            return state

        self._apply(f"Update progress as planned to {day:%Y-%m-%d}", change)
        return list(changes)

    def set_project(self, **changes: object) -> None:
        """Change the project's name, start, status_date, calendar or settings."""
        self._apply("Project: " + ", ".join(changes), lambda s: edits.set_project(s, changes))

    def replace_state(self, state: PlanState, description: str) -> None:
        """Accept a whole new state (an import, a merge) as one undoable edit."""
        self._apply(description, lambda _: state)

    # -- leveling ----------------------------------------------------------------------------

    def level(self, *, order: str = "float") -> list[Move]:
        """Delay tasks until no resource is over-allocated, as one undoable edit.

        Returns every move (task, start before and after, why) for review; ``undo()`` takes
        them all back. Over-allocations leveling cannot resolve (a started or pinned task, an
        assignment above the resource's units) are left and listed by
        :func:`pmwidgets.core.leveling.level`, which also levels without applying.
        """
        result = level(self, order=order)
        if result.moves:
            self.replace_state(result.state, f"Level resources ({len(result.moves)} moves)")
        return result.moves

    # -- risks -------------------------------------------------------------------------------

    @property
    def risks(self) -> tuple[Risk, ...]:
        """The risk register, in the order risks were raised."""
        return self._state.risks

    @property
    def risk_scale(self) -> RiskScale:
        """What probability and impact levels mean, the bands and the risk categories."""
        return self._state.risk_scale

    def risk(self, risk_id: str) -> Risk:
        return self._state.risks[risk_edits.risk_position(self._state, risk_id)]

    def add_risk(self, title: str, *, id: str | None = None, **fields: object) -> Risk:
        """Raise a risk; ``fields`` are set as by :meth:`update_risk` (text or typed values).

        A new risk is an open threat of probability 3 until told otherwise; give at least one
        impact (``impact_schedule``, ``impact_cost``, ``impact_scope``, ``impact_quality``).
        """
        risk_id = id if id is not None else risk_edits.next_risk_id(self._state.risks)
        typed = {n: risk_edits.coerce_risk_field(risk_id, n, v) for n, v in fields.items()}
        risk = Risk(id=risk_id, title=title, **typed)  # type: ignore[arg-type]
        self._apply(f"Raise risk {risk_id}", lambda s: risk_edits.add_risk(s, risk))
        return self.risk(risk_id)

    def update_risk(self, risk_id: str, **changes: object) -> None:
        """Set fields of a risk (levels as ``3`` or ``"3"``, tasks as ``"3, 5"``, dates as
        text); all are accepted or none."""
        described = ", ".join(f"{name} = {value}" for name, value in changes.items())
        self._apply(
            f"Risk {risk_id}: {described}",
            lambda s: risk_edits.update_risk(s, risk_id, changes),
        )

    def close_risk(self, risk_id: str, status: str = "closed") -> None:
        """Close a risk (``status="occurred"`` when it happened); it stays in the register."""
        self.update_risk(risk_id, status=status)

    def delete_risk(self, risk_id: str) -> None:
        """Remove a risk raised by mistake (a closed risk stays, for the record)."""
        self._apply(f"Delete risk {risk_id}", lambda s: risk_edits.delete_risk(s, risk_id))

    def set_risk_scale(self, scale: RiskScale) -> None:
        """Use the PMO's scale; refused when a risk's category is not in it."""
        self._apply("Set the risk scale", lambda s: risk_edits.set_risk_scale(s, scale))

    # -- change requests ---------------------------------------------------------------------

    @property
    def change_requests(self) -> tuple[ChangeRequest, ...]:
        """The change-request register, in the order requests were raised."""
        return self._state.change_requests

    def change_request(self, request_id: str) -> ChangeRequest:
        return self._state.change_requests[change_requests.change_position(self._state, request_id)]

    def raise_change(self, title: str, *, id: str | None = None, **fields: object) -> ChangeRequest:
        """Raise a proposed change request; ``fields`` are typed as by :meth:`update_change`
        (``description``, ``schedule_impact_days``, ``cost_impact``, ``tasks``, ``raised_by``,
        ``raised``)."""
        request_id = id if id is not None else change_requests.next_change_id(self.change_requests)
        typed = {
            name: change_requests.coerce_change_field(request_id, name, value)
            for name, value in fields.items()
        }
        request = ChangeRequest(id=request_id, title=title, **typed)  # type: ignore[arg-type]
        self._apply(
            f"Raise change request {request_id}",
            lambda s: change_requests.add_change_request(s, request),
        )
        return self.change_request(request_id)

    def update_change(self, request_id: str, **changes: object) -> None:
        """Set fields of a proposed change request; all are accepted or none."""
        described = ", ".join(f"{name} = {value}" for name, value in changes.items())
        self._apply(
            f"Change request {request_id}: {described}",
            lambda s: change_requests.update_change_request(s, request_id, changes),
        )

    def decide_change(
        self,
        request_id: str,
        *,
        approved: bool,
        by: str,
        on: date | datetime | str | None = None,
        note: str = "",
    ) -> None:
        """Approve or reject a proposed change request, recording who decided and when."""
        verb = "Approve" if approved else "Reject"
        self._apply(
            f"{verb} change request {request_id}",
            lambda s: change_requests.decide(
                s, request_id, approved=approved, by=by, on=on, note=note
            ),
        )

    def withdraw_change(self, request_id: str) -> None:
        """Remove a proposed change request raised by mistake."""
        self._apply(
            f"Withdraw change request {request_id}",
            lambda s: change_requests.delete_change_request(s, request_id),
        )

    # -- charter -----------------------------------------------------------------------------

    @property
    def charter(self) -> Charter:
        """The project charter: purpose, scope, objectives, stakeholders, who approved it."""
        return self._state.charter

    def set_charter(self, **fields: object) -> Charter:
        """Set charter fields from text or typed values, as one undoable edit; all are
        accepted or none.

        Lists (``objectives``, ``success_criteria``, ``constraints``, ``assumptions``) take one
        item a line; ``stakeholders`` take ``name | role | interest`` lines; ``approved_on``
        takes a date, ISO text or the project's date format. An edit that changes nothing is
        not recorded. Returns the charter now held.
        """
        charter = charter_with(self._state.charter, fields, self.settings)
        if charter != self._state.charter:
            self._apply(
                "Charter: " + ", ".join(fields),
                lambda s: s.changed(structural=False, charter=charter),
            )
        return self.charter

    # -- history -----------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone edit to redo."""
        return bool(self._redo)

    @property
    def history(self) -> list[str]:
        """Descriptions of the edits that can be undone, oldest first."""
        return [change.description for change in self._undo]

    def undo(self) -> str | None:
        """Undo the last edit; returns its description, or ``None`` when there is none."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(change)
        self._enter(change.before)
        return change.description

    def redo(self) -> str | None:
        """Redo the last undone edit; returns its description, or ``None``."""
        if not self._redo:
            return None
        change = self._redo.pop()
        self._undo.append(change)
        self._enter(change.after)
        return change.description

    # -- machinery ---------------------------------------------------------------------------

    def _apply(self, description: str, change: Callable[[PlanState], PlanState]) -> None:
        before = self._state
        after = change(before)
        if (before.resources, before.assignments, before.baselines) != (
            after.resources,
            after.assignments,
            after.baselines,
        ):
            check_resources(after)
        schedule = self._compute(after, touched=_touched(before, after), previous=self._schedule)
        self._undo.append(Change(description, before, after))
        del self._undo[:-UNDO_DEPTH]
        self._redo.clear()
        self._state, self._schedule = after, schedule

    def _enter(self, state: PlanState) -> None:
        self._schedule = self._compute(state)
        self._state = state

    def _compute(
        self,
        state: PlanState,
        touched: Iterable[Task] | None = None,
        previous: Schedule | None = None,
    ) -> Schedule:
        """Validate and schedule ``state``; raises without side effects when it is invalid."""
        network = self._networks.get(state.structure)
        if network is None:
            network = validate_state(state)
        elif touched is not None:
            for task in touched:
                check_task(task)
        else:
            for task in state.tasks:
                check_task(task)
        schedule = compute_schedule(state, network, self._axis(state), previous)
        self._networks = {state.structure: network, **dict(list(self._networks.items())[:3])}
        return schedule

    def _axis(self, state: PlanState) -> TimeAxis:
        key = (state.calendar, state.start.date())
        axis = self._axes.get(key)
        if axis is None:
            axis = TimeAxis(state.calendar, state.start.date())
            self._axes = {key: axis}
        return axis


def _touched(before: PlanState, after: PlanState) -> list[Task] | None:
    """Tasks that differ between two states of the same structure (``None``: check them all)."""
    if before.structure != after.structure or len(before.tasks) != len(after.tasks):
        return None
    return [new for old, new in zip(before.tasks, after.tasks, strict=False) if old is not new]
