"""The schema revision this code expects. A test keeps it equal to Alembic's head in ``db/``.

Knowing it without importing Alembic lets start-up skip Alembic (≈1 s) on an up-to-date store.
"""

SCHEMA_HEAD = "0006"
