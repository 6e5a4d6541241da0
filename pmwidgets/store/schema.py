"""The store's tables: projects, their versions, and the saves that were refused.

Each version holds the whole plan as one JSON document (:mod:`pmwidgets.io.plan_json`): a save
is one row, so it is atomic, and any version opens on its own. Later issues add tables beside
these (risks, status snapshots, change requests) without touching them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("status", String(20), nullable=False, default="active"),
    Column("created_at", DateTime, nullable=False),
    Column("latest_version", Integer, nullable=False),
    UniqueConstraint("name", name="uq_projects_name"),
)

versions = Table(
    "versions",
    metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("author", String(200), nullable=False),
    Column("saved_at", DateTime, nullable=False),
    Column("message", Text, nullable=False),
    Column("document", Text, nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("based_on", Integer, nullable=True),
    Column("author", String(200), nullable=False),
    Column("saved_at", DateTime, nullable=False),
    Column("message", Text, nullable=False),
    Column("document", Text, nullable=False),
)

#: What the PMO sets once for every project (e.g. the risk scale), as JSON by key.
pmo_settings = Table(
    "pmo_settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
    Column("author", String(200), nullable=False),
    Column("saved_at", DateTime, nullable=False),
)

#: Every check a learner made of an onboarding exercise: done or not, and why not (a JSON
#: list of sentences), for the coach's view of the course.
onboarding_progress = Table(
    "onboarding_progress",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner", String(200), nullable=False),
    Column("exercise", String(100), nullable=False),
    Column("done", Boolean, nullable=False),
    Column("checked_at", DateTime, nullable=False),
    Column("reasons", Text, nullable=False),
)

PROJECT_STATUSES = ("active", "pending", "closed")
