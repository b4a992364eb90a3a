"""Shared fixtures: a migrated store in a temp folder, services with reference data, a fixed day."""

from __future__ import annotations

import gc
import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="session", autouse=True)
def _isolated_qsettings(tmp_path_factory):
    """QSettings (window geometry, columns) go to a temp folder, never the developer's."""
    folder = tmp_path_factory.mktemp("qsettings")
    os.environ["XDG_CONFIG_HOME"] = str(folder)
    os.environ["XDG_DATA_HOME"] = str(folder / "data")
    os.environ["XDG_STATE_HOME"] = str(folder / "state")
    yield


@pytest.fixture(autouse=True)
def _collect_in_the_main_thread():
    """Once the GUI's collector has switched automatic collection off (gui/gc_guard.py), tests
    that never spin the event loop would pile garbage up: collect it here, in the main thread."""
    yield
    if not gc.isenabled():
        from PySide6.QtWidgets import QApplication
        guard = getattr(QApplication.instance(), "gc_guard", None)
        if guard is not None:
            guard.check()  # what Python's thresholds call for (a full collection now and then)
        else:
            gc.collect()


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "donnees"


@pytest.fixture
def store(data_dir):
    from milo_desktop.persistence.migrations import open_store
    st = open_store(data_dir)
    yield st
    st.close()


@pytest.fixture
def bare_services(store):
    """Services on an empty store, today fixed to TODAY."""
    from milo_desktop.services import AppContext, Services
    return Services(AppContext(store, today=lambda: TODAY))


@pytest.fixture
def ref_data(bare_services):
    """The Mission Locale, two sites and four users (2 conseillers, the agent dédié, direction)."""
    from milo_desktop.domain import referentiel as ref
    s = bare_services.settings
    s.save_organisation(ref.OrganisationInput(nom="Mission Locale de Test", code_postal="09000",
                                              commune="Foix", departement="09"), None)
    siege = s.save_site(ref.SiteInput("Siège", "siege", commune="Foix"))
    antenne = s.save_site(ref.SiteInput("Antenne de Pamiers", "antenne", commune="Pamiers"))
    users = {
        "conseiller": s.save_utilisateur(ref.UtilisateurInput("Durand", "Alice", "alice@ml-test.fr", "conseiller", siege.id)),
        "conseiller2": s.save_utilisateur(ref.UtilisateurInput("Petit", "Bruno", "bruno@ml-test.fr", "conseiller", antenne.id)),
        "agent_ft": s.save_utilisateur(ref.UtilisateurInput("Leroy", "Chloé", "chloe@ml-test.fr", "agent_ft", siege.id)),
        "direction": s.save_utilisateur(ref.UtilisateurInput("Moreau", "David", "david@ml-test.fr", "direction", siege.id)),
    }
    return {"sites": {"siege": siege, "antenne": antenne}, "users": users}


@pytest.fixture
def services(bare_services, ref_data):
    """Services with reference data; the current user is the first conseiller, at the siège."""
    from milo_desktop.services import CurrentUser
    alice = ref_data["users"]["conseiller"]
    bare_services.set_user(CurrentUser(alice.id, alice.nom_complet, alice.role),
                           ref_data["sites"]["siege"].id)
    return bare_services


@pytest.fixture
def window(qtbot, services):
    from milo_desktop.gui.app import make_app
    from milo_desktop.gui.main_window import MainWindow
    make_app([])
    win = MainWindow(services, str(services.ctx.store.path))
    qtbot.addWidget(win)
    win.show()
    yield win
    # Background work (the dashboard's figures…) must end before the store closes.
    from PySide6.QtCore import QThreadPool
    QThreadPool.globalInstance().waitForDone(30000)
