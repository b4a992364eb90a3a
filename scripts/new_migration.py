"""Autogenerate an Alembic migration from the models (developer tool).

Usage: .venv/bin/python scripts/new_migration.py "message" [--rev-id 0002]
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command  # noqa: E402

from milo_desktop.persistence.migrations import alembic_config, known_revisions, upgrade  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("message")
    parser.add_argument("--rev-id")
    args = parser.parse_args()
    rev_id = args.rev_id or f"{len(known_revisions()) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gen.db"
        if known_revisions():
            upgrade(path)
        cfg = alembic_config(path)
        command.revision(cfg, message=args.message, autogenerate=True, rev_id=rev_id)
    print(f"Migration {rev_id} créée ; mettez SCHEMA_HEAD à jour.")


if __name__ == "__main__":
    main()
