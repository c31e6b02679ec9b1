"""Liquid a post uses that the build cannot carry over, for ``bunko import``'s report.

What the build renders is the Liquid engine's to say (``bunko/liquid``): each post read as the
build reads it (``as_built``) carries what the engine left out, by name (``{% include a.html
%}``, ``| team_link``, ``{% gist %}``) with the line of its first use. This module only adds
them up over the posts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .as_built import BuiltPost


@dataclass
class LiquidGap:
    count: int
    #: ``file:line`` of the first use.
    example: str


def liquid_not_carried_over(posts: list[BuiltPost]) -> dict[str, LiquidGap]:
    """Liquid the build cannot carry over, by what it is, counted over ``posts`` with the
    first use."""
    gaps: dict[str, LiquidGap] = {}
    for post in posts:
        for name, count in post.liquid_left_out.items():
            line = post.liquid_left_out_lines.get(name)
            example = f"{post.shown}:{line}" if line else post.shown
            gap = gaps.setdefault(name, LiquidGap(0, example))
            gap.count += count
    return gaps
