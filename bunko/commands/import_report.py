"""What ``bunko import`` tells the user: what came in, where, and what did not.

The posts are read back as the build will read them (``as_built``), so the report names
exactly the warnings the first build will give, and counts from the same records the build
uses: old URLs by ``redirects.expand``, Liquid as the converter leaves it. Anything that
could not be carried over (a post problem, Liquid the build cannot render, a file a post
refers to that the site lacks, a clash, an unreadable file) makes the exit code 1; the old
site's pages are counted, not failed: bunko makes its own.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..post import Problem
from ..redirects import redirect_file
from ..search.splitter import CJK_CLASS
from ..site_urls import expand
from .as_built import BuiltPost, folder_argument, read_posts_folder
from .import_posts import Outcome, PostPlan
from .jekyll_import import JekyllOutcome, JekyllPlan
from .liquid_gaps import liquid_not_carried_over
from .site_settings import SiteSettings

#: Pages of the old site listed by name; the rest are counted.
PAGES_LISTED = 20
#: A post is written in Japanese when at least this share of its letters is kana or kanji
#: (code and English names fill the rest of Japanese technical posts).
JAPANESE_SHARE = 0.05
_CJK = re.compile(f"[{CJK_CLASS}]")
_LETTER = re.compile(r"[^\W\d_]")
_LANGUAGE_NAMES = {"ja": "Japanese", "en": "English"}


@dataclass
class Imported:
    """Everything one import did, for the report."""

    source: Path
    dest: Path
    drafts: Path
    posts: PostPlan
    outcome: Outcome
    #: The site's Jekyll folder, plan and outcome, when the source is a Jekyll site's root.
    jekyll_folder: Path | None = None
    jekyll_plan: JekyllPlan | None = None
    jekyll_outcome: JekyllOutcome | None = None


def report(imported: Imported, settings: SiteSettings) -> int:
    """Print what came in, read as the build will read it; 1 when anything could not be
    carried over. ``settings`` are the site's after the copy (its Jekyll folder filled)."""
    posts, scan_problems = _read_back(imported, settings)
    problems = [*_file_problems(imported), *scan_problems]
    for post in posts:
        problems += [(post.shown, problem) for problem in post.post.problems]
    print(f"Imported from {imported.source} ({imported.posts.kind}) into "
          f"{_shown(imported.dest)}:")
    _print_posts(imported, posts)
    if imported.jekyll_plan is not None and imported.jekyll_outcome is not None:
        _print_jekyll_files(imported, imported.jekyll_plan, imported.jekyll_outcome)
        problems += _missing_files(imported, imported.jekyll_plan)
        problems += list(settings.jekyll.problems)
    if imported.posts.from_jekyll:
        problems += _print_old_urls(posts, settings)
    gaps = liquid_not_carried_over(posts)
    if gaps:
        print("  Liquid not carried over (shown as written or left out of the pages):")
        for name, gap in sorted(gaps.items(), key=lambda item: (-item[1].count, item[0])):
            print(f"    {name} ×{gap.count}, e.g. {gap.example}")
    if hint := language_hint(posts, settings, imported.jekyll_folder):
        print(f"  Hint: {hint}")
    # A folder both walks (posts, static files) could not enter is named once.
    problems = list(dict.fromkeys(problems))
    if problems:
        files = len({path for path, _problem in problems})
        print(f"  {files} file(s) with problems (imported all the same unless said):")
        for path, problem in sorted(problems, key=lambda item: (item[0], item[1].line or 0)):
            where = f"{path}:{problem.line}" if problem.line else path
            print(f"    {where}: {problem.message}")
    elif not gaps:
        print("  no problems: the build will read every post cleanly")
    return 1 if problems or gaps else 0


def _shown(path: Path) -> str:
    return os.path.normpath(path)


def _read_back(imported: Imported, settings: SiteSettings
               ) -> tuple[list[BuiltPost], list[tuple[str, Problem]]]:
    """The posts of this import (copied now or found already there), as the build reads
    them, and what the build's scan of the posts folder says about them."""
    dest = imported.dest
    drafts = {item.source for item in imported.posts.planned if item.draft_folder}
    ours = {target.resolve() for source, target in imported.outcome.target_of.items()
            if source not in drafts}
    if not dest.is_dir() or not ours:
        return [], []
    srcdir, posts_dir = folder_argument(dest, settings)
    read = read_posts_folder(srcdir, posts_dir, settings, shown_root=_shown(dest))
    problems = [(path, problem) for path, problem in read.problems
                if _concerns(srcdir / posts_dir / os.path.relpath(path, dest), ours)]
    return [post for post in read.posts if post.file.resolve() in ours], problems


def _concerns(path: Path, targets: set[Path]) -> bool:
    """Whether a folder problem is about an imported file or a folder holding one."""
    resolved = path.resolve()
    return resolved in targets or any(resolved in target.parents for target in targets)


def _file_problems(imported: Imported) -> list[tuple[str, Problem]]:
    """Files not copied or not followed, by the path the user gave."""
    found = [*imported.posts.skipped, *imported.outcome.unreadable]
    if imported.jekyll_plan is not None:
        found += imported.jekyll_plan.problems
    if imported.jekyll_outcome is not None:
        found += imported.jekyll_outcome.refused
    return [(str(path), Problem(reason)) for path, reason in found]


