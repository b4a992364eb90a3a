"""Helpers shared by the offers / employers / mises en relation tests."""

from __future__ import annotations

import uuid
from datetime import date

from stdnum import luhn

from milo_desktop.domain.entreprises import EntrepriseInput
from milo_desktop.domain.offres import OffreInput
from milo_desktop.domain.text import fold


def make_siret(siren8: str, nic4: str = "0001") -> str:
    """A valid SIRET built the way INSEE does (Luhn SIREN, then NIC and a Luhn key)."""
    siren = siren8 + luhn.calc_check_digit(siren8)
    return siren + nic4 + luhn.calc_check_digit(siren + nic4)


def entreprise(services, nom="Boulangerie Dupain", siret=None, **kw):
    data = EntrepriseInput(raison_sociale=nom, siret=siret, commune=kw.pop("commune", "Foix"),
                           code_postal=kw.pop("code_postal", "09000"), **kw)
    return services.entreprises.save(data)


def offre_input(**kw) -> OffreInput:
    values = dict(intitule="Vendeur / Vendeuse en boulangerie", code_rome="D1106",
                  type_contrat="CDD", nature_contrat="E1", duree_mois="6", commune="Foix",
                  code_postal="09000", nb_postes="1", source="prospection_ml",
                  date_recueil="20/11/2026", date_debut="01/12/2026", date_fin="31/12/2026",
                  experience="D", qualification="6")
    values.update(kw)
    return OffreInput(**values)


def add_jeune(services, nom="Martin", prenom="Léa", commune="Foix", programmes=(),
              naissance=date(2005, 3, 2), archive=False) -> uuid.UUID:
    """A young person inserted directly (the jeunes service is another area's)."""
    from milo_desktop.persistence.models import Jeune, Programme
    jid = uuid.uuid4()
    with services.ctx.store.write() as s:
        s.add(Jeune(id=jid, nom=nom.upper(), prenom=prenom, sexe="F", date_naissance=naissance,
                    commune=commune, nom_fold=fold(nom), prenom_fold=fold(prenom),
                    commune_fold=fold(commune) if commune else None, archive=archive))
        s.flush()
        for code, debut, fin in programmes:
            s.add(Programme(jeune_id=jid, code=code, date_debut=debut, date_fin=fin))
    return jid


def journal(services, jeune_id):
    """(type, date, note, source_type) of the young person's journal events."""
    from sqlalchemy import select
    from milo_desktop.persistence.models import Evenement
    with services.ctx.store.read() as s:
        return [(e.type, e.date, e.note, e.source_type) for e in s.scalars(
            select(Evenement).where(Evenement.jeune_id == jeune_id).order_by(Evenement.date))]


def as_user(services, ref_data, key: str):
    from milo_desktop.services import CurrentUser
    u = ref_data["users"][key]
    services.set_user(CurrentUser(u.id, u.nom_complet, u.role), ref_data["sites"]["siege"].id)
    return u
