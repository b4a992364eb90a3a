"""The layers stay apart: no Qt outside the GUI, no SQLAlchemy in the GUI or the domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "milo_desktop"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files_of(*parts: str):
    return sorted((PACKAGE.joinpath(*parts)).rglob("*.py"))


def offenders(files, forbidden: str) -> list[str]:
    return [f"{f.relative_to(PACKAGE)} imports {m}" for f in files
            for m in imported_modules(f) if m == forbidden or m.startswith(forbidden + ".")]


def test_pyside_only_in_gui():
    non_gui = [f for f in PACKAGE.rglob("*.py") if "gui" not in f.relative_to(PACKAGE).parts]
    assert offenders(non_gui, "PySide6") == []


@pytest.mark.parametrize("layer", ["domain", "gui"])
def test_no_sqlalchemy_in(layer):
    assert offenders(files_of(layer), "sqlalchemy") == []


def test_domain_imports_no_other_layer():
    bad = []
    for f in files_of("domain"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level >= 2 and node.module and \
                    node.module.split(".")[0] in {"persistence", "services", "gui", "reports", "cli"}:
                bad.append(f"{f.name}: {node.module}")
    assert bad == []


def test_gui_does_not_import_persistence():
    bad = []
    for f in files_of("gui"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and "persistence.models" in node.module:
                bad.append(f"{f.relative_to(PACKAGE)}")
    assert bad == []


def test_layering_check_detects_a_violation(tmp_path):
    """The checker itself works: a file importing PySide6 is reported."""
    f = tmp_path / "bad.py"
    f.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n")
    assert imported_modules(f) == {"PySide6.QtCore", "sqlalchemy.orm"}
