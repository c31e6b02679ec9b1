"""Files bunko adds to the output: written only when changed, removed when no longer made.

Sphinx writes and forgets; it never deletes a page. bunko's listing pages, feeds, redirects,
exports and copied static files come and go with the posts (a tag loses its last post), so a
manifest in the output folder (like Sphinx's ``.buildinfo``) remembers a digest of each file
bunko made. On the next build a file whose digest is unchanged is not written again, and a
file no longer made is deleted — only ever inside the output folder, whatever a name says.

The manifest is saved at ``build-finished`` and only after a successful build, so an
interrupted build leaves the previous manifest, and the next build rewrites what differs.

Files made together from the same inputs (every listing page, from the catalog; the feeds,
sitemap and redirects) are also recorded as a group, with a digest of those inputs, in a file
beside the environment: a build whose inputs are the last one's takes the group's files as
they are, without making them to compare (at 10,000 posts, ~10,000 listing pages described
and digested, 4 s a rebuild).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import posixpath
import shutil
from collections.abc import Callable, Collection, Iterable
from pathlib import Path, PureWindowsPath
from typing import TypeVar

MANIFEST = ".bunko-manifest.json"

#: Raised whenever what bunko keeps in the environment or writes into pages changes shape:
#: Sphinx re-reads every document when an extension's ``env_version`` changes, and the
#: listing pages, which are skipped by a digest of their content, are rendered again.
FORMAT_VERSION = 15
#: What ``write_whole`` names a file while it is being written.
PARTIAL_SUFFIX = ".tmp"


def safe_json(value: object, **options: object) -> str:
    """JSON with "<", ">" and "&" written as \\u escapes: the same data, and inert should a
    page or a script file ever carry it next to HTML (no "</script>" can close anything)."""
    text = json.dumps(value, ensure_ascii=False, **options)
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def file_stamp(path: Path | str) -> str | None:
    """``path``'s size and modification time, which change when the file is written:
    ``None`` if it cannot be read."""
    try:
        return stamp_of(os.stat(path))
    except OSError:
        return None


def stamp_of(status: os.stat_result) -> str:
    """A file's ``file_stamp`` from its status."""
    return f"{status.st_size}:{status.st_mtime_ns}"


def digest_of(*values: object) -> str:
    """The digest of Python values (their ``repr``): what a page or file shows, described
    without rendering it."""
    return digest(repr(values))


