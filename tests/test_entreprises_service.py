"""Employers through the service: SIRET checks surfaced, duplicate SIRET warning, contacts,
the employer's sheet (offers and mises en relation), the list, the PDF and the export."""

from __future__ import annotations

import pytest

from milo_desktop.domain.entreprises import ContactInput, EntrepriseInput
from milo_desktop.domain.errors import ConflictError, DuplicateWarning, ValidationError
from milo_desktop.services.listing import ListQuery

from ._offres_helpers import add_jeune, entreprise, make_siret, offre_input

SIRET = "73282932000074"


def test_create_normalises_and_reads_back(services):
    saved = services.entreprises.save(EntrepriseInput(
        raison_sociale="  Garage  Élan ", siret="732 829 320 00074", naf="45.20a",
        effectif="10-49", code_postal="09100", commune="Pamiers", reseau="medef", notes="Visite en mars"))
    got = services.entreprises.get(saved.id)
    assert got.fields.raison_sociale == "Garage  Élan"
    assert got.fields.siret == SIRET
    assert got.siret_affiche == "732 829 320 00074"
    assert got.fields.naf == "45.20A"
    assert got.effectif_label == "10 à 49 salariés"
    assert got.reseau_label.startswith("MEDEF")
    assert got.version == 1


def test_invalid_siret_is_refused_naming_the_field_and_nothing_is_saved(services):
    with pytest.raises(ValidationError) as err:
        services.entreprises.save(EntrepriseInput(raison_sociale="Garage", siret="73282932000075",
                                                  code_postal="9100"))
    assert set(err.value.problems) == {"siret", "code_postal"}
    assert "SIRET" in err.value.problems["siret"] and "clé de contrôle" in err.value.problems["siret"]
    assert services.entreprises.count() == 0


def test_missing_raison_sociale(services):
    with pytest.raises(ValidationError) as err:
        services.entreprises.save(EntrepriseInput(raison_sociale=" "))
    assert "Raison sociale" in err.value.problems["raison_sociale"]


def test_duplicate_siret_warns_then_force_saves(services):
    first = entreprise(services, "Garage Élan", siret=SIRET)
    with pytest.raises(DuplicateWarning) as err:
        entreprise(services, "Garage Elan SARL", siret=SIRET)
    assert err.value.field == "siret"
    assert "Garage Élan" in err.value.message and "732 829 320 00074" in err.value.message
    assert services.entreprises.count() == 1
    second = services.entreprises.save(EntrepriseInput(raison_sociale="Garage Elan SARL", siret=SIRET),
                                       force=True)
    assert second.id != first.id and services.entreprises.count() == 2


def test_own_siret_is_not_a_duplicate_on_update(services):
    first = entreprise(services, "Garage Élan", siret=SIRET)
    updated = services.entreprises.save(EntrepriseInput(raison_sociale="Garage Élan (Pamiers)", siret=SIRET),
                                        first.id, first.version)
    assert updated.version == 2 and updated.raison_sociale == "Garage Élan (Pamiers)"


def test_stale_version_is_a_conflict(services):
    first = entreprise(services)
    services.entreprises.save(EntrepriseInput(raison_sociale="Autre nom"), first.id, first.version)
    with pytest.raises(ConflictError):
        services.entreprises.save(EntrepriseInput(raison_sociale="Encore"), first.id, first.version)


def test_contacts(services):
    ent = entreprise(services)
    with pytest.raises(ValidationError) as err:
        services.entreprises.save_contact(ent.id, ContactInput(nom="Mme Roux"))
    assert "téléphone ou un e-mail" in err.value.problems["telephone"]
    c = services.entreprises.save_contact(ent.id, ContactInput(nom="Mme Roux", fonction="Gérante",
                                                               telephone="06 12 34 56 78"))
    assert c.fields.telephone == "+33612345678" and c.telephone_affiche == "06 12 34 56 78"
    assert [x.fields.nom for x in services.entreprises.get(ent.id).contacts] == ["Mme Roux"]
    services.entreprises.delete_contact(c.id)
    assert services.entreprises.contacts(ent.id) == []


def test_choices_search_accent_insensitive(services):
    entreprise(services, "Épicerie du Centre", siret=make_siret("12345678"))
    entreprise(services, "Garage Élan")
    assert [c.raison_sociale for c in services.entreprises.choices("epicerie")] == ["Épicerie du Centre"]
    assert [c.raison_sociale for c in services.entreprises.choices("12345")] == ["Épicerie du Centre"]
    assert len(services.entreprises.choices("")) == 2


def test_list_search_filter_sort_and_counts(services):
    a = entreprise(services, "Zèbre Transports", reseau="medef", commune="Pamiers")
    entreprise(services, "Atelier Éole", reseau="ims")
    b = entreprise(services, "Boulangerie Dupain", reseau="medef")
    offre = services.offres.create(offre_input(), b.id)
    services.mises_en_relation.propose(offre.id, [add_jeune(services)])
    src = services.entreprises.list_source()

    def ids(**kw):
        return [src.uuid_of(k) for k in src.ids(ListQuery(**kw))]
    keys = src.ids(ListQuery())
    assert [src.rows(keys)[k]["raison_sociale"] for k in keys] == [
        "Atelier Éole", "Boulangerie Dupain", "Zèbre Transports"]
    assert ids(filters={"reseau": "medef"}, sort="raison_sociale", descending=True) == [a.id, b.id]
    assert len(ids(search="EOLE")) == 1
    assert ids(search="pamiers") == [a.id]
    [key] = src.ids(ListQuery(search="dupain"))
    row = src.rows([key])[key]
    assert (row["nb_offres"], row["nb_mer"]) == (1, 1)


def test_sheet_and_pdf(services, tmp_path):
    ent = entreprise(services, "Boulangerie Dupain", siret=SIRET, notes="Recrute chaque été")
    services.entreprises.save_contact(ent.id, ContactInput(nom="M. Dupain", email="contact@dupain.fr"))
    offre = services.offres.create(offre_input(), ent.id)
    services.mises_en_relation.propose(offre.id, [add_jeune(services)])
    sheet = services.entreprises.sheet(ent.id)
    assert [o.intitule for o in sheet.offres] == ["Vendeur / Vendeuse en boulangerie"]
    assert sheet.offres[0].nb_mer == 1 and sheet.offres[0].statut_label == "À saisir"
    assert [m.jeune for m in sheet.mises_en_relation] == ["MARTIN Léa"]
    path = services.entreprises.print_sheet(ent.id, tmp_path / "fiche.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert not list(tmp_path.glob(".*.tmp"))


def test_export_entreprises_table(services, tmp_path):
    ent = entreprise(services, "Boulangerie Dupain", siret=SIRET, effectif="1-9")
    services.offres.create(offre_input(), ent.id)
    headers, rows = services.exports.table("entreprises")
    row = dict(zip(headers, rows[0]))
    assert row["raison_sociale"] == "Boulangerie Dupain" and row["siret"] == SIRET
    assert row["effectif"] == "1 à 9 salariés"
    assert (row["nb_offres"], row["nb_offres_en_cours"], row["nb_mises_en_relation"]) == (1, 1, 0)
    out = services.exports.export("entreprises", tmp_path / "e.csv")
    assert out.rows == 1
    assert "raison_sociale;siret" in (tmp_path / "e.csv").read_text(encoding="utf-8-sig")
