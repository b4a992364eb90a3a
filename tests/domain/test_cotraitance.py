"""Cotraitance rules (convention régionale art. 4.3, domain.md §3)."""

from datetime import date, timedelta

import pytest

from milo_desktop.domain import cotraitance as c
from milo_desktop.domain.errors import DomainError, TransitionError

TODAY = date(2026, 5, 15)
BORN = date(2003, 9, 10)
D0 = date(2026, 1, 5)  # affectation


def affected(**kw) -> c.CotraitanceState:
    return c.affecter(BORN, kw.get("when", D0), kw.get("criteres", [1, 3]), TODAY)


def accepted() -> c.CotraitanceState:
    return c.accepter(affected(), date(2026, 1, 12), TODAY)


def initialised() -> c.CotraitanceState:
    return c.initialiser(accepted(), date(2026, 2, 2), TODAY)


def refused() -> c.CotraitanceState:
    return c.refuser(affected(), date(2026, 1, 8), "Déjà suivi en CEJ", TODAY)


def exited() -> c.CotraitanceState:
    return c.sortir(initialised(), date(2026, 4, 1), "demenagement", TODAY, hors_territoire=True)


# --- criteria -------------------------------------------------------------------------------

def test_criteres_wording():
    assert [code for code, _ in c.CRITERES] == [1, 2, 3, 4]
    assert dict(c.CRITERES)[4] == "Niveau de qualification insuffisant au regard du projet professionnel"


@pytest.mark.parametrize("codes, mask", [([], 0), ([1], 1), ([2], 2), ([3], 4), ([4], 8),
                                         ([1, 3], 5), ([4, 1, 1], 9), ([1, 2, 3, 4], 15)])
def test_criteres_mask_round_trip(codes, mask):
    assert c.criteres_to_mask(codes) == mask
    assert c.mask_to_criteres(mask) == tuple(sorted(set(codes)))


@pytest.mark.parametrize("codes", [[0], [5], [1, 7]])
def test_criteres_unknown_code(codes):
    with pytest.raises(DomainError, match="inconnu"):
        c.criteres_to_mask(codes)


@pytest.mark.parametrize("mask", [-1, 16])
def test_mask_out_of_range(mask):
    with pytest.raises(DomainError):
        c.mask_to_criteres(mask)


def test_code_lists():
    assert [code for code, _ in c.ETATS] == [1, 2, 3]
    assert [code for code, _ in c.MOTIFS_SORTIE] == ["radiation", "demenagement", "age"]


# --- phases ---------------------------------------------------------------------------------

def test_phases_along_the_way():
    assert c.phase(c.CotraitanceState()) == c.PHASE_AUCUNE
    assert c.phase(affected()) == c.PHASE_AFFECTATION
    assert c.phase(refused()) == c.PHASE_REFUSEE
    assert c.phase(accepted()) == c.PHASE_ACCEPTEE
    assert c.phase(initialised()) == c.PHASE_ACCOMPAGNEMENT
    assert c.phase(exited()) == c.PHASE_SORTIE


# --- affecter -------------------------------------------------------------------------------

def test_affecter_creates_episode():
    state = c.affecter(BORN, D0, [3, 1, 3], TODAY)
    assert state == c.CotraitanceState(date_affectation=D0, criteres=(1, 3))


def test_affecter_needs_a_criterion():
    with pytest.raises(TransitionError, match="au moins un critère") as err:
        c.affecter(BORN, D0, [], TODAY)
    assert err.value.field == "criteres"


def test_affecter_unknown_criterion():
    with pytest.raises(DomainError, match="inconnu"):
        c.affecter(BORN, D0, [9], TODAY)


def test_affecter_date_required_and_not_future():
    with pytest.raises(TransitionError, match="obligatoire"):
        c.affecter(BORN, None, [1], TODAY)
    with pytest.raises(TransitionError, match="futur"):
        c.affecter(BORN, TODAY + timedelta(days=1), [1], TODAY)
    assert c.affecter(BORN, TODAY, [1], TODAY).date_affectation == TODAY


