"""The audit record's tables, the same in SQLite and PostgreSQL, and the ordered migrations that build them.

A database remembers the migrations applied in `schema_migrations`; opening it applies the missing ones
in order, in place, so a file or server made by an earlier release is upgraded and keeps its records.
Each migration is written to be safe on a database that already has what it adds (databases made before
migrations were tracked), and PostgreSQL instances starting together take an advisory lock, so one
applies them and the others find them done.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    Connection,
    Float,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
    text,
)

metadata = MetaData()

guidance = Table(
    "guidance", metadata,
    Column("id", Text, primary_key=True),
    Column("at", Float, nullable=False),
    Column("platform", Text, nullable=False),
    Column("conversation", Text, nullable=False),  # a digest of the conversation key: never a user id
    Column("tree", Text, nullable=False),
    Column("path", Text, nullable=False),  # JSON list of nodes
    Column("outcome", Text, nullable=False),
    Column("verdict", Text, nullable=False),
    Column("policy_version", Text, nullable=False),
    Column("helpful", Integer),
    Column("start", Text),  # migration 2: the tree the walk began in
    Column("facts", Text),  # migration 2: JSON of the confirmed facts (policy values, never member text)
    Column("steps", Text),  # migration 2: JSON list of "tree/node: condition"
    Index("guidance_at", "at"),
)
answers_posted = Table(
    "answers_posted", metadata,
    Column("at", Float, nullable=False),
    Column("platform", Text, nullable=False),
    Column("answer_id", Text, nullable=False),
    Column("how", Text, nullable=False),
    Index("answers_posted_at", "at"),
)
way_outs = Table(
    "way_outs", metadata,
    Column("at", Float, nullable=False),
    Column("platform", Text, nullable=False),
    Column("conversation", Text, nullable=False),
    Column("kind", Text, nullable=False),
)
review = Table(
    "review", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Float, nullable=False),
    Column("guidance_id", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("verdict", Text),
    Column("exported_to", Text),
    UniqueConstraint("guidance_id", "source"),
    sqlite_autoincrement=True,
)
migrations_table = Table(
    "schema_migrations", MetaData(),
    Column("version", Integer, primary_key=True),
    Column("name", Text, nullable=False),
)


def _create_tables(conn: Connection) -> None:
    """1: every table not there yet, as it is now (a later migration that adds a column to an existing table
    finds it already there in a database this one made)."""
    metadata.create_all(conn, checkfirst=True)


def _replay_columns(conn: Connection) -> None:
    """2: what a guidance rests on (start, facts, steps), so a decision can be replayed."""
    have = {column["name"] for column in inspect(conn).get_columns("guidance")}
    for name in ("start", "facts", "steps"):
        if name not in have:
            conn.execute(text(f"ALTER TABLE guidance ADD COLUMN {name} TEXT"))


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [  # in order; never edit one that has shipped
    ("tables", _create_tables),
    ("replay columns", _replay_columns),
]


def migrate(conn: Connection) -> list[int]:
    """Apply the migrations this database lacks, in order, in one transaction; the versions applied."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7140514)"))  # instances starting together wait here
    migrations_table.create(conn, checkfirst=True)
    done = set(conn.execute(select(migrations_table.c.version)).scalars())
    applied = []
    for version, (name, step) in enumerate(MIGRATIONS, start=1):
        if version in done:
            continue
        step(conn)
        conn.execute(migrations_table.insert().values(version=version, name=name))
        applied.append(version)
    return applied
