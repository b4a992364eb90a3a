"""Export tables for ``milo-desktop export offres`` and ``export entreprises`` (see services/exports.py).

Rows are streamed from one Core query each (no ORM objects), so 50 000 offers export quickly.
"""

from __future__ import annotations

from sqlalchemy import Integer, cast, func, select

from ..domain import offres as dom
from ..domain.entreprises import RESEAUX, TRANCHES_EFFECTIF, libelle
from ..persistence.models import Contact, Entreprise, MiseEnRelation, Offre

OFFRES_HEADERS = [
    "intitule", "code_rome", "libelle_rome", "type_contrat", "nature_contrat", "duree_mois",
    "temps_plein", "heures_hebdo", "commune", "code_postal", "qualification", "experience",
    "nb_postes", "mrs", "plan_action", "delegation", "motif_delegation", "statut", "date_statut", "numero_ft",
    "date_saisie_ft", "saisie_par", "source", "date_recueil", "date_debut", "date_fin",
    "entreprise", "siret", "nb_mises_en_relation", "mer_retenues",
]

ENTREPRISES_HEADERS = [
    "raison_sociale", "siret", "naf", "effectif", "adresse", "code_postal", "commune", "reseau",
    "contact_principal", "nb_contacts", "nb_offres", "nb_offres_en_cours", "nb_mises_en_relation",
    "notes",
]


def _oui_non(value) -> str:
    return "oui" if value else "non"


def _mer_counts():
    m = MiseEnRelation
    return (select(m.offre_id, func.count().label("n"),
                   func.sum(cast(m.resultat == "retenu", Integer)).label("plus"))
            .group_by(m.offre_id).subquery())


def offres_table(session, ctx):
    today = ctx.today()
    mer = _mer_counts()
    o = Offre
    q = (select(o.intitule, o.code_rome, o.libelle_rome, o.type_contrat, o.nature_contrat,
                o.duree_mois, o.temps_plein, o.heures_hebdo, o.commune, o.code_postal,
                o.qualification, o.experience, o.nb_postes, o.mrs, o.delegation,
                o.motif_delegation, o.statut, o.date_statut, o.numero_ft, o.date_saisie_ft,
                o.saisie_par, o.source, o.date_recueil, o.date_debut, o.date_fin,
                Entreprise.raison_sociale, Entreprise.siret, mer.c.n, mer.c.plus)
         .outerjoin(Entreprise, Entreprise.id == o.entreprise_id)
         .outerjoin(mer, mer.c.offre_id == o.id)
         .order_by(o.date_recueil.desc(), o.intitule_fold))

    def rows():
        for r in session.execute(q):
            statut = dom.statut_effectif(r.statut, r.date_fin, today)
            yield [r.intitule, r.code_rome, r.libelle_rome, r.type_contrat, r.nature_contrat,
                   r.duree_mois, "temps plein" if r.temps_plein else "temps partiel",
                   r.heures_hebdo, r.commune, r.code_postal,
                   str(r.qualification) if r.qualification is not None else None, r.experience,
                   r.nb_postes, _oui_non(r.mrs),
                   _oui_non(r.motif_delegation == dom.RAISON_PLAN_ACTION),
                   _oui_non(r.delegation), r.motif_delegation,
                   dom.STATUT_LABELS.get(statut, statut), r.date_statut, r.numero_ft,
                   r.date_saisie_ft, r.saisie_par, libelle(dom.SOURCES, r.source) or None,
                   r.date_recueil, r.date_debut, r.date_fin, r.raison_sociale, r.siret,
                   r.n or 0, int(r.plus or 0)]
    return OFFRES_HEADERS, rows()


def entreprises_table(session, ctx):
    e = Entreprise
    offres = (select(Offre.entreprise_id, func.count().label("n"),
                     func.sum(cast(Offre.statut.not_in(dom.STATUTS_TERMINAUX), Integer)).label("ouvertes"))
              .group_by(Offre.entreprise_id).subquery())
    mer = (select(Offre.entreprise_id, func.count().label("n"))
           .join(MiseEnRelation, MiseEnRelation.offre_id == Offre.id)
           .group_by(Offre.entreprise_id).subquery())
    contacts = (select(Contact.entreprise_id, func.count().label("n"), func.min(Contact.nom).label("nom"))
                .group_by(Contact.entreprise_id).subquery())
    q = (select(e.raison_sociale, e.siret, e.naf, e.effectif, e.adresse, e.code_postal, e.commune,
                e.reseau, contacts.c.nom, contacts.c.n, offres.c.n.label("nb_offres"),
                offres.c.ouvertes, mer.c.n.label("nb_mer"), e.notes)
         .outerjoin(offres, offres.c.entreprise_id == e.id)
         .outerjoin(mer, mer.c.entreprise_id == e.id)
         .outerjoin(contacts, contacts.c.entreprise_id == e.id)
         .order_by(e.raison_fold))

    def rows():
        for r in session.execute(q):
            yield [r.raison_sociale, r.siret, r.naf, libelle(TRANCHES_EFFECTIF, r.effectif) or None,
                   r.adresse, r.code_postal, r.commune, libelle(RESEAUX, r.reseau) or None,
                   r.nom, r.n or 0, r.nb_offres or 0, int(r.ouvertes or 0), r.nb_mer or 0, r.notes]
    return ENTREPRISES_HEADERS, rows()
