"""JeunesService: validation, duplicates (accents), optimistic locking, archive, reassign, export."""

from __future__ import annotations

import csv
import uuid
from datetime import date

import pytest

from milo_desktop.domain.errors import ConflictError, DomainError, DuplicateWarning, NotFoundError, ValidationError
from milo_desktop.domain.jeunes import JeuneInput


def ident(**changes) -> JeuneInput:
    base = dict(nom="Dupont", prenom="Éloïse", sexe="F", date_naissance="01/02/2005",
                telephone="06 12 34 56 78", email="Eloise.Dupont@Exemple.fr", code_postal="09000",
                commune="Foix", identifiant_ft="1234567a")
    return JeuneInput(**(base | changes))


@pytest.fixture
def alice(ref_data):
    return ref_data["users"]["conseiller"]


@pytest.fixture
def siege(ref_data):
    return ref_data["sites"]["siege"]


def create(services, data=None, referent=None, site=None, programmes=(), **kw):
    return services.jeunes.create(data or ident(), referent, site, programmes, **kw)


# --- create and read --------------------------------------------------------------------------

def test_create_normalises_and_reads_back_names_of_referent_and_site(services, alice, siege):
    d = create(services, ident(prenom="éloïse", telephone="0692 12 34 56"), alice.id, siege.id, ["PACEA", "CEJ"])
    assert (d.nom, d.prenom, d.commune) == ("DUPONT", "Éloïse", "FOIX")
    assert d.telephone == "+262692123456"  # La Réunion, read with the overseas regions
    assert d.email == "eloise.dupont@exemple.fr" and d.identifiant_ft == "1234567A"
    assert d.referent_nom == "Alice DURAND" and d.site_nom == "Siège"
    assert d.programmes == ("CEJ", "PACEA")
    assert d.age == 21 and d.version == 1 and d.archive is False
    assert d.cotraitance.phase is None and d.cotraitance.phase_label == "Pas en cotraitance"
    again = services.jeunes.get(d.id)
    assert again == d
    assert again.as_input().nom == "DUPONT"


@pytest.mark.parametrize("born, ok", [("24/11/2010", True), ("25/11/2010", False),
                                      ("25/11/2000", True), ("24/11/2000", False)])
def test_age_16_to_25_inclusive_at_creation(services, born, ok):
    if ok:
        assert create(services, ident(date_naissance=born, identifiant_ft=None)).id
    else:
        with pytest.raises(ValidationError) as err:
            create(services, ident(date_naissance=born, identifiant_ft=None))
        assert "date_naissance" in err.value.problems


def test_update_of_a_file_past_26_is_allowed(services):
    d = create(services, ident(date_naissance="25/11/2000"))
    services.ctx.today = lambda: date(2027, 6, 1)
    saved = services.jeunes.update(d.id, d.as_input(), None, None, (), d.version)
    assert saved.age == 26


def test_all_field_problems_are_reported_at_once(services):
    with pytest.raises(ValidationError) as err:
        create(services, ident(telephone="12", email="x@", code_postal="00100", identifiant_ft="12AB",
                               nom="", sexe=None), programmes=["XYZ"])
    assert set(err.value.problems) >= {"telephone", "email", "code_postal", "identifiant_ft", "nom",
                                       "sexe", "programmes"}
    assert "invalide" in err.value.problems["telephone"]


def test_unknown_or_inactive_referent_and_site_are_refused(services):
    with pytest.raises(ValidationError) as err:
        create(services, referent=uuid.uuid4(), site=uuid.uuid4())
    assert set(err.value.problems) == {"referent", "site"}


def test_get_missing_file(services):
    with pytest.raises(NotFoundError):
        services.jeunes.get(uuid.uuid4())


# --- duplicates -------------------------------------------------------------------------------

@pytest.mark.parametrize("nom, prenom", [("DUPONT", "ELOISE"), ("dupont", "eloïse"), ("Dupont ", " Éloise")])
def test_duplicate_warning_ignores_accents_and_case(services, nom, prenom):
    first = create(services)
    with pytest.raises(DuplicateWarning) as warn:
        create(services, ident(nom=nom, prenom=prenom, identifiant_ft=None))
    assert warn.value.ids == [first.id]
    assert "DUPONT Éloïse, né(e) le 01/02/2005" in warn.value.matches[0]
    forced = create(services, ident(nom=nom, prenom=prenom, identifiant_ft=None), force=True)
    assert forced.id != first.id


