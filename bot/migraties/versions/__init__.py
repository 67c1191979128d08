"""The revisions of the schema, oldest first (`r0001_basis` … ); Alembic reads them all."""
