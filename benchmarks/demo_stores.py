"""Shared by the benchmarks: demo stores built by ``milo-desktop demo`` (the code path a user
runs), cached between runs, and the way figures are measured and printed.

- Stores live in ``$MILO_BENCH_DIR`` (default: ``<temp dir>/milo-bench``), one folder per size,
  ``demo-<N>``, built once by ``python -m milo_desktop --data-dir … demo --young N`` in a child
  process (its time and peak memory are kept in ``demo.json``) and reused while complete.
  A store of an older schema is migrated by the app itself when a benchmark opens it.
- ``--sizes 10000,100000,300000`` (the default) chooses the sizes; ``--repeat`` the runs
  (at least 3). Each action prints min / median / max beside the best raw ``sqlite3`` query
  for the same rows, and a scaling line: how each median grows from 100 000 to 300 000.
- Benchmarks that write work on a scratch copy (``scratch``), never on the cached store.

Usage in a benchmark::

    args = parse_args(__doc__)
    results = Results("bench_x.py")
    for size in args.sizes:
        folder = store(size)
        results.add(size, "action", timings(lambda: action(folder), args.repeat), raw=best_raw_seconds)
    results.print()
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZES = (10_000, 100_000, 300_000)
SEED = 1


def bench_dir() -> Path:
    folder = Path(os.environ.get("MILO_BENCH_DIR") or Path(tempfile.gettempdir()) / "milo-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def parse_args(doc: str | None, extra=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0] if doc else None)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="young people per demo store, comma-separated (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each action (≥ 3)")
    if extra:
        extra(parser)
    args = parser.parse_args()
    args.sizes = [int(s.replace("_", "")) for s in str(args.sizes).split(",") if s.strip()]
    args.repeat = max(3, args.repeat)
    return args


def count_young(db: Path) -> int | None:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return con.execute("SELECT count(*) FROM jeune").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def store(young: int) -> Path:
    """The data folder of a complete demo store of ``young`` young people (built if needed)."""
    folder = bench_dir() / f"demo-{young}"
    done = folder / "DONE"
    if done.exists() and count_young(folder / "milo.db") == young:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    print(f"  construction de la base de démonstration : {young} jeunes dans {folder}…", flush=True)
    seconds, peak = run_child([sys.executable, "-m", "milo_desktop", "--data-dir", str(folder),
                               "demo", "--young", str(young), "--seed", str(SEED)])
    (folder / "demo.json").write_text(json.dumps({"seconds": seconds, "peak_mb": peak}))
    done.write_text("")
    return folder


def demo_figures(folder: Path) -> dict | None:
    """Time and peak memory of the ``demo`` run that built the store, when it was measured."""
    path = folder / "demo.json"
    return json.loads(path.read_text()) if path.exists() else None


def run_child(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a process to completion from ROOT; (wall seconds, its peak RSS in MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - began
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} a échoué :\n{proc.stdout}\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: only meaningful when it grew
    return seconds, round(max(peak, before) / 1024)


def peak_of(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS MB, stdout) of a command, measured by GNU time when present (exact
    per process), else by getrusage."""
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    if timer is None:
        seconds, peak = run_child(cmd, env)
        return seconds, peak, ""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        began = time.perf_counter()
        proc = subprocess.run([timer, "-f", "%M", "-o", out.name, *cmd], cwd=ROOT, capture_output=True,
                              text=True, env={**os.environ, **(env or {})})
        seconds = time.perf_counter() - began
        if proc.returncode:
            raise SystemExit(f"{' '.join(cmd)} a échoué :\n{proc.stdout}\n{proc.stderr}")
        kb = int(out.read().strip().splitlines()[-1])
    return seconds, round(kb / 1024), proc.stdout


def scratch(folder: Path, name: str) -> Path:
    """A copy of a store (SQLite backup API) to write into: ``<bench dir>/scratch-<name>``."""
    target = bench_dir() / f"scratch-{name}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    src = sqlite3.connect(folder / "milo.db")
    dst = sqlite3.connect(target / "milo.db")
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def timings(func, repeat: int = 3, warm: bool = True) -> list[float]:
    """Seconds of ``repeat`` runs (after one warm-up run when ``warm``)."""
    if warm:
        func()
    out = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        out.append(time.perf_counter() - began)
    return out


def raw_connection(folder: Path) -> sqlite3.Connection:
    con = sqlite3.connect(f"file:{folder / 'milo.db'}?mode=ro", uri=True)
    con.execute("PRAGMA cache_size=-65536")
    return con


def raw_best(con: sqlite3.Connection, sql: str, args=(), repeat: int = 3) -> float:
    """Fastest of ``repeat`` runs of ``sql`` fetched through sqlite3 (after a warm-up)."""
    con.execute(sql, args).fetchall()
    return min(timings(lambda: con.execute(sql, args).fetchall(), repeat, warm=False))


def compiled(stmt, dialect) -> tuple[str, list]:
    """A SQLAlchemy statement as (SQL, positional args) for sqlite3."""
    import uuid
    c = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = c.construct_params()
    return str(c), [params[k].hex if isinstance(params[k], uuid.UUID) else params[k]
                    for k in c.positiontup or ()]


@dataclass
class Row:
    size: int
    action: str
    values: list[float]
    raw: float | None = None
    unit: str = "ms"
    target: str = ""


@dataclass
class Results:
    name: str
    rows: list[Row] = field(default_factory=list)

    def add(self, size: int, action: str, seconds: list[float] | float, raw: float | None = None,
            unit: str = "ms", target: str = "") -> None:
        values = seconds if isinstance(seconds, list) else [seconds]
        scale = 1000 if unit == "ms" else 1
        self.rows.append(Row(size, action, [v * scale for v in values],
                             None if raw is None else raw * scale, unit, target))
        r = self.rows[-1]
        print(f"  {size:>7} {action:<58} {self._cells(r)}", flush=True)

    @staticmethod
    def _fmt(v: float | None, unit: str) -> str:
        if v is None:
            return "–"
        if unit == "MB":
            return f"{v:.0f}"
        if unit == "s":
            return f"{v:.2f}"
        return f"{v:.1f}" if v < 100 else f"{v:.0f}"

    def _cells(self, r: Row) -> str:
        lo, med, hi = min(r.values), statistics.median(r.values), max(r.values)
        if len(r.values) == 1:
            spread = self._fmt(med, r.unit)
        else:
            spread = f"{self._fmt(lo, r.unit)} / {self._fmt(med, r.unit)} / {self._fmt(hi, r.unit)}"
        return f"{spread:>24} {r.unit:<3} brut {self._fmt(r.raw, r.unit):>7}  {r.target}"

    def print(self) -> None:
        print(f"\n{self.name} — min / médiane / max (brut : meilleure requête sqlite3 pour les mêmes lignes)")
        print(f"  {'jeunes':>7} {'action':<58} {'mesuré':>24}")
        for r in self.rows:
            print(f"  {r.size:>7} {r.action:<58} {self._cells(r)}")
        self.print_scaling()
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"\n(charge de la machine à la fin : {load} ; {os.cpu_count()} cœurs)")

    def print_scaling(self) -> None:
        by = {(r.action, r.size): statistics.median(r.values) for r in self.rows}
        actions = list(dict.fromkeys(r.action for r in self.rows))
        lines = []
        for action in actions:
            a, b = by.get((action, 100_000)), by.get((action, 300_000))
            if a and b:
                lines.append(f"  {action:<58} × {b / a:.2f} (données × 3)")
        if lines:
            print("\nCroissance de 100 000 à 300 000 jeunes (médianes) :")
            print("\n".join(lines))