def test_compound_names_fold_the_same(services):
    create(services, ident(nom="Lefèvre-Dupré", prenom="Jean-Pierre", identifiant_ft=None))
    with pytest.raises(DuplicateWarning):
        create(services, ident(nom="LEFEVRE DUPRE", prenom="jean pierre", identifiant_ft=None))


def test_same_name_other_birth_date_is_no_duplicate(services):
    create(services)
    other = create(services, ident(date_naissance="02/02/2005", identifiant_ft=None))
    assert other.id


def test_identifiant_ft_is_unique_on_create_and_update(services):
    first = create(services)
    with pytest.raises(ValidationError) as err:
        create(services, ident(nom="Martin", prenom="Léa", identifiant_ft="1234567 a"), force=True)
    assert "déjà attribué à DUPONT Éloïse" in err.value.problems["identifiant_ft"]
    other = create(services, ident(nom="Martin", prenom="Léa", identifiant_ft=None))
    with pytest.raises(ValidationError):
        services.jeunes.update(other.id, ident(nom="Martin", prenom="Léa"), None, None, (), other.version)
    assert services.jeunes.update(first.id, first.as_input(), None, None, (), first.version).version == 2


def test_find_duplicates_reports_the_reason(services):
    first = create(services)
    by_id = services.jeunes.find_duplicates("Autre", "Nom", "01/01/2001", "1234567a")
    assert [(m.id, m.same_identifiant) for m in by_id] == [(first.id, True)]
    by_name = services.jeunes.find_duplicates("DUPONT", "eloise", date(2005, 2, 1))
    assert [(m.id, m.same_identifiant) for m in by_name] == [(first.id, False)]
    assert services.jeunes.find_duplicates("DUPONT", "eloise", date(2005, 2, 1), exclude_id=first.id) == []


# --- edit, optimistic locking, archive --------------------------------------------------------

def test_update_bumps_version_and_syncs_programmes(services, alice):
    d = create(services, programmes=["CEJ"])
    saved = services.jeunes.update(d.id, d.as_input(), alice.id, None, ["PPAE"], d.version)
    assert saved.version == d.version + 1 and saved.programmes == ("PPAE",)
    assert saved.referent_nom == "Alice DURAND" and saved.updated_by == "Alice DURAND"


def test_concurrent_edit_is_refused_with_a_clear_message(services):
    d = create(services)
    services.jeunes.update(d.id, ident(commune="Pamiers"), None, None, (), d.version)
    with pytest.raises(ConflictError) as err:
        services.jeunes.update(d.id, ident(commune="Foix"), None, None, (), d.version)
    assert "modifiée par quelqu'un d'autre" in err.value.message
    assert services.jeunes.get(d.id).commune == "PAMIERS"


def test_archive_hides_from_list_and_unarchive_brings_back(services):
    from milo_desktop.services.listing import ListQuery
    d = create(services)
    src = services.jeunes.source()
    archived = services.jeunes.archive(d.id, d.version)
    assert archived.archive and src.ids(ListQuery()) == []
    assert src.ids(ListQuery(filters={"archives": "inclus"})) == [d.id.hex]
    assert src.ids(ListQuery(filters={"archives": "seules"})) == [d.id.hex]
    with pytest.raises(ConflictError):
        services.jeunes.unarchive(d.id, d.version)
    back = services.jeunes.unarchive(d.id, archived.version)
    assert not back.archive and src.ids(ListQuery()) == [d.id.hex]
    assert services.jeunes.count() == 1 and services.jeunes.has_any()


def test_reassign_many_in_one_action(services, ref_data):
    bruno = ref_data["users"]["conseiller2"]
    ids = [create(services, ident(nom=f"Nom{chr(65 + i)}", identifiant_ft=None)).id for i in range(3)]
    assert services.jeunes.reassign(ids + [ids[0]], bruno.id) == 3
    for jeune_id in ids:
        d = services.jeunes.get(jeune_id)
        assert d.referent_nom == "Bruno PETIT" and d.version == 2


