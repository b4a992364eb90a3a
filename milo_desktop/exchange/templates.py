"""The three import kinds (jeunes, entreprises, offres): their columns and a documented template.

``SCHEMAS[kind]`` lists the columns a file may carry; headers are matched by name, label or
alias (:func:`milo_desktop.exchange.headers.match_headers`). :func:`template_text` is what
``milo-desktop import --template jeunes`` prints; :func:`template_sheets` gives the same as an
Excel workbook (a sheet to fill and a sheet describing the columns).
"""

from __future__ import annotations

import csv
import io

from milo_desktop.domain.errors import DomainError

from .headers import ColumnSpec, normalise
from .writing import Sheet

C = ColumnSpec
DATE = "date au format jj/mm/aaaa (ou aaaa-mm-jj)"
BOOL = "oui ou non (acceptés aussi : o/n, vrai/faux, 1/0, x pour oui) ; vide = non renseigné"
EMPLOYER_NEED = "obligatoire : SIRET ou Entreprise, au moins l'un des deux"
FICTIONAL_PHONE = "06 12 34 56 78"  # a well-formed example number (validated by phonenumbers)

_ADRESSE = ("Adresse postale", "Adresse complète", "Rue", "Voie")
_CP = ("CP", "Code postal", "Code_postal", "Cod. postal")
_COMMUNE = ("Ville", "Localité", "Commune de résidence")


def _contact_columns() -> tuple[ColumnSpec, ...]:
    return (
        C("contact_nom", "Contact", ("Nom du contact", "Contact nom", "Interlocuteur",
                                     "Nom contact", "Personne à contacter"),
          description="nom et prénom de l'interlocuteur", example="Claude EXEMPLE"),
        C("contact_telephone", "Téléphone du contact", ("Tél contact", "Téléphone contact",
                                                        "Tel contact", "Contact téléphone"),
          description="numéro à 10 chiffres ou au format +33", example=FICTIONAL_PHONE),
        C("contact_email", "E-mail du contact", ("Email contact", "Mail contact", "Courriel contact",
                                                 "Contact email", "Contact e-mail"),
          description="adresse électronique", example="contact@exemple.org"),
    )


