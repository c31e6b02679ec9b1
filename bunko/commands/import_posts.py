"""The posts and drafts of an import: which files, where they go, and copying them.

- **Drafts.** Jekyll's ``_drafts/`` are copied into ``drafts/`` beside the posts folder, never
  into it: a file there is not built, and moving it into the posts folder publishes it (Jekyll
  drafts carry no date, so copying them into the posts folder would publish them dated by file
  time). Posts with ``published: false`` stay in the posts folder: the build skips them.
- **Names.** Posts of nested ``*/_posts`` folders keep their folder (``category/_posts/x.md`` →
  ``posts/category/x.md``), and every file name is made unique across the posts folder with
  ``-2``, ``-3``: ``{% post_url x %}`` and Jekyll URLs find a post by its file name alone.
- **Never overwrite.** A file already there with the same bytes counts as already imported
  (importing twice changes nothing); a different one makes the new file take the next name.
- **Byte for byte.** Files are copied as they are, modification time kept (it dates posts
  that have no other date); files that are not UTF-8 too, for the build to name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import POST_SUFFIXES
from .import_files import UnreadableSource, unreadable, walk_source, write_new

#: Folders Jekyll sites hold that are never posts.
_SKIPPED_FOLDERS = {"_site", "node_modules", "vendor", ".bundle", ".jekyll-cache", ".sass-cache"}
_POSTS, _DRAFTS = "_posts", "_drafts"


@dataclass(frozen=True)
class Planned:
    source: Path
    #: Path inside the posts folder (posts) or the drafts folder (drafts).
    inside: Path
    draft_folder: bool


@dataclass
class PostPlan:
    planned: list[Planned]
    #: Files that are not copied: (source, reason).
    skipped: list[tuple[Path, str]]
    #: What the source was, for the report ("a Jekyll site (2 _posts folders)").
    kind: str
    #: Whether the source is a Jekyll site (its posts in ``_posts``), not a folder of posts.
    from_jekyll: bool = True


@dataclass
class Outcome:
    copied: list[tuple[Planned, Path]] = field(default_factory=list)
    renamed: list[tuple[Planned, Path]] = field(default_factory=list)
    unchanged: list[tuple[Planned, Path]] = field(default_factory=list)
    #: Files that could not be read: (source, reason).
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    #: Where each planned file is now, copied or found already there.
    target_of: dict[Path, Path] = field(default_factory=dict)


def plan_posts(source: Path, *, jekyll_root: bool) -> PostPlan:
    """What to copy where, files that cannot be posts, and what ``source`` was; the posts of
    a Jekyll site's root (``jekyll_root``) are only those of its ``_posts`` folders."""
    walk = walk_source(source, enter=_may_hold_posts)
    skipped = list(walk.problems)
    files = [relative for relative in walk.files
             if not any(part.startswith(".") for part in relative.split("/"))]
    in_posts: list[tuple[str, str]] = []  # (folder above _posts, path inside it)
    in_drafts: list[tuple[str, str]] = []
    loose: list[str] = []
    for relative in files:
        parts = relative.split("/")
        special = next((index for index, part in enumerate(parts[:-1])
                        if part in (_POSTS, _DRAFTS)), None)
        if special is None:
            loose.append(relative)
            continue
        above, within = "/".join(parts[:special]), "/".join(parts[special + 1:])
        (in_posts if parts[special] == _POSTS else in_drafts).append((above, within))
    if not in_posts and jekyll_root:
        return PostPlan([], skipped, "a Jekyll site (no _posts folder)")
    if not in_posts:
        planned = [Planned(source / relative, Path(relative), False) for relative in loose
                   if relative.endswith(POST_SUFFIXES)]
        return PostPlan(planned, skipped, "a folder of posts", from_jekyll=False)
    # The Jekyll site's root is the folder all _posts folders are in (test/source for
    # jekyll/jekyll's fixtures); a nested one's folder is kept: category/_posts → category/.
    folders = sorted({above for above, _within in in_posts})
    root = os.path.commonpath([f"/{above}" for above in folders]).lstrip("/")
    planned = []
    for entries, draft_folder, folder_name in ((in_posts, False, _POSTS),
                                               (in_drafts, True, _DRAFTS)):
        for above, within in entries:
            file = source / above / folder_name / within
            if not within.endswith(POST_SUFFIXES):
                if not draft_folder:
                    skipped.append((file, f"is not Markdown ({file.suffix or 'no suffix'}); "
                                          "bunko reads only .md and .markdown; not copied"))
                continue
            prefix = _below(above, root)
            planned.append(Planned(file, Path(prefix, within), draft_folder))
    count = len(folders)
    return PostPlan(planned, skipped,
                    f"a Jekyll site ({count} _posts folder{'s' * (count > 1)})")


def _may_hold_posts(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return not name.startswith(".") and name not in _SKIPPED_FOLDERS


def _below(folder: str, root: str) -> str:
    """``folder`` relative to ``root`` when inside it, else "" (a drafts folder elsewhere)."""
    if folder == root:
        return ""
    if not root:
        return folder
    return folder.removeprefix(f"{root}/") if folder.startswith(f"{root}/") else ""


def copy_posts(planned: list[Planned], dest: Path, drafts: Path,
               step: Callable[[], None]) -> Outcome:
    """Copy the planned files, calling ``step`` after each; raises ``OSError`` when the
    posts or drafts folder cannot be written."""
    outcome = Outcome()
    taken = {False: _stems(dest), True: _stems(drafts)}
    for item in planned:
        folder = drafts if item.draft_folder else dest
        try:
            data = item.source.read_bytes()
            target, state = _target(folder, item.inside, data, taken[item.draft_folder])
            if state == "unchanged":
                outcome.unchanged.append((item, target))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_new(item.source, target)
                outcome.copied.append((item, target))
                if state == "renamed":
                    outcome.renamed.append((item, target))
            outcome.target_of[item.source] = target
        except UnreadableSource as err:
            outcome.unreadable.append((item.source, str(err)))
        except OSError as err:
            if err.filename != str(item.source):
                raise
            outcome.unreadable.append((item.source, unreadable(err)))
        step()
    return outcome


def _stems(folder: Path) -> set[str]:
    """File names without suffix already used in ``folder`` (case-folded: macOS and Windows
    treat "X.md" and "x.md" as one file)."""
    if not folder.is_dir():
        return set()
    return {Path(name).stem.casefold() for _parent, _dirs, names in os.walk(folder)
            for name in names if name.endswith(POST_SUFFIXES)}


def _target(folder: Path, inside: Path, data: bytes, taken: set[str]) -> tuple[Path, str]:
    """Where a file goes: its own name when free, else the first free ``-2``, ``-3``; a file
    with the same bytes already under one of those names means it was imported before."""
    stem, suffix = inside.stem, inside.suffix
    number = 1
    while True:
        name = stem if number == 1 else f"{stem}-{number}"
        target = folder / inside.parent / f"{name}{suffix}"
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            return target, "unchanged"
        if name.casefold() not in taken and not os.path.lexists(target):
            taken.add(name.casefold())
            return target, "copied" if number == 1 else "renamed"
        number += 1
