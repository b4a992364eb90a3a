"""Exports on demo stores: ``milo-desktop export jeunes`` to CSV and XLSX, time and peak memory.

    .venv/bin/python benchmarks/bench_exports.py [--sizes 10000,100000,300000] [--repeat 3]

Each export runs as the CLI command in its own process (peak RSS by GNU time, else getrusage),
every young person with all 28 columns (archived included). The raw
figure reads the same rows through ``sqlite3`` and writes them with the ``csv`` module (no
French formatting, no neutralisation: the floor).
Targets (issue 20): CSV ≤ 2 s, XLSX ≤ 4 s at 100 000; XLSX peak ≤ 150 MB at 300 000.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_stores as ds  # noqa: E402


def raw_csv(folder: Path, target: Path) -> float:
    from milo_desktop.services.exports_jeunes import SQL
    con = ds.raw_connection(folder)

    def run():
        with open(target, "w", newline="", encoding="utf-8-sig") as fh:
            csv.writer(fh, delimiter=";").writerows(con.execute(SQL))
    return min(ds.timings(run, 3))


def main() -> None:
    args = ds.parse_args(__doc__)
    results = ds.Results("bench_exports.py")
    out = Path(tempfile.mkdtemp())
    for size in args.sizes:
        folder = ds.store(size)
        floor = raw_csv(folder, out / "raw.csv")
        for suffix, target in (("csv", "≤ 2 s"), ("xlsx", "≤ 4 s")):
            runs = [ds.peak_of([sys.executable, "-m", "milo_desktop", "--data-dir", str(folder), "export",
                                "jeunes", "--out", str(out / f"jeunes.{suffix}")])
                    for _ in range(args.repeat)]
            results.add(size, f"export jeunes {suffix.upper()} (commande, démarrage compris)", [r[0] for r in runs],
                        floor, unit="s", target=target)
            results.add(size, f"export jeunes {suffix.upper()} : mémoire maximale",
                        [float(r[1]) for r in runs], unit="MB",
                        target="≤ 150 MB à 300 000" if suffix == "xlsx" else "")
    results.print()


if __name__ == "__main__":
    main()