JEUNES: tuple[ColumnSpec, ...] = (
    C("nom", "Nom", ("Nom de famille", "Nom de naissance", "NOM jeune", "Nom du jeune"),
      required=True, description="nom de naissance", example="EXEMPLE"),
    C("prenom", "Prénom", ("Prénoms", "Prénom(s)", "Prenom du jeune"),
      required=True, description="premier prénom ou prénoms", example="Camille"),
    C("date_naissance", "Date de naissance", ("Né(e) le", "Né le", "Née le", "DN", "DDN",
                                              "Date naiss", "Naissance", "Date de naiss"),
      required=True, kind="date", description=DATE, example="15/03/2006"),
    C("sexe", "Sexe", ("Genre", "H/F", "F/H", "F/M"),
      required=True, kind="code", description="F (femme) ou M (homme)", example="F"),
    C("identifiant_ft", "Identifiant France Travail",
      ("Identifiant FT", "IDE", "ID FT", "Identifiant Pôle emploi", "Identifiant PE", "ID PE",
       "Identifiant demandeur d'emploi", "Identifiant DE", "N° demandeur d'emploi"),
      kind="code", description="8 caractères : 7 chiffres et 1 lettre, ou 8 lettres et chiffres",
      example="1234567A"),
    C("numero_imilo", "Numéro I-MILO", ("I-MILO", "IMILO", "N° I-MILO", "Identifiant I-MILO",
                                        "Numéro dossier I-MILO", "ID I-MILO"),
      kind="code", description="numéro de dossier dans I-MILO", example="999999"),
    C("telephone", "Téléphone", ("Tél", "Tel", "Portable", "Mobile", "N° de téléphone",
                                 "Téléphone portable", "Tél portable"),
      description="numéro à 10 chiffres ou au format +33 (outre-mer accepté)",
      example=FICTIONAL_PHONE),
    C("email", "E-mail", ("Email", "Mail", "Courriel", "Adresse mail", "Adresse e-mail",
                          "Adresse électronique"),
      description="adresse électronique", example="camille.exemple@exemple.org"),
    C("adresse", "Adresse", _ADRESSE, description="numéro et voie", example="1 rue de l'Exemple"),
    C("code_postal", "Code postal", _CP, kind="code", description="5 chiffres", example="31000"),
    C("commune", "Commune", _COMMUNE, example="Toulouse", description="commune de résidence"),
    C("niveau_formation", "Niveau de formation", ("Niveau", "Niveau scolaire", "Niveau d'études",
                                                  "Niveau formation"),
      kind="code", example="NV4",
      description="code France Travail : AFS, CP4, CFG, C3A, C12, NV5 (CAP/BEP), NV4 (Bac), "
                  "NV3 (Bac+2), NV2 (Bac+3/4), NV1 (Bac+5 et plus)"),
    C("qpv", "QPV", ("Résidence QPV", "Quartier prioritaire", "ZUS", "Résident QPV"),
      kind="bool", description="réside en quartier prioritaire de la ville : " + BOOL, example="non"),
    C("zrr", "ZRR", ("Résidence ZRR", "Zone de revitalisation rurale", "Résident ZRR"),
      kind="bool", description="réside en zone de revitalisation rurale : " + BOOL, example="non"),
    C("rqth", "RQTH", ("Travailleur handicapé", "TH", "Reconnaissance travailleur handicapé"),
      kind="bool", description="reconnaissance de la qualité de travailleur handicapé : " + BOOL,
      example="non"),
    C("nom_usage", "Nom d'usage", ("Nom marital", "Nom d usage", "Nom utilisé"),
      description="nom d'usage s'il diffère du nom de naissance", example=""),
    C("date_inscription_ft", "Date d'inscription France Travail",
      ("Inscrit FT le", "Date inscription FT", "Date d'inscription Pôle emploi", "Inscription FT"),
      kind="date", description="inscription comme demandeur d'emploi : " + DATE, example=""),
    C("indemnise", "Indemnisé", ("Indemnisation", "Indemnisé FT", "ARE"),
      kind="bool", description="perçoit une indemnisation : " + BOOL, example="non"),
    C("permis_b", "Permis B", ("Permis", "Permis de conduire"),
      kind="bool", description="titulaire du permis B : " + BOOL, example="non"),
    C("vehicule", "Véhicule", ("Véhiculé", "Véhicule personnel"),
      kind="bool", description="dispose d'un véhicule : " + BOOL, example="non"),
    C("hebergement", "Hébergement", ("Type d'hébergement", "Logement", "Situation logement"),
      kind="code", description="autonome, parents, famille_amis, foyer_fjt, chrs_urgence, "
                               "sans_domicile, autre", example="parents"),
    C("date_premier_accueil", "Date de premier accueil",
      ("Premier accueil", "Date 1er accueil", "Date d'accueil", "Date de 1er accueil",
       "Accueilli le", "Accueillie le", "Date premier accueil ML"),
      kind="date", example="",
      description="premier accueil à la Mission Locale : " + DATE + " ; l'âge de 16 à 25 ans "
                  "est vérifié ce jour-là (vide : la date d'affectation en cotraitance, sinon "
                  "aujourd'hui)"),
    C("referent", "Référent", ("Conseiller", "Conseillère", "Conseiller référent",
                               "Référent ML", "Conseiller ML", "Référente"),
      description="e-mail ou « Prénom Nom » d'un utilisateur de MILO Desktop",
      example="conseiller.exemple@exemple.org"),
    C("site", "Site", ("Antenne", "Lieu d'accueil", "Point d'accueil", "Permanence", "Structure"),
      description="nom d'un site déclaré dans MILO Desktop", example="Siège"),
    C("date_affectation", "Date d'affectation", ("Affectation", "Date affectation PPAE",
                                                  "Date affectation cotraitance"),
      kind="date", description="cotraitance : " + DATE + " ; vide si pas en cotraitance",
      example="02/09/2024"),
    C("criteres", "Critères", ("Critères d'affectation", "Critère", "Critères cotraitance"),
      kind="text", example="1,3", need="obligatoire avec une date d'affectation",
      description="cotraitance : numéros des critères d'affectation (1 à 4) séparés par des "
                  "virgules — 1 projet mal défini, 2 situation personnelle, 3 absence de "
                  "repères ou de réseau, 4 qualification insuffisante"),
    C("date_acceptation", "Date d'acceptation", ("Acceptation", "Date acceptation"),
      kind="date", description="cotraitance : " + DATE, example="05/09/2024"),
    C("date_initialisation", "Date d'initialisation", ("Initialisation", "Date initialisation",
                                                        "Date initialisation parcours",
                                                        "Date de premier entretien"),
      kind="date", description="cotraitance, premier entretien : " + DATE, example="12/09/2024"),
    C("date_radiation", "Date de radiation", ("Radiation", "Date radiation",
                                              "Date de cessation d'inscription",
                                              "Date cessation inscription"),
      kind="date", description="radiation ou cessation d'inscription à France Travail : " + DATE,
      example=""),
)

