"""The commands of ``bunko``: one module per command, each with ``HELP``,
``add_arguments(parser)`` and ``run(arguments) -> exit code``; ``cli.py`` makes a subcommand
of every entry of ``COMMANDS``."""

from __future__ import annotations

from . import search

COMMANDS = {
    "search": (search.HELP, search.add_arguments, search.run),
}
