"""Young people, their programmes, cotraitance episodes (with state history) and journal.

The hot path of the whole generator (100 000 young people -> about a million journal events):
plain loops over pre-built pools, one ``random.Random``, no Faker call and no object per row.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from ..domain import cotraitance as cot
from ..domain.dates import add_years, birthday
from ..domain.text import fold
from . import pools
from .context import Gen, Weighted


# Cotraitance profiles forced on the first young people so every demo shows these cases.
DUE, EN_ATTENTE, ACCEPTEE = "due", "en_attente", "acceptee"


class JeuneInfo:
    """What the other generators need to know about the young people (parallel lists)."""

    def __init__(self):
        self.ids: list[str] = []
        self.entree: list[int] = []  # first reception (ordinal)
        self.fin_suivi: list[int] = []  # last day journal events may fall on
        self.referent: list[str] = []
        self.telephone: list[bool] = []
        self.email: list[bool] = []

    def __len__(self) -> int:
        return len(self.ids)


def generate(g: Gen, n: int) -> JeuneInfo:
    """Add ``n`` young people (and their programmes, cotraitance, journal) to ``g.rows``."""
    info = JeuneInfo()
    maker = _JeuneMaker(g)
    for jid in sorted(g.uids(n)):  # ids in order: the store's indexes fill sequentially
        maker.make(jid, info)
    return info


class _JeuneMaker:
    def __init__(self, g: Gen):
        self.g = g
        self.ages = Weighted(pools.AGES_ENTREE)
        self.niveaux = Weighted(pools.NIVEAUX)
        self.hebergements = Weighted(pools.HEBERGEMENTS)
        self.communes = Weighted((c, c.poids) for c in pools.COMMUNES)
        self.commune_upper = {c.nom: c.nom.upper() for c in pools.COMMUNES + pools.AILLEURS}
        self.commune_fold = {c.nom: fold(c.nom) for c in pools.COMMUNES + pools.AILLEURS}
        self.folds: dict[str, str] = {}
        self.ft_ids: set[str] = set()
        by_site: dict[str, list[dict]] = {}
        for user in g.conseillers:
            by_site.setdefault(user["site_id"], []).append(user)
        self.conseillers_du_site = by_site
        self.journal = journal(g)
        self.jeunes = g.table("jeune")
        self.programmes = g.table("programme")
        # the first young people in cotraitance show the cases every demo must have
        self.forced = [ACCEPTEE, EN_ATTENTE, DUE, DUE]
        last = monthrange(g.today.year, g.today.month)[1]
        self.fin_du_mois = date(g.today.year, g.today.month, last).toordinal()

    def fold(self, text: str) -> str:
        value = self.folds.get(text)
        if value is None:
            value = self.folds[text] = fold(text)
        return value

    # --- one young person ----------------------------------------------------------------
    def make(self, jid: str, info: JeuneInfo) -> None:
        g, rng = self.g, self.g.rng
        sexe, prenom, nom = g.person()
        has_ft = rng.random() < 0.70
        cotra = has_ft and rng.random() < 0.50
        profile = self.forced.pop() if cotra and self.forced else None
        if profile is None and cotra and rng.random() < 0.004:
            profile = DUE
        entree, birth, affectation = self._dates(cotra, profile)
        commune = self.communes.pick(rng)
        site = g.sites[pools.SITE_DES_COMMUNES.get(commune.nom, 0)]
        team = self.conseillers_du_site.get(site["id"]) or g.conseillers
        referent = team[int(rng.random() * len(team))] if rng.random() < 0.92 else g.conseiller()
        phone = rng.random() < 0.92
        email = rng.random() < 0.80
        row = {
            "id": jid, "nom": nom,
            "nom_usage": None, "prenom": prenom, "sexe": sexe,
            "date_naissance": g.iso(birth),
            "adresse": f"{1 + int(rng.random() * 120)} {self._rue()}",
            "code_postal": commune.code_postal, "commune": self.commune_upper[commune.nom],
            "telephone": g.mobile() if phone else None,
            "email": self._email(prenom, nom) if email else None,
            "identifiant_ft": self._identifiant_ft() if has_ft else None,
            "numero_imilo": f"{int(rng.random() * 10**8):08d}" if rng.random() < 0.6 else None,
            "niveau_formation": self.niveaux.pick(rng),
            "date_inscription_ft": None, "indemnise": 0,
            "qpv": int(rng.random() < commune.qpv), "zrr": int(rng.random() < commune.zrr),
            "rqth": int(rng.random() < 0.05),
            "permis_b": 0, "vehicule": 0,
            "hebergement": self.hebergements.pick(rng),
            "referent_id": referent["id"], "site_id": site["id"], "archive": 0,
            "nom_fold": self.fold(nom), "prenom_fold": self.fold(prenom),
            "commune_fold": self.commune_fold[commune.nom],
            "cotra_phase": None, "cotra_etat": None, "date_fin_prevue": None,
            "date_premier_accueil": g.iso(min(entree, affectation or entree)),
        }
        if sexe == "F" and rng.random() < 0.01:
            row["nom_usage"] = g.pools.noms[int(rng.random() * len(g.pools.noms))]
        if has_ft:
            lo = birthday(date.fromordinal(birth), 16).toordinal()
            row["date_inscription_ft"] = g.iso(max(lo, entree - int(rng.random() * 300)))
            row["indemnise"] = int(rng.random() < 0.30)
        if rng.random() < (0.25 if entree - birth < 6940 else 0.55):  # ~19 years
            row["permis_b"] = 1
            row["vehicule"] = int(rng.random() < 0.6)
        self.jeunes.append(row)
        fin_suivi = min(g.t + 30, entree + 90 + int(rng.random() * 700))
        if cotra:
            fin_suivi = self._cotraitance(jid, row, birth, affectation, profile, fin_suivi, referent)
        fin_suivi = self._programmes(jid, entree, fin_suivi)
        self.journal.jeune(jid, entree, fin_suivi, referent["id"])
        info.ids.append(jid)
        info.entree.append(entree)
        info.fin_suivi.append(fin_suivi)
        info.referent.append(referent["id"])
        info.telephone.append(phone)
        info.email.append(email)

    def _dates(self, cotra: bool, profile: str | None) -> tuple[int, int, int | None]:
        """(entrée, naissance, affectation) ordinals, aged 16-25 at entry and at affectation.
        DUE: the 26th birthday falls later this month; EN_ATTENTE, ACCEPTEE: affected recently."""
        g, rng = self.g, self.g.rng
        if profile in (EN_ATTENTE, ACCEPTEE):
            affectation = g.between(g.t - 30, g.t - 8)
            entree = max(g.start, affectation - int(rng.random() * 60))
            day = date.fromordinal(entree)
            birth = g.between(add_years(day, -24).toordinal() + 1, add_years(day, -17).toordinal())
            return entree, birth, affectation
        if profile == DUE:  # 26th birthday later this month: the exit falls due this month
            d26 = date.fromordinal(g.between(g.t, self.fin_du_mois))
            birth = add_years(d26, -26)
            hi = birthday(birth, 25).toordinal() - 200  # aged 24 at affectation
            lo = max(g.start, birthday(birth, 16).toordinal())
            entree = g.between(lo, hi)
            return entree, birth.toordinal(), entree + int(rng.random() * 30)
        entree = g.between(g.start, g.t)
        age = self.ages.pick(rng)
        day = date.fromordinal(entree)
        hi = add_years(day, -age).toordinal()
        lo = add_years(day, -(age + 1)).toordinal() + 1
        birth = g.between(lo, hi)
        if not cotra:
            return entree, birth, None
        affectation = min(g.t, entree + int(rng.random() * 60))
        if affectation >= birthday(date.fromordinal(birth), 26).toordinal():
            affectation = entree
        return entree, birth, affectation

    def _rue(self) -> str:
        rues = self.g.pools.rues
        return rues[int(self.g.rng.random() * len(rues))]

    def _email(self, prenom: str, nom: str) -> str:
        rng = self.g.rng
        domaine = pools.DOMAINES_MAIL[int(rng.random() * len(pools.DOMAINES_MAIL))]
        return f"{pools.slug(prenom)}.{pools.slug(nom)}{int(rng.random() * 100)}@{domaine}"

    def _identifiant_ft(self) -> str:
        rng = self.g.rng
        while True:
            ident = f"{int(rng.random() * 10**7):07d}{chr(65 + int(rng.random() * 26))}"
            if ident not in self.ft_ids:
                self.ft_ids.add(ident)
                return ident

    # --- programmes ----------------------------------------------------------------------
    def _programmes(self, jid: str, entree: int, fin_suivi: int) -> int:
        g, rng = self.g, self.g.rng
        if rng.random() < 0.30:
            fin_suivi = self._programme(jid, "CEJ", entree + int(rng.random() * 90), 180, 365, fin_suivi)
        if rng.random() < 0.25:
            fin_suivi = self._programme(jid, "PACEA", entree + int(rng.random() * 30), 90, 540, fin_suivi)
        if rng.random() < 0.05:
            fin_suivi = self._programme(jid, "AUTRE", entree + int(rng.random() * 120), 30, 200, fin_suivi)
        return fin_suivi

    def _programme(self, jid, code, debut, min_len, max_len, fin_suivi) -> int:
        g = self.g
        debut = min(debut, g.t)
        fin = debut + min_len + int(g.rng.random() * (max_len - min_len))
        self.programmes.append({"id": g.uid(), "jeune_id": jid, "code": code,
                                "date_debut": g.iso(debut), "date_fin": g.iso(fin) if fin <= g.t else None})
        return max(fin_suivi, min(fin, g.t + 30))

    # --- cotraitance ---------------------------------------------------------------------
    def _cotraitance(self, jid, row, birth, aff, profile, fin_suivi, referent) -> int:
        g = self.g
        ep = _episode(g, birth, aff, profile)
        cot_id = g.uid()
        d = ep["dates"]
        g.add("cotraitance", {
            "id": cot_id, "jeune_id": jid, "phase": ep["phase"],
            "date_affectation": g.iso(aff), "criteres": ep["criteres"],
            "date_acceptation": g.iso(d["acceptation"]), "date_refus": g.iso(d["refus"]),
            "motif_refus": ep["motif_refus"], "date_initialisation": g.iso(d["initialisation"]),
            "etat": ep["etat"], "date_etat": g.iso(ep["date_etat"]),
            "date_radiation": g.iso(d["radiation"]), "date_sortie": g.iso(d["sortie"]),
            "motif_sortie": ep["motif_sortie"],
            "date_fin_prevue": ep["fin_prevue"], "motif_fin_prevue": ep["motif_fin_prevue"],
        })
        etats = g.table("cotraitance_etat")
        auteur = g.nom_complet(referent)
        for rank, (when, etat, motif) in enumerate(ep["historique"]):
            etats.append({"id": g.uid(), "cotraitance_id": cot_id, "date": g.iso(when), "etat": etat,
                          "motif": motif, "auteur": auteur, "created_at": g.stamp(when, rank)})
        self._moved(row, ep)
        # As services.cotraitance.sync_jeune: a phase-2 state only while in phase 2.
        row["cotra_phase"] = ep["phase"]
        row["cotra_etat"] = ep["etat"] if ep["phase"] == cot.PHASE_ACCOMPAGNEMENT else None
        row["date_fin_prevue"] = ep["fin_prevue"]
        if d["acceptation"] is not None:
            g.add("programme", {"id": g.uid(), "jeune_id": jid, "code": "PPAE",
                                "date_debut": g.iso(d["acceptation"]), "date_fin": g.iso(d["sortie"])})
        if d["initialisation"] is not None:
            self.journal.add(jid, d["initialisation"], "entretien_individuel", "presentiel", "present",
                             referent["id"], pools.NOTE_INITIALISATION)
        if ep["phase"] in (cot.PHASE_SORTIE, cot.PHASE_REFUSEE):
            end = d["sortie"] or d["refus"]
            return max(min(fin_suivi, end + 60), end)
        return g.t + 30


    def _moved(self, row: dict, ep: dict) -> None:
        """An exit « déménagement » lives outside the territory now; so does about one
        followed young person in a hundred (the move France Travail has yet to act on). Chosen
        by position, not by the random generator: the other draws stay as they were."""
        n = len(self.jeunes)
        followed = ep["phase"] in (cot.PHASE_ACCEPTEE, cot.PHASE_ACCOMPAGNEMENT)
        if ep["motif_sortie"] == "demenagement" or (followed and n % 97 == 0):
            commune = pools.AILLEURS[n % len(pools.AILLEURS)]
            row.update(code_postal=commune.code_postal, commune=self.commune_upper[commune.nom],
                       commune_fold=self.commune_fold[commune.nom], qpv=0, zrr=0)


def journal(g: Gen) -> "Journal":
    """The run's journal writer (created on first use)."""
    if getattr(g, "journal", None) is None:
        g.journal = Journal(g)
    return g.journal


