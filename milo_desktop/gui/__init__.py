"""Everything Qt. Views lay out and call services; they never hold a SQLAlchemy session."""