def test_affecter_age_bounds():
    born = date(2000, 6, 15)
    today = date(2027, 1, 1)
    assert c.affecter(born, date(2016, 6, 15), [1], today).date_affectation == date(2016, 6, 15)
    assert c.affecter(born, date(2026, 6, 14), [1], today).date_affectation == date(2026, 6, 14)
    with pytest.raises(TransitionError, match="15 ans le 14/06/2016"):
        c.affecter(born, date(2016, 6, 14), [1], today)
    with pytest.raises(TransitionError, match="26 ans le 15/06/2026") as err:
        c.affecter(born, date(2026, 6, 15), [1], today)
    assert "moins de 26 ans" in err.value.message and err.value.field == "date_affectation"


# --- accepter / refuser ---------------------------------------------------------------------

def test_accepter():
    state = c.accepter(affected(), D0, TODAY)
    assert state.date_acceptation == D0 and c.delai_acceptation(state) == 0


def test_accepter_before_affectation_refused():
    with pytest.raises(TransitionError, match="antérieure à l'affectation du 05/01/2026"):
        c.accepter(affected(), D0 - timedelta(days=1), TODAY)


def test_accepter_future_refused():
    with pytest.raises(TransitionError, match="futur"):
        c.accepter(affected(), TODAY + timedelta(days=1), TODAY)


@pytest.mark.parametrize("make", [lambda: c.CotraitanceState(), accepted, refused, initialised, exited])
def test_accepter_only_from_affectation(make):
    with pytest.raises(TransitionError, match="Impossible d'accepter"):
        c.accepter(make(), TODAY, TODAY)


def test_refuser():
    state = refused()
    assert (state.date_refus, state.motif_refus) == (date(2026, 1, 8), "Déjà suivi en CEJ")
    assert state.date_acceptation is None


@pytest.mark.parametrize("motif", [None, "", "   "])
def test_refuser_needs_motif(motif):
    with pytest.raises(TransitionError, match="Motif du refus : obligatoire"):
        c.refuser(affected(), D0, motif, TODAY)


def test_refuser_dates():
    with pytest.raises(TransitionError, match="antérieure"):
        c.refuser(affected(), D0 - timedelta(days=1), "x", TODAY)
    with pytest.raises(TransitionError, match="futur"):
        c.refuser(affected(), TODAY + timedelta(days=1), "x", TODAY)


@pytest.mark.parametrize("make", [lambda: c.CotraitanceState(), accepted, refused, initialised, exited])
def test_refuser_only_from_affectation(make):
    with pytest.raises(TransitionError, match="Impossible de refuser"):
        c.refuser(make(), TODAY, "motif", TODAY)


# --- initialiser ----------------------------------------------------------------------------

def test_initialiser_starts_phase2_in_active_state():
    state = initialised()
    assert state.date_initialisation == date(2026, 2, 2)
    assert (state.etat, state.date_etat) == (c.ETAT_ACTIF, date(2026, 2, 2))
    assert c.delai_initialisation(state) == 21 and c.delai_acceptation(state) == 7


def test_initialiser_dates():
    with pytest.raises(TransitionError, match="antérieure à l'acceptation"):
        c.initialiser(accepted(), date(2026, 1, 11), TODAY)
    with pytest.raises(TransitionError, match="futur"):
        c.initialiser(accepted(), TODAY + timedelta(days=1), TODAY)


@pytest.mark.parametrize("make", [lambda: c.CotraitanceState(), affected, refused, initialised, exited])
def test_initialiser_only_after_acceptation(make):
    with pytest.raises(TransitionError, match="Impossible d'initialiser"):
        c.initialiser(make(), TODAY, TODAY)


# --- changer_etat ---------------------------------------------------------------------------

def test_changer_etat_all_moves():
    state = c.changer_etat(initialised(), 2, date(2026, 3, 1), "Absences répétées", TODAY)
    assert (state.etat, state.date_etat, state.motif_etat) == (2, date(2026, 3, 1), "Absences répétées")
    state = c.changer_etat(state, 3, date(2026, 3, 1), "Formation", TODAY)
    state = c.changer_etat(state, 1, date(2026, 4, 1), "Reprise", TODAY)
    assert state.etat == 1 and c.phase(state) == c.PHASE_ACCOMPAGNEMENT


