"""The saved environment loaded with the garbage collector paused.

Sphinx loads ``environment.pickle`` between ``config-inited`` and ``builder-inited``. Its
titles and tables of contents are docutils nodes, so unpickling makes a few hundred container
objects a post, and the collector, run every 700 new objects, walks the ones already loaded
again and again: at 1,000 posts the load took 1.6–3.6 s with the collector on and 0.3 s with
it off (``bench/results/profile-1000.md``). Nothing loaded is garbage, so the collector is
paused for the load and resumed as soon as the builder starts, where it was before.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx
from sphinx.config import Config


def pause_collector(app: Sphinx, config: Config) -> None:
    """``config-inited`` (last): the environment is loaded next."""
    app.bunko_collector_was_on = gc.isenabled()  # type: ignore[attr-defined]
    gc.disable()


def resume_collector(app: Sphinx) -> None:
    """``builder-inited`` (first): the environment is loaded."""
    if getattr(app, "bunko_collector_was_on", False):
        gc.enable()