class OutputManifest:
    """What bunko wrote into one output folder, by path relative to it."""

    def __init__(self, outdir: Path, rewrite_all: bool = False,
                 groups_file: Path | None = None) -> None:
        self.outdir = outdir.resolve()
        #: After an interrupted build a file may be cut short yet carry its recorded digest.
        self.rewrite_all = rewrite_all
        try:
            self.previous: dict[str, str] = json.loads((outdir / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, str] = {}
        #: Kept beside the environment, whose collection state the groups' inputs name:
        #: the output stays what a clean build writes.
        self._groups_file = groups_file
        self._previous_groups: dict[str, dict] = {}
        self._groups: dict[str, dict] = {}
        if groups_file is not None:
            try:
                saved = json.loads(groups_file.read_text("utf-8"))
            except (OSError, ValueError):
                saved = {}
            if isinstance(saved, dict) and saved.get("outdir") == os.fspath(self.outdir):
                self._previous_groups = saved.get("groups", {})

    def inside(self, relative: str) -> Path | None:
        """The absolute path of ``relative``, or ``None`` if it would leave the folder.

        Decided on the name, as the name is what could say "../": resolving every path
        against the file system took 1.5 s of a no-change rebuild at 10,000 posts. Deleting,
        the one thing that could harm files outside, resolves links too (``remove_file``).
        """
        normal = posixpath.normpath(relative.replace("\\", "/"))
        if (not relative or normal.startswith(("/", "../")) or normal in (".", "..")
                or PureWindowsPath(relative).drive or "\0" in relative):
            return None
        return self.outdir / normal

    def needs_writing(self, relative: str, content_digest: str) -> bool:
        """Record ``relative`` as made by this build; say whether its file must be written."""
        self.current[relative] = content_digest
        path = self.inside(relative)
        return path is not None and (self.rewrite_all or not path.is_file()
                                     or self.previous.get(relative) != content_digest)

    def write(self, relative: str, content: str) -> bool:
        """Write a text file if its content changed; ``False`` if the path is not allowed."""
        path = self.inside(relative)
        if path is None:
            return False
        if self.needs_writing(relative, digest(content)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, "utf-8")
        return True

    def copy(self, relative: str, source: Path) -> bool:
        """Copy a file (an image, a download) when it changed since it was last copied, as
        its size and modification time tell: reading every image of a site to digest it
        would cost each build more than copying the few that changed. ``False`` if the
        path is not allowed."""
        path = self.inside(relative)
        if path is None or path.is_dir():
            return False
        if self.needs_writing(relative, f"file:{stamp_of(source.stat())}"):
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
        return True

    def reuse(self, group: str, inputs: str) -> object | None:
        """The data the last build recorded with ``group`` (``record``), when it made the
        group from the same ``inputs`` and its files are all still there: its files are
        then recorded as made by this build, unwritten. ``None``: make the group."""
        kept = self._previous_groups.get(group)
        if kept is None or kept.get("inputs") != inputs or not self.keep(kept.get("files", [])):
            return None
        self._groups[group] = kept
        return kept.get("data")

    def recorded(self, group: str) -> object | None:
        """The data the last build recorded with ``group``, whatever it was made from: a
        group made again can take from it the parts whose own inputs did not change
        (``keep`` their files). ``None`` when there is none, or no file may be trusted."""
        kept = self._previous_groups.get(group)
        return None if self.rewrite_all or kept is None else kept.get("data")

    def keep(self, files: Iterable[str]) -> bool:
        """Record ``files`` as made by this build, unwritten, as the last build made them —
        if it made them all and they are all still there, and no file may be cut short
        (``rewrite_all``); else record none of them."""
        files = list(files)
        root = os.fspath(self.outdir)
        if self.rewrite_all or not all(
                relative in self.previous and os.path.isfile(os.path.join(root, relative))
                for relative in files):
            return False
        for relative in files:
            self.current[relative] = self.previous[relative]
        return True

    def record(self, group: str, inputs: str, files: Iterable[str],
               data: object = True) -> None:
        """Note that ``files`` (recorded already) were made from ``inputs``, with ``data``
        (JSON) that a build reusing them needs (``reuse``)."""
        self._groups[group] = {"inputs": inputs, "files": sorted(files), "data": data}

    def finish(self, keep: Callable[[], Collection[str]] = frozenset) -> None:
        """Delete what the previous build made and this one did not — but never a path in
        ``keep()`` (a document's page now lives where a listing page was), asked only when
        something is to be deleted; save the manifest."""
        stale = set(self.previous) - set(self.current)
        if stale:
            stale -= set(keep())
        for relative in sorted(stale):
            remove_file(self.outdir, relative)
        # The groups go first and come back last: never groups beside another manifest.
        if self._groups_file is not None:
            self._groups_file.unlink(missing_ok=True)
        (self.outdir / MANIFEST).write_text(
            json.dumps(self.current, ensure_ascii=False, sort_keys=True, indent=0), "utf-8")
        if self._groups_file is not None and self._groups:
            write_whole(self._groups_file, json.dumps(
                {"outdir": os.fspath(self.outdir), "groups": self._groups},
                ensure_ascii=False).encode("utf-8"))


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` under a private name beside ``path``, then rename it to ``path``: a
    build stopped midway leaves the old file or none, never a cut one, and processes
    writing the same path at once never write into one file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}{PARTIAL_SUFFIX}")
    partial.write_bytes(data)
    partial.replace(path)


Kept = TypeVar("Kept")


def save_kept(path: Path, value: object) -> None:
    """Keep ``value`` for the next build (a cache under the doctrees), pickled and replaced
    whole (``write_whole``): a build stopped while saving it leaves the old one."""
    write_whole(path, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def load_kept(path: Path, kind: type[Kept]) -> Kept | None:
    """What ``save_kept`` left at ``path``, if it is a ``kind``; a missing, cut or older
    file is none: a cache that cannot be read only makes the build slower."""
    try:
        with open(path, "rb") as stream:
            value = pickle.load(stream)
    except Exception:  # noqa: BLE001 - any unreadable cache is no cache
        return None
    return value if isinstance(value, kind) else None


def remove_file(outdir: Path, relative: str) -> None:
    """Delete one file inside ``outdir`` and the folders it leaves empty."""
    root = outdir.resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        return
    path.unlink()
    folder = path.parent
    while folder != root and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
