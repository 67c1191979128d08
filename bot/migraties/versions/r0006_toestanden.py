"""Stored conversation states rewritten to the current state schema (`dialogs.state`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import context, op

from bot.migraties.toestanden import herschrijf_toestanden

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Migrate every state of an earlier schema version; one that cannot be read is kept.

    Offline (`--sql`) there are no rows to read: the states are rewritten when run online.
    """
    if not context.is_offline_mode():
        herschrijf_toestanden(op.get_bind())


def downgrade() -> None:
    """Nothing: the engine of the earlier version reads no newer state, so they stay."""
