"""FASTT « Point Conseils Intérimaire » referral (convention ``004_…``, annex 5).

A Mission Locale adviser orients a young person about to start their first temporary-work
missions to the FASTT, which phones them, reviews their needs and, **with their consent**, mails
the adviser a synthesis and recommendations (or notice that the person could not be reached).

Pure rules, no Qt and no SQL:

- the needs catalogue (:data:`CATEGORIES`, :data:`BESOINS`), the contact preferences, the statuses;
- the consent record and the consent gate on sending;
- the follow-up state machine ``préparée → envoyée → entretien réalisé | injoignable →
  synthèse reçue → clôturée``, each step dated;
- reminders (:func:`relance_due`) and the 48 h answer to urgent needs (:func:`echeance_sos`);
- what is passed to the FASTT (:func:`fiche_fastt_fields`: a whitelist, never journal notes)
  and the e-mail draft carrying the PDF (:func:`email_draft`).

Health needs are **categories only** (« mutuelle / complémentaire santé », « prévention »),
never diagnoses or medical details (domain guide §8): the detail typed for a need goes to the
FASTT and must stay practical (« pas de mutuelle depuis la fin des études »).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import PurePath

from .dates import add_months, add_years, format_date, parse_date
from .codes import required_code
from .errors import DomainError, Problems, TransitionError
from .text import clean, de

CodeList = tuple[tuple[str, str], ...]


# ---------------------------------------------------------------- needs catalogue (annex 5)


@dataclass(frozen=True)
class CategorieBesoin:
    """A family of needs; a category without sub-needs is itself selectable (code without dot)."""

    code: str
    libelle: str
    besoins: CodeList = ()


CATEGORIES: tuple[CategorieBesoin, ...] = (
    CategorieBesoin("sante", "Santé", (
        ("sante.mutuelle", "Mutuelle / complémentaire santé"),
        ("sante.prevention", "Prévention"),
    )),
    CategorieBesoin("logement", "Logement", (
        ("logement.recherche", "Recherche de logement"),
        ("logement.mission", "Logement pendant une mission loin du domicile"),
    )),
    CategorieBesoin("mobilite", "Mobilité", (
        ("mobilite.location", "Location de voiture ou deux-roues"),
        ("mobilite.permis", "Permis de conduire"),
        ("mobilite.achat_vehicule", "Achat de véhicule"),
        ("mobilite.financement", "Financement"),
    )),
    CategorieBesoin("garde_enfants", "Garde d'enfants", (
        ("garde_enfants.urgence_domicile", "Garde d'urgence à domicile"),
        ("garde_enfants.creche", "Crèche"),
    )),
    CategorieBesoin("budget", "Budget / crédit"),
    CategorieBesoin("famille", "Famille"),
    CategorieBesoin("difficultes_sociales", "Difficultés sociales", (
        ("difficultes_sociales.service_social", "Service social"),
    )),
)


def _selectable(cat: CategorieBesoin) -> CodeList:
    return cat.besoins or ((cat.code, cat.libelle),)


BESOINS: CodeList = tuple(pair for cat in CATEGORIES for pair in _selectable(cat))
"""Every need an adviser can tick: ``(code, libellé)``; codes are stable (stored, counted)."""

_CATEGORIE_BY_CODE = {cat.code: cat for cat in CATEGORIES}

DETAIL_MAX = 300
DISPONIBILITES_MAX = 300

PREFERENCES_CONTACT: CodeList = (("telephone", "Téléphone"), ("sms", "SMS"), ("email", "E-mail"))

STATUTS: CodeList = (
    ("preparee", "Préparée"),
    ("envoyee", "Envoyée"),
    ("entretien_realise", "Entretien réalisé"),
    ("injoignable", "Injoignable"),
    ("synthese_recue", "Synthèse reçue"),
    ("cloturee", "Clôturée"),
)

TRANSITIONS: dict[str, frozenset[str]] = {
    "preparee": frozenset({"envoyee"}),
    "envoyee": frozenset({"entretien_realise", "injoignable"}),
    # Closing straight after the interview: the young person refused the return of the
    # synthesis, or the FASTT never sent it. Without this the referral would stay open forever.
    "entretien_realise": frozenset({"synthese_recue", "cloturee"}),
    "injoignable": frozenset({"cloturee"}),
    "synthese_recue": frozenset({"cloturee"}),
    "cloturee": frozenset(),
}

EN_ATTENTE_FASTT = frozenset({"envoyee", "entretien_realise"})
"""States where the adviser waits for the FASTT (interview, then synthesis): reminders apply."""

RELANCE_JOURS = 10
SOS_DELAI = timedelta(hours=48)

MSG_CONSENTEMENT = ("Sans le consentement du jeune, l'orientation ne peut pas quitter "
                    "l'état « préparée ».")


def besoin_libelle(code: str) -> str:
    """Label of a need code (the code itself when unknown)."""
    return dict(BESOINS).get(code, code)


def categorie_of(code: str) -> CategorieBesoin:
    """The category of a need code (``"mobilite.permis"`` -> Mobilité)."""
    try:
        return _CATEGORIE_BY_CODE[code.partition(".")[0]]
    except KeyError:
        raise DomainError(f"Besoin « {code} » inconnu.", "besoins") from None


def statut_libelle(code: str) -> str:
    return dict(STATUTS).get(code, code)


def preference_libelle(code: str) -> str:
    return dict(PREFERENCES_CONTACT).get(code, code)


def _past_date(value: date | str | None, nom: str, field: str, today: date) -> date | None:
    """A parsed date that is not in the future (None stays None)."""
    when = parse_date(value, nom)
    if when is not None and when > today:
        raise DomainError(f"{nom.capitalize()} {format_date(when)} : elle est dans le futur.", field)
    return when


# ---------------------------------------------------------------- consent


@dataclass(frozen=True)
class Consent:
    """The young person's consent, with its scope: being contacted by the FASTT, and the FASTT
    mailing the synthesis of the interview back to the Mission Locale adviser."""

    donne: bool = False
    date: date | None = None
    recueilli_par: str | None = None
    contact_fastt: bool = False
    retour_synthese: bool = False


def validate_consent(consent: Consent, today: date) -> Consent:
    """Date and collector required when consent is given; no date in the future; a scope can
    only be ticked when consent is given. Problem keys are the attribute names."""
    p = Problems()
    when = p.check("date", _past_date, consent.date, "date du consentement", "date", today)
    recueilli_par = clean(consent.recueilli_par)
    if consent.donne:
        if when is None:
            p.add("date", "Date du consentement : obligatoire quand le consentement est donné.")
        if recueilli_par is None:
            p.add("recueilli_par",
                  "Consentement recueilli par : obligatoire quand le consentement est donné.")
    else:
        scopes = (("contact_fastt", "Contact par le FASTT"), ("retour_synthese", "Retour de la synthèse"))
        for field, nom in scopes:
            if getattr(consent, field):
                p.add(field, f"{nom} : impossible sans le consentement du jeune.")
    p.raise_if_any()
    return replace(consent, date=when, recueilli_par=recueilli_par)


def peut_envoyer(consent: Consent | None) -> bool:
    """The consent gate: the young person agreed to be contacted by the FASTT."""
    return consent is not None and consent.donne and consent.contact_fastt and consent.date is not None


# ---------------------------------------------------------------- referral input


@dataclass(frozen=True)
class ReferralInput:
    """A referral as typed. ``besoins`` holds ``(code, détail)`` pairs; the detail is sent
    to the FASTT (practical facts only, never a diagnosis)."""

    besoins: Sequence[tuple[str, str | None]] = ()
    urgence_sos: bool = False
    preference_contact: str | None = None
    disponibilites: str | None = None
    agence: str | None = None
    date_debut_mission: date | str | None = None


def _check_besoin(code: str | None, detail: str | None) -> tuple[str, str | None]:
    code = clean(code)
    if code not in dict(BESOINS):
        raise DomainError(f"Besoin « {code or ''} » inconnu.", "besoins")
    text = clean(detail)
    if text is not None and len(text) > DETAIL_MAX:
        raise DomainError(
            f"Détail du besoin « {besoin_libelle(code)} » : {DETAIL_MAX} caractères au plus "
            "(l'essentiel pour le FASTT).", "besoins")
    return code, text


Besoins = tuple[tuple[str, str | None], ...]


def _check_besoins(besoins: Sequence[tuple[str, str | None]], p: Problems) -> Besoins:
    if not besoins:
        p.add("besoins", "Une orientation FASTT doit comporter au moins un besoin.")
    result: list[tuple[str, str | None]] = []
    for index, (code, detail) in enumerate(besoins):
        pair = p.check(f"besoins[{index}]", _check_besoin, code, detail)
        if pair is None:
            continue
        if any(seen == pair[0] for seen, _ in result):
            p.add(f"besoins[{index}]", f"Besoin « {besoin_libelle(pair[0])} » : saisi deux fois.")
        else:
            result.append(pair)
    return tuple(result)


def _check_debut_mission(value: date | str | None, today: date) -> date | None:
    """Planned mission start: at most one month ago (referral typed late), at most one year ahead."""
    start = parse_date(value, "date de début de mission")
    if start is None:
        return None
    if start < add_months(today, -1):
        raise DomainError(
            f"Date de début de mission {format_date(start)} : plus d'un mois avant aujourd'hui ; "
            "le Point Conseils Intérimaire prépare les premières missions.", "date_debut_mission")
    if start > add_years(today, 1):
        raise DomainError(
            f"Date de début de mission {format_date(start)} : plus d'un an après aujourd'hui.",
            "date_debut_mission")
    return start


def _bounded(value: str | None, max_len: int, nom: str, field: str) -> str | None:
    text = clean(value)
    if text is not None and len(text) > max_len:
        raise DomainError(f"{nom} : {max_len} caractères au plus.", field)
    return text


def validate_referral(data: ReferralInput, today: date) -> ReferralInput:
    """All problems at once (one ValidationError), else a cleaned copy: known need codes without
    duplicates, details trimmed and bounded, contact preference known, mission date parsed."""
    p = Problems()
    result = replace(
        data,
        besoins=_check_besoins(data.besoins, p),
        urgence_sos=bool(data.urgence_sos),
        preference_contact=p.check("preference_contact", required_code, PREFERENCES_CONTACT,
                                   data.preference_contact, "preference_contact", "Préférence de contact"),
        disponibilites=p.check("disponibilites", _bounded, data.disponibilites, DISPONIBILITES_MAX,
                               "Disponibilités", "disponibilites"),
        agence=p.check("agence", _bounded, data.agence, 200, "Agence d'emploi", "agence"),
        date_debut_mission=p.check("date_debut_mission", _check_debut_mission,
                                   data.date_debut_mission, today),
    )
    p.raise_if_any()
    return result


# ---------------------------------------------------------------- follow-up state machine


@dataclass(frozen=True)
class Etape:
    """One dated step of the follow-up (the history row)."""

    statut: str
    date: date
    recommandations: str | None = None


def transitions_possibles(statut: str) -> tuple[str, ...]:
    """Next statuses, in display order."""
    allowed = TRANSITIONS.get(statut, frozenset())
    return tuple(code for code, _ in STATUTS if code in allowed)


def _check_allowed(statut: str, cible: str) -> None:
    for code in (statut, cible):
        if code not in TRANSITIONS:
            raise TransitionError(f"Statut d'orientation « {code} » inconnu.", "statut")
    if cible not in TRANSITIONS[statut]:
        raise TransitionError(
            f"Une orientation « {statut_libelle(statut)} » ne peut pas passer "
            f"à « {statut_libelle(cible)} ».",
            "statut")


def _check_consent_for(cible: str, consent: Consent | None) -> None:
    if cible == "envoyee" and not peut_envoyer(consent):
        raise TransitionError(MSG_CONSENTEMENT, "consentement")
    if cible == "synthese_recue" and not (consent and consent.donne and consent.retour_synthese):
        raise TransitionError(
            "Sans l'accord du jeune pour le retour de la synthèse, la synthèse du FASTT ne peut pas "
            "être enregistrée : clôturez l'orientation.", "consentement")


def _check_step_date(value: date | str | None, previous: date | None, today: date) -> date:
    when = _past_date(value, "date de l'étape", "date", today)
    if when is None:
        raise DomainError("Date de l'étape : obligatoire.", "date")
    if previous is not None and when < previous:
        raise DomainError(
            f"Date de l'étape {format_date(when)} : antérieure à l'étape précédente "
            f"({format_date(previous)}).",
            "date")
    return when


def check_transition(
    statut: str,
    cible: str,
    date_etape: date | str | None,
    *,
    date_precedente: date | None,
    today: date,
    consent: Consent | None = None,
    recommandations: str | None = None,
) -> Etape:
    """The dated step taking a referral from ``statut`` to ``cible``, or a refusal.

    TransitionError: the move is not in :data:`TRANSITIONS`, or the consent does not cover it
    (sending needs consent to be contacted by the FASTT; recording the synthesis needs consent to
    its return). ValidationError: missing/future step date, date before the previous step or the
    consent, recommendations missing when the synthesis is recorded.
    """
    _check_allowed(statut, cible)
    _check_consent_for(cible, consent)
    p = Problems()
    when = p.check("date", _check_step_date, date_etape, date_precedente, today)
    if cible == "envoyee" and when is not None and consent.date is not None and when < consent.date:
        p.add("date", f"Date d'envoi {format_date(when)} : antérieure au consentement "
                      f"({format_date(consent.date)}).")
    text = clean(recommandations) if cible == "synthese_recue" else None
    if cible == "synthese_recue" and text is None:
        p.add("recommandations", "Préconisations du FASTT : obligatoires pour enregistrer la synthèse.")
    p.raise_if_any()
    return Etape(cible, when, text)


# ---------------------------------------------------------------- reminders and SOS


def relance_due(statut: str, last_step_date: date, today: date, jours: int = RELANCE_JOURS) -> bool:
    """True when the referral waits for the FASTT (envoyée, entretien réalisé) and nothing happened
    for ``jours`` days since the last step. Other states wait for the adviser, not the FASTT."""
    if jours < 1:
        raise DomainError("Délai de relance : au moins 1 jour.", "jours")
    return statut in EN_ATTENTE_FASTT and today >= last_step_date + timedelta(days=jours)


def echeance_sos(date_envoi: date | datetime) -> date | datetime:
    """When the FASTT's answer to an urgent need (logique SOS) is due: 48 h after sending.
    A plain date (steps are dated by day) gives the day two days later."""
    if isinstance(date_envoi, datetime):
        return date_envoi + SOS_DELAI
    return date_envoi + timedelta(days=SOS_DELAI.days)


def sos_en_retard(urgence_sos: bool, statut: str, date_envoi: date, today: date) -> bool:
    """An urgent referral still « envoyée » after its 48 h deadline."""
    if isinstance(date_envoi, datetime):
        date_envoi = date_envoi.date()
    return urgence_sos and statut == "envoyee" and today > echeance_sos(date_envoi)


# ---------------------------------------------------------------- what the FASTT receives


@dataclass(frozen=True)
class BesoinFiche:
    categorie: str
    besoin: str
    detail: str | None


@dataclass(frozen=True)
class FicheFastt:
    """Everything the FASTT receives, and nothing else (no journal, no notes, no situation)."""

    nom: str
    prenom: str
    date_naissance: date | None
    telephone: str | None
    email: str | None
    commune: str | None
    agence: str | None
    date_debut_mission: date | None
    besoins: tuple[BesoinFiche, ...]
    urgence_sos: bool
    preference_contact: str
    disponibilites: str | None
    consentement_date: date
    consentement_recueilli_par: str | None
    retour_synthese: bool
    conseiller_nom: str
    conseiller_telephone: str | None
    conseiller_email: str | None
    mission_locale: str | None


IDENTITE_CHAMPS = ("nom", "prenom", "date_naissance", "telephone", "email", "commune")
"""The only keys read from the young person's record."""
CONSEILLER_CHAMPS = ("prenom", "nom", "telephone", "email", "mission_locale")
"""The only keys read from the adviser's record."""