def _criteres(rng) -> int:
    mask = 0
    for code, proba in pools.CRITERES_PROBA:
        if rng.random() < proba:
            mask |= 1 << (code - 1)
    return mask or 1 << int(rng.random() * 4)


def _episode(g: Gen, birth: int, aff: int, profile: str | None = None) -> dict:
    """One cotraitance episode as of ``g.today``: dated steps, state history, planned end.
    Profiles: DUE accepted and followed, no radiation; EN_ATTENTE still awaiting acceptation;
    ACCEPTEE accepted, not yet initialised."""
    rng, t = g.rng, g.t
    due = profile == DUE
    d = dict.fromkeys(("acceptation", "refus", "initialisation", "radiation", "sortie"))
    motif_refus = motif_sortie = None
    if profile is None and rng.random() < 0.08:
        when = aff + 1 + int(rng.random() * 20)
        if when <= t:
            d["refus"] = when
            motif_refus = pools.MOTIFS_REFUS[int(rng.random() * len(pools.MOTIFS_REFUS))]
    if d["refus"] is None:
        stuck = profile == EN_ATTENTE or profile is None and t - aff <= 45 and rng.random() < 0.3
        when = aff + (2 + int(rng.random() * 19) if rng.random() < 0.85 else 21 + int(rng.random() * 40))
        if profile in (DUE, ACCEPTEE) or (not stuck and when <= t):
            d["acceptation"] = min(when, t)
    if d["acceptation"] is not None and profile != ACCEPTEE:
        when = d["acceptation"] + (5 + int(rng.random() * 36) if rng.random() < 0.8
                                   else 41 + int(rng.random() * 60))
        if due or when <= t:
            d["initialisation"] = min(when, t)
    if profile is None and d["refus"] is None:  # cessation d'inscription (often a job): ~14 months on average
        when = aff + 30 + int(rng.expovariate(1 / 420))
        if when <= t:
            d["radiation"] = when
    birth_day = date.fromordinal(birth)
    fin, raison = _fin_prevue(birth_day, aff, d["radiation"])
    if d["acceptation"] is not None and profile is None:
        fin, raison, motif_sortie = _sortie(g, d, fin, raison)
    if d["radiation"] is not None and d["sortie"] is not None and d["radiation"] > d["sortie"]:
        d["radiation"] = None  # France Travail cannot radiate someone already out
        fin, raison = _fin_prevue(birth_day, aff, None)
    if d["sortie"] is not None and d["initialisation"] is not None and d["initialisation"] > d["sortie"]:
        d["initialisation"] = None
    historique = _historique(g, d["initialisation"], d["sortie"] or t)
    state = cot.CotraitanceState(
        date_affectation=date.fromordinal(aff),
        date_acceptation=_day(d["acceptation"]), date_refus=_day(d["refus"]),
        date_initialisation=_day(d["initialisation"]), date_sortie=_day(d["sortie"]))
    return {
        "phase": cot.phase(state), "criteres": _criteres(rng), "dates": d,
        "motif_refus": motif_refus, "motif_sortie": motif_sortie,
        "etat": historique[-1][1] if historique else None,
        "date_etat": historique[-1][0] if historique else None,
        "historique": historique,
        "fin_prevue": fin.isoformat(), "motif_fin_prevue": raison,
    }