def test_changer_etat_same_state_refused():
    with pytest.raises(TransitionError, match="déjà à l'état « Accompagnement actif »"):
        c.changer_etat(initialised(), 1, date(2026, 3, 1), "x", TODAY)


@pytest.mark.parametrize("etat", [0, 4, None])
def test_changer_etat_unknown(etat):
    with pytest.raises(TransitionError, match="inconnu"):
        c.changer_etat(initialised(), etat, date(2026, 3, 1), "x", TODAY)


def test_changer_etat_needs_motif():
    with pytest.raises(TransitionError, match="Motif du changement d'état : obligatoire"):
        c.changer_etat(initialised(), 2, date(2026, 3, 1), " ", TODAY)


def test_changer_etat_dates():
    with pytest.raises(TransitionError, match="antérieure à l'initialisation"):
        c.changer_etat(initialised(), 2, date(2026, 2, 1), "x", TODAY)
    alert = c.changer_etat(initialised(), 2, date(2026, 3, 10), "x", TODAY)
    with pytest.raises(TransitionError, match="antérieure à l'état précédent du 10/03/2026"):
        c.changer_etat(alert, 3, date(2026, 3, 9), "x", TODAY)
    with pytest.raises(TransitionError, match="futur"):
        c.changer_etat(alert, 3, TODAY + timedelta(days=1), "x", TODAY)


@pytest.mark.parametrize("make", [lambda: c.CotraitanceState(), affected, refused, accepted, exited])
def test_changer_etat_only_in_phase2(make):
    with pytest.raises(TransitionError, match="Impossible de changer l'état"):
        c.changer_etat(make(), 2, TODAY, "x", TODAY)


# --- radiation ------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [affected, accepted, initialised])
def test_radiation_allowed_once_affected(make):
    state = c.enregistrer_radiation(make(), date(2026, 3, 1), TODAY)
    assert state.date_radiation == date(2026, 3, 1)
    assert c.annuler_radiation(state).date_radiation is None


@pytest.mark.parametrize("make", [lambda: c.CotraitanceState(), refused, exited])
def test_radiation_refused_outside_episode(make):
    with pytest.raises(TransitionError, match="Impossible d'enregistrer une radiation"):
        c.enregistrer_radiation(make(), date(2026, 4, 1), TODAY)


def test_radiation_twice_refused():
    state = c.enregistrer_radiation(initialised(), date(2026, 3, 1), TODAY)
    with pytest.raises(TransitionError, match="déjà enregistrée le 01/03/2026"):
        c.enregistrer_radiation(state, date(2026, 3, 2), TODAY)


def test_radiation_dates():
    with pytest.raises(TransitionError, match="antérieure à l'affectation"):
        c.enregistrer_radiation(affected(), D0 - timedelta(days=1), TODAY)
    with pytest.raises(TransitionError, match="futur"):
        c.enregistrer_radiation(affected(), TODAY + timedelta(days=1), TODAY)


def test_annuler_radiation_without_one():
    with pytest.raises(TransitionError, match="Aucune radiation"):
        c.annuler_radiation(initialised())
    with pytest.raises(TransitionError, match="Impossible d'annuler"):
        c.annuler_radiation(exited())


# --- sortir ---------------------------------------------------------------------------------

@pytest.mark.parametrize("motif", ["radiation", "demenagement", "age", " age "])
@pytest.mark.parametrize("make", [accepted, initialised])
def test_sortir_allowed(make, motif):
    """With the fact of each reason (art. 4.3): a radiation 6 months old, the 26th birthday
    reached (10/09/2029 for BORN), an address outside the territory."""
    state, when = make(), date(2026, 9, 1)
    if motif == "radiation":
        state = c.enregistrer_radiation(state, date(2026, 3, 1), TODAY)
    if "age" in motif:
        when = date(2029, 9, 10)
    state = c.sortir(state, when, motif, date(2030, 1, 1), birth=BORN,
                     hors_territoire=motif == "demenagement")
    assert (state.date_sortie, state.motif_sortie) == (when, motif.strip())
    assert c.phase(state) == c.PHASE_SORTIE


