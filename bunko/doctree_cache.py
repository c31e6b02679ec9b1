"""Each written page's doctree let go: Sphinx keeps every one it loads until the build ends.

``BuildEnvironment.get_doctree`` keeps the pickled bytes of each doctree it reads in
``env._pickled_doctree_cache``, for a second ``get_doctree`` of the same document in the
same build. Writing loads every page's doctree once, so by the end of the writing phase the
main process holds every doctree of the site (~35 KB a post), and each writer forked from it
inherits the lot. Once a page's doctree is resolved it is not read again (a feed reads the few
newest posts' doctrees, from disk), so the bytes are dropped there. A Sphinx without the cache
is left alone.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def forget_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: drop the page's pickled doctree from Sphinx's cache."""
    cache = getattr(app.env, "_pickled_doctree_cache", None)
    if isinstance(cache, dict):
        cache.pop(docname, None)
