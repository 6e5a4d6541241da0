"""A versioned project store that never loses an edit.

Every save adds a version (author, time, message) and keeps the history; any version can be
opened. A save of a plan loaded at a version that is no longer the latest is refused with
:class:`~pmwidgets.core.errors.ConflictError`, and the refused plan is kept, so nothing is lost
either way. Each save is one transaction: a process killed in the middle leaves the previous
version whole.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from pmwidgets.core.errors import ConflictError, PlanError
from pmwidgets.core.merge import MergeConflict, merge_states
from pmwidgets.core.model import PlanState
from pmwidgets.core.onboarding import ExerciseRecord
from pmwidgets.core.plan import Plan
from pmwidgets.core.rag import RagRules, rules_from_dict, rules_to_dict
from pmwidgets.core.risks import RiskScale
from pmwidgets.io import read_plan
from pmwidgets.io.plan_json import scale_from_dict, scale_to_dict, state_from_dict, state_to_dict
from pmwidgets.store.engine import default_url, open_engine
from pmwidgets.store.schema import (
    PROJECT_STATUSES,
    conflicts,
    metadata,
    onboarding_progress,
    pmo_settings,
    projects,
    versions,
)

RISK_SCALE_KEY = "risk_scale"
RAG_RULES_KEY = "rag_rules"


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of a project."""

    project: str
    version: int
    author: str
    saved_at: datetime
    message: str


@dataclass(frozen=True)
class ProjectInfo:
    """A project in the store and its latest version."""

    name: str
    status: str
    version: int
    saved_at: datetime
    author: str
    message: str


@dataclass(frozen=True)
class KeptConflict:
    """A refused save, kept so that its edits can be re-applied or merged."""

    id: int
    project: str
    based_on: int | None
    author: str
    saved_at: datetime
    message: str


