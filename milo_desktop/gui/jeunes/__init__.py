"""The young person's list and file (fiche jeune)."""