def _day(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)


def _fin_prevue(birth: date, aff: int, radiation: int | None) -> tuple[date, str]:
    """The domain rule (never re-implemented here)."""
    return cot.date_fin_prevue(birth, date.fromordinal(aff), _day(radiation))


def _sortie(g: Gen, d: dict, fin: date, raison: str):
    """France Travail's exit, if any: moved away, or the planned end reached (radiation, age)."""
    rng, t = g.rng, g.t
    fin_o = fin.toordinal()
    motif = None
    lo = d["acceptation"] + 20
    if rng.random() < 0.05 and lo <= min(t, fin_o):
        d["sortie"], motif = g.between(lo, min(t, fin_o)), "demenagement"
    elif fin_o <= t and rng.random() < 0.88:
        when = max(fin_o + int(rng.random() * 26), d["acceptation"])
        if when <= t:
            d["sortie"], motif = when, cot.MOTIF_SORTIE_DE_FIN[raison]
    return fin, raison, motif


def _historique(g: Gen, init: int | None, end: int) -> list[tuple[int, int, str]]:
    """Phase-2 states from the initialisation (state 1) to ``end``, each change with a reason."""
    if init is None:
        return []
    rng = g.rng
    rows = [(init, cot.ETAT_ACTIF, pools.MOTIF_INITIALISATION)]
    etat, when = cot.ETAT_ACTIF, init
    while True:
        when += 30 + int(rng.random() * 210)
        if when > end:
            return rows
        if etat == cot.ETAT_ACTIF:
            etat = cot.ETAT_ALERTE if rng.random() < 0.7 else cot.ETAT_SUSPENSION
        elif etat == cot.ETAT_ALERTE:
            etat = cot.ETAT_ACTIF if rng.random() < 0.7 else cot.ETAT_SUSPENSION
        else:
            etat = cot.ETAT_ACTIF
        motifs = pools.MOTIFS_ETAT[etat]
        rows.append((when, etat, motifs[int(rng.random() * len(motifs))]))


