"""The helpdesk: agents, sessions, failed logins, audit log, transcript, takeovers, requests.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.migraties.typen import getal, tekst

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the seven tables of `bot.helpdesk_db` and their indexes."""
    op.create_table(
        "medewerkers",
        tekst("naam", sleutel=True),
        tekst("hash"),
        tekst("rol"),
        sa.Column("actief", sa.Integer(), nullable=False, server_default=sa.text("1")),
        tekst("gemaakt"),
        if_not_exists=True,
    )
    op.create_table(
        "medewerker_sessies",
        tekst("token_hash", sleutel=True),
        tekst("naam"),
        tekst("csrf"),
        tekst("gemaakt"),
        tekst("laatst"),
        if_not_exists=True,
    )
    op.create_table(
        "inlogpogingen",
        tekst("sleutel", sleutel=True),
        getal("mislukt"),
        tekst("geblokkeerd_tot", leeg=True),
        if_not_exists=True,
    )
    op.create_table(
        "auditlog",
        getal("id", sleutel=True),
        tekst("tijd"),
        tekst("medewerker"),
        sa.Column("kanaal", sa.Text(), nullable=False, server_default=sa.text("''")),
        sa.Column("chat_id", sa.Text(), nullable=False, server_default=sa.text("''")),
        tekst("actie"),
        sa.Column("details", sa.Text(), nullable=False, server_default=sa.text("''")),
        if_not_exists=True,
    )
    op.create_index("auditlog_chat", "auditlog", ["kanaal", "chat_id"], if_not_exists=True)
    op.create_table(
        "transcript",
        getal("id", sleutel=True),
        tekst("kanaal"),
        tekst("chat_id"),
        tekst("tijd"),
        tekst("van"),
        tekst("tekst"),
        tekst("stap", leeg=True),
        tekst("probleem", leeg=True),
        tekst("bericht_id", leeg=True),
        tekst("medewerker", leeg=True),
        if_not_exists=True,
    )
    op.create_index(
        "transcript_chat", "transcript", ["kanaal", "chat_id", "id"], if_not_exists=True
    )
    op.create_index("transcript_tijd", "transcript", ["tijd"], if_not_exists=True)
    op.create_table(
        "overnames",
        tekst("kanaal"),
        tekst("chat_id"),
        tekst("medewerker"),
        tekst("sinds"),
        sa.Column("gemeld", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.PrimaryKeyConstraint("kanaal", "chat_id"),
        if_not_exists=True,
    )
    op.create_table(
        "mens_gevraagd",
        tekst("kanaal"),
        tekst("chat_id"),
        tekst("sinds"),
        sa.PrimaryKeyConstraint("kanaal", "chat_id"),
        if_not_exists=True,
    )


def downgrade() -> None:
    """Drop them."""
    for index, table in (
        ("transcript_tijd", "transcript"),
        ("transcript_chat", "transcript"),
        ("auditlog_chat", "auditlog"),
    ):
        op.drop_index(index, table_name=table)
    for table in (
        "mens_gevraagd",
        "overnames",
        "transcript",
        "auditlog",
        "inlogpogingen",
        "medewerker_sessies",
        "medewerkers",
    ):
        op.drop_table(table)