@pytest.mark.parametrize("motif", ["abandon", "emploi", "", None, "Age"])
def test_sortir_invented_reason_refused(motif):
    with pytest.raises(TransitionError, match="ne peut pas en inventer un autre") as err:
        c.sortir(initialised(), date(2026, 4, 1), motif, TODAY)
    assert err.value.field == "motif_sortie"


@pytest.mark.parametrize("make", [lambda: c.CotraitanceState(), affected, refused, exited])
def test_sortir_only_after_acceptation(make):
    with pytest.raises(TransitionError, match="Impossible d'enregistrer une sortie"):
        c.sortir(make(), TODAY, "age", TODAY)


def test_sortir_dates():
    with pytest.raises(TransitionError, match="antérieure à l'acceptation du 12/01/2026"):
        c.sortir(accepted(), date(2026, 1, 10), "age", TODAY)
    with pytest.raises(TransitionError, match="antérieure à l'état en cours du 02/02/2026"):
        c.sortir(initialised(), date(2026, 2, 1), "age", TODAY)
    with pytest.raises(TransitionError, match="futur"):
        c.sortir(initialised(), TODAY + timedelta(days=1), "age", TODAY)
    with pytest.raises(TransitionError, match="Date de sortie : obligatoire"):
        c.sortir(initialised(), None, "age", TODAY)


def test_transitions_do_not_mutate():
    before = affected()
    c.accepter(before, D0, TODAY)
    assert before.date_acceptation is None


# --- date de fin prévue ---------------------------------------------------------------------

BORN_JUNE = date(2000, 6, 15)  # 25 on 15/06/2025, 26 on 15/06/2026


@pytest.mark.parametrize("entry, expected", [
    (date(2025, 6, 14), (date(2026, 6, 15), c.FIN_ANNIVERSAIRE)),  # day before 25th birthday: 24
    (date(2025, 6, 15), (date(2026, 6, 15), c.FIN_UN_AN)),         # 25th birthday: one year
    (date(2025, 12, 1), (date(2026, 12, 1), c.FIN_UN_AN)),         # aged 25: past the 26th birthday
    (date(2026, 6, 14), (date(2027, 6, 14), c.FIN_UN_AN)),         # day before the 26th birthday
    (date(2026, 6, 15), (date(2026, 6, 15), c.FIN_ANNIVERSAIRE)),  # at 26 (ineligible): due at once
    (date(2019, 1, 1), (date(2026, 6, 15), c.FIN_ANNIVERSAIRE)),
])
def test_fin_prevue_birthdays(entry, expected):
    assert c.date_fin_prevue(BORN_JUNE, entry) == expected


def test_fin_prevue_leap_day_birth_entry_at_24():
    # Born 29/02/2000: aged 24 (not 25) on 29/02/2024, so the end is the 26th birthday,
    # reached on 01/03/2026 in a non-leap year.
    born = date(2000, 2, 29)
    assert c.date_fin_prevue(born, date(2024, 2, 29)) == (date(2026, 3, 1), c.FIN_ANNIVERSAIRE)
    assert c.date_fin_prevue(born, date(2025, 2, 28)) == (date(2026, 3, 1), c.FIN_ANNIVERSAIRE)


def test_fin_prevue_leap_day_birth_entry_at_25():
    born = date(2000, 2, 29)  # 25 on 01/03/2025
    assert c.date_fin_prevue(born, date(2025, 3, 1)) == (date(2026, 3, 1), c.FIN_UN_AN)
    assert c.date_fin_prevue(born, date(2025, 6, 1)) == (date(2026, 6, 1), c.FIN_UN_AN)


def test_fin_prevue_entry_on_leap_day_at_25():
    # Aged 25 on an entry of 29/02/2024: one year later is 28/02/2025 (never 01/03).
    assert c.date_fin_prevue(date(1998, 6, 10), date(2024, 2, 29)) == (date(2025, 2, 28), c.FIN_UN_AN)


def test_fin_prevue_radiation_before_birthday_wins():
    assert c.date_fin_prevue(BORN_JUNE, date(2024, 1, 1), date(2025, 8, 31)) == (
        date(2026, 2, 28), c.FIN_RADIATION)  # 31/08 + 6 months clamped to 28/02