def test_reassign_refuses_unknown_referent_and_changes_nothing(services, alice):
    d = create(services, referent=alice.id)
    with pytest.raises(DomainError):
        services.jeunes.reassign([d.id], uuid.uuid4())
    with pytest.raises(DomainError):
        services.jeunes.reassign([], alice.id)
    assert services.jeunes.get(d.id).version == 1


def test_cotraitance_summary_comes_from_the_file_and_latest_episode(services, store):
    from milo_desktop.persistence.models import Cotraitance, Jeune
    d = create(services)
    with store.write() as s:
        j = s.get(Jeune, d.id)
        j.cotra_phase, j.cotra_etat, j.date_fin_prevue = "accompagnement", 2, date(2031, 2, 1)
        s.add(Cotraitance(jeune_id=d.id, phase="sortie", date_affectation=date(2024, 1, 5), criteres=1))
        s.add(Cotraitance(jeune_id=d.id, phase="accompagnement", date_affectation=date(2026, 3, 2),
                          criteres=3, date_acceptation=date(2026, 3, 9), etat=2, date_etat=date(2026, 10, 1),
                          motif_fin_prevue="anniversaire_26"))
    c = services.jeunes.get(d.id).cotraitance
    assert (c.phase, c.etat, c.date_fin_prevue) == ("accompagnement", 2, date(2031, 2, 1))
    assert c.date_affectation == date(2026, 3, 2) and c.date_acceptation == date(2026, 3, 9)
    assert c.etat_label == "Alerte de cotraitance" and c.motif_fin_label == "26ᵉ anniversaire"


# --- export -----------------------------------------------------------------------------------

