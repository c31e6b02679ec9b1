"""``bunko import SRC``: bring a Jekyll site's posts (or a folder of posts) into the site.

Files are copied byte for byte (modification time kept: it dates posts that have no other
date), then read as the build will read them, so the report names exactly the warnings the
first build will give. Decisions:

- **Drafts.** Jekyll's ``_drafts/`` are copied into ``drafts/`` beside the posts folder, never
  into it: a file there is not built, and moving it into the posts folder publishes it (Jekyll
  drafts carry no date, so copying them into the posts folder would publish them dated by file
  time). Posts with ``published: false`` stay in the posts folder: the build skips them.
- **Names.** Posts of nested ``*/_posts`` folders keep their folder (``category/_posts/x.md`` →
  ``posts/category/x.md``), and every file name is made unique across the posts folder with
  ``-2``, ``-3``: ``{% post_url x %}`` and Jekyll URLs find a post by its file name alone.
- **Never overwrite.** A file already there with the same bytes counts as already imported
  (importing twice changes nothing); a different one makes the new file take the next name.
- **Not UTF-8.** Copied as they are and reported: the build skips them with a warning until
  they are saved as UTF-8 where they now are.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..post import Problem
from ..sources import POST_SUFFIXES
from .as_built import folder_argument, read_posts_folder
from .messages import fail
from .site_settings import SiteError, SiteSettings, read_site

HELP = "copy a Jekyll site's posts (or a folder of posts) into the site and report what came in"

#: Folders Jekyll sites hold that are never posts.
_SKIPPED_FOLDERS = {"_site", "node_modules", "vendor", ".bundle", ".jekyll-cache", ".sass-cache"}
#: Imports of at least this many files show progress on stderr.
PROGRESS_FROM = 100


@dataclass(frozen=True)
class Planned:
    source: Path
    #: Path inside the posts folder (posts) or the drafts folder (drafts).
    inside: Path
    draft_folder: bool


@dataclass
class Outcome:
    copied: list[tuple[Planned, Path]] = field(default_factory=list)
    renamed: list[tuple[Planned, Path]] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    #: Files of ``_posts`` that are not Markdown: (source, reason).
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, metavar="SRC",
                        help="a Jekyll site (_posts/, _drafts/, */_posts/) or a folder of posts")
    parser.add_argument("--dest", type=Path,
                        help="posts folder to copy into (default: conf.py's bunko_posts_dir)")


def run(arguments: argparse.Namespace) -> int:
    source: Path = arguments.source
    if not source.is_dir():
        return _usage(f"{source}: no such folder")
    try:
        settings = read_site(Path.cwd())
    except SiteError as err:
        return fail("import", str(err))
    dest: Path = arguments.dest or Path(os.path.relpath(settings.posts_folder))
    if dest.exists() and not dest.is_dir():
        return _usage(f"--dest {dest} is a file, not a folder")
    if dest.resolve() == source.resolve() or source.resolve() in dest.resolve().parents:
        return _usage(f"--dest {dest} is inside {source}; import into a folder outside it")
    drafts = dest.parent / "drafts"
    planned, skipped, kind = plan(source)
    try:
        outcome = copy(planned, dest, drafts)
    except OSError as err:
        return fail("import", f"cannot copy {err.filename}: {err.strerror} (files copied "
                              "before it stay; run the import again to go on)")
    outcome.skipped = skipped
    return report(source, kind, dest, drafts, outcome, settings)


def plan(source: Path) -> tuple[list[Planned], list[tuple[Path, str]], str]:
    """What to copy where, files that cannot be posts, and what ``source`` was."""
    post_folders: list[Path] = []
    draft_folders: list[Path] = []
    for folder, dirnames, _filenames in os.walk(source):
        dirnames[:] = sorted(name for name in dirnames
                             if not name.startswith(".") and name not in _SKIPPED_FOLDERS)
        for name in dirnames:
            if name == "_posts":
                post_folders.append(Path(folder, name))
            elif name == "_drafts":
                draft_folders.append(Path(folder, name))
        dirnames[:] = [name for name in dirnames if name not in ("_posts", "_drafts")]
    if not post_folders:
        planned = [Planned(file, file.relative_to(source), False) for file in _files(source)
                   if file.name.endswith(POST_SUFFIXES)]
        return planned, [], "a folder of posts"
    # The Jekyll site's root is the folder all _posts folders are in (test/source for
    # jekyll/jekyll's fixtures); a nested one's folder is kept: category/_posts → category/.
    root = Path(os.path.commonpath([folder.parent for folder in post_folders]))
    planned, skipped = [], []
    for folders, draft_folder in ((post_folders, False), (draft_folders, True)):
        for folder in folders:
            prefix = folder.parent.relative_to(root) if root in folder.parents else Path()
            for file in _files(folder):
                if file.name.endswith(POST_SUFFIXES):
                    planned.append(Planned(file, prefix / file.relative_to(folder), draft_folder))
                elif not draft_folder:
                    skipped.append((file, f"is not Markdown ({file.suffix or 'no suffix'}); "
                                          f"bunko reads only .md and .markdown; not copied"))
    count = len(post_folders)
    return planned, skipped, f"a Jekyll site ({count} _posts folder{'s' * (count > 1)})"


def _files(folder: Path) -> list[Path]:
    found = []
    for parent, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(name for name in dirnames
                             if not name.startswith(".") and name not in _SKIPPED_FOLDERS)
        found += [Path(parent, name) for name in sorted(filenames) if not name.startswith(".")]
    return found


def copy(planned: list[Planned], dest: Path, drafts: Path) -> Outcome:
    outcome = Outcome()
    taken = {False: _stems(dest), True: _stems(drafts)}
    show_progress = len(planned) >= PROGRESS_FROM
    for number, item in enumerate(planned, start=1):
        folder = drafts if item.draft_folder else dest
        data = item.source.read_bytes()
        target, state = _target(folder, item.inside, data, taken[item.draft_folder])
        if state == "unchanged":
            outcome.unchanged.append(target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item.source, target)
            outcome.copied.append((item, target))
            if state == "renamed":
                outcome.renamed.append((item, target))
        if show_progress:
            _progress(number, len(planned))
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
        if target.is_file() and target.read_bytes() == data:
            return target, "unchanged"
        if name.casefold() not in taken:
            taken.add(name.casefold())
            return target, "copied" if number == 1 else "renamed"
        number += 1


def _progress(number: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\rimporting {number}/{total}", end="" if number < total else "\n",
              file=sys.stderr, flush=True)
    elif number % PROGRESS_FROM == 0 or number == total:
        print(f"imported {number} of {total} files", file=sys.stderr, flush=True)


def report(source: Path, kind: str, dest: Path, drafts: Path, outcome: Outcome,
           settings: SiteSettings) -> int:
    """Print what came in, read as the build will read it; 1 when any file has a problem."""
    post_targets = {target.resolve() for item, target in outcome.copied if not item.draft_folder}
    draft_count = sum(1 for item, _target in outcome.copied if item.draft_folder)
    problems: list[tuple[str, Problem]] = [(str(file), Problem(reason))
                                           for file, reason in outcome.skipped]
    unpublished = 0
    liquid: Counter[str] = Counter()
    if dest.is_dir():
        srcdir, posts_dir = folder_argument(dest, settings)
        read = read_posts_folder(srcdir, posts_dir, settings, shown_root=os.path.normpath(dest))
        ours = [post for post in read.posts if post.file.resolve() in post_targets]
        unpublished = sum(1 for post in ours if post.post.draft)
        for post in ours:
            liquid.update(post.liquid_left_out)
            problems += [(post.shown, problem) for problem in post.post.problems]
        problems += [(path, problem) for path, problem in read.problems
                     if _concerns(srcdir / posts_dir / os.path.relpath(path, dest), post_targets)]
    print(f"Imported from {source} ({kind}) into {os.path.normpath(dest)}:")
    print(f"  {len(post_targets)} post(s) copied"
          + (f", {unpublished} of them with published: false (not built)" if unpublished else "")
          + (f"; {len(outcome.unchanged)} already there" if outcome.unchanged else ""))
    if draft_count:
        print(f"  {draft_count} draft(s) from _drafts/ copied to {os.path.normpath(drafts)}/, "
              f"outside the posts folder: not built until moved into it")
    if outcome.renamed:
        print(f"  {len(outcome.renamed)} renamed to keep file names unique:")
        for item, target in outcome.renamed:
            print(f"    {item.source} → {target}")
    if liquid:
        print(f"  Liquid: {_liquid_summary(liquid)}")
    if problems:
        files = len({path for path, _problem in problems})
        print(f"  {files} file(s) with problems (imported all the same unless said):")
        for path, problem in problems:
            where = f"{path}:{problem.line}" if problem.line else path
            print(f"    {where}: {problem.message}")
    else:
        print("  no problems: the build will read every post cleanly")
    return 1 if problems else 0


def _concerns(path: Path, targets: set[Path]) -> bool:
    """Whether a folder problem is about an imported file or a folder holding one."""
    resolved = path.resolve()
    return resolved in targets or any(resolved in target.parents for target in targets)


def _liquid_summary(counts: Counter[str]) -> str:
    listed = ", ".join(f"{name} ×{count}" for name, count in sorted(counts.items()))
    return f"not carried over (placeholders or links to the original): {listed}"


def _usage(message: str) -> int:
    print(f"bunko import: error: {message}", file=sys.stderr)
    return 2