def test_fin_prevue_radiation_after_birthday_ignored():
    assert c.date_fin_prevue(BORN_JUNE, date(2024, 1, 1), date(2026, 1, 1)) == (
        date(2026, 6, 15), c.FIN_ANNIVERSAIRE)


def test_fin_prevue_radiation_same_day_keeps_age_reason():
    assert c.date_fin_prevue(BORN_JUNE, date(2024, 1, 1), date(2025, 12, 15)) == (
        date(2026, 6, 15), c.FIN_ANNIVERSAIRE)


def test_fin_prevue_radiation_against_one_year():
    entry = date(2025, 9, 1)  # aged 25: end 01/09/2026
    assert c.date_fin_prevue(BORN_JUNE, entry, date(2026, 1, 10)) == (date(2026, 7, 10), c.FIN_RADIATION)
    assert c.date_fin_prevue(BORN_JUNE, entry, date(2026, 4, 1)) == (date(2026, 9, 1), c.FIN_UN_AN)


def test_fin_prevue_of_state():
    assert c.fin_prevue(c.CotraitanceState(), BORN) is None
    state = c.enregistrer_radiation(initialised(), date(2026, 3, 1), TODAY)
    assert c.fin_prevue(state, BORN) == (date(2026, 9, 1), c.FIN_RADIATION)
    assert {c.MOTIF_SORTIE_DE_FIN[k] for k, _ in c.FIN_RAISONS} <= set(dict(c.MOTIFS_SORTIE))


# --- delays ---------------------------------------------------------------------------------

def test_delays_none_when_step_missing():
    assert c.delai_acceptation(affected()) is None
    assert c.delai_initialisation(accepted()) is None
    assert (c.DELAI_ACCEPTATION_REF, c.DELAI_INITIALISATION_REF) == (15, 30)


# --- work list ------------------------------------------------------------------------------

def test_echeance_waiting_acceptation():
    state = affected()  # 05/01/2026
    assert not c.echeance(state, BORN, date(2026, 1, 12)).a_accepter_en_retard  # 7 days
    assert c.echeance(state, BORN, date(2026, 1, 13)).a_accepter_en_retard      # 8 days
    assert not c.echeance(state, BORN, date(2026, 1, 13), relance_jours=10).a_accepter_en_retard
    assert not c.echeance(accepted(), BORN, date(2026, 3, 1)).a_accepter_en_retard
    assert not c.echeance(refused(), BORN, date(2026, 3, 1)).a_accepter_en_retard


def test_echeance_to_initialise():
    assert c.echeance(accepted(), BORN, TODAY).a_initialiser
    assert not c.echeance(initialised(), BORN, TODAY).a_initialiser


def test_echeance_states():
    alert = c.changer_etat(initialised(), 2, date(2026, 3, 1), "x", TODAY)
    suspended = c.changer_etat(alert, 3, date(2026, 3, 2), "x", TODAY)
    e1, e2 = c.echeance(alert, BORN, TODAY), c.echeance(suspended, BORN, TODAY)
    assert (e1.en_alerte, e1.suspendu) == (True, False)
    assert (e2.en_alerte, e2.suspendu) == (False, True)
    assert not c.echeance(initialised(), BORN, TODAY).en_alerte


def test_echeance_exit_due_this_month_then_overdue():
    born = date(2000, 6, 15)  # 26 on 15/06/2026
    state = c.initialiser(c.accepter(c.affecter(born, date(2025, 1, 6), [2], TODAY),
                                     date(2025, 1, 8), TODAY), date(2025, 1, 20), TODAY)
    e = c.echeance(state, born, date(2026, 5, 31))
    assert (e.fin_prevue, e.raison_fin) == (date(2026, 6, 15), c.FIN_ANNIVERSAIRE)
    assert not e.sortie_due_ce_mois and not e.sortie_en_retard
    e = c.echeance(state, born, date(2026, 6, 1))
    assert e.sortie_due_ce_mois and not e.sortie_en_retard
    e = c.echeance(state, born, date(2026, 6, 15))
    assert e.sortie_due_ce_mois and not e.sortie_en_retard
    e = c.echeance(state, born, date(2026, 6, 16))
    assert e.sortie_en_retard and not e.sortie_due_ce_mois


