"""Mission Jeunes: agences d'emploi and their conventions, orientations, delegations in
temporary work, branch actions, FASTT referrals (needs, consent, history)."""

from __future__ import annotations

from datetime import date

from ..domain import fastt
from ..domain.dates import add_months, add_years
from . import pools
from .context import Gen, Weighted
from .offres import pick_jeune, siret

ORIENTATION_SOURCE = "orientation_agence"  # as services.agences writes it
DELEGATION_SOURCE = "delegation_interim"
FASTT_SOURCE = "orientation_fastt"


# --- agencies and conventions ---------------------------------------------------------------

def agences(g: Gen) -> None:
    rng = g.rng
    communes = {c.nom: c for c in pools.COMMUNES}
    sirets: set[str] = set()
    for index, (nom, reseau, commune) in enumerate(pools.AGENCES):
        _, prenom, contact = g.person()
        row = g.add("agence_emploi", {
            "id": g.uid(), "nom": nom, "reseau": reseau, "siret": siret(g, sirets),
            "adresse": f"{1 + int(rng.random() * 60)} {g.pools.rues[int(rng.random() * len(g.pools.rues))]}",
            "code_postal": communes[commune].code_postal, "commune": commune,
            "contact_nom": f"{prenom} {contact}", "contact_telephone": g.landline(),
            "contact_email": f"{pools.slug(prenom)}.{pools.slug(contact)}@agence-demo.fr",
            "referent_id": g.conseillers[index % len(g.conseillers)]["id"],
        })
        g.agences.append(row)
        _conventions(g, row["id"], index)


def _conventions(g: Gen, agence_id: str, index: int) -> None:
    """Index 0-1: tacitly renewed, denunciation deadline within the alert window; 2: denounced
    then signed again; 3: in its initial term; 4-6: renewed, far from the deadline; 7: none."""
    rng, today = g.rng, g.today
    if index == len(pools.AGENCES) - 1:
        return
    if index in (0, 1):
        anniversary = date.fromordinal(g.t + 32 + int(rng.random() * 30))
        _convention(g, agence_id, add_years(anniversary, -(2 + index)), 1 + index % 2, None)
    elif index == 2:  # ended at its last anniversary, a new one signed since
        ended = date.fromordinal(g.t - 180 - int(rng.random() * 60))
        _convention(g, agence_id, add_years(ended, -3), 2, add_months(ended, -2))
        _convention(g, agence_id, add_months(today, -3), 3, None)
    elif index == 3:
        _convention(g, agence_id, add_months(today, -(2 + int(rng.random() * 8))), 3, None)
    else:
        anniversary = date.fromordinal(g.t + 120 + int(rng.random() * 180))
        _convention(g, agence_id, add_years(anniversary, -(3 + int(rng.random() * 3))), 2, None)


def _convention(g: Gen, agence_id: str, signed: date, years: int, denounced: date | None) -> None:
    g.add("convention_agence", {"id": g.uid(), "agence_id": agence_id,
                                "date_signature": signed.isoformat(), "duree_annees": years,
                                "date_denonciation": denounced.isoformat() if denounced else None})


# --- orientations, delegations, branch actions ----------------------------------------------

def orientations(g: Gen, n: int) -> list[tuple[int, dict, int]]:
    """``n`` young people oriented to an agency (with a journal line); returns (jeune, agence, date)."""
    done = []
    for _ in range(n):
        when = g.between(g.start, g.t)
        k = pick_jeune(g, when)
        if k is None:
            continue
        agence = g.agences[int(g.rng.random() * len(g.agences))]
        row = g.add("orientation_agence", {"id": g.uid(), "jeune_id": g.jeunes.ids[k],
                                           "agence_id": agence["id"], "date": g.iso(when),
                                           "conseiller_id": g.jeunes.referent[k]})
        g.journal.add(g.jeunes.ids[k], when, "prescription", None, "present", g.jeunes.referent[k],
                      f"Orientation vers l'agence d'emploi {agence['nom']}", ORIENTATION_SOURCE, row["id"])
        done.append((k, agence, when))
    return done


