"""The permission matrix, as data: role × action → scope, and the action of every public
service method. ``services.base.Service`` applies it to every public method of every service
(``__init_subclass__``); a test fails on a public method missing here.

Scopes: ``aucun`` (refused), ``siens`` (the young people the account is référent of), ``sites``
(the young people of the account's sites, or whose référent it is), ``tout`` (the whole
Mission Locale). A method naming a young person (``jeune=`` below) is checked against that
person's référent and site; the other methods are allowed for any scope but ``aucun``.
"""

from __future__ import annotations

from dataclasses import dataclass

AUCUN, SIENS, SITES, TOUT = "aucun", "siens", "sites", "tout"
SCOPE_LABELS = {AUCUN: "—", SIENS: "ses dossiers", SITES: "ses sites", TOUT: "toute la Mission Locale"}
ROLE_CODES = ("conseiller", "agent_ft", "direction", "admin")

# action -> (French label, scope for conseiller, agent_ft, direction, admin)
MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    "reference.lire": ("Référentiels (Mission Locale, sites, personnes, codes)", TOUT, TOUT, TOUT, TOUT),
    "session": ("Sa session (site du jour, son mot de passe)", TOUT, TOUT, TOUT, TOUT),
    "jeunes.lire": ("Consulter les dossiers jeunes", SITES, SITES, TOUT, AUCUN),
    "jeunes.ecrire": ("Créer et modifier les dossiers jeunes", SITES, AUCUN, AUCUN, AUCUN),
    "notes.lire": ("Lire les textes libres (notes du journal, justifications, détails FASTT)", SITES, AUCUN, TOUT, AUCUN),
    "journal.ecrire": ("Écrire dans le journal du jeune", SITES, AUCUN, AUCUN, AUCUN),
    "cotraitance.lire": ("Consulter la cotraitance et ses listes de travail", SITES, TOUT, TOUT, AUCUN),
    "cotraitance.ecrire": ("Saisir les étapes de cotraitance", SITES, TOUT, AUCUN, AUCUN),
    "fastt.lire": ("Consulter FASTT, délégations d'intérim, orientations", SITES, AUCUN, TOUT, AUCUN),
    "fastt.ecrire": ("Saisir FASTT, délégations d'intérim, orientations", SITES, AUCUN, AUCUN, AUCUN),
    "partenaires.lire": ("Consulter agences, conventions, plateformes, événements", TOUT, TOUT, TOUT, AUCUN),
    "partenaires.ecrire": ("Modifier agences, conventions, plateformes, événements", TOUT, AUCUN, TOUT, AUCUN),
    "offres.lire": ("Consulter offres et entreprises", TOUT, TOUT, TOUT, AUCUN),
    "offres.ecrire": ("Saisir offres, entreprises et contacts", TOUT, TOUT, AUCUN, AUCUN),
    "offres.saisie": ("File « Offres à saisir » (saisie chez France Travail)", AUCUN, TOUT, AUCUN, AUCUN),
    "mer.ecrire": ("Mises en relation, évaluations MRS, transmissions de CV", SITES, TOUT, AUCUN, AUCUN),
    "tableau.lire": ("Tableau de bord (chiffres, sans données nominatives)", SITES, SITES, TOUT, TOUT),
    "bilans.lire": ("Bilans annuels", SITES, SITES, TOUT, AUCUN),
    "objectifs.lire": ("Consulter les objectifs", TOUT, TOUT, TOUT, AUCUN),
    "objectifs.ecrire": ("Fixer les objectifs et la clé de répartition", AUCUN, AUCUN, TOUT, AUCUN),
    "exports": ("Exporter des tables entières (Fichier ▸ Exporter, ligne de commande)", AUCUN, AUCUN, TOUT, AUCUN),
    "imports": ("Importer des fichiers", SITES, AUCUN, TOUT, AUCUN),
    "parametres.ecrire": ("Paramètres, seuils, logos, référentiel ROME", AUCUN, AUCUN, AUCUN, TOUT),
    "comptes.gerer": ("Comptes : créer, désactiver, rôles, mots de passe", AUCUN, AUCUN, AUCUN, TOUT),
    "sauvegarde": ("Sauvegarder la base", AUCUN, AUCUN, TOUT, TOUT),
    "anonymisation": ("Anonymiser les dossiers échus", AUCUN, AUCUN, TOUT, AUCUN),
    "audit.lire": ("Consultations et modifications d'un dossier (onglet de la fiche)", SIENS, AUCUN, TOUT, TOUT),
    "audit.tout": ("Journal d'audit de toute la Mission Locale (vue, export, vérification)", AUCUN, AUCUN, TOUT, TOUT),
    "demo": ("Base de démonstration", AUCUN, AUCUN, AUCUN, TOUT),
    "acces.exceptionnel": ("Lecture exceptionnelle d'un dossier, justifiée et tracée", AUCUN, AUCUN, AUCUN, TOUT),
}