class Store:
    """Projects and their versions in a database.

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL; ``PMWIDGETS_DB`` when omitted, else an SQLite file in the user's data
        folder. For teams: ``postgresql+psycopg://user:password@host/database``.
    read_only : bool
        Open so that nothing can be written (dashboards): saving raises, and the database
        connection itself refuses writes.
    """

    def __init__(self, url: str | None = None, *, read_only: bool = False) -> None:
        self.url = url or default_url()
        self.read_only = read_only
        self._engine = open_engine(self.url, read_only=read_only)
        if not read_only:
            metadata.create_all(self._engine)

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------------

    def projects(self) -> list[ProjectInfo]:
        """Every project with its latest version, by name."""
        query = (
            select(projects, versions)
            .join(
                versions,
                (versions.c.project_id == projects.c.id)
                & (versions.c.number == projects.c.latest_version),
            )
            .order_by(projects.c.name)
        )
        with self._engine.connect() as conn:
            return [
                ProjectInfo(r.name, r.status, r.number, r.saved_at, r.author, r.message)
                for r in conn.execute(query)
            ]

    def history(self, project: str) -> list[VersionInfo]:
        """Every version of a project, oldest first."""
        with self._engine.connect() as conn:
            row = self._project(conn, project)
            return _history(conn, row.id, project, after=0)

    def load(self, project: str, version: int | None = None) -> Plan:
        """The plan of a project at ``version`` (the latest by default).

        The plan remembers its project and version (``plan.project``, ``plan.version``), which
        :meth:`save` checks.
        """
        number, document = self._document(project, version)
        plan = Plan.from_state(state_from_dict(json.loads(document), project))
        plan.project, plan.version = project, number
        return plan

    def load_state(self, project: str, version: int | None = None) -> PlanState:
        """The plan state of a project at ``version`` (the latest by default), not scheduled.

        For reading many versions at once (the change log compares each with the one before):
        no plan is built and no schedule computed.
        """
        _number, document = self._document(project, version)
        return state_from_dict(json.loads(document), project)

    def _document(self, project: str, version: int | None) -> tuple[int, str]:
        """The version number and the stored JSON of a project's version (latest if None)."""
        with self._engine.connect() as conn:
            row = self._project(conn, project)
            number = row.latest_version if version is None else version
            found = conn.execute(
                select(versions.c.document).where(
                    (versions.c.project_id == row.id) & (versions.c.number == number)
                )
            ).first()
        if found is None:
            raise PlanError(
                f"Project '{project}' has no version {number} (versions 1 to "
                f"{row.latest_version}).",
                field="version",
                value=number,
            )
        return number, found.document

    def load_or_import(self, project: str, source: str | Path) -> Plan:
        """The latest version of ``project``; if the store has no such project yet, the plan
        read from the file ``source``, saved as its first version.

        This is how a template workbook opens its project: the first run seeds the store, every
        later run (and every other visitor) edits what was saved.

        Raises
        ------
        FileFormatError
            When the project is missing and ``source`` cannot be read as a plan.
        """
        if project in {info.name for info in self.projects()}:
            return self.load(project)
        plan = read_plan(source)
        if plan.risk_scale == RiskScale():
            plan.set_risk_scale(self.risk_scale())
        plan.project = project
        try:
            self.save(plan, message=f"Imported from {Path(source).name}")
        except ConflictError:
            return self.load(project)  # someone else seeded it at the same moment
        return plan

    def risk_scale(self) -> RiskScale:
        """The PMO's risk scale (the default scale until one is set)."""
        return scale_from_dict(self._setting(RISK_SCALE_KEY))

    def set_risk_scale(self, scale: RiskScale, *, author: str | None = None) -> None:
        """Set the PMO's risk scale: projects imported from now on use it.

        Projects already in the store keep theirs until their manager applies it
        (``plan.set_risk_scale(store.risk_scale())``, then Save), so no version changes
        behind anyone's back.
        """
        self._set_setting(RISK_SCALE_KEY, scale_to_dict(scale), author)

    def rag_rules(self) -> RagRules:
        """The PMO's red-amber-green rules (the defaults until some are set)."""
        return rules_from_dict(self._setting(RAG_RULES_KEY))

    def set_rag_rules(self, rules: RagRules, *, author: str | None = None) -> None:
        """Set the PMO's red-amber-green rules, used for every project's status from now on."""
        self._set_setting(RAG_RULES_KEY, rules_to_dict(rules), author)

    def _setting(self, key: str) -> dict | None:
        """A PMO setting's JSON value, or None when it was never set."""
        try:
            with self._engine.connect() as conn:
                row = conn.execute(
                    select(pmo_settings.c.value).where(pmo_settings.c.key == key)
                ).first()
        except (OperationalError, ProgrammingError):
            return None  # a read-only store made before PMO settings existed
        return json.loads(row.value) if row else None

    def _set_setting(self, key: str, value: dict, author: str | None) -> None:
        if self.read_only:
            raise PlanError(
                "This store is open read-only: nothing can be saved here.", field="store"
            )
        values = {
            "value": json.dumps(value),
            "author": author or _current_user(),
            "saved_at": datetime.now(UTC).replace(tzinfo=None),
        }
        with self._engine.begin() as conn:
            done = conn.execute(
                update(pmo_settings).where(pmo_settings.c.key == key).values(**values)
            )
            if done.rowcount == 0:
                conn.execute(insert(pmo_settings).values(key=key, **values))

    def conflicts(self, project: str) -> list[KeptConflict]:
        """The refused saves of a project, oldest first."""
        with self._engine.connect() as conn:
            row = self._project(conn, project)
            rows = conn.execute(
                select(conflicts).where(conflicts.c.project_id == row.id).order_by(conflicts.c.id)
            )
            return [
                KeptConflict(r.id, project, r.based_on, r.author, r.saved_at, r.message)
                for r in rows
            ]

    def load_conflict(self, kept: int) -> Plan:
        """The plan of a refused save, to re-apply or merge its edits (not tied to a version)."""
        with self._engine.connect() as conn:
            row = conn.execute(select(conflicts).where(conflicts.c.id == kept)).first()
        if row is None:
            raise PlanError(f"There is no kept conflict {kept}.", field="conflict", value=kept)
        return Plan.from_state(state_from_dict(json.loads(row.document), f"conflict {kept}"))

    # -- writing -------------------------------------------------------------------------------

    def save(
        self,
        plan: Plan,
        *,
        author: str | None = None,
        message: str = "",
        saved_at: datetime | None = None,
    ) -> VersionInfo:
        """Save ``plan`` as the next version of its project (a new project when it has none).

        ``saved_at`` dates the version, for bringing in a project's history (its weekly
        statuses, say); by default it is now. It is kept in UTC (a naive time is taken as UTC),
        and may be neither later than now nor earlier than the project's latest version.

        Raises
        ------
        ConflictError
            When the project was saved after ``plan`` was loaded (or a project of that name
            exists and ``plan`` was not loaded from it). The refused plan is kept.
        PlanError
            When the store is read-only, or ``saved_at`` is out of order.
        """
        if self.read_only:
            raise PlanError(
                "This store is open read-only: nothing can be saved here.", field="store"
            )
        name = plan.project or plan.name
        author = author or _current_user()
        document = json.dumps(state_to_dict(plan.state), separators=(",", ":"))
        now = _version_time(saved_at)
        try:
            with self._engine.begin() as conn:
                number = self._write(conn, name, plan.version, author, now, message, document)
                if saved_at is not None:
                    _check_after_previous(conn, name, number, now)
        except _Refused as refused:
            raise self._refuse(name, plan, author, now, message, document, refused) from None
        except IntegrityError:
            raise self._refuse(
                name, plan, author, now, message, document, _Refused(latest=None)
            ) from None
        plan.project, plan.version = name, number
        return VersionInfo(name, number, author, now, message)

    def merge(self, plan: Plan) -> tuple[Plan, list[MergeConflict]]:
        """``plan``'s edits re-applied on the project's latest version, ready to save.

        For a plan whose save was refused: what only one side changed is taken from that side;
        where both changed the same field differently the latest version's value is kept and the
        clash reported, so the manager decides what to change before saving.
        """
        if plan.project is None or plan.version is None:
            raise PlanError(
                "Only a plan loaded from the store can be merged with its latest version.",
                field="version",
            )
        base = self.load(plan.project, plan.version)
        latest = self.load(plan.project)
        state, clashes = merge_states(base.state, plan.state, latest.state)
        merged = Plan.from_state(state)
        merged.project, merged.version = latest.project, latest.version
        return merged, clashes

    def set_status(self, project: str, status: str) -> None:
        """Mark a project active, pending (proposed, not approved yet) or closed."""
        if status not in PROJECT_STATUSES:
            raise PlanError(
                f"Status '{status}' is not one of {', '.join(PROJECT_STATUSES)}.",
                field="status",
                value=status,
            )
        with self._engine.begin() as conn:
            row = self._project(conn, project)
            conn.execute(update(projects).where(projects.c.id == row.id).values(status=status))

    def _write(
        self,
        conn: Connection,
        name: str,
        based_on: int | None,
        author: str,
        now: datetime,
        message: str,
        document: str,
    ) -> int:
        row = conn.execute(
            select(projects).where(projects.c.name == name).with_for_update()
        ).first()
        if row is None:
            if based_on is not None:
                raise _Refused(latest=None)
            project_id = conn.execute(
                insert(projects).values(
                    name=name, status="active", created_at=now, latest_version=1
                )
            ).inserted_primary_key[0]
            number = 1
        else:
            if based_on != row.latest_version:
                raise _Refused(latest=row.latest_version)
            project_id, number = row.id, row.latest_version + 1
            conn.execute(
                update(projects).where(projects.c.id == project_id).values(latest_version=number)
            )
        conn.execute(
            insert(versions).values(
                project_id=project_id,
                number=number,
                author=author,
                saved_at=now,
                message=message,
                document=document,
            )
        )
        return number

    def _refuse(
        self,
        name: str,
        plan: Plan,
        author: str,
        now: datetime,
        message: str,
        document: str,
        refused: _Refused,
    ) -> ConflictError:
        """Keep the refused plan and describe what was saved since it was loaded."""
        with self._engine.begin() as conn:
            row = self._project(conn, name)
            since = _history(conn, row.id, name, after=plan.version or 0)
            kept = conn.execute(
                insert(conflicts).values(
                    project_id=row.id,
                    based_on=plan.version,
                    author=author,
                    saved_at=now,
                    message=message,
                    document=document,
                )
            ).inserted_primary_key[0]
        who = "; ".join(
            f"version {v.version} by {v.author} at {v.saved_at:%Y-%m-%d %H:%M}"
            + (f" ({v.message})" if v.message else "")
            for v in since
        )
        loaded = (
            f"you loaded version {plan.version}"
            if plan.version is not None
            else "this plan was not loaded from it"
        )
        return ConflictError(
            f"Project '{name}' was saved by someone else since {loaded}: {who}. Your plan was "
            f"not saved but kept as conflict {kept}; reload the project and re-apply your "
            "changes, or merge them.",
            project=name,
            based_on=plan.version,
            since=since,
            rejected=plan.state,
            kept_as=kept,
        )

    def _project(self, conn: Connection, name: str):  # noqa: ANN202
        row = conn.execute(select(projects).where(projects.c.name == name)).first()
        if row is None:
            known = ", ".join(p for (p,) in conn.execute(select(projects.c.name))) or "none yet"
            raise PlanError(
                f"There is no project named '{name}' in the store (projects: {known}).",
                field="project",
                value=name,
            )
        return row

    # -- onboarding ----------------------------------------------------------------------------

    def record_exercise(
        self, learner: str, exercise: str, done: bool, reasons: Sequence[str] = ()
    ) -> ExerciseRecord:
        """Keep one check of a learner's onboarding exercise (done or not, and why not), so
        that the coach sees each learner's progress.

        Raises
        ------
        PlanError
            When the store is read-only, or the learner or exercise is empty.
        """
        if self.read_only:
            raise PlanError(
                "This store is open read-only: nothing can be saved here.", field="store"
            )
        for name, value in (("learner", learner), ("exercise", exercise)):
            if not str(value).strip():
                raise PlanError(
                    f"An exercise check needs a {name}, not {value!r}.", field=name, value=value
                )
        now = datetime.now(UTC).replace(tzinfo=None)
        with self._engine.begin() as conn:
            conn.execute(
                insert(onboarding_progress).values(
                    learner=learner,
                    exercise=exercise,
                    done=bool(done),
                    checked_at=now,
                    reasons=json.dumps(list(reasons)),
                )
            )
        return ExerciseRecord(learner, exercise, bool(done), now, tuple(reasons))

    def exercise_progress(self) -> list[ExerciseRecord]:
        """Each learner's latest check of each exercise, with how many checks they made, by
        learner then exercise."""
        query = select(onboarding_progress).order_by(onboarding_progress.c.id)
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(query).all()
        except (OperationalError, ProgrammingError):
            return []  # a read-only store made before onboarding existed
        latest: dict[tuple[str, str], ExerciseRecord] = {}
        for row in rows:
            before = latest.get((row.learner, row.exercise))
            latest[(row.learner, row.exercise)] = ExerciseRecord(
                row.learner,
                row.exercise,
                row.done,
                row.checked_at,
                tuple(json.loads(row.reasons)),
                attempts=1 + (before.attempts if before else 0),
            )
        return [latest[key] for key in sorted(latest)]


