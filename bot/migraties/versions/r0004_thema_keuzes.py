"""The users' picks at the thema proposal, kept as labelled examples (without a chat id).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.migraties.typen import nu, tekst

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create thema_keuzes."""
    op.create_table(
        "thema_keuzes",
        tekst("titel"),
        tekst("thema"),
        tekst("subthema"),
        tekst("kanaal"),
        sa.Column("aantal", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("eerste", sa.Text(), nullable=False, server_default=nu()),
        sa.PrimaryKeyConstraint("titel", "thema", "subthema", "kanaal"),
        if_not_exists=True,
    )


def downgrade() -> None:
    """Drop it."""
    op.drop_table("thema_keuzes")
