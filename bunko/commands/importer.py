"""``bunko import SRC``: bring a Jekyll site (or a folder of posts) into the site.

A Jekyll site's root (the folder with ``_config.yml``) comes in whole: its posts into the
posts folder and its drafts beside it (``import_posts``), its ``_config.yml``, ``_data/``,
``_includes/`` and static files into ``bunko_jekyll_dir`` at the same paths
(``jekyll_import``), with the files its posts refer to (``post_references``). A folder with
only ``_posts/``, or of posts, brings its posts. Nothing is overwritten and nothing is
written outside the site's folders (``import_files``); then the posts are read back as the
build reads them and ``import_report`` says what came in and what did not. Not UTF-8 posts
are copied as they are and reported: the build skips them with a warning until they are
saved as UTF-8 where they now are.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..jekyll_site import CONFIG_FILE, read_jekyll_site
from .import_files import SiteFolder, inside
from .import_posts import copy_posts, plan_posts
from .import_report import Imported, report
from .jekyll_import import copy_jekyll_files, plan_jekyll_files
from .messages import fail
from .post_references import post_references, site_hosts
from .site_settings import SiteError, read_site

HELP = ("copy a Jekyll site (posts, drafts, _config.yml, _data, _includes, static files) or a "
        "folder of posts into the site and report what came in")

#: Imports of at least this many files show progress on stderr.
PROGRESS_FROM = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, metavar="SRC",
                        help="a Jekyll site's root (with _config.yml), a folder with _posts/, "
                             "or a folder of posts")
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
    jekyll_root = (source / CONFIG_FILE).is_file()
    jekyll_folder = Path(os.path.relpath(settings.root / settings.options.jekyll_dir.strip("/")))
    written = [("--dest", dest)] + [("bunko_jekyll_dir", jekyll_folder)] * jekyll_root
    for name, folder in written:
        if inside(folder.resolve(), source.resolve()):
            return _usage(f"{name} {folder} is inside {source}; import into a folder outside it")
    if jekyll_root and not inside(jekyll_folder.resolve(), settings.root.resolve()):
        return fail("import", f"{jekyll_folder} leads out of the site (a link?); nothing "
                              "imported")

    posts = plan_posts(source, jekyll_root=jekyll_root)
    jekyll_plan = None
    if jekyll_root:
        old_site = read_jekyll_site(source.resolve().parent, source.resolve().name)
        hosts = site_hosts(source, old_site)
        references = [reference for item in posts.planned
                      for reference in post_references(item.source, old_site, hosts)]
        jekyll_plan = plan_jekyll_files(source, old_site, references)
    progress = _Progress(len(posts.planned) + len(jekyll_plan.files if jekyll_plan else []))
    try:
        outcome = copy_posts(posts.planned, dest, dest.parent / "drafts", progress.step)
        jekyll_outcome = (copy_jekyll_files(source, jekyll_plan.files,
                                            SiteFolder(jekyll_folder), progress.step)
                          if jekyll_plan else None)
    except OSError as err:
        return fail("import", f"cannot write {err.filename}: {err.strerror} (files copied "
                              "before it stay; run the import again to go on)")
    imported = Imported(source=source, dest=dest, drafts=dest.parent / "drafts", posts=posts,
                        outcome=outcome, jekyll_folder=jekyll_folder if jekyll_root else None,
                        jekyll_plan=jekyll_plan, jekyll_outcome=jekyll_outcome)
    # Read again: the copied _config.yml now gives the site its permalink, lang and data.
    return report(imported, read_site(Path.cwd()))


class _Progress:
    """``imported N of M files`` on stderr for large imports (one updated line on a terminal)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.total < PROGRESS_FROM:
            return
        if sys.stderr.isatty():
            print(f"\rimporting {self.done}/{self.total}",
                  end="" if self.done < self.total else "\n", file=sys.stderr, flush=True)
        elif self.done % PROGRESS_FROM == 0 or self.done == self.total:
            print(f"imported {self.done} of {self.total} files", file=sys.stderr, flush=True)


def _usage(message: str) -> int:
    print(f"bunko import: error: {message}", file=sys.stderr)
    return 2
