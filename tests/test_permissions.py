"""The permission matrix through the services: every action for every role, grants AND
denials, and the record scopes (own files / own sites / whole Mission Locale)."""

from __future__ import annotations

import importlib
import inspect
import uuid
from datetime import date

import pytest

from milo_desktop.domain.errors import PermissionDenied
from milo_desktop.domain.jeunes import JeuneInput
from milo_desktop.security import permissions as perm
from milo_desktop.services import REGISTRY

ROLE_USER = {"conseiller": "conseiller", "agent_ft": "agent_ft", "direction": "direction", "admin": None}
NOWHERE = uuid.UUID(int=1)

# action -> a call through the services that needs exactly that action. ``j`` is a young
# person's id. A refused call raises PermissionDenied before doing anything; a granted call
# may fail for another reason (bad input on purpose): the guard let it through.
CALLS = {
    "reference.lire": lambda s, j: s.settings.utilisateurs(),
    "session": lambda s, j: s.settings.set("session.essai", 1),
    "jeunes.lire": lambda s, j: s.jeunes.get(j),
    "jeunes.ecrire": lambda s, j: s.jeunes.archive(j, -1),
    "notes.lire": lambda s, j: s.journal.events(j),
    "journal.ecrire": lambda s, j: s.journal.add(j, None),
    "cotraitance.lire": lambda s, j: s.cotraitance.current(j),
    "cotraitance.ecrire": lambda s, j: s.cotraitance.affecter(j, "pas une date", None),
    "fastt.lire": lambda s, j: s.fastt.for_jeune(j),
    "fastt.ecrire": lambda s, j: s.agences.orienter(j, NOWHERE),
    "partenaires.lire": lambda s, j: s.agences.agences(),
    "partenaires.ecrire": lambda s, j: s.agences.delete_agence(NOWHERE),
    "offres.lire": lambda s, j: s.offres.count(),
    "offres.ecrire": lambda s, j: s.offres.annuler(NOWHERE),
    "offres.saisie": lambda s, j: s.offres.queue(),
    "mer.ecrire": lambda s, j: s.partenariats.transmettre_cv(j, NOWHERE, None),
    "tableau.lire": lambda s, j: s.jeunes.count(),
    "bilans.lire": lambda s, j: s.partenariats.chiffres(2026),
    "objectifs.lire": lambda s, j: s.objectifs.years(),
    "objectifs.ecrire": lambda s, j: s.objectifs.import_csv("/nulle/part.csv"),
    "exports": lambda s, j: s.exports.table("pas-un-type"),
    "imports": lambda s, j: s.imports.analyse("jeunes", "/nulle/part.csv"),
    "parametres.ecrire": lambda s, j: s.settings.save_preferences({"securite.verrouillage_minutes": 99}),
    "comptes.gerer": lambda s, j: s.comptes.comptes(),
    "sauvegarde": lambda s, j: s.maintenance.backup(),
    "anonymisation": lambda s, j: s.maintenance.echus(),
    "audit.lire": lambda s, j: s.audit.pour_jeune(j),
    "audit.tout": lambda s, j: s.audit.verifier(),
    "demo": lambda s, j: s.demo.generate(0),
    "acces.exceptionnel": lambda s, j: s.comptes.acces_exceptionnel(j, "trop court"),
}
RECORD_ACTIONS = {a for a, rule in ((r.action, r) for r in perm.METHODS.values()) if rule.jeune}


def test_every_action_of_the_matrix_has_a_call_here():
    assert set(CALLS) == set(perm.MATRIX)


def test_every_public_service_method_declares_its_action():
    missing = []
    for area, target in REGISTRY.items():
        module, name = target.split(":")
        cls = getattr(importlib.import_module(f"milo_desktop.services.{module}"), name)
        for attr, value in inspect.getmembers(cls, inspect.isfunction):
            if attr.startswith("_") or attr in ("may", "today", "stamp", "stamp_new", "load_or_new"):
                continue
            if not hasattr(value, "milo_rule"):
                missing.append(f"{area}.{attr}")
        assert cls.undeclared == (), cls
    assert missing == []


def test_the_declarations_name_only_existing_actions_and_methods():
    known = set(perm.MATRIX) | {perm.PUBLIC}
    assert {r.action for r in perm.METHODS.values()} <= known
    for key in perm.METHODS:
        area, method = key.split(".")
        module, name = REGISTRY[area].split(":")
        cls = getattr(importlib.import_module(f"milo_desktop.services.{module}"), name)
        assert hasattr(cls, method), key