def _text(source: Mapping[str, object], key: str) -> str | None:
    value = source.get(key)
    return clean(str(value)) if value is not None else None


def _check_reachable(fiche: FicheFastt, p: Problems) -> None:
    if fiche.preference_contact in ("telephone", "sms") and not fiche.telephone:
        p.add("telephone", f"Préférence de contact « {preference_libelle(fiche.preference_contact)} » : "
                           "le téléphone du jeune est nécessaire.")
    if fiche.preference_contact == "email" and not fiche.email:
        p.add("email", "Préférence de contact « E-mail » : l'e-mail du jeune est nécessaire.")
    if not fiche.nom or not fiche.prenom:
        p.add("nom", "Nom et prénom du jeune : obligatoires pour le FASTT.")
    if not fiche.conseiller_nom:
        p.add("conseiller_nom", "Nom du conseiller : obligatoire pour le FASTT.")
    if fiche.retour_synthese and not fiche.conseiller_email:
        p.add("conseiller_email", "E-mail du conseiller : nécessaire pour recevoir la synthèse du FASTT.")


def fiche_fastt_fields(
    jeune: Mapping[str, object],
    referral: ReferralInput,
    consent: Consent,
    conseiller: Mapping[str, object],
) -> FicheFastt:
    """What is sent to the FASTT, built from a whitelist (:data:`IDENTITE_CHAMPS`,
    :data:`CONSEILLER_CHAMPS`): any other key of ``jeune`` (journal, notes, situation…) is
    ignored. ``referral`` must have been through :func:`validate_referral`. Refused without the
    young person's consent to be contacted by the FASTT."""
    if not peut_envoyer(consent):
        raise DomainError("Sans le consentement du jeune, aucune information n'est transmise au FASTT.",
                          "consentement")
    conseiller_nom = " ".join(filter(None, (_text(conseiller, "prenom"), _text(conseiller, "nom"))))
    fiche = FicheFastt(
        nom=_text(jeune, "nom") or "",
        prenom=_text(jeune, "prenom") or "",
        date_naissance=parse_date(jeune.get("date_naissance"), "date de naissance"),
        telephone=_text(jeune, "telephone"),
        email=_text(jeune, "email"),
        commune=_text(jeune, "commune"),
        agence=referral.agence,
        date_debut_mission=parse_date(referral.date_debut_mission, "date de début de mission"),
        besoins=tuple(BesoinFiche(categorie_of(code).libelle, besoin_libelle(code), detail)
                      for code, detail in referral.besoins),
        urgence_sos=referral.urgence_sos,
        preference_contact=referral.preference_contact or "",
        disponibilites=referral.disponibilites,
        consentement_date=consent.date,
        consentement_recueilli_par=consent.recueilli_par,
        retour_synthese=consent.retour_synthese,
        conseiller_nom=conseiller_nom,
        conseiller_telephone=_text(conseiller, "telephone"),
        conseiller_email=_text(conseiller, "email"),
        mission_locale=_text(conseiller, "mission_locale"),
    )
    p = Problems()
    _check_reachable(fiche, p)
    p.raise_if_any()
    return fiche