ENTREPRISES: tuple[ColumnSpec, ...] = (
    C("raison_sociale", "Raison sociale", ("Entreprise", "Nom de l'entreprise", "Employeur",
                                           "Dénomination", "Société", "Nom entreprise", "Enseigne"),
      required=True, description="nom de l'employeur", example="EXEMPLE SERVICES"),
    C("siret", "SIRET", ("N° SIRET", "Numéro SIRET", "Siret établissement"),
      kind="code", description="14 chiffres (espaces acceptés), clé de contrôle vérifiée",
      example="12345678200010"),
    C("naf", "Code NAF", ("NAF", "APE", "Code APE", "NAF/APE", "Code NAF/APE", "Activité NAF"),
      kind="code", description="code d'activité, ex. 5610A", example="5610A"),
    C("effectif", "Effectif", ("Nombre de salariés", "Nb salariés", "Tranche d'effectif",
                               "Salariés", "Effectifs"),
      description="nombre de salariés ou tranche (ex. 12 ou 10-19)", example="10-19"),
    C("adresse", "Adresse", _ADRESSE, description="numéro et voie", example="1 rue de l'Exemple"),
    C("code_postal", "Code postal", _CP, kind="code", description="5 chiffres", example="31000"),
    C("commune", "Commune", _COMMUNE, description="commune de l'établissement", example="Toulouse"),
    C("reseau", "Réseau", ("Réseau partenaire", "Réseau employeur", "Partenariat", "Club"),
      kind="code", description="réseau partenaire, ex. MEDEF, IMS ; vide si aucun", example="MEDEF"),
    *_contact_columns(),
)