EVENEMENT_COLUMNS = ("jeune_id", "date", "type", "modalite", "statut", "conseiller_id", "note",
                     "source_type", "source_id", "id")


class Journal:
    """Journal events, as lists in :data:`EVENEMENT_COLUMNS` order (a million of them: lists
    cost a third of the memory of dicts). The id, last, is given once every generator has added
    its events (see :func:`milo_desktop.demo.generator.finish_events`)."""

    def __init__(self, g: Gen):
        self.g = g
        self.rows = g.table("evenement")
        self.types = Weighted((t, w) for t, w, _ in pools.TYPES_EVENEMENT)
        # a single modality is stored as is, several as a Weighted choice
        self.modalites = {t: m[0][0] if len(m) == 1 else Weighted(m) for t, _, m in pools.TYPES_EVENEMENT}
        self.conseiller_ids = [u["id"] for u in g.conseillers]
        self.agent_id = g.agent_ft["id"] if g.agent_ft else None
        self.statuts = Weighted(pools.STATUTS_PASSES)
        self.notes = pools.NOTES

    def add(self, jid, when, type_, modalite, statut, conseiller_id, note,
            source_type=None, source_id=None) -> None:
        self.rows.append([jid, self.g.iso(when), type_, modalite, statut, conseiller_id, note,
                          source_type, source_id, None])

    def jeune(self, jid: str, entree: int, fin: int, referent_id: str) -> None:
        """The first reception, then 1 to 16 events between entry and ``fin``."""
        g = self.g
        rng, t, iso, rows = g.rng, g.t, g.iso, self.rows
        rnd = rng.random
        rows.append([jid, iso(entree), "entretien_individuel", "presentiel", "present", referent_id,
                     pools.NOTE_PREMIER_ACCUEIL, None, None, None])
        span = fin - entree + 1
        conseillers = self.conseiller_ids
        agent = self.agent_id or referent_id
        modalites, notes_by_type, sans_rdv = self.modalites, self.notes, pools.TYPES_SANS_RDV
        statut_pick = self.statuts.pick
        for type_ in self.types.many(rng, 1 + int(rnd() * 16)):
            when = entree + int(rnd() * span)
            if when > t:
                statut = "planifie"
            elif type_ in sans_rdv:
                statut = "present"
            else:
                statut = statut_pick(rng)
            x = rnd()
            if x < 0.85:
                conseiller = referent_id
            elif type_ == "prescription" and x < 0.93:
                conseiller = agent
            else:
                conseiller = conseillers[int(rnd() * len(conseillers))]
            modalite = modalites[type_]
            if modalite.__class__ is Weighted:
                modalite = modalite.pick(rng)
            notes = notes_by_type[type_]
            rows.append([jid, iso(when), type_, modalite, statut, conseiller,
                         notes[int(rnd() * len(notes))] if rnd() < 0.8 else None, None, None, None])
