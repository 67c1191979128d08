"""The Telegram channel: handled updates, deadline reminders, and `meta` (register version).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.migraties.typen import getal, nu, tekst

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create meta, telegram_updates and herinneringen."""
    op.create_table("meta", tekst("sleutel", sleutel=True), tekst("waarde"), if_not_exists=True)
    op.create_table(
        "telegram_updates",
        getal("bot_id"),
        getal("update_id"),
        tekst("chat_id", leeg=True),
        sa.Column("ontvangen", sa.Text(), nullable=False, server_default=nu()),
        sa.PrimaryKeyConstraint("bot_id", "update_id"),
        if_not_exists=True,
    )
    op.create_index("telegram_updates_chat", "telegram_updates", ["chat_id"], if_not_exists=True)
    op.create_table(
        "herinneringen",
        tekst("projectnummer"),
        getal("dagen_voor"),
        tekst("kanaal"),
        tekst("chat_id"),
        tekst("status"),
        sa.Column("bijgewerkt", sa.Text(), nullable=False, server_default=nu()),
        sa.PrimaryKeyConstraint("projectnummer", "dagen_voor"),
        if_not_exists=True,
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_table("herinneringen")
    op.drop_index("telegram_updates_chat", table_name="telegram_updates")
    op.drop_table("telegram_updates")
    op.drop_table("meta")