OFFRES: tuple[ColumnSpec, ...] = (
    C("intitule", "Intitulé", ("Intitulé du poste", "Poste", "Métier", "Titre de l'offre",
                               "Intitulé de l'offre", "Libellé du poste", "Emploi"),
      required=True, description="intitulé du poste", example="Agent d'entretien (exemple)"),
    C("code_rome", "Code ROME", ("ROME", "Code métier", "Code ROME du poste"),
      required=True, kind="code", description="1 lettre et 4 chiffres, ex. K2204 (référentiel "
      "ROME 4.0)", example="K2204"),
    C("type_contrat", "Type de contrat", ("Contrat", "Type contrat", "Type de contrat FT"),
      required=True, kind="code", example="CDD",
      description="code France Travail : CDI, CDD, MIS (intérim), SAI (saisonnier), "
                  "DIN (CDI intérimaire)…"),
    C("nature_contrat", "Nature du contrat", ("Nature contrat", "Nature", "Dispositif"),
      kind="code", example="E1",
      description="code France Travail : E1 contrat de travail, E2 apprentissage, "
                  "FS professionnalisation, FT CUI-CAE/PEC, FU CUI-CIE, I1 IAE ; vide = E1"),
    C("duree_mois", "Durée (mois)", ("Durée", "Durée du contrat", "Durée en mois", "Nb mois"),
      kind="int", description="durée du contrat en mois (nombre entier) ; vide pour un CDI",
      example="6"),
    C("temps_plein", "Temps plein", ("Temps complet", "Temps plein/partiel", "TP"),
      kind="bool", description="oui = temps plein, non = temps partiel ; vide = oui",
      example="non"),
    C("heures_hebdo", "Heures hebdomadaires", ("Heures par semaine", "Durée hebdomadaire",
                                               "Nb heures", "Heures", "Horaire hebdomadaire",
                                               "Durée hebdo"),
      kind="decimal", description="nombre d'heures par semaine, virgule décimale acceptée",
      example="24,5"),
    C("commune", "Lieu de travail", ("Commune", "Ville", "Commune du lieu de travail",
                                     "Lieu", "Localité"),
      description="commune du lieu de travail", example="Toulouse"),
    C("code_postal", "Code postal", _CP, kind="code",
      description="5 chiffres (lieu de travail)", example="31000"),
    C("salaire", "Salaire", ("Rémunération", "Salaire proposé", "Salaire brut"),
      description="texte libre, ex. « SMIC » ou « 1 900 € brut mensuel »", example="SMIC"),
    C("qualification", "Qualification", ("Niveau de qualification", "Qualif"),
      kind="int", example="3",
      description="code de 1 (manœuvre) à 9 (cadre)"),
    C("experience", "Expérience", ("Expérience exigée", "Expérience demandée", "Exp"),
      kind="code", description="D débutant accepté, S souhaitée, E exigée", example="D"),
    C("nb_postes", "Nombre de postes", ("Nb postes", "Postes", "Nombre de poste", "Nb de postes"),
      kind="int", description="nombre entier ; vide = 1", example="1"),
    C("mrs", "MRS", ("Méthode de recrutement par simulation", "Recrutement MRS",
                     "Plateforme de vocation"),
      kind="bool", description="recrutement par simulation : " + BOOL, example="non"),
    C("plan_action", "Plan d'action partagé", ("Plan d'action", "Offre plan d'action",
                                               "Plan d'action entreprise"),
      kind="bool", description="offre recueillie dans un plan d'action partagé avec France "
      "Travail (la mise en relation est déléguée) : oui ou non ; vide = non", example="non"),
    C("source", "Source", ("Origine", "Origine de l'offre", "Source de l'offre", "Canal"),
      kind="code", description="d'où vient l'offre, ex. prospection, MEDEF, IMS, agence d'emploi",
      example="prospection"),
    C("date_recueil", "Date de recueil", ("Recueillie le", "Date de réception", "Date recueil",
                                          "Date de l'offre", "Reçue le"),
      kind="date", description=DATE + " ; vide = date de l'import", example="03/02/2025"),
    C("description", "Description", ("Descriptif", "Description du poste", "Missions"),
      description="description du poste (texte libre)", example=""),
    C("date_debut", "Date de début", ("Date début", "Début", "Date de prise de poste"),
      kind="date", description="début de validité de l'offre : " + DATE, example=""),
    C("date_fin", "Date de fin", ("Date fin", "Fin de l'offre", "Date limite", "Date d'expiration",
                                  "Expire le"),
      kind="date", description="date limite de l'offre : " + DATE, example="31/03/2025"),
    C("siret", "SIRET", ("SIRET employeur", "N° SIRET", "Numéro SIRET", "SIRET entreprise"),
      kind="code", description="14 chiffres : relie l'offre à l'entreprise", example="12345678200010",
      need=EMPLOYER_NEED),
    C("entreprise", "Entreprise", ("Raison sociale", "Employeur", "Nom de l'entreprise",
                                   "Société", "Nom entreprise"),
      description="raison sociale de l'employeur (utilisée si le SIRET est absent ; une "
      "entreprise absente de la base est créée)", example="EXEMPLE SERVICES",
      need=EMPLOYER_NEED),
    *_contact_columns(),
)

