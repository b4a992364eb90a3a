"""Job offers: code lists, delegation, offer life, offer-number format, validation, sheet, duplicates."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest

from milo_desktop.domain.errors import DomainError, TransitionError, ValidationError
from milo_desktop.domain.offres import (
    CHAMPS_SAISIE_FT,
    EXPERIENCES,
    MOTIFS_NON_RETENU,
    NATURES_CONTRAT,
    QUALIFICATIONS,
    RAISON_MRS,
    RAISON_PLAN_ACTION,
    RESULTATS_MER,
    SOURCES,
    STATUT_LABELS,
    STATUTS_TERMINAUX,
    TYPES_CONTRAT,
    OffreInput,
    SaisieFT,
    delegation,
    doit_expirer,
    duplicate_key,
    fiche_saisie_ft,
    statut_effectif,
    transition,
    validate_numero_offre_ft,
    validate_offre,
    validate_resultat_mer,
    validate_saisie_ft,
)

TODAY = date(2026, 3, 15)
ROME = {"G1803": "Serveur / Serveuse en restauration", "M1607": "Secrétaire"}


def codes(code_list):
    return [c for c, _ in code_list]


# ---------------------------------------------------------------- code lists


@pytest.mark.parametrize(
    "code_list",
    [TYPES_CONTRAT, NATURES_CONTRAT, QUALIFICATIONS, EXPERIENCES, SOURCES, MOTIFS_NON_RETENU,
     RESULTATS_MER],
)
def test_code_lists_have_unique_codes_and_labels(code_list):
    assert len(set(codes(code_list))) == len(code_list)
    assert all(code and label for code, label in code_list)


def test_france_travail_contract_types():
    assert {"CDI", "CDD", "MIS", "SAI", "DIN", "TTI", "DDI", "LIB", "FRA", "REP"} <= set(
        codes(TYPES_CONTRAT))
    assert dict(TYPES_CONTRAT)["MIS"] == "Mission intérimaire"


def test_france_travail_contract_natures():
    natures = dict(NATURES_CONTRAT)
    assert {"E1", "E2", "FS", "FT", "FU", "I1"} <= set(natures)
    assert natures["FU"] == "CUI-CIE"
    assert natures["E2"] == "Contrat d'apprentissage"


def test_qualifications_one_to_nine():
    assert codes(QUALIFICATIONS) == [str(i) for i in range(1, 10)]
    assert dict(QUALIFICATIONS)["1"] == "Manœuvre"
    assert dict(QUALIFICATIONS)["9"] == "Cadre"


def test_experiences_and_results():
    assert codes(EXPERIENCES) == ["D", "S", "E"]
    assert codes(RESULTATS_MER) == ["en_attente", "retenu", "non_retenu", "abandon"]
    assert dict(RESULTATS_MER)["retenu"] == "Retenu (MER+)"
    assert "plateforme_vocation" in codes(SOURCES)


# ---------------------------------------------------------------- delegation, every nature × MRS

SYSTEMATIC = {
    "FT": "Contrat aidé (CUI-CAE / PEC) : délégation systématique",
    "FU": "Contrat aidé (CUI-CIE) : délégation systématique",
    "E2": "Alternance (contrat d'apprentissage) : délégation systématique",
    "FS": "Alternance (contrat de professionnalisation) : délégation systématique",
}
ALL_NATURES = codes(NATURES_CONTRAT) + [None, ""]


@pytest.mark.parametrize("mrs", [False, True])
@pytest.mark.parametrize("nature", ALL_NATURES)
def test_delegation_for_every_nature_and_mrs(nature, mrs):
    if nature in SYSTEMATIC:
        expected = (True, SYSTEMATIC[nature])
    elif mrs:
        expected = (True, "Recrutement par simulation (MRS) : délégation de la mise en relation")
    else:
        expected = (False, None)
    assert delegation(nature, mrs) == expected


def test_delegation_systematic_natures_are_exactly_the_aided_and_work_study_contracts():
    delegated = {n for n in codes(NATURES_CONTRAT) if delegation(n, False)[0]}
    assert delegated == {"FT", "FU", "E2", "FS"}


def test_delegation_accepts_lower_case_and_spaces():
    assert delegation(" fu ", False) == (True, SYSTEMATIC["FU"])


def test_delegation_for_shared_action_plan_offers():
    assert delegation("E1", False, plan_action_partage=True) == (True, RAISON_PLAN_ACTION)
    assert delegation("E1", True, plan_action_partage=True) == (True, RAISON_MRS)
    assert delegation("FT", False, plan_action_partage=True) == (True, SYSTEMATIC["FT"])


# ---------------------------------------------------------------- offer life

STATUTS = ["recueillie", "a_saisir", "saisie", "pourvue", "annulee", "expiree"]
ALLOWED = {
    ("recueillie", "a_saisir"), ("recueillie", "annulee"),
    ("a_saisir", "saisie"), ("a_saisir", "annulee"),
    ("saisie", "pourvue"), ("saisie", "annulee"), ("saisie", "expiree"),
}
SAISIE_DETAILS = {"numero_offre_ft": "123ABCD", "date_saisie": "14/03/2026",
                  "saisie_par": "A. Martin", "today": TODAY}


def test_status_labels_cover_every_status():
    assert list(STATUT_LABELS) == STATUTS
    assert STATUT_LABELS["a_saisir"] == "À saisir"
    assert STATUTS_TERMINAUX == {"pourvue", "annulee", "expiree"}


@pytest.mark.parametrize("target", STATUTS)
@pytest.mark.parametrize("current", STATUTS)
def test_every_transition(current, target):
    if (current, target) in ALLOWED:
        assert transition(current, target, **SAISIE_DETAILS) == target
    else:
        with pytest.raises(TransitionError) as err:
            transition(current, target, **SAISIE_DETAILS)
        assert err.value.field == "statut"
        assert err.value.message


def test_pourvue_from_recueillie_explains_the_missing_step():
    with pytest.raises(TransitionError) as err:
        transition("recueillie", "pourvue")
    assert err.value.message == (
        "Impossible de passer une offre de « Recueillie » à « Pourvue » : elle doit d'abord "
        "être saisie chez France Travail. Statuts possibles : « À saisir », « Annulée »."
    )


def test_saisie_from_recueillie_explains_the_missing_step():
    with pytest.raises(TransitionError) as err:
        transition("recueillie", "saisie", **SAISIE_DETAILS)
    assert "doit d'abord être mise « À saisir »" in err.value.message


@pytest.mark.parametrize("terminal", ["pourvue", "annulee", "expiree"])
def test_nothing_leaves_a_terminal_state(terminal):
    for target in STATUTS:
        with pytest.raises(TransitionError) as err:
            transition(terminal, target)
        assert "ne peut plus changer" in err.value.message
        assert STATUT_LABELS[terminal] in err.value.message


def test_same_status_is_refused():
    with pytest.raises(TransitionError) as err:
        transition("a_saisir", "a_saisir")
    assert err.value.message == "L'offre est déjà « À saisir »."


def test_unknown_status_is_refused():
    with pytest.raises(TransitionError, match="Statut d'offre inconnu : « publiee »"):
        transition("recueillie", "publiee")
    with pytest.raises(TransitionError, match="inconnu"):
        transition("brouillon", "a_saisir")


def test_saisie_requires_number_date_and_author():
    with pytest.raises(ValidationError) as err:
        transition("a_saisir", "saisie")
    assert set(err.value.problems) == {"numero_offre_ft", "date_saisie", "saisie_par"}


def test_saisie_details_are_checked():
    with pytest.raises(ValidationError) as err:
        transition("a_saisir", "saisie", numero_offre_ft="12-ABCD", date_saisie="16/03/2026",
                   saisie_par="A. Martin", today=TODAY)
    assert set(err.value.problems) == {"numero_offre_ft", "date_saisie"}
    assert "future" in err.value.problems["date_saisie"]


def test_validate_saisie_ft_returns_normalised_values():
    assert validate_saisie_ft(" 123 abcd ", "2026-03-14", " A. Martin ", TODAY) == SaisieFT(
        "123ABCD", date(2026, 3, 14), "A. Martin")
    with pytest.raises(ValidationError) as err:
        validate_saisie_ft("123ABCD", "31/02/2026", "X")
    assert "n'existe pas" in err.value.problems["date_saisie"]


@pytest.mark.parametrize(
    "statut, date_fin, expected",
    [
        ("saisie", date(2026, 3, 14), True),
        ("saisie", date(2026, 3, 15), False),  # the last day is still valid
        ("saisie", date(2026, 3, 16), False),
        ("saisie", None, False),
        ("recueillie", date(2026, 1, 1), False),
        ("a_saisir", date(2026, 1, 1), False),
        ("pourvue", date(2026, 1, 1), False),
        ("annulee", date(2026, 1, 1), False),
        ("expiree", date(2026, 1, 1), False),
    ],
)
def test_automatic_expiry(statut, date_fin, expected):
    assert doit_expirer(statut, date_fin, TODAY) is expected
    assert statut_effectif(statut, date_fin, TODAY) == ("expiree" if expected else statut)


# ---------------------------------------------------------------- France Travail offer number


@pytest.mark.parametrize(
    "raw, expected",
    [("123ABCD", "123ABCD"), ("204XKLM", "204XKLM"), (" 048 kltp ", "048KLTP"),
     ("1234567", "1234567"), ("999A1B2", "999A1B2")],
)
def test_offer_number_is_normalised(raw, expected):
    assert validate_numero_offre_ft(raw) == expected


@pytest.mark.parametrize("raw", ["12ABCDE", "123ABC", "123ABCDE", "ABC1234", "123AB-D", "123ÉBCD"])
def test_bad_offer_number_shows_the_expected_format(raw):
    with pytest.raises(DomainError) as err:
        validate_numero_offre_ft(raw)
    assert err.value.message == (
        f"Numéro d'offre France Travail « {raw} » : format attendu 3 chiffres puis "
        "4 lettres ou chiffres (ex. 123ABCD)."
    )
    assert err.value.field == "numero_offre_ft"


def test_empty_offer_number_is_required():
    with pytest.raises(DomainError, match="champ obligatoire"):
        validate_numero_offre_ft("  ")


# ---------------------------------------------------------------- mise en relation result


def test_resultat_mer():
    assert validate_resultat_mer("retenu", None) == ("retenu", None)
    assert validate_resultat_mer(None, None) == ("en_attente", None)
    assert validate_resultat_mer("non_retenu", "mobilite") == ("non_retenu", "mobilite")
    with pytest.raises(ValidationError, match="obligatoire quand le jeune n'est pas retenu"):
        validate_resultat_mer("non_retenu", None)
    with pytest.raises(ValidationError, match="seulement pour un résultat « Non retenu »"):
        validate_resultat_mer("retenu", "experience")
    with pytest.raises(ValidationError) as err:
        validate_resultat_mer("peut_etre", "pas_de_raison")
    assert set(err.value.problems) == {"resultat", "motif"}


# ---------------------------------------------------------------- offer validation


def good_offer(**changes) -> OffreInput:
    base = OffreInput(
        intitule=" Serveur / Serveuse H/F ", code_rome="g1803", description="Service en salle",
        type_contrat="cdd", nature_contrat="e1", duree_mois="6", temps_plein=False,
        heures_hebdo="24,5", commune="Toulouse", code_postal="31000", salaire="SMIC",
        qualification="6", experience="d", nb_postes="2", mrs=False, source="prospection_ml",
        date_recueil="15/03/2026", date_debut="01/04/2026", date_fin="30/04/2026",
        contact_nom="M. Dupont", contact_telephone="06 12 34 56 78",
        contact_email="rh@resto.fr",
    )
    return replace(base, **changes)


def check(offer: OffreInput) -> OffreInput:
    return validate_offre(offer, ROME.get, TODAY)


def problems_of(offer: OffreInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as err:
        check(offer)
    return err.value.problems


def test_valid_offer_is_cleaned_and_typed():
    result = check(good_offer())
    assert result == OffreInput(
        intitule="Serveur / Serveuse H/F", code_rome="G1803", description="Service en salle",
        type_contrat="CDD", nature_contrat="E1", duree_mois=6.0, temps_plein=False,
        heures_hebdo=24.5, commune="Toulouse", code_postal="31000", salaire="SMIC",
        qualification="6", experience="D", nb_postes=2, mrs=False, source="prospection_ml",
        date_recueil=date(2026, 3, 15), date_debut=date(2026, 4, 1), date_fin=date(2026, 4, 30),
        contact_nom="M. Dupont", contact_telephone="+33612345678", contact_email="rh@resto.fr",
    )


def test_minimal_cdi_offer():
    offer = OffreInput(intitule="Secrétaire", code_rome="M1607", type_contrat="CDI",
                       nature_contrat="E1", date_recueil=TODAY)
    result = check(offer)
    assert result.nb_postes == 1 and result.duree_mois is None and result.temps_plein is True


def test_all_offer_problems_are_reported_at_once():
    offer = OffreInput(
        intitule=" ", code_rome="Z1", type_contrat="XYZ", nature_contrat="Q9", duree_mois="abc",
        temps_plein=False, heures_hebdo=None, code_postal="310", qualification="10",
        experience="X", nb_postes=0, source="journal", date_recueil="16/03/2026",
        date_debut="10/04/2026", date_fin="01/04/2026", contact_telephone="12",
        contact_email="rh",
    )
    problems = problems_of(offer)
    assert set(problems) == {
        "intitule", "code_rome", "type_contrat", "nature_contrat", "duree_mois", "heures_hebdo",
        "code_postal", "qualification", "experience", "nb_postes", "source", "date_recueil",
        "date_fin", "contact_telephone", "contact_email",
    }
    assert problems["intitule"] == "Intitulé de l'offre : champ obligatoire."
    assert list(problems)[0] == "intitule"


def test_rome_code_must_exist_in_the_referential():
    assert "inconnu du référentiel" in problems_of(good_offer(code_rome="A1101"))["code_rome"]
    assert "format attendu" in problems_of(good_offer(code_rome="1803G"))["code_rome"]
    assert problems_of(good_offer(code_rome=None))["code_rome"] == "Code ROME : champ obligatoire."


def test_codes_must_belong_to_their_lists():
    assert "Type de contrat « STAGE »" in problems_of(good_offer(type_contrat="STAGE"))["type_contrat"]
    assert "Nature du contrat « E9 »" in problems_of(good_offer(nature_contrat="E9"))["nature_contrat"]
    assert "Qualification « 0 »" in problems_of(good_offer(qualification="0"))["qualification"]
    assert "Expérience « A »" in problems_of(good_offer(experience="A"))["experience"]
    assert set(problems_of(good_offer(type_contrat=None, nature_contrat=""))) == {
        "type_contrat", "nature_contrat"}


def test_end_date_not_before_start():
    assert check(good_offer(date_debut="01/04/2026", date_fin="01/04/2026")).date_fin == date(2026, 4, 1)
    problem = problems_of(good_offer(date_debut="02/04/2026", date_fin="01/04/2026"))["date_fin"]
    assert problem == "Date de fin 01/04/2026 : elle précède la date de début 02/04/2026."


def test_dates_are_parsed_strictly():
    problems = problems_of(good_offer(date_debut="04/31/2026", date_fin="2026"))
    assert set(problems) == {"date_debut", "date_fin"}


@pytest.mark.parametrize("nb, ok", [("1", True), (3, True), ("2,0", True), (0, False),
                                    ("-1", False), ("1,5", False), ("deux", False), (None, False)])
def test_nb_postes_at_least_one(nb, ok):
    offer = good_offer(nb_postes=nb)
    if ok:
        assert check(offer).nb_postes >= 1
    else:
        assert "Nombre de postes" in problems_of(offer)["nb_postes"]


@pytest.mark.parametrize("hours, ok", [("1", True), ("48", True), ("17,5", True), ("0", False),
                                       ("48,5", False), ("", False), ("beaucoup", False)])
def test_part_time_hours_between_1_and_48(hours, ok):
    offer = good_offer(temps_plein=False, heures_hebdo=hours)
    if ok:
        assert 1 <= check(offer).heures_hebdo <= 48
    else:
        assert problems_of(offer)["heures_hebdo"].startswith("Heures par semaine")


def test_full_time_hours_are_optional_but_checked():
    assert check(good_offer(temps_plein=True, heures_hebdo=None)).heures_hebdo is None
    assert check(good_offer(temps_plein=True, heures_hebdo="35")).heures_hebdo == 35.0
    assert "heures_hebdo" in problems_of(good_offer(temps_plein=True, heures_hebdo="60"))


def test_date_recueil_required_and_not_in_the_future():
    assert check(good_offer(date_recueil=TODAY)).date_recueil == TODAY
    assert "future" in problems_of(good_offer(date_recueil=date(2026, 3, 16)))["date_recueil"]
    assert problems_of(good_offer(date_recueil=None))["date_recueil"] == (
        "Date de recueil : champ obligatoire.")


def test_fixed_term_contracts_need_a_duration():
    for type_contrat in ("CDD", "MIS", "SAI", "TTI", "DDI"):
        problem = problems_of(good_offer(type_contrat=type_contrat, duree_mois=None))["duree_mois"]
        assert f"obligatoire pour un contrat {type_contrat}" in problem
    assert check(good_offer(type_contrat="CDI", duree_mois=None)).duree_mois is None
    assert check(good_offer(type_contrat="MIS", duree_mois="0,5")).duree_mois == 0.5
    assert "duree_mois" in problems_of(good_offer(duree_mois="0"))
    assert "duree_mois" in problems_of(good_offer(duree_mois="61"))


def test_offer_input_is_frozen():
    with pytest.raises(AttributeError):
        good_offer().intitule = "X"  # type: ignore[misc]


# ---------------------------------------------------------------- entry sheet


def test_entry_fields_follow_france_travail_order():
    names = [name for name, _ in CHAMPS_SAISIE_FT]
    assert names[:3] == ["intitule", "code_rome", "description"]
    assert names.index("commune") < names.index("type_contrat") < names.index("nature_contrat")
    assert names.index("nature_contrat") < names.index("duree_mois") < names.index("temps_plein")
    assert names.index("salaire") < names.index("qualification") < names.index("experience")
    assert names.index("experience") < names.index("nb_postes") < names.index("contact_nom")
    assert len(set(names)) == len(names)
    assert set(names) <= {f.name for f in fields(OffreInput)}


def test_entry_sheet_shows_codes_with_labels():
    sheet = dict(fiche_saisie_ft(check(good_offer()), ROME["G1803"]))
    assert list(sheet) == [label for _, label in CHAMPS_SAISIE_FT]
    assert sheet["Métier (code ROME)"] == "G1803 – Serveur / Serveuse en restauration"
    assert sheet["Type de contrat"] == "CDD – Contrat à durée déterminée"
    assert sheet["Nature du contrat"] == "E1 – Contrat de travail"
    assert sheet["Qualification"] == "6 – Employé qualifié"
    assert sheet["Expérience"] == "D – Débutant accepté"
    assert sheet["Temps de travail"] == "Temps partiel"
    assert sheet["Durée hebdomadaire (heures)"] == "24,5"
    assert sheet["Date de début"] == "01/04/2026"
    assert sheet["Recrutement par simulation (MRS)"] == "Non"
    assert sheet["Contact : téléphone"] == "06 12 34 56 78"
    assert sheet["Nombre de postes"] == "2"


def test_entry_sheet_leaves_empty_fields_blank():
    sheet = dict(fiche_saisie_ft(OffreInput(intitule="Secrétaire", code_rome="M1607")))
    assert sheet["Métier (code ROME)"] == "M1607"
    assert sheet["Salaire"] == ""
    assert sheet["Contact : téléphone"] == ""


# ---------------------------------------------------------------- duplicates


def test_duplicate_key_ignores_case_accents_and_spacing():
    a = duplicate_key("Employé(e) de  rayon", 12, date(2026, 3, 1))
    b = duplicate_key("EMPLOYE(E) DE RAYON", "12", "01/03/2026")
    assert a == b == "employe(e) de rayon|12|2026-03-01"


def test_duplicate_key_with_siret_ignores_spaces():
    assert duplicate_key("Serveur", "732 829 320 00074", "2026-03-01") == duplicate_key(
        "serveur", "73282932000074", date(2026, 3, 1))


def test_duplicate_key_differs_by_employer_or_date():
    base = duplicate_key("Serveur", 12, date(2026, 3, 1))
    assert base != duplicate_key("Serveur", 13, date(2026, 3, 1))
    assert base != duplicate_key("Serveur", 12, date(2026, 3, 2))
    assert base != duplicate_key("Cuisinier", 12, date(2026, 3, 1))


def test_work_place_postcode_checked_against_the_official_list():
    offer = OffreInput(intitule="Vendeur", code_rome="M1607", type_contrat="CDI",
                       nature_contrat="E1", date_recueil=TODAY, code_postal="98000", commune="Monaco")
    problems = problems_of(offer)
    assert set(problems) == {"code_postal"} and "aucune commune" in problems["code_postal"]
    assert check(replace(offer, code_postal="97600", commune="Mamoudzou")).code_postal == "97600"
