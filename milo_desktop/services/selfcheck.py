"""The installation check (« Vérifier l'installation », ``--self-check``): the store's integrity,
a tiny PDF and a tiny workbook. The GUI runs it in the background with progress, the CLI prints it.

``run_checks`` is the one list of checks; ``SelfCheckService.run`` checks the open store (the GUI),
``check_data_dir`` opens (creates, migrates) the store of a folder first (the CLI).
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import APP_NAME, __version__
from ..domain.errors import DomainError
from ..exchange.writing import Cancelled
from .base import Service

STEPS = ("Base de données", "Rapports PDF", "Exports Excel", "Communes et codes postaux")


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class SelfCheck:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def text(self) -> str:
        lines = [f"{APP_NAME} {__version__} — vérification de l'installation",
                 f"Python {sys.version.split()[0]}"]
        lines += [f"  [{'OK' if c.ok else 'ÉCHEC'}] {c.label} : {c.detail}" for c in self.checks]
        lines.append("Tout est en ordre." if self.ok
                     else "Des problèmes ont été trouvés (voir ci-dessus).")
        return "\n".join(lines)


def integrity(path: Path, cancel: Callable[[], bool] | None = None) -> tuple[bool, str]:
    """SQLite's full ``integrity_check`` on a read-only connection; ``cancel()`` interrupts it."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.DatabaseError as err:
        return False, f"intégrité : {err}"
    if cancel is not None:
        con.set_progress_handler(lambda: 1 if cancel() else 0, 1_000)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.OperationalError as err:
        if cancel is not None and cancel():
            raise Cancelled() from None
        return False, f"intégrité : {err}"
    except sqlite3.DatabaseError as err:
        return False, f"intégrité : {err}"
    finally:
        con.close()
    problems = [r[0] for r in rows if r[0] != "ok"]
    if problems:  # SQLite's own words are English: the French explanation and the way out
        from ..persistence.faults import damaged
        return False, damaged(path).message
    return True, f"base « {path} » ouverte, à jour, intègre"


def check_pdf() -> tuple[bool, str]:
    try:
        from ..reports.pdfbase import tiny_pdf
        data = tiny_pdf(f"{APP_NAME} — vérification")
    except Exception as err:  # noqa: BLE001 - reported to the user
        return False, f"génération PDF impossible : {err}"
    if not data.startswith(b"%PDF"):
        return False, "génération PDF : fichier invalide"
    return True, f"PDF de test généré ({len(data)} octets, police embarquée)"


def check_xlsx() -> tuple[bool, str]:
    import tempfile

    from ..exchange import xlsx_fast
    from ..exchange.writing import Sheet, write_xlsx
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "verification.xlsx"
            write_xlsx(path, [Sheet("Vérification", ["Nom", "Né le"], [["Zoé", None]])])
            size = path.stat().st_size
    except Exception as err:  # noqa: BLE001 - reported to the user
        return False, f"écriture Excel impossible : {err}"
    engine = "rustpy-xlsxwriter" if xlsx_fast.available() else "XlsxWriter (repli, plus lent)"
    return True, f"classeur de test écrit ({size} octets, {engine})"


def check_communes() -> tuple[bool, str]:
    try:
        from ..domain.communes import referentiel
        ref = referentiel()
        ok = ref.pair_exists("31000", "Toulouse")
    except Exception as err:  # noqa: BLE001 - reported to the user
        return False, f"référentiel des communes illisible : {err}"
    if not ok:
        return False, "référentiel des communes incomplet"
    return True, f"{len(ref.by_cp)} codes postaux, {len(ref.all_communes())} communes"


def run_checks(store_check: Callable[[], tuple[bool, str]], progress=None,
               cancel: Callable[[], bool] | None = None) -> SelfCheck:
    """Every check in order, ``progress(done, total, message)`` before each; ``cancel()`` true
    stops between checks (and inside the integrity check) with ``Cancelled``."""
    steps = ((STEPS[0], store_check), (STEPS[1], check_pdf), (STEPS[2], check_xlsx),
             (STEPS[3], check_communes))
    checks = []
    for done, (label, fn) in enumerate(steps):
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(done, len(steps), f"{label}…")
        checks.append(Check(label, *fn()))
    if progress is not None:
        progress(len(steps), len(steps), "")
    return SelfCheck(tuple(checks))


def check_data_dir(data_dir: Path, progress=None) -> SelfCheck:
    """The CLI's check: open (create, migrate) the folder's store, then every check."""
    def store_check():
        from ..persistence.migrations import open_store
        try:
            store = open_store(data_dir)
        except DomainError as err:
            return False, err.message
        try:
            return integrity(store.path)
        finally:
            store.close()
    return run_checks(store_check, progress)


class SelfCheckService(Service):
    def run(self, progress=None, cancel=None) -> SelfCheck:
        """Check the open store (already opened and migrated), PDF and Excel output."""
        return run_checks(lambda: integrity(self.store.path, cancel), progress, cancel)
