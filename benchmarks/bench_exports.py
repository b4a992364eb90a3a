"""Export of 100 000 young people from the store: CSV (target ≤ 2 s) and XLSX (≤ 15 s),
beside raw ``sqlite3`` + ``csv`` doing the same work (the floor).

Usage: .venv/bin/python benchmarks/bench_exports.py [--data-dir DIR] [--young 100000]
The demo store is created once in DIR (default: a temp folder) and reused.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from milo_desktop.services.exports_jeunes import SQL as RAW_SQL  # the same statement, all 28 columns

DATE_COLUMNS = (4, 13, 26)


def raw_csv(db: Path, out: Path) -> int:
    con = sqlite3.connect(db)
    n = 0
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        for row in con.execute(RAW_SQL):
            row = list(row)
            for i in DATE_COLUMNS:
                d = row[i]
                row[i] = f"{d[8:10]}/{d[5:7]}/{d[:4]}" if d else ""
            writer.writerow(row)
            n += 1
    con.close()
    return n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "milo-bench-startup")
    parser.add_argument("--young", type=int, default=100_000)
    args = parser.parse_args()
    if not (args.data_dir / "milo.db").exists():
        subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(args.data_dir), "demo",
                        "--young", str(args.young)], check=True)
    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, Services
    services = Services(AppContext(open_store(args.data_dir)))
    out = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    n = raw_csv(services.ctx.store.path, out / "raw.csv")
    floor = time.perf_counter() - t
    print(f"raw sqlite3 + csv (same SQL)  : {floor:6.2f} s  ({n} rows)")
    for ext, target in (("csv", 2), ("xlsx", 15)):
        t = time.perf_counter()
        result = services.exports.export("jeunes", out / f"jeunes.{ext}")
        print(f"export jeunes .{ext:<4} (all columns): {time.perf_counter() - t:6.2f} s  "
              f"({result.rows} rows, target ≤ {target} s)")


if __name__ == "__main__":
    main()
