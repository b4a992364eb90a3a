"""Bilan Mission Jeunes (convention ``004_…``): FASTT referrals by need and outcome, conventions
with agences d'emploi, young people oriented and put in work, delegations, branch actions."""

from __future__ import annotations

from ...domain import fastt, interim
from ...domain.conventions import date_fin, est_active
from ...reports.model import Figure, KeyFigure, KeyFigures, Link, Section, Series, Table, Text
from ..bilans_queries import mission_jeunes as qm
from .common import Ctx, breakdown, breakdown_figure, compare, no_data_text

TITLE = "Bilan Mission Jeunes"
RESULTATS_COURTS = {"prevue": "Prévues", "en_cours": "En cours", "terminee_succes": "Réussies",
                    "terminee_sans_succes": "Sans succès", "abandon": "Abandons"}


def _link(ctx: Ctx, kind: str, **payload) -> Link:
    return Link("mission_jeunes", kind, {"du": ctx.period.start, "au": ctx.period.end,
                                         "site_id": ctx.cur.site_id, **payload})


def key_figures(ctx: Ctx, flux: tuple, ins: tuple) -> list[KeyFigure]:
    (f, fp), (i, ip) = flux, ins
    return [
        KeyFigure("Orientations FASTT", f.orientations, fp.orientations, link=_link(ctx, "fastt"), key="fastt"),
        KeyFigure("Entretiens FASTT réalisés", f.entretiens, fp.entretiens,
                  link=_link(ctx, "fastt", statut="entretien_realise"), key="fastt_entretiens"),
        KeyFigure("Jeunes orientés vers une agence", i.orientes, ip.orientes,
                  link=_link(ctx, "orientations"), key="orientes"),
        KeyFigure("Jeunes mis à l'emploi (intérim)", i.mis_a_l_emploi, ip.mis_a_l_emploi,
                  link=_link(ctx, "delegations"), key="mis_emploi"),
        KeyFigure("Délégations d'intérim", i.delegations, ip.delegations,
                  link=_link(ctx, "delegations"), key="delegations"),
        KeyFigure("Heures de mission", i.heures, ip.heures, kind="dec", key="heures"),
    ]


def fastt_table(ctx: Ctx, flux: tuple) -> Table:
    f, p = flux
    return compare(ctx, "FASTT", [
        ("Orientations préparées", f.orientations, p.orientations),
        ("dont besoin urgent (SOS, réponse sous 48 h)", f.sos, p.sos),
        ("dont avec le consentement du jeune", f.avec_consentement, p.avec_consentement),
        ("Orientations envoyées au FASTT", f.envoyees, p.envoyees),
        ("Entretiens réalisés par le FASTT", f.entretiens, p.entretiens),
        ("Jeunes injoignables", f.injoignables, p.injoignables),
        ("Synthèses reçues", f.syntheses, p.syntheses),
        ("Orientations clôturées", f.cloturees, p.cloturees),
    ], title="Orientations « Point Conseils Intérimaire » du FASTT",
        note="Chaque étape est comptée à sa date.")


def besoins_table(ctx: Ctx, besoins: tuple, totals: tuple[int, int]) -> Table:
    cur, prev = besoins
    rows = []
    for cat in fastt.CATEGORIES:
        for code, label in (cat.besoins or ((cat.code, cat.libelle),)):
            shown = label if not cat.besoins else f"{cat.libelle} — {label}"
            rows.append((code, shown))
    table = breakdown(ctx, "Besoins FASTT", "Besoin identifié", rows, cur, prev, totals,
                      title="Orientations par besoin identifié",
                      note="Une orientation peut porter plusieurs besoins : les lignes dépassent le total. "
                           "Le total est le nombre d'orientations préparées.")
    return table


def statuts_table(ctx: Ctx, statuts: tuple) -> Table:
    return breakdown(ctx, "Suites FASTT", "Où en est l'orientation", fastt.STATUTS, *statuts,
                     title="Suite donnée aux orientations de la période (statut actuel)")


def agences_table(ctx: Ctx, agences: list) -> Table:
    day = ctx.cur.situation
    rows = []
    for a in agences:
        c = a.convention
        state = "" if c is None else ("en vigueur" if est_active(c, day) else
                                      f"terminée le {date_fin(c):%d/%m/%Y}" if date_fin(c) else "non commencée")
        rows.append([a.nom, c.date_signature if c else None, c.duree_annees if c else None,
                     state or "sans convention", a.orientes, a.mis_a_l_emploi, a.delegations, a.heures])
    total = ["Total", None, None, "", *(sum(r[i] for r in rows) for i in (4, 5, 6, 7))]
    return Table("Agences d'emploi", ["Agence d'emploi", "Convention signée", "Durée (ans)",
                                      f"Au {day:%d/%m/%Y}", "Jeunes orientés", "Jeunes mis à l'emploi",
                                      "Délégations", "Heures"], rows,
                 ["text", "date", "int", "text", "int", "int", "int", "dec"], total=total,
                 title="Conventions avec les agences d'emploi et évaluation annuelle",
                 widths=[2.5, 1.45, 0.9, 1.9, 1.1, 1.2, 1.3, 1.1],
                 note="Mis à l'emploi : jeunes dont une délégation commence dans la période. Un jeune "
                      "passé par deux agences compte dans chacune : le total peut dépasser le nombre de jeunes.")


