"""Small commands import no SQLAlchemy; the installation check is one service, run in the
background from the window."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from milo_desktop.cli.main import main
try:
    main([{arg!r}])
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'PySide6', 'reportlab'))
print('HEAVY', heavy, file=sys.stderr)
"""


@pytest.mark.parametrize("arg", ["--version", "--help"])
def test_version_and_help_import_no_sqlalchemy(arg):
    proc = subprocess.run([sys.executable, "-c", PROBE.format(arg=arg)], capture_output=True,
                          text=True, timeout=60)
    assert "HEAVY []" in proc.stderr, proc.stderr
    assert "MILO Desktop" in proc.stdout


def test_export_command_names_every_export_kind():
    from milo_desktop.cli.commands import export
    from milo_desktop.services.exports import KINDS
    assert sorted(export.KINDS) == sorted(KINDS)


def test_self_check_service_reports_progress_on_the_open_store(services):
    steps = []
    result = services.selfcheck.run(lambda done, total, msg="": steps.append((done, total, msg)))
    assert result.ok, result.text()
    assert [c.label for c in result.checks] == ["Base de données", "Rapports PDF", "Exports Excel",
                                                  "Communes et codes postaux"]
    assert steps[0] == (0, 4, "Base de données…") and steps[-1][0] == 4
    assert "Tout est en ordre." in result.text()


def test_self_check_can_be_cancelled_during_the_integrity_check(services):
    from milo_desktop.exchange.writing import Cancelled
    with pytest.raises(Cancelled):
        services.selfcheck.run(cancel=lambda: True)


def test_self_check_from_the_menu_runs_in_the_background(window, qtbot, monkeypatch):
    from milo_desktop.gui.dialogs import messages
    shown = []
    monkeypatch.setattr(messages, "info", lambda parent, title, text: shown.append((title, text)))
    action = next(a for menu in window.menuBar().actions() for a in menu.menu().actions()
                  if a.text().replace("&", "") == "Vérifier l'installation")
    action.trigger()  # returns at once: the check runs in the thread pool
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    title, text = shown[0]
    assert title == "Vérification de l'installation"
    assert "[OK] Base de données" in text and "Tout est en ordre." in text


def test_integrity_check_is_interrupted_when_cancelled(services):
    from milo_desktop.exchange.writing import Cancelled
    from milo_desktop.services.selfcheck import integrity
    with pytest.raises(Cancelled):
        integrity(services.ctx.store.path, cancel=lambda: True)
