"""``milo-desktop comptes lister|creer|desactiver|reactiver|reinitialiser`` (administrateur)."""

from __future__ import annotations

from ...domain import referentiel as ref
from ...domain.dates import parse_date
from ...domain.errors import DomainError

ROLES = tuple(code for code, _label in ref.ROLES)


def register(sub) -> None:
    p = sub.add_parser("comptes", help="gère les comptes (administrateur)",
                       description="Liste, crée, désactive, réactive les comptes et réinitialise "
                                   "les mots de passe. Réservé au rôle administrateur. Un nouveau "
                                   "mot de passe est lu sur l'entrée standard (ou demandé) après "
                                   "celui de l'administrateur.")
    actions = p.add_subparsers(dest="action", title="actions", metavar="ACTION", required=True)
    actions.add_parser("lister", help="liste les comptes")
    c = actions.add_parser("creer", help="crée un compte (mot de passe provisoire, à changer à la première connexion)")
    c.add_argument("identifiant")
    c.add_argument("--nom", required=True)
    c.add_argument("--prenom", required=True)
    c.add_argument("--email", required=True)
    c.add_argument("--role", required=True, choices=ROLES)
    c.add_argument("--site", action="append", default=[], metavar="NOM",
                   help="site du compte (répétable ; le premier est son site principal)")
    c.add_argument("--fin", metavar="JJ/MM/AAAA", help="fin de l'autorisation")
    for name, text in (("desactiver", "désactive un compte (il garde ses écritures)"),
                       ("reactiver", "réactive un compte"),
                       ("reinitialiser", "nouveau mot de passe provisoire (à changer à la connexion)")):
        a = actions.add_parser(name, help=text)
        a.add_argument("identifiant")
    p.set_defaults(func=run)


def _account(services, identifiant: str):
    ident = identifiant.strip().lower()
    account = next((a for a in services.comptes.comptes() if a.identifiant == ident), None)
    if account is None:
        raise DomainError(f"Aucun compte n'a l'identifiant « {ident} ».")
    return account


def _new_password() -> str:
    from ..main import read_password
    return read_password()


def run(args, services) -> int:
    comptes = services.comptes
    if args.action == "lister":
        if not services.comptes.may("comptes.gerer"):
            comptes.comptes()  # refused with the French message, and audited
        sites = {s.id: s.nom for s in services.settings.sites()}
        print("identifiant;nom;rôle;sites;état;fin d'autorisation")
        for a in comptes.comptes():
            state = ("actif" if a.actif else "désactivé") + (" (verrouillé)" if a.verrouille else "") + \
                ("" if a.has_password else " (sans mot de passe)")
            end = f"{a.fin_autorisation:%d/%m/%Y}" if a.fin_autorisation else ""
            names = ", ".join(sorted(sites.get(i, "?") for i in a.site_ids))
            print(f"{a.identifiant or ''};{a.nom_complet};{a.role_label};{names};{state};{end}")
        return 0
    if args.action == "creer":
        by_name = {s.nom.lower(): s.id for s in services.settings.sites()}
        site_ids = []
        for name in args.site:
            if name.lower() not in by_name:
                raise DomainError(f"Site inconnu : « {name} ».")
            site_ids.append(by_name[name.lower()])
        end = parse_date(args.fin) if args.fin else None
        if not comptes.may("comptes.gerer"):
            comptes.comptes()  # refused before any password is asked
        account = comptes.creer(ref.UtilisateurInput(args.nom, args.prenom, args.email, args.role,
                                                     site_ids[0] if site_ids else None),
                                args.identifiant, _new_password(), site_ids, end)
        print(f"Compte « {account.identifiant} » créé ({account.role_label}) : mot de passe à "
              "changer à la première connexion.")
        return 0
    account = _account(services, args.identifiant)
    if args.action == "desactiver":
        comptes.desactiver(account.id)
        print(f"Compte « {account.identifiant} » désactivé.")
    elif args.action == "reactiver":
        comptes.reactiver(account.id)
        print(f"Compte « {account.identifiant} » réactivé.")
    else:
        comptes.reinitialiser(account.id, _new_password())
        print(f"Mot de passe de « {account.identifiant} » réinitialisé : à changer à la prochaine connexion.")
    return 0
