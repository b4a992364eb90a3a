"""Accounts: password policy, Argon2id hashes, login, lock-out, administration, first run."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from milo_desktop.domain import comptes as dom
from milo_desktop.domain import referentiel as ref
from milo_desktop.domain.errors import AuthenticationError, DomainError
from milo_desktop.persistence.models import utcnow
from milo_desktop.security import passwords

from .conftest import TEST_PASSWORD

GOOD = "Mon-mot-de-passe-2026"


@pytest.mark.parametrize("password, reason", [
    ("", "vide"),
    ("Court-1!", "8 caractères (12 au moins)"),
    ("abcdefghij1!", "il y manque : majuscules"),
    ("abcdefghijklmn", "sorte(s) de caractères"),
    ("le chat dort sur le lit", "12"),  # six words only, 23 characters of two kinds
])
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    problem = dom.password_problem(password)
    assert problem and reason in problem


@pytest.mark.parametrize("password", [
    "Abcdefgh12!x",                         # 12, four kinds
    "abcdefghijk12A",                       # 14, three kinds
    "le chat dort sur le lit du salon",     # seven words
])
def test_policy_accepts_the_three_cnil_forms(password):
    assert dom.password_problem(password) is None


def test_a_password_may_not_contain_the_identifier():
    assert "identifiant" in dom.password_problem("Marie-Dupont-2026!", "marie-dupont")


@pytest.fixture
def alice(services, ref_data):
    services.comptes.reinitialiser(ref_data["users"]["conseiller"].id, TEST_PASSWORD, "alice")
    return ref_data["users"]["conseiller"]


def test_hash_is_an_argon2id_phc_string_and_is_rehashed_when_parameters_change(services, alice, store):
    from milo_desktop.persistence.models import Utilisateur
    with store.read() as s:
        first = s.get(Utilisateur, alice.id).mot_de_passe
    assert first.startswith("$argon2id$") and TEST_PASSWORD not in first
    passwords.configure(time_cost=2, memory_cost=2048, parallelism=1)
    try:
        services.comptes.login("alice", TEST_PASSWORD)
        with store.read() as s:
            second = s.get(Utilisateur, alice.id).mot_de_passe
        assert second != first and "m=2048,t=2,p=1" in second
        services.comptes.login("alice", TEST_PASSWORD)  # the new hash verifies
    finally:
        passwords.configure(time_cost=1, memory_cost=1024, parallelism=1)


def test_login_opens_a_session_with_the_account_role_and_sites(services, alice, ref_data):
    session = services.comptes.login("ALICE ", TEST_PASSWORD)
    assert session.changer_mot_de_passe is True  # set by the administrator: to change
    ctx = services.ctx
    assert ctx.authenticated and not ctx.unrestricted and ctx.user.role == "conseiller"
    assert ctx.user.site_ids == {ref_data["sites"]["siege"].id}
    assert ctx.site_id == ref_data["sites"]["siege"].id


def test_the_refusal_never_says_which_was_wrong(services, alice):
    with pytest.raises(AuthenticationError) as unknown:
        services.comptes.login("personne", TEST_PASSWORD)
    with pytest.raises(AuthenticationError) as wrong:
        services.comptes.login("alice", "mauvais")
    assert unknown.value.message == wrong.value.message == dom.LOGIN_REFUSED


def test_five_failures_lock_for_15_minutes_then_30(services, alice, monkeypatch):
    import milo_desktop.services.comptes as module
    now = utcnow()
    monkeypatch.setattr(module, "utcnow", lambda: now)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            services.comptes.login("alice", "mauvais")
    with pytest.raises(AuthenticationError, match="incorrect"):
        services.comptes.login("alice", TEST_PASSWORD)  # locked: even the right password
    assert next(a for a in services.comptes.comptes() if a.identifiant == "alice").verrouille
    monkeypatch.setattr(module, "utcnow", lambda: now + timedelta(minutes=16))
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            services.comptes.login("alice", "mauvais")
    monkeypatch.setattr(module, "utcnow", lambda: now + timedelta(minutes=16 + 29))
    with pytest.raises(AuthenticationError):
        services.comptes.login("alice", TEST_PASSWORD)  # second lock: 30 minutes
    monkeypatch.setattr(module, "utcnow", lambda: now + timedelta(minutes=16 + 31))
    services.comptes.login("alice", TEST_PASSWORD)
    actions = [e.action for e in services.audit.evenements(limit=None)]
    assert actions.count("Connexion refusée") == 12 and actions.count("Compte verrouillé (essais manqués)") == 2


def test_disabled_or_expired_accounts_are_refused_and_keep_their_authorship(services, alice):
    from milo_desktop.domain.jeunes import JeuneInput
    services.comptes.login("alice", TEST_PASSWORD)
    made = services.jeunes.create(JeuneInput(nom="Martin", prenom="Léa", sexe="F",
                                             date_naissance=date(2005, 1, 2)),
                                  services.ctx.user.id, services.ctx.site_id)
    services.ctx.unrestricted = True
    services.comptes.desactiver(alice.id)
    with pytest.raises(AuthenticationError, match="désactivé"):
        services.comptes.login("alice", TEST_PASSWORD)
    services.ctx.unrestricted = True
    assert services.jeunes.get(made.id).updated_by == "Alice DURAND"
    services.comptes.reactiver(alice.id)
    services.comptes.modifier(alice.id, fin_autorisation=date(2026, 11, 1))  # before TODAY
    with pytest.raises(AuthenticationError, match="autorisation"):
        services.comptes.login("alice", TEST_PASSWORD)


def test_the_last_administrator_cannot_be_disabled(services, as_role):
    as_role("admin")
    me = services.ctx.user.id
    with pytest.raises(DomainError, match="dernier compte administrateur"):
        services.comptes.desactiver(me)
    with pytest.raises(DomainError, match="dernier compte administrateur"):
        services.comptes.modifier(me, role="direction")
    other = services.comptes.creer(ref.UtilisateurInput("Roux", "Inès", "ines@ml-test.fr", "admin"),
                                   "ines", GOOD)
    services.comptes.reinitialiser(other.id, GOOD)
    services.comptes.desactiver(me)  # another administrator remains
    assert not next(a for a in services.comptes.comptes() if a.id == me).actif


def test_administrator_creates_an_account_with_a_temporary_password(services, as_role, ref_data):
    as_role("admin")
    with pytest.raises(DomainError, match="trop faible"):
        services.comptes.creer(ref.UtilisateurInput("Roux", "Inès", "ines@ml-test.fr", "conseiller"),
                               "ines", "court")
    account = services.comptes.creer(
        ref.UtilisateurInput("Roux", "Inès", "ines@ml-test.fr", "conseiller", ref_data["sites"]["siege"].id),
        "ines", GOOD, [ref_data["sites"]["antenne"].id], date(2027, 6, 30))
    assert account.changer_mot_de_passe and set(account.site_ids) == {
        ref_data["sites"]["siege"].id, ref_data["sites"]["antenne"].id}
    services.comptes.fermer_session()
    assert services.comptes.login("ines", GOOD).changer_mot_de_passe
    with pytest.raises(AuthenticationError):
        services.comptes.changer_mot_de_passe("faux", "Un-autre-mot-de-passe-1")
    services.comptes.changer_mot_de_passe(GOOD, "Un-autre-mot-de-passe-1")
    services.comptes.fermer_session()
    assert services.comptes.login("ines", "Un-autre-mot-de-passe-1").changer_mot_de_passe is False


def test_first_run_creates_the_mission_locale_sites_and_administrator_once(bare_services):
    from milo_desktop.services.comptes import FirstRun
    s = bare_services
    assert not s.comptes.accounts_exist()
    data = FirstRun(ref.OrganisationInput("Mission Locale du Test"),
                    (ref.SiteInput("Siège de Foix", "siege"), ref.SiteInput("Antenne", "antenne")),
                    ref.UtilisateurInput("Roux", "Inès", "ines@ml-test.fr", "admin"), "ines", "faible")
    with pytest.raises(DomainError, match="trop faible"):
        s.comptes.premier_demarrage(data)  # no default, no weak password
    s.comptes.premier_demarrage(FirstRun(data.organisation, data.sites, data.admin, "ines", GOOD))
    assert s.comptes.accounts_exist() and len(s.settings.sites()) == 2
    assert s.comptes.login("ines", GOOD).user.role == "admin"
    with pytest.raises(DomainError, match="existe déjà"):
        s.comptes.premier_demarrage(FirstRun(data.organisation, (), data.admin, "autre", GOOD))


def test_users_of_an_older_store_have_no_access_until_given_a_password(services, ref_data):
    assert not services.comptes.accounts_exist()  # the first start will ask for an administrator
    assert all(a.identifiant is None and not a.has_password for a in services.comptes.comptes())
    with pytest.raises(AuthenticationError):
        services.comptes.login("alice", "")
