"""Stores with data, damaged pages, files to import: what the fault tests share."""

from __future__ import annotations

import csv
import hashlib
import io
import random
import sqlite3
from datetime import date
from pathlib import Path

from milo_desktop.cli.main import main

TODAY = date(2026, 11, 24)
HEADERS = ["Nom", "Prénom", "Né(e) le", "Sexe", "IDE", "Tél", "Référent"]


def demo_store(data_dir: Path, young: int = 300) -> Path:
    """A store filled by ``milo-desktop demo`` (WAL emptied into the main file)."""
    assert main(["--data-dir", str(data_dir), "demo", "--young", str(young)]) == 0
    path = data_dir / "milo.db"
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def damage_middle_page(path: Path, seed: int = 7) -> int:
    """One 4 KB page in the middle of the file overwritten with random bytes (the store stays in
    WAL mode, its log empty, so opening it again writes nothing into the main file)."""
    size = path.stat().st_size
    page = (size // 4096) // 2
    noise = random.Random(seed).randbytes(4096)
    with path.open("r+b") as fh:
        fh.seek(page * 4096)
        fh.write(noise)
    return page


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def people_csv(path: Path, count: int) -> Path:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(HEADERS)
    for i in range(count):
        w.writerow([f"NOM{_letters(i)}", "Marie", "15/03/2006", "F", "", "", ""])
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    return path


def _letters(i: int) -> str:
    text = ""
    for _ in range(4):
        i, r = divmod(i, 26)
        text += chr(65 + r)
    return text


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
