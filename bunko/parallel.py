"""Parallel reading in one chunk per process: a workaround for sphinx-doc/sphinx#10967.

Sphinx splits the documents to read into chunks of about √(10·N/processes) and forks a
reader per chunk as a process frees up. Every reader sends back the *whole* environment,
which by then holds every chunk merged before it was forked, and the main process unpickles
it: the cost grows as N². At 10,000 posts reading took 218 s where 1,000 took 9 s
(``bench/results/results-10000.md``); the issue reports 9.5 minutes against 50 s for 22,000
files with bigger chunks. With one chunk per process every reader starts from the
environment as it was before reading and sends back only its own share.

Writing keeps Sphinx's chunks: writers send nothing back, and the main process prepares each
chunk's doctrees before forking its writer, so small chunks keep both busy. The two are told
apart by the build phase, since both ask ``make_chunks`` for lists of docnames.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sphinx.builders
from sphinx.application import Sphinx
from sphinx.util.build_phase import BuildPhase
from sphinx.util.parallel import make_chunks


def read_in_one_chunk_per_process(app: Sphinx) -> None:
    """Install the chunking for ``app``'s builds; leave Sphinx alone if a later Sphinx has
    moved or replaced the function (then its own chunking is used, as before)."""
    if getattr(sphinx.builders, "make_chunks", None) is not make_chunks:
        return

    def chunks(arguments: Sequence[str], nproc: int, maxbatch: int = 10) -> list[Any]:
        if app.phase != BuildPhase.READING or nproc < 1:
            return make_chunks(arguments, nproc, maxbatch)
        size = max(1, -(-len(arguments) // nproc))
        return [list(arguments[start:start + size])
                for start in range(0, len(arguments), size)]

    sphinx.builders.make_chunks = chunks