def test_echeance_no_exit_flags_once_exited_or_not_accepted():
    born = date(2000, 6, 15)
    today = date(2026, 7, 1)
    state = c.affecter(born, date(2025, 1, 6), [2], today)
    assert not c.echeance(state, born, today).sortie_en_retard
    done = c.sortir(c.accepter(state, date(2025, 1, 8), today), date(2026, 6, 15), "age", today,
                    birth=born)
    e = c.echeance(done, born, today)
    assert e.phase == c.PHASE_SORTIE and not e.sortie_en_retard and not e.sortie_due_ce_mois


def test_echeance_empty_state():
    e = c.echeance(c.CotraitanceState(), BORN, TODAY)
    assert e == c.Echeance(phase=c.PHASE_AUCUNE)


# --- exit reasons checked against the facts (art. 4.3) ----------------------------------------

LATE = date(2031, 1, 1)  # « today » far enough for every exit date below


def test_exit_after_radiation_needs_a_radiation():
    with pytest.raises(TransitionError, match="aucune radiation n'est enregistrée") as err:
        c.sortir(initialised(), date(2026, 9, 1), "radiation", LATE, birth=BORN)
    assert err.value.field == "motif_sortie" and "action « Radiation »" in err.value.message


def test_exit_after_radiation_needs_six_months():
    state = c.enregistrer_radiation(initialised(), date(2026, 3, 31), TODAY)
    with pytest.raises(TransitionError, match="les 6 mois sont atteints le 30/09/2026") as err:
        c.sortir(state, date(2026, 9, 29), "radiation", LATE, birth=BORN)
    assert err.value.field == "date_sortie" and "radiation date du 31/03/2026" in err.value.message
    done = c.sortir(state, date(2026, 9, 30), "radiation", LATE, birth=BORN)
    assert done.motif_sortie == "radiation"


def test_exit_at_26_needs_the_birthday_reached():
    with pytest.raises(TransitionError, match="le jeune aura 26 ans le 10/09/2029") as err:
        c.sortir(initialised(), date(2029, 9, 9), "age", LATE, birth=BORN)
    assert err.value.field == "date_sortie"
    assert c.sortir(initialised(), date(2029, 9, 10), "age", LATE, birth=BORN).motif_sortie == "age"
    with pytest.raises(TransitionError, match="date de naissance"):
        c.sortir(initialised(), date(2029, 9, 10), "age", LATE)


def test_exit_after_a_year_when_entered_at_25():
    born = date(2001, 1, 1)  # 25 on the affectation of 05/01/2026
    state = c.initialiser(c.accepter(c.affecter(born, D0, [1], TODAY), date(2026, 1, 12), TODAY),
                          date(2026, 2, 2), TODAY)
    with pytest.raises(TransitionError, match=r"entré\(e\) en cotraitance à 25 ans le 05/01/2026, "
                                              "son année d'accompagnement s'achève le 05/01/2027"):
        c.sortir(state, date(2027, 1, 4), "age", LATE, birth=born)
    assert c.sortir(state, date(2027, 1, 5), "age", LATE, birth=born).date_sortie == date(2027, 1, 5)


def test_exit_for_a_move_needs_an_address_outside_the_territory_or_a_recorded_move():
    with pytest.raises(TransitionError, match="dans le territoire de la Mission Locale") as err:
        c.sortir(initialised(), date(2026, 4, 1), "demenagement", TODAY, hors_territoire=False)
    assert "Indiquez la nouvelle adresse" in err.value.message
    with pytest.raises(TransitionError, match="rien n'indique un déménagement"):
        c.sortir(initialised(), date(2026, 4, 1), "demenagement", TODAY)
    with pytest.raises(TransitionError):  # a new address inside the territory is no move out
        c.sortir(initialised(), date(2026, 4, 1), "demenagement", TODAY, hors_territoire=False,
                 demenagement_enregistre=True)
    assert c.sortir(initialised(), date(2026, 4, 1), "demenagement", TODAY,
                    hors_territoire=True).motif_sortie == "demenagement"
    assert c.sortir(initialised(), date(2026, 4, 1), "demenagement", TODAY,
                    demenagement_enregistre=True).motif_sortie == "demenagement"