def test_export_jeunes_csv_has_identity_referent_and_site(services, alice, siege, tmp_path):
    create(services, referent=alice.id, site=siege.id, programmes=["CEJ"])
    other = create(services, ident(nom="Martin", prenom="Léa", identifiant_ft=None))
    services.jeunes.archive(other.id, other.version)
    result = services.exports.export("jeunes", tmp_path / "jeunes.csv")
    assert result.rows == 2
    with open(tmp_path / "jeunes.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    first = rows[0]
    for column in ("nom", "prenom", "date_naissance", "identifiant_ft", "referent", "site", "telephone", "email"):
        assert column in first
    assert (first["nom"], first["prenom"], first["date_naissance"]) == ("DUPONT", "Éloïse", "01/02/2005")
    assert (first["referent"], first["site"], first["programmes"]) == ("Alice DURAND", "Siège", "CEJ")
    assert first["telephone"] == "06 12 34 56 78"
    assert rows[1]["nom"] == "MARTIN" and rows[1]["archive"].lower() == "oui"


def test_export_jeunes_xlsx(services, tmp_path):
    import openpyxl
    create(services)
    services.exports.export("jeunes", tmp_path / "jeunes.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "jeunes.xlsx").active
    headers = [c.value for c in ws[1]]
    row = dict(zip(headers, [c.value for c in ws[2]]))
    assert row["nom"] == "DUPONT" and row["date_naissance"].date() == date(2005, 2, 1)



def test_export_jeunes_csv_formatted_by_sqlite_equals_the_writer(services, alice, siege, store, tmp_path):
    """The CSV export lets SQLite format the cells: byte for byte what csv_cell gives, formula
    neutralisation, overseas and foreign phones, no référent, archive and programmes included."""
    from sqlalchemy import text

    from milo_desktop.exchange.writing import write_csv
    a = create(services, referent=alice.id, site=siege.id, programmes=["PACEA", "CEJ"])
    b = create(services, ident(nom="Œuvré", prenom="Zoé", identifiant_ft=None, telephone="0692 12 34 56"))
    c = create(services, ident(nom="Martin", prenom="Léa", identifiant_ft="7654321B", telephone=None))
    services.jeunes.archive(c.id, c.version)
    hostile = {"adresse": "=HYPERLINK(\"http://x\")", "commune": "+33 Foix", "nom_usage": "-1",
               "numero_imilo": "@SUM(A1)", "telephone": "+442071838750", "email": "\tx@y.fr"}
    with store.write() as s:  # values the forms would refuse: a store filled by other means
        s.execute(text("UPDATE jeune SET " + ", ".join(f"{k} = :{k}" for k in hostile)
                       + " WHERE id = :id"), hostile | {"id": a.id.hex})
    fast, slow = tmp_path / "fast.csv", tmp_path / "slow.csv"
    assert services.exports.export("jeunes", fast).rows == 3
    write_csv(slow, *services.exports.table("jeunes"))
    assert fast.read_bytes() == slow.read_bytes()
    with open(fast, encoding="utf-8-sig", newline="") as fh:
        rows = {r["prenom"]: r for r in csv.DictReader(fh, delimiter=";")}
    assert rows["Éloïse"]["adresse"] == "'=HYPERLINK(\"http://x\")"
    assert rows["Éloïse"]["telephone"] == "'+44 20 7183 8750" and rows["Éloïse"]["programmes"] == "CEJ, PACEA"
    assert rows["Zoé"]["telephone"] == "0692 12 34 56" and rows["Zoé"]["referent"] == ""
    assert rows["Léa"]["archive"] == "oui" and rows["Léa"]["date_naissance"] == "01/02/2005"
    assert b.id and rows["Zoé"]["nom"] == "ŒUVRÉ"


# --- the list source (search, filters, sort in SQL) -------------------------------------------

@pytest.fixture
def people(services, ref_data, store):
    """Five young people with accents, two référents, programmes and cotraitance states."""
    from milo_desktop.persistence.models import Jeune
    alice, bruno = ref_data["users"]["conseiller"], ref_data["users"]["conseiller2"]
    siege, antenne = ref_data["sites"]["siege"], ref_data["sites"]["antenne"]
    rows = [("Dupont", "Éloïse", "01/02/2005", "Saint-Étienne", "1234567A", alice, siege, ["CEJ"], None, None),
            ("LEFÈVRE", "Zoé", "03/04/2006", "Foix", None, bruno, antenne, ["PPAE"], "accompagnement", 2),
            ("Martin", "Léa", "05/06/2004", "Pamiers", "7654321B", alice, antenne, [], "accompagnement", 1),
            ("Éluard", "Hugo", "07/08/2003", "Foix", None, None, None, ["CEJ", "PACEA"], "sortie", None),
            ("Durand", "Dupont", "09/10/2002", "Lavelanet", None, bruno, siege, [], "aucune", None)]
    out = {}
    for nom, prenom, born, commune, ft, ref, site, progs, phase, etat in rows:
        d = services.jeunes.create(ident(nom=nom, prenom=prenom, date_naissance=born, commune=commune,
                                         identifiant_ft=ft), ref.id if ref else None,
                                   site.id if site else None, progs)
        out[d.nom] = d
        with store.write() as s:
            j = s.get(Jeune, d.id)
            j.cotra_phase, j.cotra_etat = phase, etat
            j.date_fin_prevue = date(2026, 1, 1) if phase == "accompagnement" and etat == 1 else None
    return out


def names(services, **query):
    from milo_desktop.services.listing import ListQuery
    src = services.jeunes.source()
    ids = src.ids(ListQuery(**query))
    rows = src.rows(ids)
    return [rows[i]["nom"] for i in ids]


# One or two letters: family names only; digits: the France Travail identifier; from three
# characters: name, first name, commune or identifier.
@pytest.mark.parametrize("text, expected", [
    ("eloise", ["DUPONT"]), ("ÉLO", ["DUPONT"]), ("lefevre", ["LEFÈVRE"]), ("LÉF", ["LEFÈVRE"]),
    ("saint e", ["DUPONT"]), ("foix", ["ÉLUARD", "LEFÈVRE"]), ("1234", ["DUPONT"]),
    ("7654321b", ["MARTIN"]), ("dupont", ["DUPONT", "DURAND"]), ("dupont elo", ["DUPONT"]),
    ("eloise dup", ["DUPONT"]), ("e", ["ÉLUARD"]), ("zz", []), ("  ", None),
    ("lé", ["LEFÈVRE"]), ("léa", ["MARTIN"]), ("76", ["MARTIN"]), ("7654 321", ["MARTIN"]),
])
def test_search_is_accent_insensitive_by_prefix(services, people, text, expected):
    result = names(services, search=text)
    assert result == (expected if expected is not None else
                      ["DUPONT", "DURAND", "ÉLUARD", "LEFÈVRE", "MARTIN"])


def test_filters(services, people, ref_data):
    from milo_desktop.services.jeunes_list import SANS_REFERENT
    bruno = ref_data["users"]["conseiller2"]
    antenne = ref_data["sites"]["antenne"]
    assert names(services, filters={"referent": bruno.id}) == ["DURAND", "LEFÈVRE"]
    assert names(services, filters={"referent": SANS_REFERENT}) == ["ÉLUARD"]
    assert names(services, filters={"site": antenne.id}) == ["LEFÈVRE", "MARTIN"]
    assert names(services, filters={"programme": "CEJ"}) == ["DUPONT", "ÉLUARD"]
    assert names(services, filters={"cotra_phase": "aucune"}) == ["DUPONT", "DURAND"]
    assert names(services, filters={"cotra_phase": "accompagnement"}) == ["LEFÈVRE", "MARTIN"]
    assert names(services, filters={"cotra_etat": 1}) == ["MARTIN"]
    assert names(services, filters={"alerte": True}) == ["LEFÈVRE"]
    assert len(names(services, filters={"alerte": False})) == 4
    assert names(services, search="foix", filters={"programme": "CEJ"}) == ["ÉLUARD"]


def test_my_young_people_follow_whoever_is_working(services, people, ref_data):
    from milo_desktop.services import CurrentUser
    from milo_desktop.services.jeunes_list import MES_JEUNES
    referent = services.jeunes.source().filters()[0]
    assert referent.choices[0] == (MES_JEUNES, "Mes jeunes")
    assert services.ctx.user.nom_complet == "Alice DURAND"
    assert names(services, filters={"referent": MES_JEUNES}) == ["DUPONT", "MARTIN"]
    bruno = ref_data["users"]["conseiller2"]
    services.set_user(CurrentUser(bruno.id, "Bruno PETIT"), None)
    assert names(services, filters={"referent": MES_JEUNES}) == ["DURAND", "LEFÈVRE"]


@pytest.mark.parametrize("sort, descending, expected", [
    ("prenom", False, ["DURAND", "DUPONT", "ÉLUARD", "MARTIN", "LEFÈVRE"]),
    ("date_naissance", False, ["DURAND", "ÉLUARD", "MARTIN", "DUPONT", "LEFÈVRE"]),
    ("age", False, ["LEFÈVRE", "DUPONT", "MARTIN", "ÉLUARD", "DURAND"]),
    ("commune", False, ["ÉLUARD", "LEFÈVRE", "DURAND", "MARTIN", "DUPONT"]),
    ("referent", False, ["DUPONT", "MARTIN", "DURAND", "LEFÈVRE", "ÉLUARD"]),
    ("identifiant_ft", True, ["MARTIN", "DUPONT", "DURAND", "ÉLUARD", "LEFÈVRE"]),
    ("nom", True, ["MARTIN", "LEFÈVRE", "ÉLUARD", "DURAND", "DUPONT"]),
    ("pas_une_colonne; DROP TABLE jeune", False, ["DUPONT", "DURAND", "ÉLUARD", "LEFÈVRE", "MARTIN"]),
])
def test_sort_in_sql_on_a_whitelist_with_empty_values_last(services, people, sort, descending, expected):
    assert names(services, sort=sort, descending=descending) == expected


def test_rows_are_ready_to_display(services, people):
    from milo_desktop.services.listing import ListQuery
    src = services.jeunes.source()
    rows = src.rows(src.ids(ListQuery()))
    lefevre = rows[people["LEFÈVRE"].id.hex]
    assert lefevre["referent"] == "Bruno PETIT" and lefevre["site"] == "Antenne de Pamiers"
    assert lefevre["cotra_etat"] == "Alerte de cotraitance" and lefevre["_couleur"] == "#b00020"
    assert lefevre["programmes"] == "PPAE" and lefevre["telephone"] == "06 12 34 56 78"
    martin = rows[people["MARTIN"].id.hex]
    assert martin["_couleur"] == "#b35900"  # fin prévue dépassée
    assert rows[people["DURAND"].id.hex]["cotra_phase"] == ""
    assert rows[people["ÉLUARD"].id.hex]["programmes"] == "CEJ, PACEA"
    assert {c.key for c in src.columns} >= {"nom", "prenom", "identifiant_ft", "commune", "referent", "site"}
    assert [f.key for f in src.filters()] == ["referent", "site", "programme", "cotra_phase", "cotra_etat", "alerte"]


LIST_INDEXES = {"ix_jeune_liste", "ix_jeune_liste_prenom", "ix_jeune_liste_commune", "ix_jeune_liste_identifiant"}


def test_the_list_indexes_hold_the_columns_of_the_list_order(store):
    """A search reads the matching rows' nom_fold, prenom_fold, archive and id (the list order)
    from the index it found them in: each list index must hold them all, or SQLite reads the
    table row (~1 µs each: 10 ms for a 3-letter prefix on 100 000 young people)."""
    from sqlalchemy import inspect
    indexes = {i["name"]: i["column_names"] for i in inspect(store.engine).get_indexes("jeune")}
    for name in LIST_INDEXES:
        assert {"nom_fold", "prenom_fold", "archive", "id"} <= set(indexes[name]), name
    assert [indexes[n][0] for n in sorted(LIST_INDEXES)] == ["nom_fold", "commune_fold", "identifiant_ft",
                                                             "prenom_fold"]


@pytest.mark.parametrize("search", ["dupont elo", "1234567a", "1234", "du"])
def test_single_query_uses_indexes_for_search(services, people, store, search):
    """Every OR branch of the search must be a range on a list index, never a scan of the table
    (in a wide search, the few identifiers found may come from the unique index)."""
    from sqlalchemy import text
    from milo_desktop.services.listing import ListQuery
    stmt = services.jeunes.source().ids_statement(ListQuery(search=search))
    compiled = stmt.compile(dialect=store.engine.dialect, compile_kwargs={"literal_binds": True})
    with store.engine.connect() as conn:
        plan = [r[3] for r in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
    searches = [step for step in plan if step.startswith("SEARCH")]
    assert searches and not any(step.startswith("SCAN jeune") for step in plan)
    assert all(step.split(" INDEX ")[1].split(" ")[0] in LIST_INDEXES
               or step.endswith("(identifiant_ft>? AND identifiant_ft<?)") for step in searches), plan
    assert ("MULTI-INDEX OR" in plan) == (" " in search or search.startswith("1234567"))


def test_a_deactivated_referent_can_stay_on_an_edited_file(services, ref_data):
    from milo_desktop.domain import referentiel as ref
    bruno = ref_data["users"]["conseiller2"]
    d = create(services, referent=bruno.id)
    services.settings.save_utilisateur(ref.UtilisateurInput("Petit", "Bruno", "bruno@ml-test.fr", "conseiller",
                                                            bruno.site_id, actif=False), bruno.id, bruno.version)
    saved = services.jeunes.update(d.id, ident(commune="Pamiers"), bruno.id, None, (), d.version)
    assert saved.referent_nom == "Bruno PETIT"
    with pytest.raises(ValidationError):
        create(services, ident(nom="Autre", identifiant_ft=None), referent=bruno.id)


def test_birth_date_correction_moves_the_date_de_fin_prevue(services):
    """The planned end depends on the birth date: correcting it recomputes the cotraitance."""
    from dataclasses import replace
    from datetime import date
    jeune = create(services, JeuneInput(nom="Roux", prenom="Inès", sexe="F", date_naissance="10/06/2003"))
    cot = services.cotraitance.affecter(jeune.id, date(2026, 9, 1), [2])
    assert cot.fin_prevue == date(2029, 6, 10)  # 26th birthday
    current = services.jeunes.get(jeune.id)
    data = JeuneInput(nom="Roux", prenom="Inès", sexe="F", date_naissance="10/06/2002")
    updated = services.jeunes.update(jeune.id, data, current.referent_id, current.site_id, [], current.version)
    assert services.cotraitance.current(jeune.id).fin_prevue == date(2028, 6, 10)
    assert updated.cotraitance.date_fin_prevue == date(2028, 6, 10)
    data = JeuneInput(nom="Roux", prenom="Inès", sexe="F", date_naissance="10/06/2001")  # 25 at entry
    updated = services.jeunes.update(jeune.id, data, current.referent_id, current.site_id, [], updated.version)
    assert updated.cotraitance.date_fin_prevue == date(2027, 9, 1)  # one year after the affectation
