"""Liquid a post uses that the build cannot carry over, for ``bunko import``'s report.

One small module on purpose: what the build renders is the Liquid converter's to say, and
when ``BuiltPost`` carries what the engine could not render, ``liquid_not_carried_over``
reads that instead of following ``liquid.CONVERTED`` as it does today.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..liquid import CONVERTED
from .as_built import BuiltPost


@dataclass
class LiquidGap:
    count: int
    #: ``file:line`` of the first use.
    example: str


_LIQUID = re.compile(r"\{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%\}|\{\{-?(?P<expr>.*?)-?\}\}", re.S)
_FILTER = re.compile(r"\|\s*(\w+)")
_SITE_ROOT = re.compile(r"^\s*site\.(?:baseurl|url)\s*$")
#: Tags inside a block (``{% if %}``, ``{% for %}``, ``{% case %}``), counted with it.
_INNER_TAGS = frozenset({"else", "elsif", "when", "break", "continue"})


def liquid_not_carried_over(posts: list[BuiltPost]) -> dict[str, LiquidGap]:
    """Liquid the build cannot carry over, by what it is (``{% include a.html %}``,
    ``| team_link``, ``{{ page.image }}``), counted over ``posts`` with the first use.
    Today's converter renders the tags of ``liquid.CONVERTED`` and the site root, leaves
    other tags out and shows other output as written."""
    gaps: dict[str, LiquidGap] = {}
    for post in posts:
        for name, offset in _liquid_uses(post.body):
            line = post.body_line + post.body.count("\n", 0, offset)
            gap = gaps.setdefault(name, LiquidGap(0, f"{post.shown}:{line}"))
            gap.count += 1
    return gaps


def _liquid_uses(body: str) -> Iterable[tuple[str, int]]:
    closing = ""
    for match in _LIQUID.finditer(body):
        tag = match.group("tag")
        if closing:
            closing = "" if tag == closing else closing
            continue
        if tag is None:
            expression = " ".join(match.group("expr").split())
            if _SITE_ROOT.match(expression):
                continue
            filters = _FILTER.findall(expression)
            for name in filters or [f"{{{{ {expression} }}}}"]:
                yield (f"| {name}" if filters else name), match.start()
        elif tag in ("raw", "comment"):
            closing = f"end{tag}"
        elif tag not in CONVERTED and tag.removeprefix("end") not in CONVERTED:
            if tag == "include":
                yield f"{{% include {(match.group('args').split() or [''])[0]} %}}", match.start()
            elif not tag.startswith("end") and tag not in _INNER_TAGS:
                yield f"{{% {tag} %}}", match.start()
