"""What rendering a post's Liquid gives: kept apart from the engine, so that a site whose
posts have no Liquid never imports python-liquid."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..post import Problem


@dataclass(frozen=True)
class LiquidResult:
    """A post's body after Liquid, and what the archive could not carry over."""

    text: str
    problems: list[Problem] = field(default_factory=list)
    #: What could not be carried over, named as the warnings name it: ``{% oembed %}``,
    #: ``| team_link``, ``{% include gone.html %}``.
    left_out: Counter[str] = field(default_factory=Counter)
    #: The file line of the first use of each of ``left_out`` (``None`` when unknown).
    left_out_lines: dict[str, int | None] = field(default_factory=dict)
    #: ``{{ … }}`` of the post that rendered nothing (an undefined variable), by file line.
    empty_outputs: tuple[tuple[int | None, str], ...] = ()
