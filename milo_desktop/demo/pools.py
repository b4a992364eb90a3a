"""Fixed vocabularies of the demo data, and the Faker pools computed once per run.

Everything here is invented or public reference data (commune names and postcodes, ROME and NAF
codes): no real person, company or note. Faker (``fr_FR``) is called a few thousand times to fill
the name pools; rows then pick from the pools with the run's ``random.Random``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..domain.text import fold

# --- territory: communes of the Ariège (09) -------------------------------------------------


@dataclass(frozen=True)
class Commune:
    nom: str
    code_postal: str
    poids: int  # share of the young people living there
    qpv: float  # probability of living in a quartier prioritaire (QPV)
    zrr: float  # probability of living in a zone de revitalisation rurale (ZRR)


COMMUNES: tuple[Commune, ...] = (
    Commune("Pamiers", "09100", 180, 0.38, 0.0),
    Commune("Foix", "09000", 120, 0.33, 0.0),
    Commune("Saint-Girons", "09200", 80, 0.25, 0.05),
    Commune("Lavelanet", "09300", 60, 0.30, 0.05),
    Commune("Saverdun", "09700", 40, 0.0, 0.15),
    Commune("Mazères", "09270", 30, 0.0, 0.15),
    Commune("Varilhes", "09120", 30, 0.0, 0.20),
    Commune("Tarascon-sur-Ariège", "09400", 30, 0.0, 0.35),
    Commune("Mirepoix", "09500", 25, 0.0, 0.35),
    Commune("Verniolle", "09340", 20, 0.0, 0.15),
    Commune("Ax-les-Thermes", "09110", 15, 0.0, 0.6),
    Commune("Le Fossat", "09130", 10, 0.0, 0.5),
    Commune("La Bastide-de-Sérou", "09240", 10, 0.0, 0.6),
    Commune("Le Mas-d'Azil", "09290", 10, 0.0, 0.6),
    Commune("Laroque-d'Olmes", "09600", 15, 0.0, 0.4),
    Commune("Lézat-sur-Lèze", "09210", 10, 0.0, 0.5),
    Commune("Castillon-en-Couserans", "09800", 8, 0.0, 0.7),
    Commune("Seix", "09140", 6, 0.0, 0.8),
    Commune("Massat", "09320", 5, 0.0, 0.8),
    Commune("Les Cabannes", "09310", 6, 0.0, 0.8),
)

DEPARTEMENT = "09"
TERRITOIRE_DEPARTEMENTS = (DEPARTEMENT,)  # the demo Mission Locale serves the whole Ariège

# where young people who left the territory now live (real postcode/commune pairs)
AILLEURS: tuple[Commune, ...] = (
    Commune("Toulouse", "31000", 1, 0.0, 0.0),
    Commune("Carcassonne", "11000", 1, 0.0, 0.0),
    Commune("Perpignan", "66000", 1, 0.0, 0.0),
    Commune("Montpellier", "34000", 1, 0.0, 0.0),
    Commune("Tarbes", "65000", 1, 0.0, 0.0),
)

# commune -> index in SITES of the site that follows its young people (default: the siège)
SITE_DES_COMMUNES = {
    "Pamiers": 1, "Saverdun": 1, "Mazères": 1, "Varilhes": 1, "Verniolle": 1, "Le Fossat": 1,
    "Lézat-sur-Lèze": 1, "Mirepoix": 1,
    "Saint-Girons": 2, "Castillon-en-Couserans": 2, "Seix": 2, "Massat": 2, "Le Mas-d'Azil": 2,
    "La Bastide-de-Sérou": 2,
}

# --- the Mission Locale --------------------------------------------------------------------

ORGANISATION = {
    "nom": "Mission Locale de la Vallée de l'Ariège",
    "adresse": "18 allées de Villote",
    "code_postal": "09000",
    "commune": "Foix",
    "departement": DEPARTEMENT,
    "telephone": "05 61 00 00 00",
    "email": "accueil@ml-demo.fr",
    "logo_path": None,
    "libelle_service_emploi": "France Travail",
}
DOMAINE_ML = "ml-demo.fr"

# (nom, type, adresse, code postal, commune)
SITES = (
    ("Siège de Foix", "siege", "18 allées de Villote", "09000", "Foix"),
    ("Antenne de Pamiers", "antenne", "5 rue du Collège", "09100", "Pamiers"),
    ("Point d'accueil du Couserans", "point_accueil", "2 place de la Mairie", "09200", "Saint-Girons"),
)
# (role, index of the site in SITES) for the ten users
UTILISATEURS = (
    ("conseiller", 0), ("conseiller", 0), ("conseiller", 0), ("conseiller", 1),
    ("conseiller", 1), ("conseiller", 2), ("conseiller", 2),
    ("agent_ft", 0), ("direction", 0), ("admin", 0),
)

# --- the annex table of the regional agreement (objectives) --------------------------------

# (Mission Locale, DEFM jeunes fin décembre, clé activité/résultat %) — first line is "us".
OBJECTIF_LIGNES = (
    ("Mission Locale Ariège", 11275, "5.26"),
    ("Mission Locale Aveyron", 13661, "7.00"),
    ("Mission Locale Toulouse", 45520, "20.19"),
    ("Mission Locale Haute-Garonne", 46656, "21.94"),
    ("Mission Locale Gers", 9880, "4.59"),
    ("Mission Locale Lot", 7693, "5.12"),
    ("Mission Locale Hautes-Pyrénées", 18066, "11.26"),
    ("Mission Locale Tarn Nord", 12743, "7.60"),
    ("Mission Locale Tarn Sud", 14866, "8.06"),
    ("Mission Locale Tarn-et-Garonne", 18339, "8.98"),
)
OBJECTIF_TOTAL = 5787
OBJECTIF_SEUIL = "10"

# --- young people ---------------------------------------------------------------------------

AGES_ENTREE = ((16, 4), (17, 7), (18, 12), (19, 13), (20, 13), (21, 12), (22, 11), (23, 10),
               (24, 9), (25, 9))
NIVEAUX = (("AFS", 2), ("CP4", 2), ("CFG", 4), ("C3A", 12), ("C12", 10), ("NV5", 30),
           ("NV4", 27), ("NV3", 7), ("NV2", 4), ("NV1", 2))
HEBERGEMENTS = (("parents", 55), ("autonome", 18), ("famille_amis", 10), ("foyer_fjt", 6),
                ("chrs_urgence", 3), ("sans_domicile", 1), ("autre", 2), (None, 5))
DOMAINES_MAIL = ("mail-demo.fr", "courriel-demo.fr", "messagerie-demo.fr")

# --- journal --------------------------------------------------------------------------------

# (type, weight, modalities with weights) — mise_en_relation and delegation_interim events are
# written by the generators of those records, never at random.
TYPES_EVENEMENT = (
    ("entretien_individuel", 36, (("presentiel", 85), ("visio", 15))),
    ("entretien_telephonique", 20, (("telephone", 1),)),
    ("atelier", 10, (("presentiel", 80), ("visio", 20))),
    ("email_sms", 15, ((None, 1),)),
    ("prescription", 7, (("presentiel", 60), ("telephone", 40))),
    ("visite_entreprise", 3, (("presentiel", 1),)),
    ("autre", 9, (("presentiel", 50), ("telephone", 30), (None, 20))),
)
STATUTS_PASSES = (("present", 78), ("absent", 10), ("annule", 5), ("reporte", 7))
TYPES_SANS_RDV = frozenset({"email_sms", "prescription"})

NOTES = {
    "entretien_individuel": (
        "Point sur le projet professionnel.", "Travail sur le CV et la lettre de motivation.",
        "Bilan de la période d'immersion.", "Préparation d'un entretien d'embauche.",
        "Point sur les démarches de recherche d'emploi.", "Échange sur les freins à la mobilité.",
        "Point sur la situation administrative.", "Définition des prochaines étapes du parcours.",
        "Recherche de formations qualifiantes.", "Point d'étape mensuel.",
        "Aide à la création de l'espace candidat.", "Orientation vers un atelier collectif.",
    ),
    "entretien_telephonique": (
        "Relance suite à l'absence au rendez-vous.", "Prise de nouvelles.",
        "Confirmation du rendez-vous de la semaine prochaine.", "Point rapide sur les candidatures.",
        "Information sur une offre d'emploi.", "Suivi après la reprise d'emploi.",
    ),
    "atelier": (
        "Atelier CV.", "Information collective sur le CEJ.", "Atelier simulation d'entretien.",
        "Atelier recherche d'emploi sur internet.", "Information collective alternance.",
        "Atelier gestion du budget.", "Information collective métiers de l'aide à la personne.",
    ),
    "email_sms": (
        "Envoi d'offres d'emploi.", "Rappel du rendez-vous.", "Envoi de la liste des forums.",
        "Transmission des documents demandés.", "Envoi des coordonnées de l'organisme de formation.",
    ),
    "prescription": (
        "Prescription d'une prestation France Travail.", "Prescription d'une immersion (PMSMP).",
        "Orientation vers un organisme de formation.", "Prescription d'un bilan de compétences.",
        "Demande d'aide financière (FAJ).",
    ),
    "visite_entreprise": (
        "Visite d'entreprise avec un groupe de jeunes.", "Découverte des métiers de la logistique.",
        "Visite d'un chantier de formation.",
    ),
    "autre": (
        "Démarches administratives.", "Accompagnement à un rendez-vous extérieur.",
        "Point avec un partenaire du parcours.", "Aide à la constitution d'un dossier de logement.",
    ),
}
NOTE_PREMIER_ACCUEIL = "Premier accueil : présentation de l'offre de services."
NOTE_INITIALISATION = "Initialisation du parcours PPAE délégué (cotraitance)."

# --- cotraitance ----------------------------------------------------------------------------

# criterion code -> probability it is recorded (at least one is forced)
CRITERES_PROBA = ((1, 0.55), (2, 0.35), (3, 0.40), (4, 0.30))
MOTIFS_REFUS = (
    "Jeune déjà accompagné par un autre dispositif.",
    "Jeune ne résidant pas sur le territoire de la Mission Locale.",
    "Jeune injoignable après plusieurs relances.",
    "Le jeune ne souhaite pas être accompagné par la Mission Locale.",
)
MOTIFS_ETAT = {
    1: ("Reprise de contact et des démarches.", "Retour après la suspension.",
        "Reprise de l'accompagnement après la fin du contrat court."),
    2: ("Deux absences successives aux rendez-vous.", "Pas de nouvelles depuis plus d'un mois.",
        "Démarches de recherche d'emploi interrompues."),
    3: ("Entrée en formation longue.", "Contrat de travail de plus de six mois.",
        "Indisponibilité temporaire (raison familiale).", "Séjour hors du territoire."),
}
MOTIF_INITIALISATION = "Initialisation du parcours"

# --- employers and offers -------------------------------------------------------------------


@dataclass(frozen=True)
class Secteur:
    prefixes: tuple[str, ...]
    naf: tuple[str, ...]
    metiers: tuple[tuple[str, str], ...]  # (code ROME, intitulé d'offre)
    poids: int


SECTEURS: tuple[Secteur, ...] = (
    Secteur(("Restaurant", "Brasserie", "Auberge"), ("56.10A",),
            (("G1602", "Commis de cuisine"), ("G1605", "Plongeur en restauration"),
             ("G1603", "Équipier polyvalent de restauration")), 14),
    Secteur(("Restauration rapide",), ("56.10C",),
            (("G1603", "Équipier polyvalent de restauration rapide"),), 6),
    Secteur(("Supermarché", "Supérette", "Épicerie"), ("47.11D", "47.11B"),
            (("D1507", "Employé de rayon libre-service"), ("D1106", "Vendeur en épicerie")), 12),
    Secteur(("Maçonnerie", "Bâtiment"), ("43.99C", "41.20A"),
            (("F1703", "Maçon"), ("F1602", "Électricien du bâtiment")), 10),
    Secteur(("Électricité",), ("43.21A",), (("F1602", "Électricien du bâtiment"),), 4),
    Secteur(("Garage", "Auto Service"), ("45.20A",), (("I1604", "Mécanicien automobile"),), 7),
    Secteur(("Transports", "Logistique"), ("49.41A", "52.10B"),
            (("N1103", "Préparateur de commandes"), ("N1105", "Manutentionnaire")), 10),
    Secteur(("Salaisons", "Fromagerie", "Conserverie"), ("10.13A", "10.51C", "10.39A"),
            (("H2102", "Conducteur de ligne en industrie alimentaire"),), 6),
    Secteur(("Composites", "Plasturgie"), ("22.29A",),
            (("H3203", "Mouleur-stratifieur"), ("H2909", "Assembleur monteur")), 4),
    Secteur(("Propreté", "Nettoyage"), ("81.21Z", "81.22Z"),
            (("K2204", "Agent de nettoyage industriel"),), 8),
    Secteur(("Aide à domicile", "Services à la personne"), ("88.10A",),
            (("K1302", "Assistant de vie"), ("K1304", "Employé familial")), 9),
    Secteur(("Paysages", "Jardins"), ("81.30Z",), (("A1203", "Agent d'entretien des espaces verts"),), 5),
    Secteur(("Cabinet", "Agence"), ("69.20Z", "82.11Z"), (("M1607", "Secrétaire"),), 5),
)
SUFFIXES_ENTREPRISE = ("", "", "", " et Fils", " SARL", " SAS", " & Associés", " Ariège", " Pyrénées")
EFFECTIFS = (("0", 10), ("1-9", 45), ("10-49", 28), ("50-249", 12), ("250-999", 4), ("1000+", 1))
RESEAUX_ENTREPRISE = (("prospection_ml", 45), ("medef", 20), ("ims", 8), ("agence_emploi", 5),
                      ("france_travail", 12), ("autre", 10))
FONCTIONS_CONTACT = ("Gérant", "Gérante", "Responsable des ressources humaines",
                     "Directeur d'établissement", "Directrice", "Chef d'équipe",
                     "Assistante de direction", "Responsable de magasin")
DOMAINE_ENTREPRISES = "entreprise-demo.fr"

NATURES_OFFRE = (("E1", 60), ("E2", 10), ("FS", 7), ("FT", 8), ("FU", 5), ("I1", 10))
TYPES_E1 = (("CDI", 30), ("CDD", 40), ("MIS", 15), ("SAI", 10), ("DIN", 5))
QUALIFICATIONS_OFFRE = ((1, 6), (2, 14), (3, 12), (4, 5), (5, 25), (6, 28), (7, 6), (8, 3), (9, 1))
EXPERIENCES_OFFRE = (("D", 55), ("S", 35), ("E", 10))
SALAIRES = ("SMIC", "Selon convention collective", "1 850 € brut mensuel", "1 900 € brut mensuel",
            "12,50 € brut horaire", "2 000 € brut mensuel", "Selon profil",
            "Rémunération apprentissage selon l'âge")
DESCRIPTIONS_OFFRE = (
    "Poste à pourvoir rapidement, débutant accepté, formation assurée en interne.",
    "Au sein d'une équipe de cinq personnes, vous participez aux tâches quotidiennes de l'atelier.",
    "Travail en équipe, horaires en journée, week-end occasionnel.",
    "Vous serez accompagné par un tuteur pendant votre période d'intégration.",
    "Poste accessible en transport en commun. Permis B apprécié.",
    "Horaires variables selon l'activité, prime de fin d'année.",
)
COMMENTAIRES_OFFRE = {
    "recueillie": "Offre recueillie auprès de l'employeur.",
    "a_saisir": "Offre transmise à l'agent dédié pour saisie.",
    "pourvue": "Poste pourvu.",
    "annulee": "Recrutement annulé par l'employeur.",
    "expiree": "Offre arrivée à échéance sans recrutement.",
}
PLATEFORMES = (("Plateforme de vocation de Foix", "Foix"),
               ("Plateforme de vocation de Pamiers", "Pamiers"),
               ("Plateforme de vocation du Couserans", "Saint-Girons"))
MOTIFS_NON_RETENU = (("profil", 20), ("experience", 18), ("qualification", 8), ("mobilite", 12),
                     ("horaires", 8), ("savoir_etre", 6), ("absent_entretien", 8),
                     ("refus_jeune", 8), ("poste_pourvu", 10), ("autre", 2))

# --- Mission Jeunes -------------------------------------------------------------------------

AGENCES = (
    ("Intérim Pyrénées Emploi", "Indépendant", "Foix"),
    ("Ariège Travail Temporaire", "Réseau national", "Pamiers"),
    ("Cap Intérim Foix", "Réseau national", "Foix"),
    ("Couserans Emploi Services", "Indépendant", "Saint-Girons"),
    ("Plein Emploi Intérim", "Réseau national", "Pamiers"),
    ("Vallée Intérim", "Groupement d'agences", "Lavelanet"),
    ("Horizon Travail Temporaire", "Réseau national", "Saverdun"),
    ("Pays d'Olmes Intérim", "Indépendant", "Lavelanet"),
)
TYPES_DELEGATION = (("mission", 75), ("cdi_interimaire", 8), ("cdd", 10), ("cdi", 7))
ACTIONS = (("tremplin", 30), ("starter", 25), ("spott", 15), ("cipi", 12), ("cdpi", 8),
           ("mission_handicap", 10))
BESOINS_POIDS = {
    "mobilite.permis": 30, "mobilite.location": 12, "mobilite.achat_vehicule": 6,
    "mobilite.financement": 10, "logement.recherche": 20, "logement.mission": 10,
    "sante.mutuelle": 22, "sante.prevention": 5, "garde_enfants.creche": 5,
    "garde_enfants.urgence_domicile": 3, "budget": 12, "famille": 4,
    "difficultes_sociales.service_social": 6,
}
BESOINS_DETAILS = {
    "mobilite.permis": "Code obtenu, financement de la conduite à trouver.",
    "mobilite.location": "Mission à 30 km sans transport en commun.",
    "mobilite.achat_vehicule": "Recherche d'un véhicule d'occasion.",
    "mobilite.financement": "Besoin d'une avance pour le carburant du premier mois.",
    "logement.recherche": "Hébergé chez un ami, cherche un logement autonome.",
    "logement.mission": "Mission prévue loin du domicile pendant trois semaines.",
    "sante.mutuelle": "Pas de mutuelle depuis la fin des études.",
    "sante.prevention": "Souhaite des informations sur la prévention au travail.",
    "garde_enfants.creche": "Recherche d'une place en crèche pour un enfant de deux ans.",
    "garde_enfants.urgence_domicile": "Horaires décalés, garde ponctuelle nécessaire.",
    "budget": "Difficultés à gérer le budget entre deux missions.",
    "famille": "Situation familiale à prendre en compte pour les horaires.",
    "difficultes_sociales.service_social": "Souhaite rencontrer une assistante sociale.",
}
DISPONIBILITES = ("En semaine après 17 h.", "Le matin avant 10 h.", "Mercredi après-midi.",
                  "Tous les jours sauf le jeudi.", "En fin de journée.", None)
RECOMMANDATIONS = (
    "Mettre en place une complémentaire santé via le FASTT ; rappeler les aides à la mobilité.",
    "Orienter vers la location de véhicule à tarif réduit pour la première mission.",
    "Accompagner la recherche de logement temporaire pendant la mission.",
    "Aucune difficulté majeure : information donnée sur les services du FASTT.",
    "Proposer un rendez-vous budget avec le conseiller du FASTT.",
)
PREFERENCES = (("telephone", 60), ("sms", 25), ("email", 15))
STATUTS_FASTT = (("preparee", 15), ("envoyee", 12), ("entretien_realise", 13), ("injoignable", 10),
                 ("synthese_recue", 20), ("cloturee", 30))

EVENEMENTS_PARTENAIRES = (
    ("medef", "info_collective", "Petit-déjeuner entreprises et Mission Locale"),
    ("medef", "parrainage", "Lancement d'une promotion de parrainage"),
    ("medef", "visite", "Visite d'entreprise"),
    ("medef", "forum", "Forum des métiers qui recrutent"),
    ("ims", "job_training", "Job Training"),
    ("ims", "forum", "Forum Emploi & Diversité"),
    ("ims", "visite", "Découverte de l'entreprise"),
    ("autre", "forum", "Forum de l'alternance"),
    ("autre", "info_collective", "Information collective saisonniers"),
)


# First names frequently given in France around 2000-2010, mixed with Faker's (older) pool so
# that the young people do not all look forty.
PRENOMS_F_RECENTS = (
    "Emma", "Léa", "Chloé", "Manon", "Inès", "Camille", "Sarah", "Jade", "Lucie", "Clara",
    "Océane", "Marie", "Anaïs", "Lisa", "Julie", "Mathilde", "Pauline", "Laura", "Zoé", "Lola",
    "Maëlys", "Eva", "Romane", "Juliette", "Louise", "Alice", "Margaux", "Charlotte", "Lou",
    "Justine", "Émilie", "Morgane", "Clémence", "Ambre", "Nina", "Yasmine", "Lina", "Maeva",
    "Noémie", "Elisa",
)
PRENOMS_M_RECENTS = (
    "Lucas", "Hugo", "Théo", "Nathan", "Enzo", "Mathis", "Louis", "Thomas", "Maxime", "Clément",
    "Alexandre", "Antoine", "Quentin", "Baptiste", "Tom", "Noah", "Jules", "Léo", "Raphaël",
    "Arthur", "Gabriel", "Mathéo", "Kylian", "Evan", "Nolan", "Romain", "Valentin", "Dylan",
    "Kevin", "Florian", "Adam", "Yanis", "Rayan", "Axel", "Bastien", "Corentin", "Samuel",
    "Ethan", "Timéo", "Anthony",
)

# --- Faker pools ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePools:
    """Name pools drawn once from Faker fr_FR, with their folded forms precomputed."""

    noms: tuple[str, ...]
    prenoms_f: tuple[str, ...]
    prenoms_m: tuple[str, ...]
    rues: tuple[str, ...]

    @staticmethod
    def build(seed: int, sizes: tuple[int, int, int, int] = (900, 450, 450, 400)) -> "NamePools":
        from faker import Faker
        fake = Faker("fr_FR")
        fake.seed_instance(seed)
        n_noms, n_f, n_m, n_rues = sizes
        return NamePools(
            noms=_unique(fake.last_name().upper() for _ in range(n_noms)),
            prenoms_f=_recent_first(PRENOMS_F_RECENTS, (fake.first_name_female() for _ in range(n_f))),
            prenoms_m=_recent_first(PRENOMS_M_RECENTS, (fake.first_name_male() for _ in range(n_m))),
            rues=_unique(fake.street_name() for _ in range(n_rues)),
        )


def _recent_first(recent: tuple[str, ...], faker_names) -> tuple[str, ...]:
    """About two draws in three among the recent names: each is repeated in the pool."""
    older = _unique(faker_names)
    repeat = max(1, 2 * len(older) // len(recent))
    return tuple(name for name in recent for _ in range(repeat)) + older


def _unique(values) -> tuple[str, ...]:
    """First occurrence order (deterministic), no duplicates."""
    return tuple(dict.fromkeys(values))


@lru_cache(maxsize=None)
def slug(text: str) -> str:
    """``"Jean-Éloi D'Arc"`` -> ``"jean-eloi-d-arc"`` for e-mail local parts."""
    return fold(text).replace(" ", "-")
