"""Offers through the service: delegation rule, offer life with dated history, the agent's queue,
expiry, bad input (ROME, dates, duplicates, France Travail number), ROME referential, list, export."""

from __future__ import annotations

import argparse
from datetime import date

import pytest

from milo_desktop.domain.errors import (
    DomainError, DuplicateWarning, TransitionError, ValidationError,
)
from milo_desktop.domain.offres import CHAMPS_SAISIE_FT, RAISON_MRS, RAISON_PLAN_ACTION
from milo_desktop.services.listing import ListQuery
from milo_desktop.services.offres import RAISON_CONSEILLER

from ._offres_helpers import as_user, entreprise, offre_input
from .conftest import TODAY


@pytest.fixture
def ent(services):
    return entreprise(services, siret="73282932000074")


def statuts(services, offre_id):
    return [(h.statut, h.date) for h in services.offres.historique(offre_id)]


# ---------------------------------------------------------------- delegation


@pytest.mark.parametrize("nature, reason", [
    ("FT", "CUI-CAE"), ("FU", "CUI-CIE"), ("E2", "apprentissage"), ("FS", "professionnalisation"),
])
def test_delegation_is_automatic_for_contrats_aides_and_alternance(services, ent, nature, reason):
    offre = services.offres.create(offre_input(nature_contrat=nature), ent.id, delegation_conseiller=False)
    assert offre.delegation is True
    assert reason in offre.motif_delegation and "systématique" in offre.motif_delegation
    assert offre.delegation_text.startswith("Oui — ")


def test_delegation_for_mrs_offers(services, ent):
    offre = services.offres.create(offre_input(mrs=True), ent.id)
    assert (offre.delegation, offre.motif_delegation) == (True, RAISON_MRS)


def test_other_offers_the_adviser_decides(services, ent):
    no = services.offres.create(offre_input(), ent.id)
    assert (no.delegation, no.motif_delegation) == (False, None)
    yes = services.offres.create(offre_input(intitule="Boulanger"), ent.id, delegation_conseiller=True)
    assert (yes.delegation, yes.motif_delegation) == (True, RAISON_CONSEILLER)
    plan = services.offres.create(offre_input(intitule="Pâtissier"), ent.id, plan_action=True)
    assert (plan.delegation, plan.motif_delegation, plan.plan_action) == (True, RAISON_PLAN_ACTION, True)


def test_update_recomputes_delegation(services, ent):
    offre = services.offres.create(offre_input(), ent.id)
    updated = services.offres.update(offre.id, offre_input(nature_contrat="E2", type_contrat="CDD"),
                                     ent.id, offre.version)
    assert updated.delegation and "apprentissage" in updated.motif_delegation
    back = services.offres.update(offre.id, offre_input(), ent.id, updated.version)
    assert back.delegation is False


# ---------------------------------------------------------------- offer life


def test_create_records_recueillie_then_a_saisir(services, ent):
    offre = services.offres.create(offre_input(date_recueil="20/11/2026"), ent.id)
    assert offre.statut == "a_saisir" and offre.statut_label == "À saisir"
    assert statuts(services, offre.id) == [("recueillie", date(2026, 11, 20)), ("a_saisir", TODAY)]
    hist = services.offres.historique(offre.id)
    assert all(h.auteur == "Alice DURAND" for h in hist)


def test_full_life_with_dated_history(services, ent, ref_data):
    offre = services.offres.create(offre_input(), ent.id, a_saisir=False)
    assert statuts(services, offre.id) == [("recueillie", date(2026, 11, 20))]
    offre = services.offres.mettre_a_saisir(offre.id, offre.version)
    as_user(services, ref_data, "agent_ft")
    offre = services.offres.marquer_saisie(offre.id, "123 abcd", date_saisie="23/11/2026")
    assert (offre.statut, offre.numero_ft, offre.date_saisie_ft, offre.saisie_par) == (
        "saisie", "123ABCD", date(2026, 11, 23), "Chloé LEROY")
    offre = services.offres.marquer_pourvue(offre.id, offre.version)
    assert offre.statut == "pourvue" and offre.terminal
    hist = services.offres.historique(offre.id)
    assert [(h.statut, h.date) for h in hist] == [
        ("recueillie", date(2026, 11, 20)), ("a_saisir", TODAY),
        ("saisie", date(2026, 11, 23)), ("pourvue", TODAY)]
    assert "123ABCD" in hist[2].commentaire and hist[2].auteur == "Chloé LEROY"


