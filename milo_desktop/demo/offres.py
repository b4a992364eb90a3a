"""Employers (valid SIRET), contacts, plateformes de vocation, job offers with their history,
mises en relation (each with its journal line) and MRS evaluations."""

from __future__ import annotations

from stdnum import luhn

from ..domain import offres as dom
from ..domain.rome import load_referentiel
from ..domain.text import fold
from . import pools
from .context import Gen, Weighted

# Target status of an offer -> weight. The first offers cycle through all of them so even a
# small demo shows every state.
STATUTS = (("recueillie", 1), ("a_saisir", 1.5), ("saisie", 6), ("pourvue", 50), ("annulee", 12),
           ("expiree", 29.5))
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


# --- employers ------------------------------------------------------------------------------

def entreprises(g: Gen, n: int) -> None:
    """``n`` employers with 1 or 2 contacts each; kept in ``g.entreprises`` for the offers."""
    rng = g.rng
    secteurs = Weighted((s, s.poids) for s in pools.SECTEURS)
    effectifs, reseaux = Weighted(pools.EFFECTIFS), Weighted(pools.RESEAUX_ENTREPRISE)
    communes = Weighted((c, c.poids) for c in pools.COMMUNES)
    noms = [nom.title() for nom in g.pools.noms]
    sirets: set[str] = set()
    for _ in range(n):
        secteur, commune = secteurs.pick(rng), communes.pick(rng)
        nom = (f"{secteur.prefixes[int(rng.random() * len(secteur.prefixes))]} "
               f"{noms[int(rng.random() * len(noms))]}"
               f"{pools.SUFFIXES_ENTREPRISE[int(rng.random() * len(pools.SUFFIXES_ENTREPRISE))]}")
        row = g.add("entreprise", {
            "id": g.uid(), "raison_sociale": nom, "raison_fold": fold(nom),
            "siret": siret(g, sirets) if rng.random() < 0.92 else None,
            "naf": secteur.naf[int(rng.random() * len(secteur.naf))],
            "effectif": effectifs.pick(rng),
            "adresse": f"{1 + int(rng.random() * 80)} {g.pools.rues[int(rng.random() * len(g.pools.rues))]}",
            "code_postal": commune.code_postal, "commune": commune.nom,
            "reseau": reseaux.pick(rng), "notes": None,
        })
        contacts = [_contact(g, row["id"]) for _ in range(1 + (rng.random() < 0.5))]
        g.entreprises.append({"id": row["id"], "nom": nom, "secteur": secteur, "commune": commune,
                              "reseau": row["reseau"], "contact": contacts[0]})


def siret(g: Gen, seen: set[str]) -> str:
    """A fresh 14-digit SIRET whose SIREN and SIRET check digits are valid (Luhn)."""
    rng = g.rng
    while True:
        body = f"{3 + int(rng.random() * 7)}{int(rng.random() * 10**7):07d}"
        siren = body + luhn.calc_check_digit(body)
        nic = f"{1 + int(rng.random() * 40):04d}"
        number = siren + nic + luhn.calc_check_digit(siren + nic)
        if number not in seen and not number.startswith("356000000"):
            seen.add(number)
            return number


def _contact(g: Gen, entreprise_id: str) -> dict:
    rng = g.rng
    _, prenom, nom = g.person()
    return g.add("contact", {
        "id": g.uid(), "entreprise_id": entreprise_id, "nom": f"{prenom} {nom}",
        "fonction": pools.FONCTIONS_CONTACT[int(rng.random() * len(pools.FONCTIONS_CONTACT))],
        "telephone": g.landline() if rng.random() < 0.6 else g.mobile(),
        "email": (f"{pools.slug(prenom)}.{pools.slug(nom)}.{int(rng.random() * 1000)}"
                  f"@{pools.DOMAINE_ENTREPRISES}") if rng.random() < 0.85 else None,
    })


# --- offers ---------------------------------------------------------------------------------

def offres(g: Gen, n: int) -> "_OffreMaker":
    """``n`` offers of every nature and status, with one history row per step. The result
    lists the plateformes, the offers entered at France Travail (``ouvertes``: a young person
    can be proposed on them) and the MRS offers."""
    maker = _OffreMaker(g)
    for i in range(n):
        maker.make(i)
    return maker


