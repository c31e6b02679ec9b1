"""The commands of ``bunko``: one module per command, each with ``HELP``,
``add_arguments(parser)`` and ``run(arguments) -> exit code``; ``cli.py`` makes a subcommand
of every entry of ``COMMANDS``."""

from __future__ import annotations

from . import check, importer, new, search, serve, stats

COMMANDS = {
    "new": (new.HELP, new.add_arguments, new.run),
    "import": (importer.HELP, importer.add_arguments, importer.run),
    "check": (check.HELP, check.add_arguments, check.run),
    "search": (search.HELP, search.add_arguments, search.run),
    "stats": (stats.HELP, stats.add_arguments, stats.run),
    "serve": (serve.HELP, serve.add_arguments, serve.run),
}