@pytest.fixture
def files(services, ref_data):
    """For each role's user: a young person they are référent of (siège), one of their site
    with another référent, one of another site (antenne)."""
    users, sites = ref_data["users"], ref_data["sites"]

    def make(nom, referent, site):
        return services.jeunes.create(JeuneInput(nom=nom, prenom="Test", sexe="F",
                                                 date_naissance=date(2005, 3, 1)), referent, site.id).id

    out = {}
    for role, key in ROLE_USER.items():
        ref_id = users[key].id if key else None
        word = role.replace("_", "")
        out[role] = {"siens": make(f"Sien{word}", ref_id, sites["siege"]),
                     "site": make(f"Site{word}", users["conseiller2"].id, sites["siege"]),
                     "ailleurs": make(f"Ailleurs{word}", users["conseiller2"].id, sites["antenne"])}
    return out


def expected(scope: str, case: str | None) -> bool:
    if scope == perm.AUCUN:
        return False
    if case is None or scope == perm.TOUT:
        return True
    if scope == perm.SITES:
        return case in ("siens", "site")
    return case == "siens"  # SIENS


def attempt(call, services, jeune_id) -> bool:
    try:
        call(services, jeune_id)
    except PermissionDenied:
        return False
    except Exception:  # noqa: BLE001 - refused input, not a refused right
        return True
    return True


@pytest.mark.parametrize("role", list(ROLE_USER))
def test_whole_matrix_grants_and_denials(services, as_role, files, role):
    as_role(role)
    outcomes = []
    for action, call in CALLS.items():
        scope = perm.scope(role, action)
        cases = ("siens", "site", "ailleurs") if action in RECORD_ACTIONS else (None,)
        for case in cases:
            jeune = files[role][case] if case else files[role]["siens"]
            got = attempt(call, services, jeune)
            outcomes.append((action, case, scope, got, expected(scope, case)))
    wrong = [o for o in outcomes if o[3] != o[4]]
    assert wrong == []
    assert any(not o[3] for o in outcomes) and any(o[3] for o in outcomes)  # both kinds seen


def test_a_refusal_is_french_does_nothing_and_is_audited(services, as_role, files):
    as_role("agent_ft")
    with pytest.raises(PermissionDenied, match="ne permet pas : lire les textes libres"):
        services.journal.events(files["agent_ft"]["siens"])
    as_role("direction")
    with pytest.raises(PermissionDenied, match="Agent|Direction"):
        services.jeunes.archive(files["direction"]["siens"], 1)
    assert services.jeunes.get(files["direction"]["siens"]).archive is False
    actions = [e.action for e in services.audit.evenements(limit=None)]
    assert actions.count("Action refusée (droits)") == 2


def test_the_agent_never_reads_free_texts(services, as_role, files):
    as_role("agent_ft")
    jeune = files["agent_ft"]["site"]
    for call in (lambda: services.journal.events(jeune), lambda: services.journal.upcoming(jeune),
                 lambda: services.fastt.for_jeune(jeune), lambda: services.fastt.referral(NOWHERE)):
        with pytest.raises(PermissionDenied):
            call()
    assert services.cotraitance.current(jeune) is None  # cotraitance: allowed


def test_admin_break_glass_read_is_justified_and_audited(services, as_role, files):
    as_role("admin")
    jeune = files["admin"]["site"]
    with pytest.raises(PermissionDenied):
        services.jeunes.get(jeune)
    with pytest.raises(Exception, match="raison"):
        services.comptes.acces_exceptionnel(jeune, "vite")
    services.comptes.acces_exceptionnel(jeune, "Demande de droit d'accès RGPD n° 2026-14")
    assert services.jeunes.get(jeune).nom.startswith("SITE")
    with pytest.raises(PermissionDenied):  # that file only, and reading only
        services.jeunes.get(files["admin"]["ailleurs"])
    with pytest.raises(PermissionDenied):
        services.jeunes.archive(jeune, 1)
    events = services.audit.pour_jeune(jeune)
    assert any(e.action.startswith("Accès exceptionnel") and "RGPD" in e.detail for e in events)


def test_nothing_before_a_login(services):
    from milo_desktop.services import AppContext, Services
    people = Services(AppContext.for_people(services.ctx.store))
    with pytest.raises(PermissionDenied, match="Connectez-vous"):
        people.jeunes.count()
    assert people.settings.sites()  # the login dialog's list


def test_matrix_is_shown_in_the_readme():
    from pathlib import Path
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert perm.markdown() in readme