class _OffreMaker:
    def __init__(self, g: Gen):
        self.g = g
        self.rome = load_referentiel()
        self.statuts = Weighted(STATUTS)
        self.natures = Weighted(pools.NATURES_OFFRE)
        self.types_e1 = Weighted(pools.TYPES_E1)
        self.qualifs = Weighted(pools.QUALIFICATIONS_OFFRE)
        self.experiences = Weighted(pools.EXPERIENCES_OFFRE)
        self.numeros: set[str] = set()
        self.folds: dict[str, str] = {}
        self.plateformes = [g.add("plateforme_vocation", {"id": g.uid(), "nom": nom, "commune": commune})
                            for nom, commune in pools.PLATEFORMES]
        agent = g.agent_ft or g.conseillers[0]
        self.agent_nom = g.nom_complet(agent)
        self.ouvertes: list[dict] = []
        self.mrs: list[dict] = []

    def make(self, i: int) -> None:
        g, rng = self.g, self.g.rng
        ent = g.entreprises[int(rng.random() * len(g.entreprises))]
        secteur = ent["secteur"]
        code, intitule = secteur.metiers[int(rng.random() * len(secteur.metiers))]
        nature = pools.NATURES_OFFRE[i][0] if i < len(pools.NATURES_OFFRE) else self.natures.pick(rng)
        type_, duree = self._contrat(nature)
        temps_plein = nature != "FT" and rng.random() < 0.82
        mrs = nature in ("E1", "E2", "FS") and rng.random() < 0.08
        source = self._source(ent["reseau"], mrs)
        plan = source in ("medef", "ims") and rng.random() < 0.5
        delegue, motif = dom.delegation(nature, mrs, plan)
        statut = STATUTS[i % len(STATUTS)][0] if i < 2 * len(STATUTS) else self.statuts.pick(rng)
        steps, validite = self._timeline(statut)
        conseiller = g.conseiller()
        contact = ent["contact"]
        commune = ent["commune"]
        row = g.add("offre", {
            "id": g.uid(), "entreprise_id": ent["id"],
            "intitule": f"{intitule} (H/F)", "intitule_fold": self._fold(f"{intitule} (H/F)"),
            "code_rome": code, "libelle_rome": self.rome.get(code, intitule),
            "description": pools.DESCRIPTIONS_OFFRE[int(rng.random() * len(pools.DESCRIPTIONS_OFFRE))],
            "type_contrat": type_, "nature_contrat": nature, "duree_mois": duree,
            "temps_plein": int(temps_plein),
            "heures_hebdo": None if temps_plein else float(20 + int(rng.random() * 11)),
            "commune": commune.nom, "code_postal": commune.code_postal,
            "salaire": pools.SALAIRES[int(rng.random() * len(pools.SALAIRES))],
            "qualification": self.qualifs.pick(rng), "experience": self.experiences.pick(rng),
            "nb_postes": 1 if rng.random() < 0.8 else 2 + int(rng.random() * 4),
            "mrs": int(mrs), "source": source,
            "date_recueil": g.iso(steps[0][1]), "date_debut": g.iso(steps[0][1]),
            "date_fin": g.iso(steps[0][1] + validite),
            "contact_nom": contact["nom"], "contact_telephone": contact["telephone"],
            "contact_email": contact["email"],
            "statut": steps[-1][0], "date_statut": g.iso(steps[-1][1]),
            "numero_ft": None, "date_saisie_ft": None, "saisie_par": None,
            "delegation": int(delegue), "motif_delegation": motif,
            "plateforme_id": self._plateforme() if mrs else None,
            "site_id": g.sites[pools.SITE_DES_COMMUNES.get(commune.nom, 0)]["id"],
        })
        saisie = next((when for s, when in steps if s == dom.SAISIE), None)
        if saisie is not None:
            row["numero_ft"] = self._numero()
            row["date_saisie_ft"], row["saisie_par"] = g.iso(saisie), self.agent_nom
        self._historique(row, steps, g.nom_complet(conseiller))
        info = {"id": row["id"], "intitule": row["intitule"], "entreprise": ent, "mrs": mrs,
                "plateforme_id": row["plateforme_id"], "recueil": steps[0][1],
                "statut": row["statut"]}
        if saisie is not None:
            info["debut"], info["fin"] = saisie, (steps[-1][1] if len(steps) > 3 else g.t)
            self.ouvertes.append(info)
        if mrs:
            self.mrs.append(info)

    def _plateforme(self) -> str:
        return self.plateformes[int(self.g.rng.random() * len(self.plateformes))]["id"]

    def _fold(self, text: str) -> str:
        value = self.folds.get(text)
        if value is None:
            value = self.folds[text] = fold(text)
        return value

    def _contrat(self, nature: str) -> tuple[str, int | None]:
        rng = self.g.rng
        if nature == "E1":
            type_ = self.types_e1.pick(rng)
        elif nature == "I1":
            type_ = "DDI" if rng.random() < 0.7 else "CDD"
        else:
            type_ = "CDD" if rng.random() < 0.85 or nature in ("FT", "FU") else "CDI"
        if type_ not in dom.TYPES_DUREE_DETERMINEE:
            return type_, None
        low, high = {"E2": (12, 36), "FS": (6, 24), "FT": (6, 12), "FU": (6, 12), "I1": (4, 24)}.get(
            nature, {"MIS": (1, 6), "SAI": (2, 6)}.get(type_, (3, 12)))
        return type_, low + int(rng.random() * (high - low + 1))

    def _source(self, reseau: str, mrs: bool) -> str:
        if mrs:
            return "plateforme_vocation"
        if reseau in ("medef", "ims", "agence_emploi"):
            return reseau
        return "prospection_ml" if self.g.rng.random() < 0.85 else "autre"

    def _timeline(self, cible: str) -> tuple[list[tuple[str, int]], int]:
        """Dated steps ending in ``cible``, all on or before today; and the validity in days."""
        g, rng = self.g, self.g.rng
        validite = 45 + int(rng.random() * 46)
        a = int(rng.random() * 3)
        s = a + (int(rng.random() * 8) if rng.random() < 0.9 else 8 + int(rng.random() * 18))
        plan = [("recueillie", 0)]
        if cible == "recueillie":
            return self._anchor(plan, int(rng.random() * 7)), validite
        plan.append(("a_saisir", a))
        if cible == "a_saisir":  # the agent's queue: mostly days old, some late (> 7 days)
            wait = 8 + int(rng.random() * 20) if rng.random() < 0.3 else int(rng.random() * 6)
            return self._anchor(plan, a + wait), validite
        if cible == "annulee" and rng.random() < 0.3:
            plan.append(("annulee", a + 1 + int(rng.random() * 15)))
            return self._anchor(plan), validite
        plan.append(("saisie", s))
        if cible == "saisie":
            late = rng.random() < 0.1  # past its end date, not yet marked expired
            back = validite + 1 + int(rng.random() * 20) if late else s + int(rng.random() * (validite - s))
            return self._anchor(plan, back), validite
        if cible == "pourvue":
            plan.append(("pourvue", s + 7 + int(rng.random() * max(1, validite - s - 7))))
        elif cible == "annulee":
            plan.append(("annulee", s + 3 + int(rng.random() * 38)))
        else:
            plan.append(("expiree", validite + 1 + int(rng.random() * 10)))
        return self._anchor(plan), validite

    def _anchor(self, plan, back: int | None = None) -> list[tuple[str, int]]:
        """Place the plan so it ends ``back`` days before today (None: anywhere in range)."""
        g = self.g
        last = plan[-1][1]
        if back is None:
            start = g.between(g.start, g.t - last)
        else:
            start = max(g.start, g.t - max(back, last))
        return [(s, min(start + offset, g.t)) for s, offset in plan]

    def _numero(self) -> str:
        rng = self.g.rng
        while True:
            numero = f"{int(rng.random() * 1000):03d}" + "".join(
                _ALNUM[int(rng.random() * 36)] for _ in range(4))
            if numero not in self.numeros:
                self.numeros.add(numero)
                return numero

    def _historique(self, row: dict, steps, conseiller: str) -> None:
        g = self.g
        hist = g.table("offre_historique")
        for rank, (statut, when) in enumerate(steps):
            if statut == dom.SAISIE:
                comment = f"Saisie chez France Travail sous le n° {row['numero_ft']}."
                auteur = self.agent_nom
            else:
                comment, auteur = pools.COMMENTAIRES_OFFRE[statut], conseiller
            hist.append({"id": g.uid(), "offre_id": row["id"], "date": g.iso(when), "statut": statut,
                         "commentaire": comment, "auteur": auteur, "created_at": g.stamp(when, rank)})


