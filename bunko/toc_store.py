"""Posts' tables of contents kept pickled in the environment, unpickled when a page needs one.

Sphinx keeps each page's table of contents (``env.tocs``) as docutils nodes, and every node
carries a dict of five attribute lists: at 10,000 posts they were 158 MB of the environment's
293 MB in memory against 17 MB pickled (``bench/results/profile-10000.md``), held by the
main process through the build and inherited by each forked writer. A post's table of
contents is read only when its own page is written (Sphinx copies it then), so posts' entries
are stored as pickles. Sphinx changes an entry in place only to number the sections of a
``:numbered:`` toctree, and posts are in no toctree, so other documents keep their nodes.
"""

from __future__ import annotations

import pickle
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .site import site_of


class PickledPostTocs(dict):
    """``env.tocs`` with the entries of documents under ``prefix`` kept as pickles."""

    def __init__(self, prefix: str, entries: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.prefix = prefix
        for docname, toc in (entries or {}).items():
            self[docname] = toc

    def __setitem__(self, docname: str, toc: Any) -> None:
        if docname.startswith(self.prefix) and not isinstance(toc, bytes):
            toc = pickle.dumps(toc, pickle.HIGHEST_PROTOCOL)
        super().__setitem__(docname, toc)

    def __getitem__(self, docname: str) -> Any:
        toc = super().__getitem__(docname)
        return pickle.loads(toc) if isinstance(toc, bytes) else toc

    def __reduce__(self) -> tuple[Any, ...]:
        return (PickledPostTocs, (self.prefix,), None, None, iter(dict.items(self)))


def keep_post_tocs_pickled(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (before parallel readers fork): store posts' entries pickled
    from now on, for an environment made fresh or saved before this was done."""
    prefix = site_of(app).options.posts_prefix
    if not isinstance(env.tocs, PickledPostTocs) or env.tocs.prefix != prefix:
        env.tocs = PickledPostTocs(prefix, {name: dict.__getitem__(env.tocs, name)
                                            for name in dict.keys(env.tocs)})
