"""``bunko search QUERY [HTML_DIR]``: the built site's search from the terminal.

Reads the index the build wrote (``_build/html`` by default) and ranks with
``search.ranking``, the spec the search page implements in JavaScript, so the terminal lists
the same posts in the same order as the browser.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..search.index import read_index
from ..search.ranking import Filters
from ..search.results import highlight_terms, mark, results
from ..terms import term_key

HELP = "search the built site's index from the terminal, in the search page's order"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help="words to find; Japanese may be typed without spaces")
    parser.add_argument("html_dir", nargs="?", default="_build/html", type=Path,
                        help="the built site (default: _build/html)")
    parser.add_argument("--tag", default="", help="only posts with this tag")
    parser.add_argument("--category", default="", help="only posts in this category")
    parser.add_argument("--year", default="", help="only posts of this year")
    parser.add_argument("-n", "--limit", type=int, default=10,
                        help="results to show (default: 10)")


def run(arguments: argparse.Namespace) -> int:
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
    # Keyed as the search page keys &tag=, &category= and &year= (termKey), and the index its
    # terms: full-width ２０２５ is 2025, Straße is STRASSE.
    filters = Filters(tag=term_key(arguments.tag), category=term_key(arguments.category),
                      year=term_key(arguments.year))
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