def insertion_table(ctx: Ctx, ins: tuple) -> Table:
    i, p = ins
    return compare(ctx, "Insertion", [
        ("Jeunes orientés vers une agence d'emploi", i.orientes, p.orientes),
        ("Jeunes mis à l'emploi", i.mis_a_l_emploi, p.mis_a_l_emploi),
        ("Délégations commencées", i.delegations, p.delegations),
        ("Heures de mission des délégations commencées", i.heures, p.heures),
    ], title="Jeunes orientés et mis à l'emploi (toutes agences)")


def types_table(ctx: Ctx, types: tuple) -> Table:
    cur, prev = types
    rows = [[label, cur.get(code, (0, 0, 0.0))[0], cur.get(code, (0, 0, 0.0))[1],
             cur.get(code, (0, 0, 0.0))[2], prev.get(code, (0, 0, 0.0))[0]]
            for code, label in interim.TYPES_CONTRAT_INTERIM]
    total = ["Total", *(sum(r[i] for r in rows) for i in (1, 2, 3, 4))]
    return Table("Délégations par contrat", ["Type de contrat", f"Délégations {ctx.period.short}",
                                             "Jeunes", "Heures", f"Délégations {ctx.previous.short}"],
                 rows, ["text", "int", "int", "dec", "int"], total=total,
                 title="Délégations commencées dans la période, par type de contrat",
                 note="Un jeune ayant deux types de contrat compte dans chacun.")


def actions_table(ctx: Ctx, actions: tuple) -> Table:
    cur, prev = actions
    results = [code for code, _ in interim.RESULTATS_ACTION]
    rows = []
    for code, label in interim.ACTIONS_BRANCHE:
        counts = [cur.get((code, r), 0) for r in results]
        rows.append([label, sum(counts) + cur.get((code, ""), 0), *counts,
                     sum(v for (a, _), v in prev.items() if a == code)])
    total = ["Total", *(sum(r[i] for r in rows) for i in range(1, len(rows[0])))]
    headers = ["Action", f"Commencées {ctx.period.short}", *(RESULTATS_COURTS.get(code, label)
                                                              for code, label in interim.RESULTATS_ACTION),
               f"Commencées {ctx.previous.short}"]
    return Table("Actions de la branche", headers, rows, ["text"] + ["int"] * (len(headers) - 1),
                 total=total, title="Actions de la branche du travail temporaire (AKTO, FPE.TT)",
                 widths=[2.4, 1.3, 0.9, 0.9, 1.0, 1.0, 1.0, 1.3], note="Résultat actuel des actions commencées dans la période.")


def build(ctx: Ctx) -> tuple[list[Section], bool]:
    ctx.tick("FASTT…")
    flux, besoins, statuts = ctx.both(qm.fastt_flux), ctx.both(qm.fastt_besoins), ctx.both(qm.fastt_statuts)
    ctx.tick("Agences d'emploi et délégations…")
    agences, ins, types = qm.agences(ctx.q, ctx.cur), ctx.both(qm.insertion), ctx.both(qm.delegations_par_type)
    ctx.tick("Actions de la branche…")
    actions = ctx.both(qm.actions_branche)
    figures = KeyFigures(key_figures(ctx, flux, ins))
    if not (flux[0].orientations or flux[0].envoyees or ins[0].orientes or ins[0].delegations or actions[0]):
        return [Section("Aucune donnée", [Text(no_data_text(
            ctx, "aucune orientation FASTT, aucune orientation vers une agence d'emploi, aucune "
                 "délégation ni action de la branche")), figures])], True
    besoins_t = besoins_table(ctx, besoins, (flux[0].orientations, flux[1].orientations))
    statuts_t = statuts_table(ctx, statuts)
    agences_t = agences_table(ctx, agences)
    return [
        Section("Synthèse", [Text(
            "Ce bilan rend compte de l'action « Mission Jeunes » menée avec les agences d'emploi et le "
            "FASTT : orientations vers le « Point Conseils Intérimaire », conventions avec les agences, "
            f"jeunes orientés et mis à l'emploi, actions de la branche ({ctx.period.label}, comparée à "
            f"{ctx.previous.label})."), figures]),
        Section("Orientations FASTT", [fastt_table(ctx, flux), besoins_t,
                                       _besoins_figure(besoins_t), statuts_t,
                                       breakdown_figure(statuts_t, "Suites FASTT", "Suite donnée aux orientations", "pie", both=False)]),
        Section("Agences d'emploi et délégations", [agences_t, _agences_figure(agences_t),
                                                     insertion_table(ctx, ins), types_table(ctx, types)]),
        Section("Actions de la branche", [actions_table(ctx, actions)]),
    ], False


def _besoins_figure(table: Table) -> Figure:
    rows = [r for r in table.rows if r[1] or r[3]]
    return Figure("Besoins", "hbar", "Besoins identifiés dans les orientations FASTT",
                  [r[0] for r in rows], [Series(table.headers[1], [float(r[1]) for r in rows]),
                                         Series(table.headers[3], [float(r[3]) for r in rows])])


def _agences_figure(table: Table) -> Figure:
    return Figure("Agences", "hbar", "Jeunes orientés et mis à l'emploi par agence",
                  [r[0] for r in table.rows], [Series("Jeunes orientés", [float(r[4]) for r in table.rows]),
                                               Series("Jeunes mis à l'emploi", [float(r[5]) for r in table.rows])])
