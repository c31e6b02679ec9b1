"""Sphinx's parallel builds at scale: reading in one chunk per process (a workaround for
sphinx-doc/sphinx#10967), and writers' doctrees let go once their chunk is written.

Sphinx splits the documents to read into chunks of about √(10·N/processes) and forks a
reader per chunk as a process frees up. Every reader sends back the *whole* environment,
which by then holds every chunk merged before it was forked, and the main process unpickles
it: the cost grows as N². At 10,000 posts reading took 218 s where 1,000 took 9 s
(``bench/results/results-10000-with-anchors.md``); the issue reports 9.5 minutes against
50 s for 22,000 files with bigger chunks. With one chunk per process every reader starts
from the environment as it was before reading and sends back only its own share.

Writing keeps Sphinx's chunks: writers send nothing back, and the main process prepares each
chunk's doctrees before forking its writer, so small chunks keep both busy. Both ask
``make_chunks`` for lists of docnames, so the reading phase is marked by events
(``env-before-read-docs`` to ``env-updated``), which also keeps several applications in one
process (tests, ``bunko serve``) apart.

Every reader sends back the *whole* environment, however little it read: after one post was
edited, Sphinx forked a reader for that post and loaded its copy of the environment back
(78 MB at 10,000 posts). So a read of fewer documents than a twentieth of the site (or than
``PARALLEL_READ_FROM``) is done in the main process; writing, decided before reading, stays
parallel.

``ParallelTasks`` keeps every process it started, with its arguments, until the last task is
done; a writer's argument is its chunk of resolved doctrees (~70 KB a post in memory). So by
the end of writing the main process held every page's doctree, and each writer forked late
inherited them all: at 10,000 posts most of the 3.2 GB the process tree peaked at.
``_ForgetfulTasks`` drops a process once it has been joined. Its ``add_task`` also never
waits: the main process resolves chunk after chunk while the writers render (the slower
part), so the chunks queued behind them held most of the site's doctrees all the same.
``_ForgetfulTasks`` takes a new chunk only once every chunk before it has a writer, so the
main process holds the chunks being written and the one it is resolving, and both cores
stay busy.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import sphinx.builders
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import ParallelTasks, make_chunks

_reading = False
#: The fewest documents read in parallel, however small the site.
PARALLEL_READ_FROM = 20


def _chunks(arguments: Sequence[str], nproc: int, maxbatch: int = 10) -> list[Any]:
    if not _reading or nproc < 1:
        return make_chunks(arguments, nproc, maxbatch)
    size = max(1, -(-len(arguments) // nproc))
    return [list(arguments[start:start + size]) for start in range(0, len(arguments), size)]


class _ForgetfulTasks(ParallelTasks):
    """``ParallelTasks`` that lets go of each process (and the doctrees it was handed) once
    the process has been joined, and queues no chunk behind one still waiting for a writer."""

    def add_task(self, task_func: Any, arg: Any = None, result_func: Any = None) -> None:
        super().add_task(task_func, arg, result_func)
        try:
            while self._precvs_waiting:
                if not self._join_one():
                    time.sleep(0.02)
        except BaseException:
            self.terminate()  # as ParallelTasks.join does when a writer failed
            raise

    def _join_one(self) -> bool:
        joined_any = super()._join_one()
        if joined_any:
            running = self._precvs.keys() | self._precvs_waiting.keys()
            for finished in [tid for tid in self._procs if tid not in running]:
                del self._procs[finished]
        return joined_any


def install() -> None:
    """Put ``_chunks`` and ``_ForgetfulTasks`` where Sphinx's builders look them up; leave
    Sphinx alone if a later version has moved or replaced them (its own are then used)."""
    if getattr(sphinx.builders, "make_chunks", None) is make_chunks:
        sphinx.builders.make_chunks = _chunks
    if getattr(sphinx.builders, "ParallelTasks", None) is ParallelTasks and all(
            hasattr(ParallelTasks(1), name)
            for name in ("_procs", "_precvs", "_precvs_waiting")):
        sphinx.builders.ParallelTasks = _ForgetfulTasks


def start_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the next chunks asked for are the readers'; a few documents
    are read in this process (Sphinx asks ``app.parallel`` right after this event)."""
    global _reading
    _reading = True
    few = len(docnames) < max(PARALLEL_READ_FROM, len(env.found_docs) // 20)
    app.bunko_read_few = few  # type: ignore[attr-defined]
    if app.parallel > 1 and few:
        app.bunko_parallel = app.parallel  # type: ignore[attr-defined]
        app.parallel = 1


def read_few(app: Sphinx) -> bool:
    """Whether this build read few documents (in this process, however many it may use):
    the rebuild after an edit."""
    return getattr(app, "bunko_read_few", False)


def processes(app: Sphinx) -> int:
    """The processes the build may use (``-j``), also while reading holds it to one."""
    return getattr(app, "bunko_parallel", None) or app.parallel


def stop_reading(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: reading is over; writers get Sphinx's chunks."""
    global _reading
    _reading = False
    saved = getattr(app, "bunko_parallel", None)
    if saved is not None:
        app.parallel = saved
        app.bunko_parallel = None  # type: ignore[attr-defined]
    return []
