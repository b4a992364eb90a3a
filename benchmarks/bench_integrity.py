"""What the fault guards cost on a large store: SQLite's quick check (run in the background at
start-up and before every bulk write) and a whole-or-absent safety backup (backup API into a
temporary name, quick check of the copy, rename), beside a plain ``sqlite3`` backup.

    python benchmarks/bench_integrity.py [young]     # default 100 000 (demo store built here)
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from milo_desktop.persistence import storefile  # noqa: E402


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(young: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "base"
        subprocess.run([sys.executable, "-m", "milo_desktop", "--data-dir", str(data_dir), "demo",
                        "--young", str(young)], check=True, cwd=ROOT, capture_output=True)
        path = data_dir / "milo.db"
        size = path.stat().st_size
        print(f"store: {young} young people, {size / 1e6:.0f} MB")
        print(f"quick_check:               {timed(lambda: storefile.integrity_problems(path)):.2f} s")
        folder = data_dir / "sauvegardes"
        print(f"safety backup (checked):   {timed(lambda: storefile.backup(path, folder, 'bench')):.2f} s")

        def raw():
            target = Path(tmp) / "raw.db"
            target.unlink(missing_ok=True)
            src, dst = sqlite3.connect(path), sqlite3.connect(target)
            src.backup(dst)
            dst.close()
            src.close()
        print(f"raw sqlite3 backup:        {timed(raw):.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
