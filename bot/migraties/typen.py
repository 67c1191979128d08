"""Portable column helpers for the revisions: the same tables on SQLite and on PostgreSQL.

Text and integers only (dates, amounts and JSON are stored as text, as the store reads them);
a column's "now" default is written per dialect, in the format the store's queries compare with.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def _dialect() -> str:
    return op.get_context().dialect.name


def nu() -> sa.TextClause:
    """The current UTC time as 'JJJJ-MM-DD UU:MM:SS' (SQLite's `datetime('now')`)."""
    if _dialect() == "sqlite":
        return sa.text("(datetime('now'))")
    return sa.text("(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))")


def nu_ms() -> sa.TextClause:
    """The current UTC time as ISO 8601 with milliseconds and a Z."""
    if _dialect() == "sqlite":
        return sa.text("(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
    return sa.text("""(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))""")


def tekst(naam: str, *, leeg: bool = False, sleutel: bool = False) -> sa.Column[str]:
    """A TEXT column, NOT NULL unless `leeg`; a key column is nullable as SQLite's always was."""
    return sa.Column(naam, sa.Text(), nullable=leeg or sleutel, primary_key=sleutel)


def getal(
    naam: str, *, leeg: bool = False, sleutel: bool = False, teller: bool = True
) -> sa.Column[int]:
    """An INTEGER column, NOT NULL unless `leeg`.

    A single INTEGER key is SQLite's rowid, numbered when it is not given; elsewhere it counts
    (SERIAL) only as a `teller`, not when it is a value of its own (a year).
    """
    return sa.Column(
        naam,
        sa.Integer(),
        nullable=leeg or sleutel,
        primary_key=sleutel,
        autoincrement="auto" if teller else False,
    )