def test_impossible_transitions_are_refused_and_leave_no_history(services, ent):
    offre = services.offres.create(offre_input(), ent.id)
    with pytest.raises(TransitionError) as err:
        services.offres.marquer_pourvue(offre.id)
    assert "d'abord être saisie chez France Travail" in err.value.message
    cancelled = services.offres.annuler(offre.id, offre.version, "L'employeur a recruté seul")
    with pytest.raises(TransitionError, match="ne peut plus changer"):
        services.offres.mettre_a_saisir(offre.id)
    with pytest.raises(DomainError, match="ne peut plus être modifiée"):
        services.offres.update(offre.id, offre_input(), ent.id, cancelled.version)
    assert [s for s, _ in statuts(services, offre.id)] == ["recueillie", "a_saisir", "annulee"]
    assert services.offres.historique(offre.id)[-1].commentaire == "L'employeur a recruté seul"


def test_marquer_saisie_checks_number_and_uniqueness(services, ent):
    a = services.offres.create(offre_input(intitule="A"), ent.id)
    b = services.offres.create(offre_input(intitule="B"), ent.id)
    with pytest.raises(ValidationError) as err:
        services.offres.marquer_saisie(a.id, "12ABCDE")
    assert "Numéro d'offre France Travail" in err.value.problems["numero_offre_ft"]
    with pytest.raises(ValidationError) as err:
        services.offres.marquer_saisie(a.id, "123ABCD", date_saisie="25/11/2026")
    assert "future" in err.value.problems["date_saisie"]
    with pytest.raises(ValidationError) as err:
        services.offres.marquer_saisie(a.id, "123ABCD", date_saisie="19/11/2026")
    assert "précède le recueil" in err.value.problems["date_saisie"]
    done = services.offres.marquer_saisie(a.id, "123ABCD")
    assert done.date_saisie_ft == TODAY and done.saisie_par == "Alice DURAND"
    with pytest.raises(ValidationError) as err:
        services.offres.marquer_saisie(b.id, "123abcd")
    assert "déjà attribué à l'offre « A »" in err.value.problems["numero_offre_ft"]
    assert services.offres.get(b.id).statut == "a_saisir"


def test_expire_overdue_records_history_once(services, ent):
    past = services.offres.create(offre_input(intitule="Passée", date_debut="01/10/2026",
                                              date_fin="23/11/2026"), ent.id)
    services.offres.marquer_saisie(past.id, "001AAAA")
    current = services.offres.create(offre_input(intitule="En cours", date_debut="01/11/2026",
                                                 date_fin="24/11/2026"), ent.id)
    services.offres.marquer_saisie(current.id, "002AAAA")
    waiting = services.offres.create(offre_input(intitule="Pas saisie", date_debut="01/10/2026",
                                                 date_fin="01/11/2026"), ent.id)
    assert services.offres.get(past.id).statut_label == "Expirée"  # shown before the run
    assert services.offres.expire_overdue() == 1
    assert services.offres.get(past.id).statut == "expiree"
    assert statuts(services, past.id)[-1] == ("expiree", TODAY)
    assert "23/11/2026" in services.offres.historique(past.id)[-1].commentaire
    assert services.offres.get(current.id).statut == "saisie"
    assert services.offres.get(waiting.id).statut == "a_saisir"
    assert services.offres.expire_overdue() == 0


# ---------------------------------------------------------------- the agent's queue


