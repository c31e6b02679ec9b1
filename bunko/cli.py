"""``bunko`` / ``python -m bunko``: the command line, one subcommand per task.

Each subcommand is a ``name: (help, add_arguments, run)`` entry in ``_COMMANDS``; ``run``
returns the exit code. Usage errors exit 2 (argparse's code), problems with the input exit 1
with one line on stderr, never a traceback. The writers' and migrators' commands live in
``bunko/commands/``, one module each.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from .commands import COMMANDS

#: name → (help, add_arguments, run)
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None],
                           Callable[[argparse.Namespace], int]]] = dict(COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bunko", description="A blog archive built by Sphinx.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (help_text, add_arguments, run) in _COMMANDS.items():
        command = commands.add_parser(name, help=help_text, description=help_text)
        add_arguments(command)
        command.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return arguments.run(arguments)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head`: stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
