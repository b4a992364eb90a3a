"""``--self-check``: open or create the store, migrate, check integrity, build a tiny PDF.

The checks themselves are ``services.selfcheck`` (the GUI runs the same ones in the background).
"""

from __future__ import annotations

import sys
from pathlib import Path


def run_self_check(data_dir: Path, out=None) -> int:
    from ..services.selfcheck import check_data_dir
    result = check_data_dir(data_dir)
    print(result.text(), file=out or sys.stdout)
    return 0 if result.ok else 1