class _Refused(Exception):
    """Internal: the save must be refused (rolled back, then reported)."""

    def __init__(self, latest: int | None) -> None:
        super().__init__(latest)
        self.latest = latest


def _history(conn: Connection, project_id: int, name: str, after: int) -> list[VersionInfo]:
    rows = conn.execute(
        select(versions.c.number, versions.c.author, versions.c.saved_at, versions.c.message)
        .where((versions.c.project_id == project_id) & (versions.c.number > after))
        .order_by(versions.c.number)
    )
    return [VersionInfo(name, r.number, r.author, r.saved_at, r.message) for r in rows]


def _current_user() -> str:
    try:
        return getpass.getuser()
    except OSError:
        return "unknown"


def _version_time(saved_at: datetime | None) -> datetime:
    """When a version is saved, as the store keeps it (naive UTC); not in the future."""
    now = datetime.now(UTC).replace(tzinfo=None)
    if saved_at is None:
        return now
    when = saved_at.astimezone(UTC).replace(tzinfo=None) if saved_at.tzinfo else saved_at
    if when > now:
        raise PlanError(
            f"A version cannot be dated {when:%Y-%m-%d %H:%M} UTC, later than now.",
            field="saved_at",
            value=when.isoformat(),
        )
    return when


def _check_after_previous(conn: Connection, name: str, number: int, when: datetime) -> None:
    """Refuse a version dated before the one it follows: a project's history keeps its order."""
    previous = conn.execute(
        select(versions.c.saved_at)
        .join(projects, projects.c.id == versions.c.project_id)
        .where(projects.c.name == name, versions.c.number == number - 1)
    ).scalar()
    if previous is not None and when < previous:
        raise PlanError(
            f"Project '{name}': version {number} cannot be dated {when:%Y-%m-%d %H:%M}, before "
            f"version {number - 1} ({previous:%Y-%m-%d %H:%M}).",
            field="saved_at",
            value=when.isoformat(),
        )
