"""Offers part of the Bilan du partenariat renforcé: offers collected, entered, delegated,
filled; mises en relation and MER+; plateformes de vocation; the annex of delegated offers."""

from __future__ import annotations

from datetime import date

from ...domain.offres import MOTIFS_NON_RETENU, NATURES_CONTRAT, RESULTATS_MER, SOURCES, STATUT_LABELS
from ...reports.model import Figure, KeyFigure, Link, Section, Series, Table, Text
from ..bilans_queries import offres as qo
from .common import Ctx, breakdown, breakdown_figure, compare, share


def _link(ctx: Ctx, kind: str = "liste", **payload) -> Link:
    base = {"du": ctx.period.start, "au": ctx.period.end, "site_id": ctx.cur.site_id}
    return Link("offres", kind, {**base, **payload})


def key_figures(ctx: Ctx, flux: tuple, mer: tuple) -> list[KeyFigure]:
    (f, fp), (m, mp) = flux, mer
    return [
        KeyFigure("Offres recueillies", f.recueillies, fp.recueillies, link=_link(ctx), key="offres"),
        KeyFigure(f"Offres saisies chez {ctx.service_emploi}", f.saisies, fp.saisies,
                  link=_link(ctx, statut="saisie"), key="offres_saisies"),
        KeyFigure("Mises en relation", m.total, mp.total, link=_link(ctx, "mises_en_relation"), key="mer"),
        KeyFigure("Mises en relation positives (MER+)", m.positives, mp.positives,
                  link=_link(ctx, "mises_en_relation", resultat="retenu"), key="mer_plus"),
    ]


def flux_table(ctx: Ctx, flux: tuple) -> Table:
    f, p = flux
    return compare(ctx, "Offres", [
        ("Offres recueillies", f.recueillies, p.recueillies),
        ("Postes proposés", f.postes, p.postes),
        ("Offres recueillies en délégation de mise en relation", f.deleguees, p.deleguees),
        (f"Offres saisies chez {ctx.service_emploi}", f.saisies, p.saisies),
        ("Offres pourvues", f.pourvues, p.pourvues),
        ("Offres annulées", f.annulees, p.annulees),
        ("Offres expirées", f.expirees, p.expirees),
    ], title="Offres d'emploi de la période",
        note="Recueil, saisie et changement de statut sont comptés chacun à leur date.")


def _split(by: tuple[dict, dict], index: int) -> tuple[dict, dict]:
    return ({k: v[index] for k, v in by[0].items()}, {k: v[index] for k, v in by[1].items()})


def statut_table(ctx: Ctx, by: tuple) -> Table:
    return breakdown(ctx, "Offres par statut", "Statut actuel", STATUT_LABELS.items(), *_split(by, 0),
                     title="Offres recueillies dans la période, par statut actuel")


def nature_table(ctx: Ctx, by: tuple) -> Table:
    table = breakdown(ctx, "Offres par nature", "Nature du contrat", NATURES_CONTRAT, *_split(by, 0),
                      title="Offres recueillies par nature de contrat", keep_empty=False)
    delegated = _split(by, 1)
    labels = {label: code for code, label in NATURES_CONTRAT}
    table.headers.append(f"Déléguées {ctx.period.short}")
    table.kinds.append("int")
    table.widths = [4.0, 1.0, 0.9, 1.0, 0.9, 1.3]
    for row in table.rows:
        row.append(delegated[0].get(labels.get(row[0], row[0]), 0))
    table.total.append(sum(delegated[0].values()))
    return table


def source_table(ctx: Ctx, by: tuple) -> Table:
    return breakdown(ctx, "Offres par source", "Source de l'offre", SOURCES, *_split(by, 0),
                     title="Offres recueillies par source", keep_empty=False)


def mer_table(ctx: Ctx, mer: tuple) -> Table:
    m, p = mer
    return compare(ctx, "Mises en relation", [
        ("Mises en relation", m.total, p.total),
        ("Jeunes mis en relation", m.jeunes, p.jeunes),
        ("Mises en relation positives (MER+)", m.positives, p.positives),
        ("Jeunes avec au moins une MER+", m.jeunes_positifs, p.jeunes_positifs),
        ("Mises en relation sur des offres déléguées", m.sur_offres_deleguees, p.sur_offres_deleguees),
    ], title="Mises en relation", note="MER+ : mise en relation positive (jeune retenu par l'employeur).")


def mer_taux(ctx: Ctx, mer: tuple) -> Table:
    m, p = mer
    return compare(ctx, "Taux MER+", [("Part des mises en relation positives (%)",
                                       share(m.positives, m.total), share(p.positives, p.total))],
                   kind="pct", title=None)


def plateformes_table(ctx: Ctx, plateformes: tuple) -> Table:
    rows = [[p.nom, p.evaluations, p.reussies, share(p.reussies, p.evaluations), p.mer, p.mer_positives]
            for p in plateformes[0]]
    total = ["Total", *(sum(r[i] for r in rows) for i in (1, 2)), None,
             *(sum(r[i] for r in rows) for i in (4, 5))]
    total[3] = share(total[2], total[1])
    return Table("Plateformes de vocation", ["Plateforme", "Évaluations", "Réussies", "Taux (%)",
                                             "Mises en relation", "MER+"], rows,
                 ["text", "int", "int", "pct", "int", "int"], total=total,
                 title=f"Plateformes de vocation (méthode de recrutement par simulation) — {ctx.period.short}",
                 widths=[3.6, 1.2, 1.1, 1.0, 1.4, 0.9],
                 note="Mises en relation sur les offres recrutées par chaque plateforme.")