def test_queue_oldest_first_with_age_and_it_empties(services, ent, ref_data):
    new = services.offres.create(offre_input(intitule="Récente", date_recueil="24/11/2026"), ent.id)
    old = services.offres.create(offre_input(intitule="Ancienne", date_recueil="02/11/2026"), ent.id)
    mid = services.offres.create(offre_input(intitule="Moyenne", date_recueil="14/11/2026",
                                             date_fin="20/11/2026", date_debut="15/11/2026"), ent.id)
    services.offres.create(offre_input(intitule="Pas encore transmise"), ent.id, a_saisir=False)
    queue = services.offres.queue()
    assert [(q.intitule, q.age_jours) for q in queue] == [("Ancienne", 22), ("Moyenne", 10), ("Récente", 0)]
    assert [q.fin_depassee for q in queue] == [False, True, False]
    assert services.offres.queue_count() == 3
    as_user(services, ref_data, "agent_ft")
    for i, item in enumerate(queue):
        services.offres.marquer_saisie(item.id, f"10{i}QUEU", version=item.version)
    assert services.offres.queue() == [] and services.offres.queue_count() == 0
    assert {services.offres.get(x.id).statut for x in (new, old, mid)} == {"saisie"}


def test_entry_sheet_in_france_travail_order(services, ent):
    offre = services.offres.create(offre_input(heures_hebdo="24,5", temps_plein=False,
                                               contact_telephone="0612345678"), ent.id)
    sheet = services.offres.fiche_saisie(offre.id)
    assert sheet[:2] == [("Employeur : raison sociale", "Boulangerie Dupain"),
                         ("Employeur : SIRET", "732 829 320 00074")]
    assert [label for label, _ in sheet[2:]] == [label for _, label in CHAMPS_SAISIE_FT]
    values = dict(sheet)
    assert values["Métier (code ROME)"].startswith("D1106 – ")
    assert values["Type de contrat"] == "CDD – Contrat à durée déterminée"
    assert values["Durée hebdomadaire (heures)"] == "24,5"
    assert values["Contact : téléphone"] == "06 12 34 56 78"
    assert values["Date de fin de validité"] == "31/12/2026"


# ---------------------------------------------------------------- bad input


def test_bad_input_names_the_fields_and_saves_nothing(services, ent):
    with pytest.raises(ValidationError) as err:
        services.offres.create(offre_input(code_rome="Z9999", date_debut="10/12/2026",
                                           date_fin="01/12/2026", duree_mois="2,5"), None)
    problems = err.value.problems
    assert "inconnu" in problems["code_rome"] or "format" in problems["code_rome"]
    assert "précède la date de début" in problems["date_fin"]
    assert "Entreprise" in problems["entreprise"]
    assert services.offres.count() == 0
    with pytest.raises(ValidationError) as err:
        services.offres.create(offre_input(code_rome="M9999"), ent.id)
    assert "Code ROME « M9999 » inconnu du référentiel" in err.value.problems["code_rome"]
    with pytest.raises(ValidationError) as err:
        services.offres.create(offre_input(duree_mois="2,5"), ent.id)
    assert "nombre entier de mois" in err.value.problems["duree_mois"]
    assert services.offres.count() == 0


def test_offer_entered_twice_is_caught(services, ent):
    first = services.offres.create(offre_input(intitule="Vendeur en boulangerie"), ent.id)
    with pytest.raises(DuplicateWarning) as err:
        services.offres.create(offre_input(intitule="  VENDEUR en Boulangerie "), ent.id)
    assert err.value.field == "intitule" and "déjà enregistrée" in err.value.message
    assert services.offres.count() == 1
    # Editing the offer is no duplicate of itself.
    edited = services.offres.update(first.id, offre_input(intitule="Vendeur en boulangerie",
                                                          salaire="SMIC"), ent.id, first.version)
    assert edited.fields.salaire == "SMIC"
    forced = services.offres.create(offre_input(intitule="Vendeur en boulangerie"), ent.id, force=True)
    assert forced.id != first.id and services.offres.count() == 2


def test_plateforme_only_for_mrs_offers(services, ent):
    pf = services.mrs.save_plateforme("PFV Toulouse", "Toulouse")
    with pytest.raises(ValidationError) as err:
        services.offres.create(offre_input(), ent.id, plateforme_id=pf.id)
    assert "MRS" in err.value.problems["plateforme"]
    offre = services.offres.create(offre_input(mrs=True), ent.id, plateforme_id=pf.id)
    assert offre.plateforme == "PFV Toulouse"


# ---------------------------------------------------------------- ROME referential


