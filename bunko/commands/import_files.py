"""Files of an import: read from a source without leaving it, written into the site without
overwriting anything or leaving it.

``bunko import`` reads a folder someone else made and writes into the user's site, so both
ends are guarded here, once. A link in the source is followed only while it stays inside the
source (a link out could copy any file of the machine into a published site). A file is
written only where nothing is, created through no link (a link in the site could send it
anywhere), so an import never replaces a file and never writes outside the folder it fills.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

#: Bytes compared or copied at a time: static files may be large downloads.
_CHUNK = 1 << 20


@dataclass
class SourceFiles:
    """Files found below a source folder and what could not be followed or read."""

    #: Paths relative to the source root, POSIX form, in walk order (sorted per folder).
    files: list[str] = field(default_factory=list)
    #: (path, what is wrong): links out of the source, endless links, unreadable folders.
    problems: list[tuple[Path, str]] = field(default_factory=list)


def walk_source(root: Path, *,
                enter: Callable[[str], bool] = lambda relative: True) -> SourceFiles:
    """Every regular file below ``root``, in folders ``enter`` accepts (given their path
    relative to ``root``); links are followed only to files and folders inside ``root``,
    and never back into a folder the walk came through."""
    real_root = root.resolve()
    found = SourceFiles()

    def folder_unreadable(err: OSError) -> None:
        found.problems.append((Path(err.filename), unreadable(err)))

    for folder, dirnames, filenames in os.walk(root, followlinks=True,
                                               onerror=folder_unreadable):
        folder_path = Path(folder)
        relative_folder = folder_path.relative_to(root)
        kept = []
        for name in sorted(dirnames):
            path = folder_path / name
            if not enter((relative_folder / name).as_posix()):
                continue
            try:
                reason = (_folder_link_problem(path, root, real_root) if path.is_symlink()
                          else None)
            except OSError as err:  # a path too long to look at
                reason = unreadable(err)
            if reason:
                found.problems.append((path, reason))
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = folder_path / name
            try:
                reason = _file_problem(path, real_root)
            except OSError as err:
                reason = unreadable(err)
            if reason:
                found.problems.append((path, reason))
            else:
                found.files.append((relative_folder / name).as_posix())
    return found


def _folder_link_problem(path: Path, root: Path, real_root: Path) -> str | None:
    target = real_path(path)
    if target is None:
        return "is a link that leads back to itself; not followed"
    if not inside(target, real_root):
        return "is a link to a folder outside the imported folder; not followed"
    walked = [path.parent, *(folder for folder in path.parent.parents if inside(folder, root))]
    if any(inside(folder.resolve(), target) for folder in walked):
        return "is a link to a folder that contains it (an endless path); not followed"
    return None


def _file_problem(path: Path, real_root: Path) -> str | None:
    if path.is_symlink():
        target = real_path(path)
        if target is None:
            return "is a link that leads back to itself; not imported"
        if not inside(target, real_root):
            return "is a link to a file outside the imported folder; not followed"
        if not target.exists():
            return "is a link to nothing (a broken link); not imported"
    if not path.is_file():  # a pipe or a socket: opening it could wait forever
        return "is not a regular file; not imported"
    return None


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def real_path(path: Path) -> Path | None:
    """``path`` with every link followed, or ``None`` for a loop of links (Python 3.11
    raises ``RuntimeError`` there, later versions ``OSError``)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


class UnreadableSource(Exception):
    """The file to copy cannot be read; the message says why, in one line."""


def unreadable(err: OSError) -> str:
    return f"cannot be read ({err.strerror or err}); not imported"


def same_bytes(source: Path, target: Path) -> bool:
    """Whether two files hold the same bytes, read in chunks (no whole download in memory).
    Raises ``UnreadableSource`` when ``source`` cannot be read; a target that cannot be
    read is not the same."""
    try:
        first = source.open("rb")
    except OSError as err:
        raise UnreadableSource(unreadable(err)) from None
    with first:
        try:
            second = target.open("rb")
        except OSError:
            return False
        with second:
            while True:
                chunk = _read(first)
                if chunk != second.read(_CHUNK):
                    return False
                if not chunk:
                    return True


def write_new(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target``, which must not exist, not even as a link (the file is
    created exclusively, so nothing is replaced or written through a link); its modification
    time is kept (it dates posts that have no other date). Raises ``UnreadableSource`` when
    the source cannot be read, ``OSError`` when the target cannot be written."""
    try:
        reader = source.open("rb")
    except OSError as err:
        raise UnreadableSource(unreadable(err)) from None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with reader:
        with os.fdopen(os.open(target, flags, 0o666), "wb") as writer:
            try:
                while chunk := _read(reader):
                    writer.write(chunk)
            except UnreadableSource:
                writer.close()
                target.unlink()
                raise
        times = os.stat(reader.fileno())
    os.utime(target, ns=(times.st_atime_ns, times.st_mtime_ns))


def _read(reader: BinaryIO) -> bytes:
    try:
        return reader.read(_CHUNK)
    except OSError as err:
        raise UnreadableSource(unreadable(err)) from None


@dataclass(frozen=True)
class Placed:
    """Where one file went: ``copied``, ``unchanged`` (the same bytes were there), or
    ``refused`` with the reason (something else is there, or the way there is a link)."""

    state: str
    target: Path
    reason: str = ""


class SiteFolder:
    """One folder of the site an import fills (``jekyll/``), files placed at their paths.

    A file already there with the same bytes counts as imported before; anything else there
    (other bytes, a folder, a link) is left as it is and the file is refused, with a reason.
    Folders are made as needed, never through a link, so no file lands outside the folder.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: set[Path] = set()

    def place(self, source: Path, relative: str) -> Placed:
        target = self.folder / relative
        blocked = self._make_parents(target)
        if blocked:
            return Placed("refused", target, blocked)
        if target.is_symlink():
            return Placed("refused", target, f"{target} is a link; not replaced")
        if target.is_dir():
            return Placed("refused", target, f"{target} is a folder; not replaced")
        if target.exists():
            if same_bytes(source, target):
                return Placed("unchanged", target)
            return Placed("refused", target, f"{target} is already there with other bytes; "
                                             "not overwritten (compare, then delete one)")
        write_new(source, target)
        return Placed("copied", target)

    def _make_parents(self, target: Path) -> str:
        """Make the folders down to ``target``, or say what is in the way."""
        if self.folder not in self._made:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._made.add(self.folder)
        path = self.folder
        for part in target.relative_to(self.folder).parts[:-1]:
            path = path / part
            if path in self._made:
                continue
            if path.is_symlink():
                return f"{path} is a link; nothing is written through it"
            if path.exists() and not path.is_dir():
                return f"{path} is a file where a folder is needed; not replaced"
            path.mkdir(exist_ok=True)
            self._made.add(path)
        return ""
