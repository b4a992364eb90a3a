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


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """Argon2id with small parameters in tests (the real ones cost ~0.1 s per hash)."""
    from milo_desktop.security import passwords
    passwords.configure(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords.configure()


@pytest.fixture
def bare_services(store):
    """Services on an empty store, today fixed to TODAY, with every right (the permission
    matrix applies once a test logs in or asks for a role: ``as_role``)."""
    from milo_desktop.services import AppContext, Services
    return Services(AppContext.system(store, today=lambda: TODAY))


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


TEST_PASSWORD = "Essai-de-test-2026!"


@pytest.fixture
def as_role(services, ref_data):
    """``as_role("agent_ft")``: the services now act as a logged-in account of that role (one of
    ref_data's users, or an administrator created here), under the permission matrix."""
    from milo_desktop.domain import referentiel as ref

    def login(role: str, identifiant: str | None = None):
        users = ref_data["users"]
        user = users.get(role) or next((u for u in users.values() if u.role == role), None)
        ident = identifiant or f"test-{role}"
        services.ctx.unrestricted = True
        if user is None:
            account = services.comptes.creer(ref.UtilisateurInput("Admin", "Test", f"{ident}@ml-test.fr", role),
                                             ident, TEST_PASSWORD)
            user_id = account.id
        else:
            user_id = user.id
            services.comptes.reinitialiser(user_id, TEST_PASSWORD, ident)
        services.comptes.login(ident, TEST_PASSWORD)
        return services
    return login


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


@pytest.fixture
def cli_login(services, ref_data, monkeypatch):
    """``cli_login("direction")`` -> ``["--utilisateur", "test-direction"]`` to put before the
    command in ``main([...])``; standard input then holds the password (read once per call).
    For a subprocess, pass ``input=cli_password()`` as well."""
    import io
    import sys
    from milo_desktop.domain import referentiel as ref

    def login(role: str = "direction") -> list[str]:
        ident = f"test-{role}"
        accounts = {a.identifiant: a for a in services.comptes.comptes()}
        if ident not in accounts:
            users = ref_data["users"]
            user = users.get(role) or next((u for u in users.values() if u.role == role), None)
            if user is None:
                services.comptes.creer(ref.UtilisateurInput("Admin", "Test", f"{ident}@ml-test.fr", role),
                                       ident, TEST_PASSWORD)
                user_id = next(a.id for a in services.comptes.comptes() if a.identifiant == ident)
            else:
                user_id = user.id
            services.comptes.reinitialiser(user_id, TEST_PASSWORD, ident)
        monkeypatch.setattr(sys, "stdin", io.StringIO((TEST_PASSWORD + "\n") * 100))
        return ["--utilisateur", ident]
    return login


def cli_password() -> str:
    return TEST_PASSWORD + "\n"
