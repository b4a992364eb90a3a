"""Storage: SQLAlchemy models, the SQLite engine, migrations and units of work. No Qt here."""