def plateformes_compare(ctx: Ctx, plateformes: tuple) -> Table:
    cur, prev = plateformes

    def tot(items, attr):
        return sum(getattr(p, attr) for p in items)
    return compare(ctx, "Plateformes - évolution", [
        ("Évaluations de jeunes", tot(cur, "evaluations"), tot(prev, "evaluations")),
        ("Évaluations réussies", tot(cur, "reussies"), tot(prev, "reussies")),
        ("Mises en relation", tot(cur, "mer"), tot(prev, "mer")),
        ("Mises en relation positives (MER+)", tot(cur, "mer_positives"), tot(prev, "mer_positives")),
    ], title="Plateformes de vocation : comparaison avec l'année précédente")


def plateformes_figure(table: Table) -> Figure:
    rows = table.rows
    return Figure("Plateformes", "bar", "Évaluations MRS par plateforme", [r[0] for r in rows],
                  [Series("Évaluations", [float(r[1]) for r in rows]),
                   Series("Réussies", [float(r[2]) for r in rows])])


NATURES_COURTES = {"E1": "Contrat de travail", "E2": "Apprentissage", "FS": "Professionnalisation",
                   "FT": "CUI-CAE / PEC", "FU": "CUI-CIE", "I1": "IAE", "FA": "AFPR", "FV": "POE"}
STATUTS_COURTS = {**STATUT_LABELS, "saisie": "Saisie (FT)"}


def annexe(ctx: Ctx, offres: list) -> Table:
    natures, statuts = {**dict(NATURES_CONTRAT), **NATURES_COURTES}, STATUTS_COURTS
    rows = [[date.fromisoformat(o.date_recueil), o.intitule, o.entreprise,
             natures.get(o.nature, o.nature), statuts.get(o.statut, o.statut), o.postes, o.mer,
             o.mer_positives] for o in offres]
    total = ["Total", f"{len(rows)} offres", "", "", "", sum(r[5] for r in rows),
             sum(r[6] for r in rows), sum(r[7] for r in rows)]
    return Table("Offres déléguées", ["Recueil", "Intitulé", "Entreprise", "Nature", "Statut",
                                      "Postes", "MER", "MER+"], rows,
                 ["date", "text", "text", "text", "text", "int", "int", "int"], total=total,
                 title=f"Offres recueillies en délégation — {ctx.period.label}",
                 widths=[1.45, 3.4, 2.8, 2.1, 1.6, 0.9, 0.8, 0.8], wrap=False, annex=True)


def sections(ctx: Ctx) -> tuple[list[Section], dict]:
    ctx.tick("Offres d'emploi…")
    flux = ctx.both(qo.offres_flux)
    statuts, natures, sources = (ctx.both(qo.offres_par, col) for col in ("statut", "nature_contrat", "source"))
    ctx.tick("Mises en relation…")
    mer = ctx.both(qo.mises_en_relation)
    ctx.tick("Plateformes de vocation…")
    pf = ctx.both(qo.plateformes)
    ctx.tick("Annexe : offres déléguées…")
    delegated = qo.offres_deleguees(ctx.q, ctx.cur)
    statut_t, mer_t, pf_t = statut_table(ctx, statuts), mer_table(ctx, mer), plateformes_table(ctx, pf)
    results = breakdown(ctx, "Résultats des MER", "Résultat", RESULTATS_MER, mer[0].par_resultat,
                        mer[1].par_resultat, title="Mises en relation par résultat")
    motifs = breakdown(ctx, "Motifs non retenu", "Motif", MOTIFS_NON_RETENU, mer[0].motifs_non_retenu,
                       mer[1].motifs_non_retenu, title="Mises en relation non retenues, par motif",
                       keep_empty=False)
    result = [
        Section("Offres d'emploi", [flux_table(ctx, flux), statut_t,
                                    breakdown_figure(statut_t, "Statuts des offres", "Offres recueillies par statut actuel", "hbar"),
                                    nature_table(ctx, natures), source_table(ctx, sources)]),
        Section("Mises en relation", [mer_t, mer_taux(ctx, mer), results,
                                      breakdown_figure(results, "Résultats MER", "Mises en relation par résultat", "pie", both=False),
                                      motifs]),
        Section("Plateformes de vocation", [pf_t, plateformes_figure(pf_t), plateformes_compare(ctx, pf)]
                if pf[0] else [Text("Aucune plateforme de vocation n'est enregistrée.")]),
        Section("Annexe — offres en délégation de mise en relation",
                [annexe(ctx, delegated)] if delegated else
                [Text("Aucune offre recueillie en délégation dans la période.")]),
    ]
    return result, {"flux": flux, "mer": mer}


def is_empty(figures: dict) -> bool:
    f, _ = figures["flux"]
    m, _ = figures["mer"]
    return not (f.recueillies or f.saisies or f.pourvues or m.total)