def fiche_lignes(fiche: FicheFastt) -> list[tuple[str, str]]:
    """``(libellé, valeur)`` rows in reading order, for the PDF and the preview."""
    besoins = [(f"Besoin — {b.categorie}", b.besoin + (f" : {b.detail}" if b.detail else ""))
               for b in fiche.besoins]
    return [
        ("Nom", fiche.nom), ("Prénom", fiche.prenom),
        ("Date de naissance", format_date(fiche.date_naissance)),
        ("Téléphone", fiche.telephone or ""), ("E-mail", fiche.email or ""),
        ("Commune", fiche.commune or ""),
        ("Agence d'emploi", fiche.agence or ""),
        ("Début de mission prévu", format_date(fiche.date_debut_mission)),
        *besoins,
        ("Urgence (logique SOS, 48 h)", "Oui" if fiche.urgence_sos else "Non"),
        ("Préférence de contact", preference_libelle(fiche.preference_contact)),
        ("Disponibilités", fiche.disponibilites or ""),
        ("Consentement du jeune", f"Donné le {format_date(fiche.consentement_date)}"),
        ("Retour de la synthèse à la Mission Locale", "Oui" if fiche.retour_synthese else "Non"),
        ("Conseiller Mission Locale", fiche.conseiller_nom),
        ("Mission Locale", fiche.mission_locale or ""),
        ("Téléphone du conseiller", fiche.conseiller_telephone or ""),
        ("E-mail du conseiller", fiche.conseiller_email or ""),
    ]


