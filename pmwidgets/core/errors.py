"""The one family of errors the domain core raises.

Every error carries the task, the field and the value at fault plus a sentence a project manager
understands, so that a table cell, a file import and the command line can all say exactly what went
wrong. A rejected edit never changes the plan.
"""

from __future__ import annotations

from typing import Any


class PlanError(ValueError):
    """A plan, an edit or a file was refused.

    Parameters
    ----------
    message : str
        A sentence for a person: what is wrong and, where it helps, what to do.
    task : str, optional
        The id of the task at fault, when there is one.
    field : str, optional
        The field at fault (``"duration"``, ``"predecessors"``, ...), when there is one.
    value : Any, optional
        The offending value as it was given.
    tasks : tuple of str, optional
        Several tasks, in order, when the problem spans them (a dependency cycle).
    """

    def __init__(
        self,
        message: str,
        *,
        task: str | None = None,
        field: str | None = None,
        value: Any = None,
        tasks: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.task = task
        self.field = field
        self.value = value
        self.tasks = tuple(tasks)

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, Any]:
        """The error as plain data, for JSON output and widget message areas."""
        return {
            "message": self.message,
            "task": self.task,
            "field": self.field,
            "value": None if self.value is None else str(self.value),
            "tasks": list(self.tasks),
        }


class CycleError(PlanError):
    """The links would make a task wait, directly or not, for itself."""


class FileFormatError(PlanError):
    """A file could not be read as the format it claims to be."""


class ConflictError(PlanError):
    """Someone saved the project after this plan was loaded; the save was refused.

    Nothing is lost: the refused plan is kept in the store (``kept_as``) and on the error
    (``rejected``), so the user can reload and re-apply the edit, or merge.

    Attributes
    ----------
    project : str
        The project's name.
    based_on : int or None
        The version the refused plan was loaded at.
    since : list
        What was saved after it, oldest first: ``VersionInfo`` records (version, author, time,
        message).
    rejected : object
        The refused plan state.
    kept_as : int or None
        The number under which the store kept the refused plan (see ``Store.conflicts``).
    """

    def __init__(
        self,
        message: str,
        *,
        project: str,
        based_on: int | None,
        since: list[Any],
        rejected: Any,
        kept_as: int | None = None,
    ) -> None:
        super().__init__(message, field="version", value=based_on)
        self.project = project
        self.based_on = based_on
        self.since = since
        self.rejected = rejected
        self.kept_as = kept_as
