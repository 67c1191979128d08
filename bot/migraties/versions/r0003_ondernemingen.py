"""The onderneming's tables: rights per chat, access codes, code attempts, size and NACE code.

The rights of the projects filed before (data version 2 in `meta`) are given at open by
`bot.ondernemingen_db.OndernemingQueries.migrate`, which reads the projects with the models.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.migraties.typen import getal, tekst

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create rechten, toegangscodes, codepogingen, groottes, ondernemingen and an index."""
    op.create_index(
        "projecten_onderneming", "projecten", ["onderneming", "jaar"], if_not_exists=True
    )
    op.create_table(
        "rechten",
        getal("volgnummer", sleutel=True),
        tekst("onderneming"),
        tekst("kanaal"),
        tekst("chat_id"),
        tekst("rol"),
        tekst("sinds"),
        sa.UniqueConstraint("onderneming", "kanaal", "chat_id"),
        if_not_exists=True,
    )
    op.create_index("rechten_chat", "rechten", ["kanaal", "chat_id"], if_not_exists=True)
    op.create_table(
        "toegangscodes",
        getal("id", sleutel=True),
        tekst("onderneming"),
        tekst("hash"),
        tekst("geldig_tot"),
        tekst("kanaal"),
        tekst("chat_id"),
        sa.Column("gebruikt", sa.Integer(), nullable=False, server_default=sa.text("0")),
        if_not_exists=True,
    )
    op.create_index(
        "toegangscodes_onderneming", "toegangscodes", ["onderneming"], if_not_exists=True
    )
    op.create_table(
        "codepogingen",
        tekst("kanaal"),
        tekst("chat_id"),
        getal("mislukt"),
        tekst("geblokkeerd_tot", leeg=True),
        sa.PrimaryKeyConstraint("kanaal", "chat_id"),
        if_not_exists=True,
    )
    op.create_table(
        "groottes",
        tekst("onderneming"),
        getal("jaar"),
        tekst("grootte"),
        tekst("bron"),
        sa.PrimaryKeyConstraint("onderneming", "jaar"),
        if_not_exists=True,
    )
    op.create_table(
        "ondernemingen",
        tekst("onderneming", sleutel=True),
        tekst("nace", leeg=True),
        if_not_exists=True,
    )


def downgrade() -> None:
    """Drop them."""
    for tabel in ("ondernemingen", "groottes", "codepogingen"):
        op.drop_table(tabel)
    op.drop_index("toegangscodes_onderneming", table_name="toegangscodes")
    op.drop_table("toegangscodes")
    op.drop_index("rechten_chat", table_name="rechten")
    op.drop_table("rechten")
    op.drop_index("projecten_onderneming", table_name="projecten")
