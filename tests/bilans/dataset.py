"""A small Mission Locale whose every figure is known: the expected values of the reports.

2026 is the current year (tests fix today to 24/11/2026), 2025 the comparison year.
Rows are inserted straight through the models (the reports only read them).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from milo_desktop.domain.cotraitance import criteres_to_mask
from milo_desktop.domain.text import fold
from milo_desktop.persistence import models as m

D = date.fromisoformat


class Data:
    def __init__(self, ref_data):
        self.sites = {k: v.id for k, v in ref_data["sites"].items()}
        self.users = {k: v.id for k, v in ref_data["users"].items()}
        self.jeunes: dict[str, m.Jeune] = {}
        self.entreprises: dict[str, m.Entreprise] = {}
        self.offres: dict[str, m.Offre] = {}
        self.agences: dict[str, m.AgenceEmploi] = {}


def _jeune(s, data, key, sexe, naissance, site, referent, niveau=None, qpv=False, zrr=False):
    j = m.Jeune(nom=f"Nom{key}", prenom=f"Prenom{key}", sexe=sexe, date_naissance=D(naissance),
                site_id=data.sites[site], referent_id=data.users[referent], niveau_formation=niveau,
                qpv=qpv, zrr=zrr, nom_fold=fold(f"Nom{key}"), prenom_fold=fold(f"Prenom{key}"))
    s.add(j)
    data.jeunes[key] = j


def _jeunes(s, data):
    for row in (
        ("J1", "F", "2008-03-10", "siege", "conseiller", "NV5", True, False),
        ("J2", "M", "2004-06-01", "antenne", "conseiller2", "NV4", False, True),
        ("J3", "F", "2001-02-01", "siege", "conseiller", "NV3"),
        ("J4", "M", "2007-09-09", "siege", "conseiller"),
        ("J5", "F", "2003-12-12", "antenne", "conseiller2", "NV5"),
        ("J6", "M", "2005-05-05", "siege", "conseiller", "NV4", True),
        ("J7", "F", "2006-07-07", "siege", "conseiller2", "NV4"),
        ("J8", "M", "2002-01-01", "antenne", "conseiller2", "NV2", False, True),
        ("J9", "F", "2005-01-01", "siege", "conseiller", "NV5"),
        ("J10", "M", "2000-06-30", "antenne", "conseiller2", "NV4"),
        ("J11", "F", "2009-01-01", "siege", "conseiller", "AFS"),
        ("J12", "F", "2004-04-04", "siege", "conseiller", "NV4"),
    ):
        _jeune(s, data, *row)
    s.flush()


def _cot(s, data, key, affect, criteres, accept=None, init=None, refus=None, sortie=None, motif=None,
         etats=()):
    phase = ("sortie" if sortie else "refusee" if refus else "accompagnement" if init else
             "acceptee" if accept else "affectation")
    data.jeunes[key].cotra_phase = phase
    c = m.Cotraitance(jeune_id=data.jeunes[key].id, phase=phase, date_affectation=D(affect),
                      criteres=criteres_to_mask(criteres), date_acceptation=accept and D(accept),
                      date_initialisation=init and D(init), date_refus=refus and D(refus),
                      motif_refus="Hors critères" if refus else None,
                      date_sortie=sortie and D(sortie), motif_sortie=motif,
                      etat=etats[-1][1] if etats else (1 if init else None))
    s.add(c)
    s.flush()
    for when, etat in etats:
        s.add(m.CotraitanceEtat(cotraitance_id=c.id, date=D(when), etat=etat, motif="test"))


def _cotraitance(s, data):
    _cot(s, data, "J1", "2026-01-15", [1], "2026-01-20", "2026-02-10")
    _cot(s, data, "J2", "2026-01-28", [2, 3], "2026-02-20", "2026-03-05", etats=[("2026-06-01", 2)])
    _cot(s, data, "J3", "2026-02-10", [4], "2026-02-12", "2026-03-30", sortie="2026-09-15", motif="age")
    _cot(s, data, "J4", "2026-03-03", [1], refus="2026-03-10")
    _cot(s, data, "J5", "2026-03-20", [1, 4])
    _cot(s, data, "J6", "2026-05-05", [3], "2026-05-19")
    _cot(s, data, "J7", "2026-07-01", [2], "2026-07-03", "2026-07-10", sortie="2026-11-20",
         motif="demenagement", etats=[("2026-08-01", 3), ("2026-10-01", 1)])
    _cot(s, data, "J8", "2026-11-02", [1], "2026-11-05", "2026-11-18")
    _cot(s, data, "J9", "2025-01-10", [1], "2025-01-30", "2025-02-20", sortie="2025-12-01", motif="radiation")
    _cot(s, data, "J10", "2025-06-15", [2], "2025-06-20", "2025-08-01")
    _cot(s, data, "J11", "2025-12-20", [4], "2026-01-05", "2026-01-25")


def _journal(s, data):
    for key, when, kind, statut in (
        ("J1", "2026-02-11", "entretien_individuel", "present"),
        ("J1", "2026-04-11", "entretien_individuel", "present"),
        ("J1", "2026-05-11", "atelier", "present"),
        ("J1", "2026-06-11", "entretien_individuel", "absent"),
        ("J2", "2026-03-06", "entretien_telephonique", "present"),
        ("J10", "2026-03-06", "mise_en_relation", "present"),
        ("J3", "2025-06-01", "entretien_individuel", "present"),
        ("J12", "2026-01-10", "entretien_individuel", "present"),
        ("J12", "2026-02-10", "entretien_individuel", "present"),
        ("J12", "2026-03-10", "entretien_individuel", "present"),
    ):
        s.add(m.Evenement(jeune_id=data.jeunes[key].id, date=D(when), type=kind, statut=statut))


def _objectifs(s):
    for annee, total in ((2026, 100), (2025, 90)):
        o = m.ObjectifAnnee(annee=annee, total_regional=total, seuil_alerte_pct=Decimal("10"))
        s.add(o)
        s.flush()
        for ordre, (nom, defm, cle, nous) in enumerate((
                ("Mission Locale de Test", 300, "30", True), ("Mission Locale Nord", 500, "45", False),
                ("Mission Locale Sud", 200, "25", False)), start=1):
            s.add(m.ObjectifLigne(objectif_id=o.id, ordre=ordre, mission_locale=nom, defm=defm,
                                  cle_activite=Decimal(cle), est_nous=nous))


def _offre(s, data, key, recueil, nature, source, statut, postes=1, delegation=False, date_statut=None,
           saisie=None, entreprise=None, site="siege", plateforme=None):
    o = m.Offre(intitule=f"Offre {key}", intitule_fold=fold(f"Offre {key}"), type_contrat="CDD",
                nature_contrat=nature, source=source, statut=statut, nb_postes=postes,
                delegation=delegation, date_recueil=D(recueil), date_statut=date_statut and D(date_statut),
                date_saisie_ft=saisie and D(saisie), site_id=data.sites[site],
                entreprise_id=entreprise and data.entreprises[entreprise].id, plateforme_id=plateforme,
                numero_ft=f"{key}ABCDEF"[:7] if saisie else None)
    s.add(o)
    data.offres[key] = o


def _offres(s, data):
    for key, nom, reseau in (("medef", "Boulangerie Martin", "medef"), ("ims", "Groupe Solidaire", "ims")):
        e = m.Entreprise(raison_sociale=nom, raison_fold=fold(nom), reseau=reseau)
        s.add(e)
        data.entreprises[key] = e
    pf1 = m.PlateformeVocation(nom="Plateforme de vocation de Foix")
    pf2 = m.PlateformeVocation(nom="Plateforme de vocation de Pamiers")
    s.add_all([pf1, pf2])
    s.flush()
    _offre(s, data, "O1", "2026-02-01", "E1", "prospection_ml", "saisie", 2, saisie="2026-02-03")
    _offre(s, data, "O2", "2026-03-01", "E2", "medef", "pourvue", 1, True, "2026-04-15", "2026-03-02", "medef")
    _offre(s, data, "O3", "2026-04-10", "FU", "ims", "a_saisir", 1, True, entreprise="ims", site="antenne")
    _offre(s, data, "O4", "2026-05-05", "E1", "plateforme_vocation", "annulee", 3, True, "2026-06-01",
           "2026-05-06", plateforme=pf1.id)
    _offre(s, data, "O5", "2026-06-06", "E1", "prospection_ml", "recueillie", 1)
    _offre(s, data, "O6", "2025-09-09", "E1", "medef", "expiree", 1, False, "2025-12-01", "2025-09-10", "medef")
    s.flush()
    j, o = data.jeunes, data.offres
    for offre, jeune, when, res, motif in (
        ("O2", "J1", "2026-03-10", "retenu", None), ("O2", "J2", "2026-03-11", "non_retenu", "experience"),
        ("O4", "J6", "2026-05-20", "non_retenu", "echec_mrs"), ("O1", "J1", "2026-02-15", "en_attente", None),
        ("O3", "J12", "2026-04-20", "retenu", None), ("O6", "J9", "2025-09-20", "abandon", None),
    ):
        s.add(m.MiseEnRelation(offre_id=o[offre].id, jeune_id=j[jeune].id, date=D(when), resultat=res,
                               motif_non_retenu=motif))
    for jeune, when, ok in (("J6", "2026-05-10", False), ("J2", "2026-05-12", True), ("J1", "2025-03-03", True)):
        s.add(m.EvaluationMrs(plateforme_id=pf1.id, jeune_id=j[jeune].id, date=D(when), reussie=ok))


def _fastt(s, data):
    rows = (
        ("J1", "2026-03-01", "synthese_recue", True, False, dict(date_envoi="2026-03-02", date_entretien="2026-03-10",
                                                                 date_synthese="2026-03-20"),
         ["sante.mutuelle", "mobilite.permis"]),
        ("J2", "2026-04-01", "cloturee", True, True, dict(date_envoi="2026-04-02", date_injoignable="2026-04-15",
                                                          date_cloture="2026-04-20"), ["logement.recherche"]),
        ("J6", "2026-05-01", "preparee", False, False, {}, ["mobilite.permis", "budget"]),
        ("J9", "2025-10-01", "entretien_realise", True, False, dict(date_envoi="2025-10-02",
                                                                    date_entretien="2025-10-10"), ["mobilite.location"]),
    )
    for key, prep, statut, consent, sos, dates, besoins in rows:
        f = m.OrientationFastt(jeune_id=data.jeunes[key].id, statut=statut, date_preparation=D(prep),
                               consentement=consent, urgence_sos=sos, **{k: D(v) for k, v in dates.items()})
        s.add(f)
        s.flush()
        for code in besoins:
            s.add(m.BesoinFastt(orientation_id=f.id, code=code))


def _interim(s, data):
    for key, nom in (("A1", "Adecco Foix"), ("A2", "Manpower Pamiers"), ("A3", "Randstad Lavelanet")):
        data.agences[key] = m.AgenceEmploi(nom=nom)
        s.add(data.agences[key])
    s.flush()
    a, j = data.agences, data.jeunes
    s.add(m.ConventionAgence(agence_id=a["A1"].id, date_signature=D("2024-01-15"), duree_annees=3))
    s.add(m.ConventionAgence(agence_id=a["A2"].id, date_signature=D("2025-06-01"), duree_annees=1,
                             date_denonciation=D("2026-03-01")))
    for jeune, agence, when in (("J1", "A1", "2026-03-05"), ("J2", "A1", "2026-03-06"), ("J2", "A2", "2026-04-01"),
                                ("J6", "A2", "2026-05-05"), ("J9", "A1", "2025-10-05")):
        s.add(m.OrientationAgence(jeune_id=j[jeune].id, agence_id=a[agence].id, date=D(when)))
    for jeune, agence, kind, start, end, hours in (
        ("J1", "A1", "mission", "2026-03-15", "2026-04-15", "140"), ("J2", "A2", "mission", "2026-06-20", "2026-07-10", "105"),
        ("J1", "A1", "cdd", "2026-09-01", "2026-12-31", "560"), ("J9", "A1", "mission", "2025-11-01", "2026-01-31", "420"),
        ("J6", "A2", "cdi_interimaire", "2026-08-01", None, "150"),
    ):
        s.add(m.DelegationInterim(jeune_id=j[jeune].id, agence_id=a[agence].id, type_contrat=kind,
                                  date_debut=D(start), date_fin=end and D(end), heures=Decimal(hours),
                                  entreprise_utilisatrice="Usine A"))
    for jeune, action, start, result in (("J1", "tremplin", "2026-02-01", "terminee_succes"),
                                         ("J2", "tremplin", "2026-03-01", "en_cours"),
                                         ("J6", "starter", "2026-04-01", "abandon"),
                                         ("J9", "cipi", "2025-05-01", "terminee_succes")):
        s.add(m.ActionBranche(jeune_id=j[jeune].id, action=action, date_debut=D(start), resultat=result))


def _partenariats(s, data):
    e, j = data.entreprises, data.jeunes
    for jeune, ent, when, consent in (("J1", "ims", "2026-05-01", "2026-04-28"), ("J2", "ims", "2026-05-02", "2026-05-02"),
                                      ("J6", "medef", "2026-06-01", "2026-05-30"), ("J1", "ims", "2026-07-01", "2026-07-01"),
                                      ("J9", "medef", "2025-10-01", "2025-09-30")):
        s.add(m.TransmissionCv(jeune_id=j[jeune].id, entreprise_id=e[ent].id, date=D(when),
                               date_consentement=D(consent)))
    for reseau, kind, titre, when, jeunes, ents, ent in (
        ("medef", "forum", "Forum des métiers", "2026-03-20", 25, 12, None),
        ("ims", "job_training", "Job Training", "2026-10-05", 8, 3, "ims"),
        ("ims", "forum", "Forum Emploi & Diversité", "2026-11-10", 40, 15, None),
        ("medef", "forum", "Forum des métiers 2025", "2025-03-15", 20, 10, None),
        ("autre", "forum", "Forum de l'alternance", "2026-04-04", 30, 10, None),
    ):
        s.add(m.EvenementPartenaire(reseau=reseau, type=kind, titre=titre, date=D(when), nb_jeunes=jeunes,
                                    nb_entreprises=ents, entreprise_id=ent and e[ent].id))


def build(services, ref_data) -> Data:
    data = Data(ref_data)
    with services.ctx.store.write() as s:
        _jeunes(s, data)
        _cotraitance(s, data)
        _journal(s, data)
        _objectifs(s)
        _offres(s, data)
        _fastt(s, data)
        _interim(s, data)
        _partenariats(s, data)
    return data
