"""``milo-desktop demo``: fill the store with generated, realistic data."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("demo", help="remplit la base avec des données de démonstration générées",
                       description="Génère une Mission Locale fictive complète (données inventées, "
                                   "déterministes pour une graine donnée).")
    p.add_argument("--young", type=int, default=3000, metavar="N", help="nombre de jeunes (défaut : 3000)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="graine du générateur (défaut : 1)")
    p.add_argument("--force", action="store_true", help="remplace les données existantes")
    p.add_argument("--mot-de-passe", dest="mot_de_passe", default=None, metavar="MDP",
                   help="mot de passe de tous les comptes de démonstration (défaut : Demo-MILO-2026!)")
    p.add_argument("--if-empty", action="store_true",
                   help="ne fait rien si la base contient déjà des jeunes")
    p.set_defaults(func=run)


def run(args, services) -> int:
    demo = services.demo
    if args.if_empty and demo.has_data():
        print("La base contient déjà des données : rien à faire.")
        return 0
    if args.young < 1:
        print("Erreur : --young doit être un nombre positif.")
        return 2
    from ...services.demo import DEMO_PASSWORD
    password = args.mot_de_passe or DEMO_PASSWORD
    summary = demo.generate(args.young, seed=args.seed, force=args.force, mot_de_passe=password)
    print(f"Base de démonstration prête en {summary.seconds:.1f} s :")
    for name, count in summary.counts.items():
        print(f"  {name:<28} {count:>9}")
    print("Comptes de démonstration : admin (administrateur), direction, conseiller (conseillère "
          "du siège), agent (agent dédié France Travail) et un compte prenom.nom par conseiller.")
    print(f"Mot de passe de tous ces comptes : {password}")
    return 0