def delegations(g: Gen, n: int, oriented: list[tuple[int, dict, int]]) -> None:
    """``n`` delegations in temporary work, most of them after an orientation to the agency."""
    rng = g.rng
    types = Weighted(pools.TYPES_DELEGATION)
    for i in range(n):
        if oriented and rng.random() < 0.6:
            k, agence, after = oriented[int(rng.random() * len(oriented))]
            debut = min(g.t + 14, after + 3 + int(rng.random() * 60))
        else:
            debut = g.between(g.start, g.t + 14)
            k = pick_jeune(g, min(debut, g.t))
            if k is None:
                continue
            agence = g.agences[int(rng.random() * len(g.agences))]
        type_ = types.pick(rng) if i >= 4 else types.values[i]
        fin, heures = _periode(g, type_, debut)
        entreprise = (g.entreprises[int(rng.random() * len(g.entreprises))]["nom"]
                      if g.entreprises and rng.random() < 0.7 else None)
        jid = g.jeunes.ids[k]
        row = g.add("delegation_interim", {
            "id": g.uid(), "jeune_id": jid, "agence_id": agence["id"],
            "entreprise_utilisatrice": entreprise, "type_contrat": type_,
            "date_debut": g.iso(debut), "date_fin": g.iso(fin), "heures": heures})
        g.journal.add(jid, debut, "delegation_interim", None, "planifie" if debut > g.t else "present",
                      g.jeunes.referent[k], f"Délégation ({type_.replace('_', ' ')}) par {agence['nom']}",
                      DELEGATION_SOURCE, row["id"])