SCHEMAS: dict[str, tuple[ColumnSpec, ...]] = {
    "jeunes": JEUNES,
    "entreprises": ENTREPRISES,
    "offres": OFFRES,
}

TITLES = {
    "jeunes": "jeunes (dossiers et cotraitance)",
    "entreprises": "entreprises",
    "offres": "offres d'emploi",
}

KIND_FORMATS = {
    "text": "texte",
    "date": "date jj/mm/aaaa",
    "int": "nombre entier",
    "decimal": "nombre (virgule décimale)",
    "bool": "oui / non",
    "code": "code",
}


def schema(kind: str) -> tuple[ColumnSpec, ...]:
    """The columns of an import kind; a French error for an unknown kind."""
    try:
        return SCHEMAS[kind]
    except KeyError:
        choices = ", ".join(SCHEMAS)
        raise DomainError(f"Type d'import inconnu « {kind} » : choisissez {choices}.", "type") from None


def template_rows(kind: str) -> tuple[list[str], list[str]]:
    """``(header labels, example values)`` for a file to fill in."""
    columns = schema(kind)
    return [c.label for c in columns], [c.example for c in columns]


def _csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerow(values)
    return out.getvalue()


def need(spec: ColumnSpec) -> str:
    """``obligatoire``, ``facultatif`` or the condition that makes the column required."""
    return spec.need or ("obligatoire" if spec.required else "facultatif")


def column_doc(spec: ColumnSpec) -> str:
    """``Date de naissance — obligatoire — date au format jj/mm/aaaa…``."""
    return f"{spec.label} — {need(spec)} — {spec.description or KIND_FORMATS[spec.kind]}"


def other_headers(spec: ColumnSpec) -> list[str]:
    """The aliases worth showing (not mere spellings of the label)."""
    label = normalise(spec.label)
    return [a for a in spec.aliases if normalise(a) != label]


def template_text(kind: str) -> str:
    """A documented CSV template: header line, an example row with fictional data, then the
    description of every column as ``#`` comment lines (to delete before importing)."""
    headers, example = template_rows(kind)
    lines = [_csv_line(headers), _csv_line(example), "\n"]
    lines += [line + "\n" for line in _template_notes(kind)]
    return "".join(lines)


def _template_notes(kind: str) -> list[str]:
    notes = [
        f"# Modèle d'import MILO Desktop : {TITLES[kind]}.",
        "# Ligne 1 : les noms des colonnes (l'ordre est libre, les colonnes facultatives",
        "#   peuvent être retirées). Ligne 2 : un exemple fictif, à remplacer par vos données.",
        "# Enregistrez en « CSV (séparateur : point-virgule) », en « CSV UTF-8 » ou en .xlsx,",
        "#   et supprimez ces lignes de commentaire (#) avant l'import.",
        "#",
        "# Colonnes :",
    ]
    for spec in schema(kind):
        notes.append(f"#   {column_doc(spec)}")
        if other_headers(spec):
            notes.append(f"#       aussi reconnu : {', '.join(other_headers(spec))}")
    return notes


def template_sheets(kind: str) -> list[Sheet]:
    """The template as a workbook: « Modèle » to fill in, « Colonnes » to read."""
    headers, example = template_rows(kind)
    doc_headers = ["Colonne", "Obligatoire", "Format attendu", "Exemple", "Autres intitulés acceptés"]
    doc_rows = [_doc_row(spec) for spec in schema(kind)]
    return [
        Sheet("Modèle", headers, [example]),
        Sheet("Colonnes", doc_headers, doc_rows, widths=[28, 12, 70, 22, 60]),
    ]


def _doc_row(spec: ColumnSpec) -> list[str]:
    return [spec.label, "oui" if spec.required else (spec.need or "non"),
            spec.description or KIND_FORMATS[spec.kind], spec.example, ", ".join(other_headers(spec))]