# --- mises en relation and MRS --------------------------------------------------------------

def pick_jeune(g: Gen, when: int, tries: int = 25) -> int | None:
    """Index of a young person followed on ``when`` (entered before it), or None."""
    info, rng = g.jeunes, g.rng
    n = len(info)
    for _ in range(tries):
        k = int(rng.random() * n)
        if info.entree[k] <= when <= info.fin_suivi[k]:
            return k
    for _ in range(tries):
        k = int(rng.random() * n)
        if info.entree[k] <= when:
            return k
    return None


def mises_en_relation(g: Gen, ouvertes: list[dict], n: int) -> None:
    """``n`` mises en relation on offers entered at France Travail, each with a journal line."""
    if not ouvertes:
        return
    rng, journal = g.rng, g.journal
    motifs = Weighted(pools.MOTIFS_NON_RETENU)
    rows = g.table("mise_en_relation")
    for _ in range(n):
        offre = ouvertes[int(rng.random() * len(ouvertes))]
        when = g.between(offre["debut"], min(offre["fin"], g.t))
        k = pick_jeune(g, when)
        if k is None:
            continue
        resultat, motif, date_resultat = _resultat(g, offre, when, motifs)
        jid, conseiller = g.jeunes.ids[k], g.jeunes.referent[k]
        row = {"id": g.uid(), "offre_id": offre["id"], "jeune_id": jid, "date": g.iso(when),
               "conseiller_id": conseiller, "resultat": resultat, "motif_non_retenu": motif,
               "date_resultat": g.iso(date_resultat)}
        rows.append(row)
        journal.add(jid, when, "mise_en_relation", None, "present", conseiller,
                    f"Mise en relation : {offre['intitule']} – {offre['entreprise']['nom']}",
                    "mise_en_relation", row["id"])


