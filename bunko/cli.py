"""``bunko`` / ``python -m bunko``: the command line, one subcommand per task.

Each subcommand is a ``(name, add_arguments, run)`` entry in ``_COMMANDS``; ``run`` returns
the exit code. Usage errors exit 2 (argparse's code), problems with the input exit 1 with one
line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .search.index import read_index
from .search.ranking import Filters
from .search.results import highlight_terms, mark, results
from .terms import term_key


def _add_search_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help="words to find; Japanese may be typed without spaces")
    parser.add_argument("html_dir", nargs="?", default="_build/html", type=Path,
                        help="the built site (default: _build/html)")
    parser.add_argument("--tag", default="", help="only posts with this tag")
    parser.add_argument("--category", default="", help="only posts in this category")
    parser.add_argument("--year", default="", help="only posts of this year")
    parser.add_argument("-n", "--limit", type=int, default=10,
                        help="results to show (default: 10)")


def _run_search(arguments: argparse.Namespace) -> int:
    """Answer from the index the build wrote, in the browser's order."""
    html_dir: Path = arguments.html_dir
    try:
        index = read_index(html_dir)
    except FileNotFoundError:
        print(f"bunko search: no search index in {html_dir} (build the site first: make html)",
              file=sys.stderr)
        return 1
    except ValueError as err:
        print(f"bunko search: {html_dir} has a broken search index ({err}); rebuild the site",
              file=sys.stderr)
        return 1
    filters = Filters(tag=term_key(arguments.tag), category=term_key(arguments.category),
                      year=arguments.year.strip())
    shown = results(html_dir, index, arguments.query, filters, max(arguments.limit, 0))
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    before, after = ("\x1b[1;33m", "\x1b[0m") if colour else ("[", "]")
    terms = highlight_terms(index, arguments.query)
    for result in shown:
        date = f"  ({result.date_text})" if result.date_text else ""
        print(f"{result.rank}. {mark(result.title, terms, before, after)}{date}")
        print(f"   {result.uri}")
        if result.tags:
            print(f"   {' · '.join(result.tags)}")
        if result.context:
            print(f"   {mark(result.context, terms, before, after)}")
    if not shown:
        print("no posts found", file=sys.stderr)
    return 0


#: name → (help, add_arguments, run)
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None],
                           Callable[[argparse.Namespace], int]]] = {
    "search": ("search the built site's index from the terminal", _add_search_arguments,
               _run_search),
}


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


if __name__ == "__main__":
    sys.exit(main())
