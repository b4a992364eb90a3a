"""``--self-check``: open or create the store, migrate, check integrity, build a tiny PDF."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import APP_NAME, __version__


def _check_store(data_dir: Path) -> tuple[bool, str]:
    from ..domain.errors import DomainError
    from ..persistence.migrations import open_store
    from ..persistence.storefile import integrity_problems
    try:
        store = open_store(data_dir)
    except DomainError as err:
        return False, err.message
    try:
        problems = integrity_problems(store.path, quick=False)
    finally:
        store.close()
    if problems:  # SQLite's own words are English: the French explanation and the way out
        from ..persistence.faults import damaged
        return False, damaged(store.path, store.backups_dir).message
    return True, f"base « {store.path} » ouverte, à jour, intègre"


def _check_pdf() -> tuple[bool, str]:
    try:
        from ..reports.pdfbase import tiny_pdf
        data = tiny_pdf(f"{APP_NAME} — vérification")
    except Exception as err:  # noqa: BLE001 - reported to the user
        return False, f"génération PDF impossible : {err}"
    if not data.startswith(b"%PDF"):
        return False, "génération PDF : fichier invalide"
    return True, f"PDF de test généré ({len(data)} octets, police embarquée)"


def _check_xlsx() -> tuple[bool, str]:
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


def run_self_check(data_dir: Path, out=None) -> int:
    out = out or sys.stdout
    print(f"{APP_NAME} {__version__} — vérification de l'installation", file=out)
    print(f"Python {sys.version.split()[0]}", file=out)
    results = [("Base de données", *_check_store(data_dir)), ("Rapports PDF", *_check_pdf()),
               ("Exports Excel", *_check_xlsx())]
    for label, ok, detail in results:
        print(f"  [{'OK' if ok else 'ÉCHEC'}] {label} : {detail}", file=out)
    good = all(ok for _, ok, _ in results)
    print("Tout est en ordre." if good else "Des problèmes ont été trouvés (voir ci-dessus).", file=out)
    return 0 if good else 1