def _periode(g: Gen, type_: str, debut: int) -> tuple[int | None, float]:
    rng = g.rng
    if type_ in ("cdi", "cdi_interimaire"):
        weeks = max(1, min(46, (g.t - debut) // 7))
        return None, float(35 * weeks)
    days = 2 + int(rng.random() * 59) if type_ == "mission" else 30 + int(rng.random() * 151)
    hours = round(days * 5 * (0.6 + rng.random() * 0.4) * 2) / 2
    return debut + days - 1, max(7.0, hours)


def actions_branche(g: Gen, n: int) -> None:
    rng = g.rng
    actions = Weighted(pools.ACTIONS)
    issues = Weighted((("terminee_succes", 60), ("terminee_sans_succes", 25), ("abandon", 15)))
    for i in range(n):
        debut = g.between(g.start, g.t + 60)
        k = pick_jeune(g, min(debut, g.t))
        if k is None:
            continue
        fin = debut + 10 + int(rng.random() * 110)
        if debut > g.t:
            resultat = "prevue"
        elif fin > g.t:
            resultat = "en_cours"
        else:
            resultat = issues.pick(rng)
        g.add("action_branche", {"id": g.uid(), "jeune_id": g.jeunes.ids[k],
                                 "action": actions.pick(rng) if i >= 6 else actions.values[i],
                                 "date_debut": g.iso(debut), "date_fin": g.iso(fin), "resultat": resultat})


# --- FASTT referrals ------------------------------------------------------------------------

def orientations_fastt(g: Gen, n: int) -> None:
    """``n`` referrals, every status represented; consent always given beyond « préparée »."""
    maker = _FasttMaker(g)
    for i in range(n):
        maker.make(i)


class _FasttMaker:
    def __init__(self, g: Gen):
        self.g = g
        self.statuts = Weighted(pools.STATUTS_FASTT)
        known = dict(fastt.BESOINS)
        self.besoins = Weighted((c, w) for c, w in pools.BESOINS_POIDS.items() if c in known)
        self.preferences = Weighted(pools.PREFERENCES)

    def make(self, i: int) -> None:
        g, rng = self.g, self.g.rng
        statut = pools.STATUTS_FASTT[i][0] if i < len(pools.STATUTS_FASTT) else self.statuts.pick(rng)
        retour = statut == "synthese_recue" or rng.random() < 0.85
        retour = retour or statut == "injoignable"  # recorded only with that consent (annex 5)
        steps = self._steps(statut, retour)
        k = self._jeune(steps[0][1])
        if k is None:
            return
        conseiller = g.users_by_id[g.jeunes.referent[k]]
        auteur = g.nom_complet(conseiller)
        prep = steps[0][1]
        consent = statut != "preparee" or rng.random() < 0.6
        date_consent = max(g.jeunes.entree[k], prep - int(rng.random() * 4)) if consent else None
        row = g.add("orientation_fastt", {
            "id": g.uid(), "jeune_id": g.jeunes.ids[k], "conseiller_id": conseiller["id"],
            "agence_id": g.agences[int(rng.random() * len(g.agences))]["id"] if rng.random() < 0.9 else None,
            "date_debut_mission": g.iso(prep + 5 + int(rng.random() * 26)),
            "urgence_sos": int(rng.random() < 0.15),
            "preference_contact": self._preference(k),
            "disponibilites": pools.DISPONIBILITES[int(rng.random() * len(pools.DISPONIBILITES))],
            "consentement": int(consent), "date_consentement": g.iso(date_consent),
            "consentement_recueilli_par": auteur if consent else None,
            "consentement_contact": int(consent), "consentement_synthese": int(consent and retour),
            "statut": statut, "date_preparation": g.iso(prep),
            "date_envoi": None, "date_entretien": None, "date_injoignable": None,
            "date_synthese": None, "recommandations": None, "date_cloture": None,
        })
        for code, when in steps[1:]:
            column = {"envoyee": "date_envoi", "entretien_realise": "date_entretien",
                      "injoignable": "date_injoignable", "synthese_recue": "date_synthese",
                      "cloturee": "date_cloture"}[code]
            row[column] = g.iso(when)
        if row["date_synthese"]:
            row["recommandations"] = pools.RECOMMANDATIONS[int(rng.random() * len(pools.RECOMMANDATIONS))]
        hist = g.table("fastt_historique")
        for rank, (code, when) in enumerate(steps):
            hist.append({"id": g.uid(), "orientation_id": row["id"], "date": g.iso(when),
                         "statut": code, "auteur": auteur, "created_at": g.stamp(when, rank)})
        self._besoins(row["id"])
        g.journal.add(row["jeune_id"], prep, "prescription", None, "present", conseiller["id"],
                      "Orientation vers le Point Conseils Intérimaire du FASTT", FASTT_SOURCE, row["id"])

    def _steps(self, statut: str, retour: bool) -> list[tuple[str, int]]:
        """Dated steps from « préparée » to ``statut`` along the allowed transitions."""
        rng = self.g.rng
        chemin = {"preparee": ["preparee"], "envoyee": ["preparee", "envoyee"],
                  "entretien_realise": ["preparee", "envoyee", "entretien_realise"],
                  "injoignable": ["preparee", "envoyee", "injoignable"],
                  "synthese_recue": ["preparee", "envoyee", "entretien_realise", "synthese_recue"]}
        if statut == "cloturee":
            if not retour:
                rng.choice(("entretien_realise", "injoignable"))  # the same draws for a seed
                path = ["preparee", "envoyee", "entretien_realise", "cloturee"]
            else:
                middle = ("entretien_realise", "synthese_recue") if rng.random() < 0.8 else ("injoignable",)
                path = ["preparee", "envoyee", *middle, "cloturee"]
        else:
            path = chemin[statut]
        delays = {"preparee": 0, "envoyee": (0, 3), "entretien_realise": (2, 15), "injoignable": (5, 20),
                  "synthese_recue": (1, 10), "cloturee": (1, 15)}
        offsets, total = [], 0
        for code in path:
            if code != "preparee":
                low, high = delays[code]
                total += low + int(rng.random() * (high - low + 1))
            offsets.append((code, total))
        g = self.g
        recent = statut in ("preparee", "envoyee", "entretien_realise")
        start = g.t - total - int(rng.random() * 20) if recent else g.between(g.start, g.t - total)
        return [(code, start + offset) for code, offset in offsets]

    def _jeune(self, when: int) -> int | None:
        """A young person followed on ``when`` whom the FASTT can reach (phone or e-mail)."""
        info = self.g.jeunes
        for _ in range(10):
            k = pick_jeune(self.g, when)
            if k is not None and (info.telephone[k] or info.email[k]):
                return k
        return None

    def _preference(self, k: int) -> str:
        info = self.g.jeunes
        pref = self.preferences.pick(self.g.rng)
        if pref == "email" and not info.email[k] or pref != "email" and not info.telephone[k]:
            pref = "email" if info.email[k] else "telephone"
        return pref

    def _besoins(self, orientation_id: str) -> None:
        g, rng = self.g, self.g.rng
        codes: list[str] = []
        for _ in range(1 + int(rng.random() * 3)):
            code = self.besoins.pick(rng)
            if code not in codes:
                codes.append(code)
        for code in codes:
            g.add("besoin_fastt", {"id": g.uid(), "orientation_id": orientation_id, "code": code,
                                   "detail": pools.BESOINS_DETAILS.get(code) if rng.random() < 0.7 else None})
