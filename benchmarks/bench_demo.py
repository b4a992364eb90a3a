"""``milo-desktop demo --young N``: time and peak memory at 10 000, 100 000 and 300 000.

    .venv/bin/python benchmarks/bench_demo.py [--sizes 10000,100000,300000] [--repeat 3]

Each run is the CLI command in its own process, into a fresh folder of $MILO_BENCH_DIR (peak
RSS by GNU time, else getrusage); the raw figure is the time of the same rows copied by
``sqlite3`` from a finished store (``INSERT … SELECT`` of every table: the floor of writing them).
Targets: ≤ 60 s at 100 000; peak ≤ 1 GB at 300 000 (issue 20.8).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_stores as ds  # noqa: E402


def copy_floor(folder: Path) -> float:
    """Seconds for sqlite3 to write the same rows (copied from the finished store)."""
    target = ds.bench_dir() / "scratch-copie.db"
    target.unlink(missing_ok=True)
    con = sqlite3.connect(target)
    con.execute(f"ATTACH '{folder / 'milo.db'}' AS src")
    began = time.perf_counter()
    tables = [r[0] for r in con.execute("SELECT name FROM src.sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%'")]
    with con:
        for name in tables:
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM src."{name}"')
    seconds = time.perf_counter() - began
    con.close()
    target.unlink(missing_ok=True)
    return seconds


def main() -> None:
    args = ds.parse_args(__doc__)
    results = ds.Results("bench_demo.py")
    for size in args.sizes:
        runs = []
        for n in range(args.repeat):
            folder = ds.bench_dir() / f"scratch-demo-{size}"
            shutil.rmtree(folder, ignore_errors=True)
            runs.append(ds.peak_of([sys.executable, "-m", "milo_desktop", "--data-dir", str(folder),
                                    "demo", "--young", str(size), "--seed", str(ds.SEED)]))
        floor = copy_floor(folder)
        shutil.rmtree(folder, ignore_errors=True)
        results.add(size, f"demo --young {size}", [r[0] for r in runs], floor, unit="s",
                    target="≤ 60 s à 100 000")
        results.add(size, f"demo --young {size} : mémoire maximale", [float(r[1]) for r in runs],
                    unit="MB", target="≤ 1 GB à 300 000")
    results.print()


if __name__ == "__main__":
    main()