def test_rome_search_and_lookup(services):
    assert services.offres.libelle_rome("m1607") == "Secrétaire"
    found = services.offres.search_rome("boulang")
    assert found and all("oulang" in label for _, label in found)
    assert services.offres.search_rome("D11")[0][0].startswith("D11")


def test_rome_import_admin_only_and_all_or_nothing(services, ref_data, tmp_path):
    good = "code;libelle\nM1607;Secrétaire\nD1106;Vente en alimentation\n".encode("cp1252")
    with pytest.raises(DomainError, match="administrateur"):
        services.offres.import_rome(good)
    from milo_desktop.services import CurrentUser
    services.set_user(CurrentUser(None, "Admin", "admin"))
    with pytest.raises(ValidationError):
        services.offres.import_rome(b"code;libelle\nM1607;Secretaire\nXX;Bad\n")
    assert services.offres.libelle_rome("A1101") is not None  # untouched
    assert services.offres.import_rome(good) == 2
    assert services.offres.libelle_rome("A1101") is None
    assert services.offres.libelle_rome("D1106") == "Vente en alimentation"
    assert "importé" in services.offres.rome_origin()


# ---------------------------------------------------------------- list and export


def test_list_search_filters_sort_and_rows(services, ent):
    other = entreprise(services, "Garage Élan")
    a = services.offres.create(offre_input(intitule="Mécanicien automobile", code_rome="I1604",
                                           date_recueil="10/11/2026"), other.id)
    b = services.offres.create(offre_input(nature_contrat="E2", date_recueil="15/11/2026"), ent.id)
    c = services.offres.create(offre_input(intitule="Secrétaire", code_rome="M1607"), ent.id, a_saisir=False)
    src = services.offres.list_source()

    def ids(**kw):
        return [src.uuid_of(k) for k in src.ids(ListQuery(**kw))]
    assert ids() == [c.id, b.id, a.id]  # most recent first by default
    assert ids(search="mecanicien") == [a.id]
    assert ids(search="élan") == [a.id]
    assert ids(search="boulangerie vendeur") == [b.id]
    assert ids(search="m16") == [c.id]
    assert ids(search="zzz") == []
    assert ids(filters={"delegation": True}) == [b.id]
    assert ids(filters={"statut": "recueillie"}) == [c.id]
    assert set(ids(filters={"statut": "ouvertes"})) == {a.id, b.id, c.id}
    by_employer = ids(sort="entreprise")
    assert set(by_employer[:2]) == {b.id, c.id} and by_employer[2] == a.id
    assert ids(sort="entreprise", descending=True)[0] == a.id
    assert ids(sort="intitule") == [a.id, c.id, b.id]
    key = src.ids(ListQuery(search="vendeur"))[0]
    row = src.rows([key])[key]
    assert (row["entreprise"], row["statut"], row["delegation"], row["nb_mer"]) == (
        "Boulangerie Dupain", "À saisir", True, 0)
    assert src.uuid_of(999_999) is None


def test_export_offres_csv_and_xlsx_through_the_cli_command(services, ent, tmp_path):
    from milo_desktop.cli.commands.export import run
    offre = services.offres.create(offre_input(mrs=True), ent.id)
    services.offres.marquer_saisie(offre.id, "048KLTP")
    out = tmp_path / "offres.csv"
    assert run(argparse.Namespace(kind="offres", out=str(out)), services) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    headers = lines[0].split(";")
    for name in ("intitule", "code_rome", "type_contrat", "nature_contrat", "mrs", "delegation",
                 "statut", "numero_ft", "date_recueil", "entreprise", "siret"):
        assert name in headers
    row = dict(zip(headers, lines[1].split(";")))
    assert (row["mrs"], row["delegation"], row["numero_ft"], row["date_recueil"]) == (
        "oui", "oui", "048KLTP", "20/11/2026")
    assert row["statut"] == "Saisie chez France Travail" and row["siret"] == "73282932000074"
    xlsx = tmp_path / "offres.xlsx"
    assert run(argparse.Namespace(kind="offres", out=str(xlsx)), services) == 0
    import openpyxl
    sheet = openpyxl.load_workbook(xlsx, read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == 2
