"""Interrupted builds: a build killed while it writes pages is finished by the next one.

Sphinx saves the environment before it writes any page, and on the next build takes a page
whose file is newer than its source as written. A build killed mid-write (Ctrl-C twice, a
CI time-out, SIGKILL) so leaves pages empty or cut short, and pages whose neighbours, related
posts or sidebar changed still old, and no later build would touch them. bunko marks the
output folder while pages are written; a build that finds the mark writes every page again.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.logging import getLogger

from .build_state import build_of

logger = getLogger("bunko")

#: In the output folder from the moment pages are written until the build has finished.
WRITING_MARK = ".bunko-writing"


def mark_writing(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, the last step before pages are written: set the mark; if the last
    build left it, every document and every file bunko adds (listing pages, feeds, ...) is
    written again: a file cut short by the kill may still carry its recorded digest."""
    if app.builder.format != "html":
        return []
    outdir = Path(app.outdir)
    mark = outdir / WRITING_MARK
    interrupted = mark.exists()
    outdir.mkdir(parents=True, exist_ok=True)
    mark.write_text("a build is writing pages here; if it was stopped, the next one writes "
                    "them all again\n", "utf-8")
    if not interrupted:
        return []
    logger.info("bunko: the last build stopped while writing pages; writing every page again")
    build_of(app).rewrite_output = True
    return sorted(env.found_docs)


def clear_writing_mark(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the pages are complete, unless the build failed."""
    if exception is None and app.builder.format == "html":
        (Path(app.outdir) / WRITING_MARK).unlink(missing_ok=True)
