"""Entry point: parse, open the store, run a subcommand or the GUI."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from pathlib import Path

from .. import APP_NAME, __version__
from . import commands, french

log = logging.getLogger(__name__)

DESCRIPTION = f"""{APP_NAME} — l'outil des conseillers de Mission Locale : jeunes en cotraitance (PPAE),
offres d'emploi pour France Travail, orientations FASTT, bilans annuels des partenariats.

Sans sous-commande, ouvre l'application. Les commandes qui lisent ou écrivent des données
demandent un compte : --utilisateur IDENTIFIANT ; le mot de passe est lu sur l'entrée standard
quand elle n'est pas un terminal, sinon demandé sans écho. Exemples :
  milo-desktop --data-dir ./ma-base demo --young 3000
  printf '%s\n' "$MDP" | milo-desktop --utilisateur marie export cotraitance --out cotraitance.xlsx
  milo-desktop --utilisateur direction report bilan-partenariat --year 2026 --out bilan.pdf"""


def build_parser() -> french.Parser:
    french.install()
    parser = french.Parser(prog="milo-desktop", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="affiche la version et quitte")
    parser.add_argument("--data-dir", metavar="DOSSIER", type=Path,
                        help="dossier de la base locale (par défaut : le dossier de données de l'utilisateur)")
    parser.add_argument("--utilisateur", metavar="IDENTIFIANT",
                        help="identifiant du compte (le mot de passe est lu sur l'entrée standard "
                             "ou demandé)")
    parser.add_argument("--self-check", action="store_true",
                        help="vérifie l'installation (base, migrations, intégrité, PDF) et quitte")
    sub = parser.add_subparsers(dest="command", title="sous-commandes", metavar="COMMANDE",
                                parser_class=french.Parser)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}").register(sub)
    return parser


def data_dir_of(args) -> Path:
    if args.data_dir:
        return args.data_dir.expanduser().resolve()
    from ..paths import default_data_dir
    return default_data_dir()


NEED_LOGIN = ("Cette commande lit ou écrit les données de la base : identifiez-vous avec "
              "--utilisateur IDENTIFIANT (le mot de passe est lu sur l'entrée standard, ou demandé).")


def open_services(data_dir: Path):
    """Open the store and build the services, with no account yet (``authenticate``)."""
    from ..persistence.migrations import open_store
    from ..services import AppContext, CurrentUser, Services
    return Services(AppContext.for_people(open_store(data_dir), user=CurrentUser(None, "Ligne de commande")))


def needs_login(args, services) -> bool:
    """Every command that reads or writes the store's data needs an account; not printing an
    import template, computing objectives from a file, or filling an empty folder with a demo."""
    if args.command == "objectifs" or (args.command == "import" and getattr(args, "template", None)):
        return False
    if args.command == "demo":
        from ..services import AppContext, Services
        system = Services(AppContext.system(services.ctx.store))
        if args.if_empty and system.demo.has_data():
            return False  # nothing will be done
        return system.demo.has_data() or system.comptes.accounts_exist()
    return True


def read_password(stream=None) -> str:
    stream = stream or sys.stdin
    if stream.isatty():
        import getpass
        return getpass.getpass("Mot de passe : ")
    return stream.readline().rstrip("\r\n")


def authenticate(args, services) -> None:
    """Log in with --utilisateur and the password (French refusal otherwise), or work as the
    application itself for the commands that need no account."""
    from ..domain.errors import AuthenticationError
    if not needs_login(args, services):
        services.ctx.unrestricted = True
        return
    if not args.utilisateur:
        raise AuthenticationError(NEED_LOGIN)
    services.comptes.login(args.utilisateur, read_password())


def main(argv: list[str] | None = None) -> int:
    from ..logsetup import setup_logging
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging()
    if args.self_check:
        from .selfcheck import run_self_check
        return run_self_check(data_dir_of(args))
    if not args.command:
        from ..gui.app import run_gui
        return run_gui(data_dir_of(args), argv or [])
    return run_command(args)


def run_command(args) -> int:
    from ..domain.errors import DomainError
    try:
        services = open_services(data_dir_of(args))
        authenticate(args, services)
        return int(args.func(args, services) or 0)
    except DomainError as err:
        print(f"Erreur : {err.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
