"""When Python's garbage collector runs in a build: not while the saved environment loads, and
not over the environment and catalog again and again while pages are written.

Sphinx loads ``environment.pickle`` between ``config-inited`` and ``builder-inited``. Its
titles and tables of contents are docutils nodes, so unpickling makes a few hundred container
objects a post, and the collector, run every 700 new objects, walks the ones already loaded
again and again. Nothing loaded is garbage, so the collector is paused for the load, and
what was loaded is frozen before it resumes as the builder starts: resumed over millions of
new objects, its next collections walked them all twice more, into the middle and the old
generation (0.2 s of every rebuild at 10,000 posts). What a build replaces in the
environment is freed by reference counting all the same.

While pages are written, each resolved doctree becomes garbage with reference cycles (nodes
point to their parents) once its page is written. Only a full collection frees those, and
Python runs one only when the objects that survived since the last one reach a quarter of all
long-lived objects — the environment and catalog of a large site, millions of objects — so
the main process grew by written doctrees until a quarter of its size was garbage, and every
writer forked from it inherited that. Frozen (``gc.freeze``) at ``env-updated``, the
environment and catalog are left out of the count and of every collection, so written
doctrees are freed soon and collections are cheap; forked writers do not touch the frozen
objects' headers either.

They stay frozen when the build finishes, with all else the build made: ``sphinx-build`` then
exits without the interpreter's last collections walking millions of objects (1.1 s of a
no-change rebuild at 10,000 posts). A process that builds again (``bunko serve``, tests)
thaws them as its next build starts, and frees them with its next collection.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .parallel import read_few


def pause_collector(app: Sphinx, config: Config) -> None:
    """``config-inited`` (last): the environment is loaded next; what an earlier build of
    this process left frozen may be freed from now on."""
    gc.unfreeze()
    app.bunko_collector_was_on = gc.isenabled()  # type: ignore[attr-defined]
    gc.disable()


def resume_collector(app: Sphinx) -> None:
    """``builder-inited`` (first): the environment is loaded, and lives as long as the build."""
    gc.freeze()
    if getattr(app, "bunko_collector_was_on", False):
        gc.enable()


def freeze_for_writing(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (after the catalog): what exists now lives until the build ends.

    Garbage frozen stays until the next build thaws it, so a build that read many documents
    (readers' environments merged, doctrees dropped, the loaded titles and tables of
    contents of the documents read replaced) thaws what was loaded and collects first. One
    that read few made little, and a full collection walks every loaded object (0.25 s at
    10,000 posts)."""
    if not read_few(app):
        gc.unfreeze()
        gc.collect()
    gc.freeze()
    return []


def freeze_until_next_build(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (last): thawed by the next build (``pause_collector``), if any."""
    gc.freeze()