def _resultat(g: Gen, offre: dict, when: int, motifs: Weighted):
    rng = g.rng
    x = rng.random()
    if g.t - when < 20 and x < 0.7 or x < 0.08:
        return "en_attente", None, None
    done = min(g.t, when + 3 + int(rng.random() * 28))
    if x < 0.32:
        return "retenu", None, done
    if x < 0.40:
        return "abandon", None, done
    if offre["statut"] == "annulee" and rng.random() < 0.5:
        motif = "offre_annulee"
    elif offre["mrs"] and rng.random() < 0.5:
        motif = "echec_mrs"
    else:
        motif = motifs.pick(rng)
    return "non_retenu", motif, done


def evaluations_mrs(g: Gen, offres_mrs: list[dict], plateformes: list[dict], extra: int) -> None:
    """2-5 evaluations per MRS offer, plus ``extra`` evaluations not linked to an offer."""
    rng = g.rng
    jobs = [(o["plateforme_id"], o["id"], o["recueil"]) for o in offres_mrs
            for _ in range(2 + int(rng.random() * 4))]
    jobs += [(plateformes[i % len(plateformes)]["id"], None, g.between(g.start, g.t))
             for i in range(max(extra, 2 * len(plateformes)))]
    for plateforme_id, offre_id, start in jobs:
        when = min(g.t, start + 3 + int(rng.random() * 18))
        k = pick_jeune(g, when)
        if k is None:
            continue
        g.add("evaluation_mrs", {"id": g.uid(), "plateforme_id": plateforme_id,
                                 "jeune_id": g.jeunes.ids[k], "offre_id": offre_id,
                                 "date": g.iso(when), "reussie": int(rng.random() < 0.55)})
