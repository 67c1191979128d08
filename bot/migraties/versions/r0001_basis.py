"""The first layout: conversations, projects, their sequence numbers and the register.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.migraties.typen import getal, nu, tekst

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create gesprekken, projecten, volgnummers and dienstverleners."""
    op.create_table(
        "gesprekken",
        tekst("kanaal"),
        tekst("chat_id"),
        tekst("state"),
        sa.Column("bijgewerkt", sa.Text(), nullable=False, server_default=nu()),
        sa.PrimaryKeyConstraint("kanaal", "chat_id"),
        if_not_exists=True,
    )
    op.create_table(
        "projecten",
        tekst("projectnummer", sleutel=True),
        tekst("kanaal"),
        tekst("chat_id"),
        tekst("onderneming"),
        getal("jaar"),
        tekst("aanvraagdatum"),
        tekst("subsidie"),
        tekst("status"),
        tekst("data"),
        if_not_exists=True,
    )
    op.create_index(
        "projecten_chat",
        "projecten",
        ["kanaal", "chat_id", "onderneming", "jaar"],
        if_not_exists=True,
    )
    op.create_table(
        "volgnummers",
        getal("jaar", sleutel=True, teller=False),
        getal("laatste"),
        if_not_exists=True,
    )
    op.create_table(
        "dienstverleners",
        tekst("registratienummer", sleutel=True),
        tekst("naam"),
        tekst("type"),
        tekst("zoeknaam"),
        tekst("bron"),
        if_not_exists=True,
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_index("projecten_chat", table_name="projecten")
    for tabel in ("dienstverleners", "volgnummers", "projecten", "gesprekken"):
        op.drop_table(tabel)
