"""The Alembic environment of kmobot, driven from code (`bot.migraties`); no alembic.ini needed.

A SQLAlchemy connection handed in as `config.attributes["connection"]` is used as it is, inside
the transaction its caller opened (SQLite: one `BEGIN IMMEDIATE`, so that a failing revision
leaves the database as it was). Otherwise the URL in the option `sqlalchemy.url` is opened (any
SQLAlchemy URL: `sqlite:///pad`, later `postgresql+psycopg://…`); offline (`--sql`) the SQL is
written out instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.migraties import maak_engine


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=None,
        # SQLite changes a table by copying it (ALTER TABLE is limited); no-op elsewhere.
        render_as_batch=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Run the migrations Alembic was asked for."""
    config = context.config
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _configure(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection and no sqlalchemy.url for the migrations")
    engine = maak_engine(url)
    try:
        with engine.connect() as conn, conn.begin():
            _configure(conn)
    finally:
        engine.dispose()


run()