# ---------------------------------------------------------------- e-mail draft

_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]{2,}$")


def _check_address(value: str, nom: str, field: str) -> str:
    raw = (value or "").strip()
    _, address = parseaddr(raw)
    if "\n" in raw or "\r" in raw or not _ADDRESS.match(address):
        raise DomainError(f"{nom} « {raw} » : adresse e-mail invalide.", field)
    return raw


def _subject(fiche: FicheFastt) -> str:
    prefix = "[SOS 48 h] " if fiche.urgence_sos else ""
    return f"{prefix}Point Conseils Intérimaire – Mission Jeunes – {fiche.prenom} {fiche.nom}"


def _body(fiche: FicheFastt) -> str:
    lines = [
        "Bonjour,",
        "",
        "Dans le cadre de la démarche Mission Jeunes, vous trouverez ci-joint la fiche d'orientation "
        f"vers le Point Conseils Intérimaire {de(f'{fiche.prenom} {fiche.nom}')}.",
        "",
    ]
    if fiche.urgence_sos:
        lines += ["Besoin urgent (logique SOS) : une réponse est attendue sous 48 heures.", ""]
    lines.append(f"Accord du jeune recueilli le {format_date(fiche.consentement_date)} "
                 "pour être contacté par le FASTT.")
    if fiche.retour_synthese:
        lines.append("Le jeune accepte que la synthèse de l'entretien et vos préconisations me soient "
                     "transmises par e-mail (ou l'information qu'il n'a pas pu être joint).")
    else:
        lines.append("Le jeune n'a pas donné son accord pour le retour de la synthèse : "
                     "merci de ne pas me la transmettre.")
    signature = [fiche.conseiller_nom, fiche.mission_locale,
                 fiche.conseiller_telephone, fiche.conseiller_email]
    lines += ["", "Cordialement,", "", *[s for s in signature if s], "",
              "Ce message et sa pièce jointe contiennent des données personnelles confidentielles "
              "(article 5 de l'accord-cadre Mission Jeunes)."]
    return "\n".join(lines) + "\n"


def email_draft(
    fiche: FicheFastt,
    pdf_bytes: bytes,
    pdf_name: str,
    to: str,
    from_: str,
    *,
    date_message: datetime | None = None,
) -> bytes:
    """An RFC 5322 message (CRLF line ends) with the PDF attached, to save as ``.eml``.
    ``X-Unsent: 1`` makes Outlook and Thunderbird open it as a draft ready to send."""
    to = _check_address(to, "Destinataire", "to")
    from_ = _check_address(from_, "Expéditeur", "from_")
    if not pdf_bytes.startswith(b"%PDF-"):
        raise DomainError("Pièce jointe : un fichier PDF est attendu.", "pdf")
    name = PurePath(clean(pdf_name) or "orientation_fastt.pdf").name
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    msg = EmailMessage()
    msg["From"] = from_
    msg["To"] = to
    msg["Subject"] = _subject(fiche)
    if date_message is not None:
        msg["Date"] = format_datetime(date_message)
    msg["X-Unsent"] = "1"
    msg.set_content(_body(fiche))
    msg.add_attachment(pdf_bytes, maintype="application", subtype="pdf", filename=name)
    return msg.as_bytes(policy=SMTP)