def scope(role: str | None, action: str) -> str:
    row = MATRIX.get(action)
    if row is None or role not in ROLE_CODES:
        return AUCUN
    return row[1 + ROLE_CODES.index(role)]


@dataclass(frozen=True)
class Rule:
    action: str
    jeune: str | None = None   # the argument naming the young person (record scope)
    audit: str | None = None   # an event recorded on success: its action code


def R(action, jeune=None, audit=None):  # noqa: N802 - table notation
    return Rule(action, jeune, audit)


REF, SESSION = R("reference.lire"), R("session")
JL, JE = R("jeunes.lire", "jeune_id"), R("jeunes.ecrire", "jeune_id")
NOTES = R("notes.lire", "jeune_id")

# "area.method" (the attribute name in services.REGISTRY) -> rule
METHODS: dict[str, Rule] = {
    # settings
    # before a login: the login dialog's sites, the window's title, whether it is a demo store
    "settings.organisation": R("public"), "settings.sites": R("public"), "settings.get": R("public"),
    "settings.service_emploi_label": REF,
    "settings.utilisateurs": REF, "settings.utilisateur": REF,
    "settings.preferences": REF, "settings.is_configured": REF,
    "settings.set": SESSION,  # keys other than « session.* » need parametres.ecrire (checked inside)
    "settings.save_organisation": R("parametres.ecrire"), "settings.save_site": R("parametres.ecrire"),
    "settings.save_preferences": R("parametres.ecrire"),
    "settings.save_utilisateur": R("comptes.gerer"),
    # jeunes
    "jeunes.get": R("jeunes.lire", "jeune_id", audit="dossier.consultation"),
    "jeunes.fiche": R("jeunes.lire", "jeune_id", audit="dossier.impression"),
    "jeunes.fiche_pdf": R("jeunes.lire", "jeune_id", audit="dossier.impression"),
    "jeunes.has_any": R("jeunes.lire"), "jeunes.source": R("jeunes.lire"),
    "jeunes.find_duplicates": R("jeunes.lire"), "jeunes.count": R("tableau.lire"),
    "jeunes.create": R("jeunes.ecrire"), "jeunes.update": JE, "jeunes.archive": JE,
    "jeunes.unarchive": JE, "jeunes.reassign": R("jeunes.ecrire"),
    # journal (free texts)
    "journal.events": NOTES, "journal.upcoming": NOTES,
    "journal.add": R("journal.ecrire", "jeune_id"), "journal.update": R("journal.ecrire"),
    "journal.delete": R("journal.ecrire"),
    # cotraitance
    "cotraitance.current": R("cotraitance.lire", "jeune_id"), "cotraitance.has_any": R("cotraitance.lire"),
    "cotraitance.affecter": R("cotraitance.ecrire", "jeune_id"),
    **{f"cotraitance.{m}": R("cotraitance.ecrire") for m in (
        "accepter", "refuser", "initialiser", "changer_etat", "radiation", "annuler_radiation", "sortir")},
    "cotraitance.relance_jours": REF, "cotraitance.set_relance_jours": R("parametres.ecrire"),
    "cotraitance.work_lists": R("cotraitance.lire"), "cotraitance.work_list_counts": R("cotraitance.lire"),
    "cotraitance.entries_by_month": R("tableau.lire"),
    # objectifs
    "objectifs.years": R("objectifs.lire"), "objectifs.table": R("objectifs.lire"),
    "objectifs.suivi": R("objectifs.lire"), "objectifs.compute_from_csv": R("objectifs.lire"),
    "objectifs.import_csv": R("objectifs.ecrire"), "objectifs.save_table": R("objectifs.ecrire"),
    "objectifs.write_pdf": R("objectifs.lire", audit="pdf.objectifs"),
    # entreprises
    **{f"entreprises.{m}": R("offres.lire") for m in ("get", "choices", "count", "contacts", "sheet",
                                                        "list_source")},
    "entreprises.print_sheet": R("offres.lire", audit="pdf.entreprise"),
    **{f"entreprises.{m}": R("offres.ecrire") for m in ("save", "save_contact", "delete_contact")},
    # offres
    "offres.referentiel": REF, "offres.rome_origin": REF, "offres.libelle_rome": REF,
    "offres.search_rome": REF, "offres.import_rome": R("parametres.ecrire"),
    **{f"offres.{m}": R("offres.lire") for m in ("get", "historique", "for_entreprise", "count",
                                                  "list_source", "choices", "mer_count")},
    **{f"offres.{m}": R("offres.ecrire") for m in ("create", "update", "mettre_a_saisir",
                                                    "marquer_pourvue", "annuler", "expire_overdue")},
    "offres.marquer_saisie": R("offres.saisie"), "offres.queue": R("offres.saisie"),
    "offres.queue_count": R("offres.lire"), "offres.fiche_saisie": R("offres.saisie"),
    # mises en relation
    "mises_en_relation.propose": R("mer.ecrire"), "mises_en_relation.set_result": R("mer.ecrire"),
    "mises_en_relation.delete": R("mer.ecrire"), "mises_en_relation.get": R("offres.lire"),
    "mises_en_relation.for_offre": R("offres.lire"), "mises_en_relation.for_entreprise": R("offres.lire"),
    "mises_en_relation.for_jeune": R("jeunes.lire", "jeune_id"),
    "mises_en_relation.candidates": R("jeunes.lire"), "mises_en_relation.search_jeunes": R("jeunes.lire"),
    # MRS
    "mrs.plateformes": R("partenaires.lire"), "mrs.save_plateforme": R("partenaires.ecrire"),
    "mrs.offres_mrs": R("offres.lire"), "mrs.add_evaluation": R("mer.ecrire", "jeune_id"),
    "mrs.set_reussie": R("mer.ecrire"), "mrs.delete_evaluation": R("mer.ecrire"),
    "mrs.evaluations": R("jeunes.lire"), "mrs.stats": R("bilans.lire"), "mrs.bilan": R("bilans.lire"),
    # agences d'emploi, conventions
    "agences.alerte_jours": REF,
    **{f"agences.{m}": R("partenaires.lire") for m in ("agences", "agence", "conventions", "convention",
                                                        "renouvellements")},
    "agences.convention_pdf": R("partenaires.lire", audit="pdf.convention"),
    **{f"agences.{m}": R("partenaires.ecrire") for m in ("save_agence", "delete_agence",
                                                          "save_convention", "denoncer", "delete_convention")},
    "agences.orienter": R("fastt.ecrire", "jeune_id"), "agences.orientations": R("fastt.lire", "jeune_id"),
    "agences.delete_orientation": R("fastt.ecrire"),
    # intérim
    "interim.delegations_source": R("fastt.lire"), "interim.agences_choices": R("partenaires.lire"),
    "interim.delegations": R("fastt.lire", "jeune_id"), "interim.delegation": R("fastt.lire"),
    "interim.save_delegation": R("fastt.ecrire", "jeune_id"), "interim.delete_delegation": R("fastt.ecrire"),
    "interim.actions": R("fastt.lire", "jeune_id"), "interim.save_action": R("fastt.ecrire", "jeune_id"),
    "interim.delete_action": R("fastt.ecrire"), "interim.semestre": R("bilans.lire"),
    "interim.chiffres_annee": R("bilans.lire"),
    # FASTT
    "fastt.relance_jours": REF, "fastt.referrals_source": R("fastt.lire"), "fastt.referrals": R("fastt.lire"),
    "fastt.jeune_contact": R("fastt.lire", "jeune_id"), "fastt.referral": R("fastt.lire"),
    "fastt.for_jeune": R("fastt.lire", "jeune_id"), "fastt.in_progress": R("fastt.lire"),
    "fastt.overdue": R("fastt.lire"), "fastt.prepare": R("fastt.ecrire", "jeune_id"),
    "fastt.update": R("fastt.ecrire"), "fastt.delete": R("fastt.ecrire"), "fastt.advance": R("fastt.ecrire"),
    "fastt.fiche": R("fastt.lire"), "fastt.sheet_pdf": R("fastt.lire", audit="pdf.fastt"),
    "fastt.pdf_name": R("fastt.lire"), "fastt.email_draft": R("fastt.ecrire", audit="courriel.fastt"),
    "fastt.chiffres_annee": R("bilans.lire"),
    # partenariats
    "partenariats.evenements": R("partenaires.lire"), "partenariats.evenement": R("partenaires.lire"),
    "partenariats.save_evenement": R("partenaires.ecrire"), "partenariats.delete_evenement": R("partenaires.ecrire"),
    "partenariats.transmissions": R("jeunes.lire", "jeune_id"),
    "partenariats.transmettre_cv": R("mer.ecrire", "jeune_id"),
    "partenariats.delete_transmission": R("mer.ecrire"), "partenariats.chiffres": R("bilans.lire"),
    # bilans
    "bilans.kinds": REF, "bilans.period": REF, "bilans.site_id_by_name": REF, "bilans.ctx_sites": REF,
    "bilans.logos": REF, "bilans.partner_logos": REF, "bilans.set_partner_logo": R("parametres.ecrire"),
    "bilans.compute": R("bilans.lire"), "bilans.render_pdf": R("bilans.lire", audit="pdf.bilan"),
    "bilans.export": R("bilans.lire", audit="export.bilan"), "bilans.save_pdf": R("bilans.lire", audit="pdf.bilan"),
    "bilans.generate": R("bilans.lire", audit="pdf.bilan"),
    "tableau_de_bord.compute": R("tableau.lire"),
    # imports, exports
    "imports.kinds": REF, "imports.save_template": REF, "imports.analyse": R("imports"),
    "imports.run": R("imports", audit="import"), "imports.save_rejects": R("imports", audit="import.rejets"),
    "exports.table": R("exports"), "exports.export": R("exports", audit="export"),
    # demo, maintenance
    "demo.has_data": REF, "demo.generate": R("demo"),
    "maintenance.backup": R("sauvegarde", audit="sauvegarde"), "maintenance.echus": R("anonymisation"),
    "maintenance.anonymiser": R("anonymisation"),
    # comptes (accounts) — login itself needs no right
    "comptes.premier_demarrage": R("public"), "comptes.login": R("public"),
    "comptes.accounts_exist": R("public"), "comptes.etat_initial": R("public"), "comptes.policy_problem": R("public"),
    "comptes.changer_mot_de_passe": SESSION, "comptes.verrouiller": SESSION,
    "comptes.deverrouiller": SESSION, "comptes.fermer_session": SESSION,
    "comptes.comptes": R("comptes.gerer"), "comptes.creer": R("comptes.gerer"),
    "comptes.modifier": R("comptes.gerer"), "comptes.desactiver": R("comptes.gerer"),
    "comptes.reactiver": R("comptes.gerer"), "comptes.reinitialiser": R("comptes.gerer"),
    "comptes.acces_exceptionnel": R("acces.exceptionnel"),
    "comptes.matrice": REF,
    # audit
    "audit.pour_jeune": R("audit.lire", "jeune_id"), "audit.evenements": R("audit.tout"),
    "audit.verifier": R("audit.tout"), "audit.actions": R("audit.tout"), "audit.exporter": R("audit.tout", audit="export.audit"),
    "audit.purger": R("parametres.ecrire"),
}
PUBLIC = "public"


def rows() -> list[tuple[str, str, tuple[str, ...]]]:
    """(action, label, scope label per role) for Paramètres and the README."""
    return [(action, row[0], tuple(SCOPE_LABELS[s] for s in row[1:])) for action, row in MATRIX.items()]


def markdown() -> str:
    from ..domain.referentiel import ROLES, label
    head = "| action | " + " | ".join(label(ROLES, r) for r in ROLE_CODES) + " |"
    lines = [head, "|---" * (len(ROLE_CODES) + 1) + "|"]
    lines += [f"| {lab} | " + " | ".join(scopes) + " |" for _a, lab, scopes in rows()]
    return "\n".join(lines)
