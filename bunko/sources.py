"""Which files are posts, decided once at start-up, before Sphinx reads anything.

Sphinx reads every file its patterns match and crashes on bytes that are not UTF-8, and it
cannot be told "read this file but make no page of it". So the few files that must not become
pages (drafts, undecodable files) are found here and kept from Sphinx's file scan (see
``_skip_unreadable_posts`` in ``__init__.py``). Everything else wrong with the posts
folder (a folder named like a post, a post-like file that is not Markdown, a link out of the
source folder) is reported here too. The scan reads every file anyway, so the few posts
whose front matter names URLs (``permalink:``, ``redirect_from:``) are read here too: every
parallel reader then knows where the old site's URLs lead (``site_urls``).
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from pathlib import Path

from .dates import FILE_NAME_DATE
from .output import FORMAT_VERSION, file_stamp, stamp_of, write_whole
from .post import Post, Problem, may_be_draft, read_post

POST_SUFFIXES = (".md", ".markdown")
#: Longest post file name in bytes: Sphinx writes ``<stem>.doctree`` and
#: ``_sources/<name>.txt``, and most file systems stop at 255 bytes a name.
MAX_NAME_BYTES = 240
#: Front matter keys that give a post URLs besides its file name's: the few posts that have
#: one are read at start-up, so every reader knows their old URLs (``site_urls``).
_URL_KEYS = re.compile(r"^(?:permalink|redirect_from|redirect_to)\s*:", re.M)
#: Under the doctrees: the posts the last scan found plain, by their files' size and time.
SCAN_CACHE = "bunko-post-scan.json"


@dataclass
class PostFolder:
    """What the scan found: the posts to build and what to say about the rest."""

    #: Source paths (POSIX, relative to the source folder) of posts Sphinx will read.
    post_paths: list[str] = field(default_factory=list)
    #: Source paths Sphinx must not read: drafts and files that are not UTF-8.
    excluded_paths: list[str] = field(default_factory=list)
    draft_paths: list[str] = field(default_factory=list)
    #: Of ``excluded_paths``, links out of the source folder or into their own folder:
    #: Sphinx's own file scan must never follow them, not even its first one.
    unwalkable_paths: list[str] = field(default_factory=list)
    #: Problems with no post to carry them: (source path, problem).
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    #: The posts folder, relative to the source folder (``posts``).
    posts_dir: str = "posts"
    #: Posts whose front matter names URLs (``permalink:``, ``redirect_from:``,
    #: ``redirect_to:``), read at the scan, by source path; other posts are known by their
    #: file names alone until Sphinx reads them.
    posts_naming_urls: dict[str, Post] = field(default_factory=dict)

    def post_link_targets(self) -> dict[str, str]:
        """What ``{% post_url NAME %}`` may name → a MyST link to that post's source.

        Jekyll names a post by its path under ``_posts`` without suffix (``blog/2017-1-1-x``).
        Shorter names are accepted too when only one post answers to them: the bare file name,
        and the name with its date zero-padded as Jekyll's URLs carry it (``2017-02-05-x``).
        An exact path always wins over a shorter name of another post.
        """
        exact: dict[str, str] = {}
        aliases: dict[str, set[str]] = {}
        for path in sorted(self.post_paths):
            target = f"/{path}"
            without_suffix = os.path.splitext(path.removeprefix(f"{self.posts_dir}/"))[0]
            exact[without_suffix] = target
            stem = os.path.basename(without_suffix)
            aliases.setdefault(stem, set()).add(target)
            if match := FILE_NAME_DATE.match(stem):
                y, m, d, title = match.groups()
                aliases.setdefault(f"{y}-{int(m):02d}-{int(d):02d}-{title}", set()).add(target)
        unambiguous = {name: next(iter(targets)) for name, targets in aliases.items()
                       if len(targets) == 1}
        return {**unambiguous, **exact}


def scan_post_folder(srcdir: Path, posts_dir: str, *, show_drafts: bool,
                     zone: tzinfo = timezone.utc, cache: Path | None = None) -> PostFolder:
    """Scan the posts folder; ``zone`` reads the dates of posts whose front matter names URLs
    (a URL's date is in the site's zone). With ``cache`` (a file under the doctrees), a file
    the last scan found a plain post, and unchanged since (its size and modification time),
    is not read again: nothing in it needs saying before Sphinx reads it."""
    found = PostFolder(posts_dir=posts_dir)
    root = srcdir / posts_dir
    if not root.is_dir():
        found.problems.append((posts_dir, Problem("the posts folder does not exist")))
        return found
    known = _plain_posts(cache)
    plain: dict[str, str] = {}
    real_srcdir = srcdir.resolve()
    # Sphinx follows links to folders when it looks for documents; so does this scan, except
    # links out of the source folder and links back into their own folder (an endless path).
    for folder, dirnames, filenames in os.walk(root, followlinks=True):
        folder_path = Path(folder)
        dirnames[:] = sorted(name for name in dirnames
                             if _may_follow(folder_path / name, srcdir, real_srcdir, found))
        for dirname in dirnames:
            if FILE_NAME_DATE.match(dirname):
                relative = (folder_path / dirname).relative_to(srcdir).as_posix()
                found.problems.append((relative, Problem(
                    "is a folder named like a post, not a post file; Markdown files inside "
                    "it are read as posts of their own")))
        nfc_names = {name for name in filenames if unicodedata.normalize("NFC", name) == name}
        # A name not in NFC whose NFC form is another file's (one set built once: a set made
        # per name took 2 s of every build at 10,000 posts in one folder).
        nfc_twins = {name for name in filenames if name not in nfc_names
                     and unicodedata.normalize("NFC", name) in nfc_names}
        # Strings, not paths, for each of 10,000 files: pathlib's joins took half the scan.
        folder_prefix = f"{folder_path.relative_to(srcdir).as_posix()}/".removeprefix("./")
        for filename in sorted(filenames):
            relative = folder_prefix + filename
            if not filename.endswith(POST_SUFFIXES):
                if FILE_NAME_DATE.match(filename):
                    found.problems.append((relative, Problem(
                        "is named like a post but is not Markdown (.md or .markdown); skipped")))
                continue
            if len(filename.encode("utf-8")) > MAX_NAME_BYTES:
                found.excluded_paths.append(relative)
                found.problems.append((relative, Problem(
                    f"has a {len(filename.encode('utf-8'))}-byte file name; the files the "
                    f"build makes of it (.doctree, _sources/...txt) would pass the 255-byte "
                    f"limit of file systems. Skipped: rename it to at most {MAX_NAME_BYTES} "
                    f"bytes")))
                continue
            if unicodedata.normalize("NFC", filename) != filename:
                _report_decomposed_name(relative, filename in nfc_twins, found)
                continue
            file_name = os.path.join(folder, filename)
            try:
                status = os.lstat(file_name)
            except OSError:
                status = None
            if status is None or not stat.S_ISLNK(status.st_mode):
                stamp = None if status is None else stamp_of(status)
            elif _inside(Path(file_name).resolve(), real_srcdir):
                stamp = file_stamp(file_name)
            else:
                found.excluded_paths.append(relative)
                found.unwalkable_paths.append(relative)
                found.problems.append((relative, Problem(
                    "is a link to a file outside the source folder; not followed")))
                continue
            if stamp is not None and known.get(relative) == stamp:
                found.post_paths.append(relative)
                plain[relative] = stamp
            elif _classify(Path(file_name), relative, found, show_drafts, zone) and stamp:
                plain[relative] = stamp
    if cache is not None and plain != known:
        write_whole(cache, json.dumps({"version": FORMAT_VERSION, "plain": plain},
                                      ensure_ascii=False).encode("utf-8"))
    return found


def _plain_posts(cache: Path | None) -> dict[str, str]:
    """The plain posts the last scan recorded in ``cache``, by path: their files' stamps."""
    if cache is None:
        return {}
    try:
        saved = json.loads(cache.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict) or saved.get("version") != FORMAT_VERSION:
        return {}
    plain = saved.get("plain")
    return plain if isinstance(plain, dict) else {}


