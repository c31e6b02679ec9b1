"""``bunko check [PATH…]``: validate posts without building.

Errors are what the build warns about (so ``make html SPHINXOPTS=-W`` would fail): every
problem ``read_post`` and the Liquid conversion find, files the build skips, tag folder name
clashes, permalinks out of the site (MyST's own warnings about the Markdown are not
repeated). Warnings are ``quality.py``'s checks. Drafts are checked too: they are posts soon.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from ..catalog import build_catalog
from ..post import Problem
from ..redirects import plan_redirects, settle_redirects
from ..taxonomy import KINDS
from . import quality
from .as_built import BuiltPost, PostsFolder, folder_argument, read_posts_folder
from .findings import ERROR, Finding, sort_key
from .messages import fail
from .site_settings import SiteError, SiteSettings, read_site

HELP = "validate posts without building: front matter, encoding, Liquid, and quality warnings"

#: What a key must hold, added to front matter errors so the writer knows the fix.
EXPECTED_FORMS = {
    "title": 'title: "..." in the front matter',
    "date": "date: YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS +0900",
    "published": "published: true or false",
    "draft": "draft: true or false",
    "reading_time": "reading_time: a whole number of minutes",
}
_SINGULAR = {"categories": "category", "tags": "tag", "authors": "author"}
#: Messages of ``read_post`` that name a key without pointing at its line.
_MESSAGE_KEYS = (("no title", "title"), ("no date", "date"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="post files or folders (default: the site's posts folder)")
    parser.add_argument("--strict", action="store_true",
                        help="count warnings as errors (exit 1 on any finding)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text lines 'path:line: level: message' (default) or a JSON list")


def run(arguments: argparse.Namespace) -> int:
    try:
        settings = read_site(Path.cwd())
    except SiteError as err:
        return fail("check", str(err))
    paths: list[Path] = arguments.paths or [Path(os.path.relpath(settings.posts_folder))]
    findings: list[Finding] = []
    checked = 0
    for path in paths:
        if not path.exists():
            print(f"bunko check: error: {path}: no such file or folder", file=sys.stderr)
            return 2
        folder, only = _folder_of(path, settings)
        srcdir, posts_dir = folder_argument(folder, settings)
        shown_root = _shown(folder)
        read = read_posts_folder(srcdir, posts_dir, settings, shown_root=shown_root)
        found = _check_folder(read, settings)
        if only is not None:
            shown_file = os.path.join(shown_root, os.path.relpath(only, folder.resolve()))
            found = [finding for finding in found if finding.path == shown_file]
            checked += 1
        else:
            checked += len(read.posts)
        findings.extend(found)
    findings.sort(key=sort_key)
    if arguments.strict:
        findings = [Finding(f.path, f.line, ERROR, f.key, f.message) for f in findings]
    errors = sum(1 for finding in findings if finding.level == ERROR)
    if arguments.format == "json":
        print(json.dumps([finding.as_json() for finding in findings], ensure_ascii=False,
                         indent=1))
    else:
        for finding in findings:
            print(finding.as_text())
        print(f"checked {checked} post(s): {errors} error(s), "
              f"{len(findings) - errors} warning(s)")
    return 1 if errors else 0



def _folder_of(path: Path, settings: SiteSettings) -> tuple[Path, Path | None]:
    """The posts folder to read for ``path``, and the one file to report on (None: all).

    A single file is read with its whole folder, so links, titles and spellings shared with
    other posts are judged as the build judges them."""
    if path.is_dir():
        return path, None
    resolved = path.resolve()
    posts_folder = settings.posts_folder.resolve()
    if posts_folder in resolved.parents:
        return Path(os.path.relpath(posts_folder)), resolved
    return path.parent, resolved


def _shown(folder: Path) -> str:
    return os.path.normpath(str(folder))


def _check_folder(read: PostsFolder, settings: SiteSettings) -> list[Finding]:
    findings = [Finding(path, problem.line, ERROR, None, problem.message)
                for path, problem in read.problems]
    for post in read.posts:
        findings.extend(_error(post, problem) for problem in post.post.problems)
        findings.extend(quality.post_warnings(post, read.urls))
    findings.extend(_catalog_errors(read, settings))
    findings.extend(quality.shared_titles(read.posts))
    findings.extend(quality.merged_term_spellings(read.published))
    findings.extend(quality.future_dates(read.posts, datetime.now(timezone.utc)))
    return findings


def _error(post: BuiltPost, problem: Problem) -> Finding:
    key = post.keys_by_line.get(problem.line or 0)
    if key is None:
        key = next((key for start, key in _MESSAGE_KEYS if problem.message.startswith(start)),
                   None)
    message = problem.message
    if key in EXPECTED_FORMS:
        message += f" (expected {EXPECTED_FORMS[key]})"
    return Finding(post.shown, problem.line, ERROR, key, message)


def _catalog_errors(read: PostsFolder, settings: SiteSettings) -> list[Finding]:
    """What the build warns about once all posts are indexed: terms whose page folders clash
    (numbered ``x``, ``x-2``), permalinks and redirects that lead out of the site or to a path
    another post's redirect or page has."""
    posts = read.published
    if not posts:
        return []
    by_path = {post.relative: post for post in posts}
    by_docname = {os.path.splitext(post.relative)[0]: post for post in posts}
    catalog = build_catalog({docname: post.post for docname, post in by_docname.items()},
                            {kind: kind for kind in KINDS}, settings.options.slug)
    findings = []
    for kind, clash in catalog.collisions():
        later = set(clash.labels[1:])
        post = next((by_path[record.path] for record in catalog.posts.values()
                     if any(term.label in later for term in getattr(record, kind))), posts[0])
        findings.append(Finding(
            post.shown, post.key_line(kind, _SINGULAR[kind]), ERROR, kind,
            f"{kind} {' / '.join(map(repr, clash.labels))} share the folder name "
            f"{clash.slug!r}; they get {clash.slug!r}, {clash.slug + '-2'!r}, ... in turn"))
    planned, problems = plan_redirects(catalog, read.urls, settings.options.jekyll_redirects)
    pages = {"index.html": "index", **{f"{docname}.html": docname for docname in by_docname}}
    _redirects, refused = settle_redirects(planned, pages)
    for docname, message in [*problems, *refused]:
        post = by_docname[docname]
        key = "redirect_from" if message.startswith("redirect_from") else "permalink"
        findings.append(Finding(post.shown, post.key_line(key), ERROR, key, message))
    return findings
