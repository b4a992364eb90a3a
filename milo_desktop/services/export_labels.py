"""French column headers of the exports by kind, for people (Fichier ▸ Exporter, and the CLI's
``export --entetes francais``); the CLI writes the technical names by default.

One place for every kind: a column is named, in this order, by the kind's own label
(``BY_KIND``), by the import template's label when the kind can be imported (so a French export
can be imported back: « Nom d'usage », « Date de naissance »), by ``LABELS``, and at worst by
its technical name made readable (« nb_contacts » → « Nb contacts ») so that a column added to
an export is never left out.
"""

from __future__ import annotations

LABELS = {
    "nom": "Nom", "nom_usage": "Nom d'usage", "prenom": "Prénom", "sexe": "Sexe",
    "date_naissance": "Date de naissance", "adresse": "Adresse", "code_postal": "Code postal",
    "commune": "Commune", "telephone": "Téléphone", "email": "E-mail",
    "identifiant_ft": "Identifiant France Travail", "numero_imilo": "Numéro I-MILO",
    "niveau_formation": "Niveau de formation", "date_inscription_ft": "Date d'inscription France Travail",
    "indemnise": "Indemnisé", "qpv": "QPV", "zrr": "ZRR", "rqth": "RQTH", "permis_b": "Permis B",
    "vehicule": "Véhicule", "hebergement": "Hébergement", "referent": "Référent", "site": "Site",
    "programmes": "Programmes", "cotra_phase": "Phase de cotraitance", "cotra_etat": "État de cotraitance",
    "date_fin_prevue": "Date de fin prévue", "archive": "Archivée",
    "phase": "Phase", "date_affectation": "Date d'affectation", "criteres": "Critères",
    "date_acceptation": "Date d'acceptation", "date_refus": "Date de refus", "motif_refus": "Motif du refus",
    "date_initialisation": "Date d'initialisation", "etat": "État", "date_etat": "Date de l'état",
    "date_radiation": "Date de radiation", "date_sortie": "Date de sortie", "motif_sortie": "Motif de sortie",
    "raison_fin_prevue": "Raison de la fin prévue",
    "intitule": "Intitulé", "code_rome": "Code ROME", "libelle_rome": "Libellé ROME",
    "type_contrat": "Type de contrat", "nature_contrat": "Nature du contrat", "duree_mois": "Durée (mois)",
    "temps_plein": "Temps plein", "heures_hebdo": "Heures hebdomadaires", "qualification": "Qualification",
    "experience": "Expérience", "nb_postes": "Nombre de postes", "mrs": "MRS",
    "delegation": "Mise en relation déléguée", "motif_delegation": "Motif de la délégation",
    "statut": "Statut", "date_statut": "Date du statut", "numero_ft": "Numéro d'offre France Travail",
    "date_saisie_ft": "Date de saisie France Travail", "saisie_par": "Saisie par", "source": "Source",
    "date_recueil": "Date de recueil", "date_debut": "Date de début", "date_fin": "Date de fin",
    "entreprise": "Entreprise", "siret": "SIRET", "nb_mises_en_relation": "Mises en relation",
    "mer_retenues": "Mises en relation retenues", "plan_action": "Plan d'action partagé",
    "raison_sociale": "Raison sociale", "naf": "Code NAF", "effectif": "Effectif", "reseau": "Réseau",
    "contact_principal": "Contact principal", "nb_contacts": "Contacts", "nb_offres": "Offres",
    "nb_offres_en_cours": "Offres en cours", "notes": "Notes",
    "consentement": "Consentement", "date_consentement": "Date du consentement", "besoins": "Besoins",
    "urgence": "Urgence (SOS)", "agence": "Agence d'emploi", "date_debut_mission": "Début de mission prévu",
    "date_preparation": "Date de préparation", "date_envoi": "Date d'envoi", "date_entretien": "Date de l'entretien",
    "date_injoignable": "Date « injoignable »", "date_synthese": "Date de la synthèse",
    "date_cloture": "Date de clôture", "entreprise_utilisatrice": "Entreprise utilisatrice", "heures": "Heures",
}

BY_KIND = {
    "offres": {"statut": "Statut de l'offre"},
    "fastt": {"statut": "Statut de l'orientation"},
}

_IMPORTED = {"jeunes": "JEUNES", "offres": "OFFRES", "entreprises": "ENTREPRISES"}


def _import_labels(kind: str) -> dict[str, str]:
    if kind not in _IMPORTED:
        return {}
    from ..exchange import templates
    return {c.name: c.label for c in getattr(templates, _IMPORTED[kind], ())}


def readable(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def french_headers(kind: str, headers: list[str]) -> list[str]:
    """The French header of each technical column name of the ``kind`` export."""
    own, imported = BY_KIND.get(kind, {}), _import_labels(kind)
    return [own.get(h) or imported.get(h) or LABELS.get(h) or readable(h) for h in headers]
