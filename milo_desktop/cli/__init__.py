"""The command line: one parser, French help. ``milo-desktop`` without a subcommand opens the GUI.

Each module of ``milo_desktop.cli.commands`` adds its subcommands through ``register(sub)`` and
sets ``func`` (called with ``(args, services)``) on its parsers.
"""
