"""The dependency network the scheduler walks, compiled once per structural change.

Summary tasks take part as nodes: a summary comes after all its children (its dates roll up from
theirs), a link *into* a summary applies to every working task under it, and a link *out of* a
summary starts from the summary's rolled-up dates (its finish is its last child's finish, its start
its first child's start), which is how MS Project treats summary logic.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from pmwidgets.core.errors import CycleError, PlanError
from pmwidgets.core.model import LinkType, PlanState, parent_positions, summary_flags

KIND = {LinkType.FS: 0, LinkType.SS: 1, LinkType.FF: 2, LinkType.SF: 3}
_NONE: list = []  # shared by every node with nothing in a list, to save memory; never mutated


@dataclass
class Network:
    """Positions, hierarchy and expanded links of a plan, in forms fast to loop over.

    Expanded link ``k`` runs from node ``source[k]`` (a task or a summary) to the working task
    ``target[k]``, with dependency ``kind[k]`` (0 FS, 1 SS, 2 FF, 3 SF) and came from
    ``state.links[origin[k]]``. ``order`` lists nodes so that every node comes after what it
    depends on; ``rank`` is each node's place in it. The tasks under a summary at position ``p``
    are the rows ``p + 1`` to ``ends[p] - 1``. ``tables`` caches the scheduler's link
    tables per day length (see :func:`pmwidgets.core.cpm.prepare`).
    """

    ids: list[str]
    index: dict[str, int]
    parent: list[int]
    is_summary: list[bool]
    children: list[list[int]]
    leaves: dict[int, list[int]]
    source: list[int]
    target: list[int]
    kind: list[int]
    origin: list[int]
    incoming: list[list[int]]
    outgoing: list[list[int]]
    order: list[int]
    rank: list[int]
    summary_links: bool
    percent_lags: list[bool]
    ends: list[int]
    tables: dict[int, tuple] = field(default_factory=dict)
    _arrays: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def array(self, name: str) -> np.ndarray:
        """A list attribute (``is_summary``, ``ends``, ``source``, ``target``, ``kind``) as a
        numpy array, converted once per network; ``summaries`` lists the summary rows."""
        found = self._arrays.get(name)
        if found is None:
            if name == "summaries":
                found = np.flatnonzero(self.array("is_summary"))
            else:
                values = getattr(self, name)
                found = np.array(values, dtype=bool if name == "is_summary" else np.int64)
            self._arrays[name] = found
        return found


def task_index(state: PlanState) -> dict[str, int]:
    """Task id to position; refuses duplicate ids, naming both rows."""
    index: dict[str, int] = {}
    for position, task in enumerate(state.tasks):
        if task.id in index:
            raise PlanError(
                f"Task id '{task.id}' is used twice (rows {index[task.id] + 1} and "
                f"{position + 1}); every task needs its own id.",
                task=task.id,
                field="id",
                value=task.id,
            )
        index[task.id] = position
    return index


def compile_network(state: PlanState) -> Network:
    """Check the links and hierarchy of ``state`` and order its nodes for the forward pass.

    Raises
    ------
    PlanError
        For a duplicate id, an unknown task in a link, a task linked to itself, two links between
        the same tasks, or a link between a summary and a task under it.
    CycleError
        When links make a task wait for itself, naming the tasks on the loop in order.
    """
    tasks = state.tasks
    count = len(tasks)
    index = task_index(state)
    parent = parent_positions(tasks)
    is_summary = summary_flags(tasks)
    children: list[list[int]] = [[] for _ in range(count)]
    for position, up in enumerate(parent):
        if up >= 0:
            children[up].append(position)

    leaves: dict[int, list[int]] = {}
    any_summary = any(is_summary)
    ends = subtree_ends(parent)

    def leaves_of(position: int) -> list[int]:
        if position not in leaves:
            found: list[int] = []
            stack = [position]
            while stack:
                node = stack.pop()
                if is_summary[node]:
                    stack.extend(reversed(children[node]))
                else:
                    found.append(node)
            leaves[position] = found
        return leaves[position]

    source: list[int] = []
    target: list[int] = []
    kind: list[int] = []
    origin: list[int] = []
    seen_pairs: set[int] = set()
    for number, link in enumerate(state.links):
        pred = _position(index, link.predecessor, link.successor, "predecessor")
        succ = _position(index, link.successor, link.predecessor, "successor")
        if pred == succ:
            raise PlanError(
                f"Task {link.successor} cannot be its own predecessor.",
                task=link.successor,
                field="predecessors",
                value=link.predecessor,
            )
        pair = pred * count + succ
        if pair in seen_pairs:
            raise PlanError(
                f"Task {link.successor} is linked to predecessor {link.predecessor} twice; "
                "keep one link between two tasks.",
                task=link.successor,
                field="predecessors",
                value=link.predecessor,
            )
        seen_pairs.add(pair)
        if any_summary and (pred < succ < ends[pred] or succ < pred < ends[succ]):
            _refuse_summary_child_link(state, pred, succ)
        for leaf in leaves_of(succ) if is_summary[succ] else (succ,):
            source.append(pred)
            target.append(leaf)
            kind.append(KIND[link.type])
            origin.append(number)

    incoming: list[list[int]] = [[] for _ in range(count)]
    outgoing: list[list[int]] = [[] for _ in range(count)]
    for k in range(len(source)):
        incoming[target[k]].append(k)
        outgoing[source[k]].append(k)
    order = _topological_order(state, source, target, parent, incoming, outgoing)
    children = [kids or _NONE for kids in children]
    incoming = [links or _NONE for links in incoming]
    outgoing = [links or _NONE for links in outgoing]
    rank = [0] * count
    for position, node in enumerate(order):
        rank[node] = position
    return Network(
        ids=[task.id for task in tasks],
        index=index,
        parent=parent,
        is_summary=is_summary,
        children=children,
        leaves={p: leaves_of(p) for p in range(count) if is_summary[p]},
        source=source,
        target=target,
        kind=kind,
        origin=origin,
        incoming=incoming,
        outgoing=outgoing,
        order=order,
        rank=rank,
        summary_links=any(is_summary[s] for s in source),
        ends=ends,
        percent_lags=[state.links[n].lag_percent for n in origin]
        if any(link.lag_percent for link in state.links)
        else [],
    )


def _position(index: dict[str, int], task_id: str, other: str, role: str) -> int:
    position = index.get(task_id)
    if position is None:
        subject = other if role == "predecessor" else task_id
        raise PlanError(
            f"Task {subject}: {role} '{task_id}' does not exist in the plan."
            if role == "predecessor"
            else f"A link from task {other} points to task '{task_id}', which does not exist.",
            task=other if role == "predecessor" else task_id,
            field="predecessors",
            value=task_id,
        )
    return position


def subtree_ends(parent: list[int]) -> list[int]:
    """One past the last position under each task (its own position + 1 for a working task)."""
    ends = list(range(1, len(parent) + 1))
    for position in range(len(parent) - 1, -1, -1):
        up = parent[position]
        if up >= 0 and ends[position] > ends[up]:
            ends[up] = ends[position]
    return ends


def _refuse_summary_child_link(state: PlanState, pred: int, succ: int) -> None:
    summary, child = (pred, succ) if pred < succ else (succ, pred)
    raise PlanError(
        f"Task {state.tasks[summary].id} is the summary of task {state.tasks[child].id}; a "
        "summary cannot be linked to a task under it (it already spans it).",
        task=state.tasks[succ].id,
        field="predecessors",
        value=state.tasks[pred].id,
    )


def _topological_order(
    state: PlanState,
    source: list[int],
    target: list[int],
    parent: list[int],
    incoming: list[list[int]],
    outgoing: list[list[int]],
) -> list[int]:
    count = len(parent)
    waiting = [len(incoming[node]) for node in range(count)]
    for node in range(count):
        if parent[node] >= 0:
            waiting[parent[node]] += 1
    ready = deque(node for node in range(count) if waiting[node] == 0)
    order: list[int] = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for k in outgoing[node]:
            nxt = target[k]
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
        up = parent[node]
        if up >= 0:
            waiting[up] -= 1
            if waiting[up] == 0:
                ready.append(up)
    if len(order) < count:
        raise _cycle_error(state, source, parent, incoming, waiting)
    return order


def _cycle_error(
    state: PlanState,
    source: list[int],
    parent: list[int],
    incoming: list[list[int]],
    waiting: list[int],
) -> CycleError:
    """Walk backwards through still-waiting nodes until one repeats: that loop is a cycle."""
    blocked = {node for node in range(len(parent)) if waiting[node] > 0}
    children_of: dict[int, list[int]] = {}
    for node, up in enumerate(parent):
        if up >= 0:
            children_of.setdefault(up, []).append(node)
    node = min(blocked)
    path: list[int] = []
    seen: dict[int, int] = {}
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        before = [source[k] for k in incoming[node] if source[k] in blocked]
        before += [child for child in children_of.get(node, []) if child in blocked]
        node = before[0]
    loop = list(reversed(path[seen[node] :]))
    first = loop.index(min(loop))
    loop = loop[first:] + loop[:first]
    ids = tuple(state.tasks[p].id for p in loop)
    shown = " -> ".join(ids + ids[:1])
    return CycleError(
        f"These links form a loop, so none of the tasks could ever start: {shown}. "
        "Remove one of the links.",
        task=ids[0],
        field="predecessors",
        value=shown,
        tasks=ids,
    )
