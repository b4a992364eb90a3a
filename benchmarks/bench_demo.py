"""Benchmark of ``milo-desktop demo``: generate N young people (default 100 000) in a temporary
store and print the time of each phase and the rows per table. Target: ≤ 60 s at 100 000.

    .venv/bin/python benchmarks/bench_demo.py [--young 100000] [--seed 1] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--young", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="cProfile, 25 heaviest functions")
    args = parser.parse_args(argv)

    from milo_desktop.persistence.migrations import open_store
    from milo_desktop.services import AppContext, Services

    with tempfile.TemporaryDirectory(prefix="bench-demo-") as folder:
        store = open_store(Path(folder))
        services = Services(AppContext(store))
        marks: list[tuple[float, str]] = []

        def progress(message: str, fraction: float) -> None:
            if not marks or marks[-1][1] != message:
                marks.append((time.perf_counter(), message))

        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        summary = services.demo.generate(args.young, seed=args.seed, progress=progress)
        if profiler:
            profiler.disable()
        wall = time.perf_counter() - started
        size = os.path.getsize(store.path) / 1e6
        store.close()

    print(f"demo --young {args.young} --seed {args.seed}: {summary.seconds:.1f} s "
          f"(wall {wall:.1f} s, CPU {time.process_time():.1f} s, base {size:.0f} Mo, "
          f"{summary.total} lignes)")
    for (when, message), (after, _) in zip(marks, marks[1:] + [(started + wall, "")]):
        print(f"  {after - when:6.1f} s  {message}")
    for table, count in sorted(summary.counts.items(), key=lambda item: -item[1]):
        print(f"  {table:<24} {count:>9}")
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return 0 if summary.seconds <= 60 or args.young != 100_000 else 1


if __name__ == "__main__":
    sys.exit(main())
