"""Exit reasons checked against the facts through the service (art. 4.3 of the regional
agreement): each reason refused without its fact, with a message saying how to record it, and
accepted with it."""

from __future__ import annotations

from datetime import date

import pytest

from milo_desktop.domain import communes
from milo_desktop.domain.errors import DomainError, TransitionError
from milo_desktop.domain.jeunes import JeuneInput

from .test_cotraitance_service import make_jeune

ARIEGE = [c.code_insee for c in communes.referentiel().search("09")]


def followed(services, born="01/02/2005", cp="09100", commune="Pamiers", affectation=date(2026, 1, 5),
             nom="Martin"):
    j = services.jeunes.create(JeuneInput(nom=nom, prenom="Léa", sexe="F", date_naissance=born,
                                          code_postal=cp, commune=commune),
                               services.ctx.user.id, services.ctx.site_id, ["PPAE"])
    d = services.cotraitance.affecter(j.id, affectation, [1])
    d = services.cotraitance.accepter(d.id, d.version, affectation)
    return j, services.cotraitance.initialiser(d.id, d.version, affectation)


def test_radiation_reason_needs_a_radiation_six_months_old(services):
    _, d = followed(services)
    with pytest.raises(TransitionError, match="aucune radiation n'est enregistrée"):
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "radiation")
    d = services.cotraitance.radiation(d.id, d.version, date(2026, 6, 1))
    with pytest.raises(TransitionError, match="les 6 mois sont atteints le 01/12/2026"):
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "radiation")
    # « today » is 24/11/2026: an earlier radiation makes the exit possible
    d = services.cotraitance.annuler_radiation(d.id, d.version)
    d = services.cotraitance.radiation(d.id, d.version, date(2026, 5, 20))
    d = services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "radiation")
    assert d.phase == "sortie" and d.state.motif_sortie == "radiation"


def test_age_reason_needs_the_26th_birthday_reached(services):
    _, d = followed(services, born="25/11/2000", affectation=date(2025, 11, 20))  # 26 tomorrow
    with pytest.raises(TransitionError, match="le jeune aura 26 ans le 25/11/2026"):
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 24), "age")
    _, d = followed(services, born="01/12/2000", affectation=date(2025, 12, 5), nom="Petit")  # 25 at entry
    with pytest.raises(TransitionError, match="à 25 ans le 05/12/2025, son année d'accompagnement "
                                              "s'achève le 05/12/2026"):
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "age")
    jid = make_jeune(services, nom="DURAND", naissance=date(2000, 11, 20))  # 26 since 20/11/2026
    d = services.cotraitance.affecter(jid, date(2025, 11, 1), [1])
    d = services.cotraitance.accepter(d.id, d.version, date(2025, 11, 2))
    with pytest.raises(TransitionError, match="le jeune aura 26 ans le 20/11/2026"):
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 19), "age")
    assert services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "age").phase == "sortie"


def test_move_reason_without_territory_needs_the_new_address(services):
    j, d = followed(services)
    with pytest.raises(TransitionError, match="rien n'indique un déménagement") as err:
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "demenagement")
    assert "Paramètres ▸ Territoire" in err.value.message
    with pytest.raises(DomainError, match="aucune commune"):
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "demenagement", "20700", "Ajaccio")
    d = services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "demenagement", "31000", "Toulouse")
    assert d.phase == "sortie"
    assert (services.jeunes.get(j.id).code_postal, services.jeunes.get(j.id).commune) == ("31000", "TOULOUSE")


def test_move_reason_with_a_territory_needs_an_address_outside_it(services):
    services.territoire.save(ARIEGE)
    j, d = followed(services)
    with pytest.raises(TransitionError, match="l'adresse du jeune est dans le territoire"):
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "demenagement")
    with pytest.raises(TransitionError, match="dans le territoire"):  # a move within it
        services.cotraitance.sortir(d.id, d.version, date(2026, 11, 20), "demenagement", "09000", "Foix")
    assert services.jeunes.get(j.id).commune == "PAMIERS"  # nothing written on a refusal
    j2, d2 = followed(services, cp="31000", commune="Toulouse", nom="Petit")  # address already outside
    assert [r.jeune_id for r in services.cotraitance.work_lists()["hors_territoire"]] == [j2.id]
    d2 = services.cotraitance.sortir(d2.id, d2.version, date(2026, 11, 20), "demenagement")
    assert d2.phase == "sortie" and services.cotraitance.work_lists()["hors_territoire"] == ()