def _report_decomposed_name(relative: str, has_twin: bool, found: PostFolder) -> None:
    """A file name in Unicode NFD (as macOS writes "データ"): Sphinx turns every name it finds
    into NFC and then cannot open the file on a file system that keeps names as written."""
    composed = unicodedata.normalize("NFC", relative)
    if has_twin:
        message = (f"has the same name as {composed!r} in another Unicode form (NFD); only "
                   "that one is built. Rename one of them")
    else:
        # Sphinx would try the NFC name and warn "unreadable document"; this says why.
        found.excluded_paths.append(composed)
        message = ("has a file name in Unicode NFD (decomposed, as macOS writes it), which "
                   "Sphinx cannot open on this file system; skipped. Rename it to NFC, e.g. "
                   "convmv -r -f utf8 -t utf8 --nfc --notest posts/")
    found.problems.append((relative, Problem(message)))


def _may_follow(path: Path, srcdir: Path, real_srcdir: Path, found: PostFolder) -> bool:
    """Whether the scan (and Sphinx) may enter the folder ``path``; a link it may not enter
    is excluded and reported."""
    if not path.is_symlink():
        return True
    target = path.resolve()
    if not _inside(target, real_srcdir):
        reason = "is a link to a folder outside the source folder; not followed"
    elif any(_inside(folder.resolve(), target)
             for folder in (path.parent, *path.parent.parents) if _inside(folder, srcdir)):
        # Back into a folder the walk came through, itself or by another link (a/l → b,
        # b/l → a): following it would never end.
        reason = "is a link to a folder that contains it (an endless path); not followed"
    else:
        return True
    relative = path.relative_to(srcdir).as_posix()
    found.excluded_paths.append(relative)
    found.unwalkable_paths.append(relative)
    found.problems.append((relative, Problem(reason)))
    return False


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _classify(file_path: Path, relative: str, found: PostFolder, show_drafts: bool,
              zone: tzinfo) -> bool:
    """Note what the file is; ``True`` for a plain post (no draft, no URLs named)."""
    try:
        text = file_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        found.excluded_paths.append(relative)
        found.problems.append((relative, Problem(
            f"is not UTF-8 text (byte 0x{err.object[err.start]:02x} at offset {err.start}; "
            f"Shift_JIS or another legacy encoding?); skipped. Save it as UTF-8.")))
        return False
    except OSError as err:
        found.excluded_paths.append(relative)
        found.problems.append((relative, Problem(f"cannot be read ({err.strerror}); skipped")))
        return False
    names_urls = _may_name_urls(text)
    if names_urls or may_be_draft(text):
        epoch = datetime.fromtimestamp(0, timezone.utc)
        post = read_post(relative, text.replace("\r\n", "\n"), zone=zone,
                         file_time=epoch).post
        if post.draft:
            found.draft_paths.append(relative)
            if not show_drafts:
                found.excluded_paths.append(relative)
                return False
        if names_urls:
            found.posts_naming_urls[relative] = post
        found.post_paths.append(relative)
        return False
    found.post_paths.append(relative)
    return True


def _may_name_urls(text: str) -> bool:
    """Cheap test run on every file: could the front matter name URLs? Searched up to the
    first line starting with "---" after the first (the end of the front matter, or later:
    a wider search only costs a read), without copying the text."""
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    return _URL_KEYS.search(text, 0, end if end != -1 else len(text)) is not None


def exclude_pattern(path: str) -> str:
    """``path`` as a Sphinx exclude pattern that matches only itself (``[`` ``*`` ``?`` escaped)."""
    return re.sub(r"([\[\]*?])", r"[\1]", path)
