"""The outbox: each chat's deliveries, written in the transaction of the turn that made them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.migraties.typen import getal, nu_ms, tekst

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create uitgaand and its two indexes."""
    op.create_table(
        "uitgaand",
        getal("id", sleutel=True),
        tekst("kanaal"),
        tekst("chat_id"),
        tekst("soort"),
        tekst("inhoud"),
        sa.Column("gemaakt", sa.Text(), nullable=False, server_default=nu_ms()),
        tekst("verzonden", leeg=True),
        tekst("extern_id", leeg=True),
        sqlite_autoincrement=True,
        if_not_exists=True,
    )
    op.create_index("uitgaand_open", "uitgaand", ["kanaal", "verzonden", "id"], if_not_exists=True)
    op.create_index("uitgaand_chat", "uitgaand", ["kanaal", "chat_id", "id"], if_not_exists=True)


def downgrade() -> None:
    """Drop it."""
    op.drop_index("uitgaand_chat", table_name="uitgaand")
    op.drop_index("uitgaand_open", table_name="uitgaand")
    op.drop_table("uitgaand")