def _print_posts(imported: Imported, posts: list[BuiltPost]) -> None:
    outcome = imported.outcome
    copied = {target.resolve() for item, target in outcome.copied if not item.draft_folder}
    drafts = sum(1 for item, _target in outcome.copied if item.draft_folder)
    there = sum(1 for item, _target in outcome.unchanged if not item.draft_folder)
    drafts_there = len(outcome.unchanged) - there
    unpublished = sum(1 for post in posts if post.post.draft and post.file.resolve() in copied)
    print(f"  {len(copied)} post(s) copied"
          + (f", {unpublished} of them with published: false (not built)" if unpublished
             else "")
          + (f"; {there} already there" if there else ""))
    if drafts or drafts_there:
        print(f"  {drafts} draft(s) from _drafts/ copied to {_shown(imported.drafts)}/, "
              f"outside the posts folder: not built until moved into it"
              + (f"; {drafts_there} already there" if drafts_there else ""))
    if outcome.renamed:
        print(f"  {len(outcome.renamed)} renamed to keep file names unique:")
        for item, target in outcome.renamed:
            print(f"    {item.source} → {target}")


def _print_jekyll_files(imported: Imported, plan: JekyllPlan, outcome: JekyllOutcome) -> None:
    folder = _shown(imported.jekyll_folder or Path())
    kinds = Counter(file.kind for file in plan.files)
    print(f"  Jekyll site files into {folder}/: "
          f"{'_config.yml' if kinds['config'] else 'no _config.yml'}, "
          f"{kinds['data']} data file(s) (_data/), {kinds['include']} include(s) (_includes/)")
    copied_static = sum(1 for file in outcome.copied if file.kind == "static")
    print(f"  {copied_static} static file(s) copied, {len(outcome.copied)} file(s) in all "
          f"({outcome.copied_bytes:,} bytes)"
          + (f"; {len(outcome.unchanged)} already there" if outcome.unchanged else ""))
    if plan.pages:
        listed = ", ".join(plan.pages[:PAGES_LISTED])
        more = len(plan.pages) - PAGES_LISTED
        print(f"  {len(plan.pages)} page(s) of the Jekyll site not imported (bunko makes its "
              f"own pages; links to them lead to the old address): {listed}"
              + (f", … and {more} more" if more > 0 else ""))


def _missing_files(imported: Imported, plan: JekyllPlan) -> list[tuple[str, Problem]]:
    """Every file a post refers to that the old site does not have, once per post."""
    found, seen = [], set()
    for reference in plan.missing:
        if (reference.post, reference.path) in seen:
            continue
        seen.add((reference.post, reference.path))
        shown = imported.outcome.target_of.get(reference.post, reference.post)
        found.append((_shown(shown), Problem(
            f"refers to {reference.written}, which the Jekyll site does not have "
            f"({reference.path}); the page will show it missing", reference.line)))
    return found


def _print_old_urls(posts: list[BuiltPost], settings: SiteSettings) -> list[tuple[str, Problem]]:
    """Count the old URLs that will lead to the posts; name ``redirect_from:`` entries that
    cannot (another host, a path out of the site)."""
    pattern = settings.jekyll.permalink
    post_urls: set[str] = set()
    redirected: set[str] = set()
    problems = []
    for post in posts:
        if post.post.draft:
            continue
        if path := redirect_file(expand(post.post.permalink or pattern, post.post,
                                        settings.zone)):
            post_urls.add(path)
        for entry in post.post.redirect_from:
            if path := redirect_file(entry):
                redirected.add(path)
            else:
                problems.append((post.shown, Problem(
                    f"redirect_from {entry!r} is not a path of this site; no redirect",
                    post.key_line("redirect_from"))))
    print(f"  Old URLs that will lead to the posts: {len(post_urls)} post URL(s) "
          f"(permalink {pattern}), {len(redirected)} redirect_from entr"
          f"{'y' if len(redirected) == 1 else 'ies'}")
    return problems


def language_hint(posts: list[BuiltPost], settings: SiteSettings,
                  jekyll_folder: Path | None) -> str:
    """What to set when the posts' script and the site's language disagree and
    ``_config.yml`` (whose ``lang:`` wins in the build) does not say."""
    if not posts or settings.jekyll.language:
        return ""
    japanese = sum(1 for post in posts if _japanese(f"{post.post.title}\n{post.body}"))
    written = "ja" if japanese * 2 > len(posts) else "en"
    if settings.conf_language.split("_")[0] == written:
        return ""
    said = (f"the posts are mostly {_LANGUAGE_NAMES[written]} but conf.py's language is "
            f'"{settings.conf_language}"')
    if jekyll_folder is None:
        return f'{said}: set language = "{written}" in conf.py (dates, labels and search)'
    return (f"{said} and _config.yml no lang:; add the line 'lang: {written}' to "
            f"{_shown(jekyll_folder / '_config.yml')} (dates, labels and search follow it)")


def _japanese(text: str) -> bool:
    letters = len(_LETTER.findall(text))
    return bool(letters) and len(_CJK.findall(text)) >= JAPANESE_SHARE * letters
