"""The migration measurement: how a real Jekyll site comes through ``bunko import`` and a build.

In a temporary folder: a fresh bunko site (this repository's ``conf.py``, ``index.md`` and its
empty ``_static``/``_templates``), ``bunko import SITE``, then ``sphinx-build -M html . _build
-j auto`` (what ``make html`` runs). Counted from the build, as a reader would meet it:

* warnings by kind (``[bunko.post]``, ``[myst.xref_missing]``, ...), with an example each;
* pages showing Liquid: ``{{`` or ``{%`` in the visible text of a page, outside ``<pre>``,
  ``<code>``, scripts and styles;
* broken internal links and images: every ``href``/``src`` of every page that points inside
  the site (relative, or root-absolute) must resolve to a file of the output. A root-absolute
  one (``/assets/x.png``) counts as broken whatever is there: the site must work from disk
  and under any sub-path, where it leads elsewhere (the 404 page excepted: it is served at
  any depth, so its links are absolute on purpose);
* redirect pages written (a meta refresh), and those that lead nowhere;
* the wall time of the import and of the build.

Not a test: it prints a table and writes JSON, and fails on no number.
``tests/test_migration.py`` holds the build to the same counts (``migrate``).

    .venv/bin/python bench/migration.py ../shared/corpora/vim-jp --json bench/results/x.json
    .venv/bin/python bench/migration.py --table bench/results/migration-before-*.json
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

PROJECT = Path(__file__).resolve().parents[1]
#: sphinx-notfound-page's page, whose links are absolute on purpose.
NOT_FOUND_PAGE = "404.html"
#: Examples kept per kind of finding in the JSON.
EXAMPLES = 10
_WARNING = re.compile(r"^(?P<where>.*?): WARNING: (?P<message>.*?)(?: \[(?P<kind>[\w.-]+)\])?$")
_REFRESH_URL = re.compile(r"url=(.*)$", re.I)
_HIDDEN = {"pre", "code", "script", "style", "textarea", "template"}
_NOT_FILES = ("mailto:", "javascript:", "data:", "tel:", "about:")


@dataclass
class Page:
    """What one output page shows and points at."""

    path: str
    #: Visible text outside code, scripts and styles.
    text: str
    #: (tag, URL) of every ``href`` and ``src``.
    urls: list[tuple[str, str]] = field(default_factory=list)
    #: The target of a ``<meta http-equiv="refresh">``, for redirect pages.
    refresh: str | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.text: list[str] = []
        self.urls: list[tuple[str, str]] = []
        self.refresh: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        values = {name: value or "" for name, value in attrs}
        self.urls += [(tag, values[name]) for name in ("href", "src") if values.get(name)]
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH_URL.search(values.get("content", ""))
            self.refresh = match.group(1).strip() if match else ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)


def read_page(html_dir: Path, path: str) -> Page:
    parser = _PageParser()
    parser.feed((html_dir / path).read_text("utf-8", "replace"))
    return Page(path, "".join(parser.text), parser.urls, parser.refresh)


def output_pages(html_dir: Path) -> list[str]:
    """Every HTML page of the output (Sphinx's own ``_static``/``_sources`` left out)."""
    pages = []
    for folder, dirnames, filenames in os.walk(html_dir):
        dirnames[:] = sorted(name for name in dirnames if name not in ("_static", "_sources"))
        relative = Path(folder).relative_to(html_dir)
        pages += [(relative / name).as_posix() for name in sorted(filenames)
                  if name.endswith(".html")]
    return pages


def resolve(html_dir: Path, page: str, url: str) -> tuple[str | None, str]:
    """The output file ``url`` on ``page`` leads to, or ``None`` and why not; ``(None, "")``
    for a URL that is not a file of the site (another site, ``mailto:``, ``#top``).
    The 404 page alone links root-absolute, by design: hosts serve it at any depth."""
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//") or url.lower().startswith(_NOT_FILES):
        return None, ""
    path = unquote(parts.path)
    if not path:
        return page, ""
    if path.startswith("/") and page != NOT_FOUND_PAGE:
        return None, "root-absolute (breaks from disk and under a sub-path)"
    base = "" if path.startswith("/") else posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if target == ".." or target.startswith("../"):
        return None, "leads out of the output folder"
    if path.endswith("/") or (html_dir / target).is_dir():
        target = posixpath.join(target, "index.html")
    if not (html_dir / target).is_file():
        return None, "no such file"
    return target, ""


@dataclass(frozen=True)
class Broken:
    """An ``href`` or ``src`` that points inside the site and leads to no file of it."""

    page: str
    #: ``link`` (``<a>``), ``image`` (``<img>``) or ``asset`` (scripts, styles, others).
    kind: str
    url: str
    why: str


@dataclass
class OutputScan:
    """The reader's view of a built site: what the migration is judged by."""

    pages: int = 0
    #: {"page": ..., "text": the visible text around the Liquid}.
    pages_with_liquid: list[dict[str, str]] = field(default_factory=list)
    #: Internal URLs checked, by kind.
    checked: Counter[str] = field(default_factory=Counter)
    broken: list[Broken] = field(default_factory=list)
    #: Redirect page → the page it leads to (``None`` when it leads nowhere).
    redirects: dict[str, str | None] = field(default_factory=dict)


def scan_output(html_dir: Path) -> OutputScan:
    scan = OutputScan()
    for path in output_pages(html_dir):
        page = read_page(html_dir, path)
        scan.pages += 1
        if page.refresh is not None:
            scan.redirects[path] = resolve(html_dir, path, page.refresh)[0]
        liquid = re.search(r"\{\{|\{%", page.text)
        if liquid:
            scan.pages_with_liquid.append({"page": path, "text": " ".join(
                page.text[max(0, liquid.start() - 40):liquid.start() + 60].split())})
        for tag, url in page.urls:
            target, reason = resolve(html_dir, path, url)
            if target is None and not reason:
                continue
            kind = "link" if tag == "a" else "image" if tag == "img" else "asset"
            scan.checked[kind] += 1
            if reason:
                scan.broken.append(Broken(path, kind, url, reason))
    return scan


def warnings_by_kind(build_output: str) -> tuple[Counter[str], dict[str, str]]:
    """Sphinx's warnings by their ``[type.subtype]`` (``untyped`` without one), with the
    first of each kind."""
    kinds: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for line in build_output.splitlines():
        match = _WARNING.match(line.strip())
        if match:
            kind = match.group("kind") or "untyped"
            kinds[kind] += 1
            examples.setdefault(kind, line.strip()[:300])
    return kinds, examples


@dataclass
class Migration:
    """One site imported into a fresh bunko site and built, and what the output shows."""

    source: Path
    site: Path
    imported: subprocess.CompletedProcess[str]
    import_seconds: float
    built: subprocess.CompletedProcess[str]
    build_seconds: float
    scan: OutputScan

    @property
    def html(self) -> Path:
        return self.site / "_build" / "html"

    def as_json(self) -> dict:
        kinds, examples = warnings_by_kind(self.built.stderr)
        broken: dict[str, list[dict[str, str]]] = {}
        for item in self.scan.broken:
            broken.setdefault(item.kind, []).append(asdict(item))
        return {
            "site": self.source.name,
            "source": str(self.source),
            "bunko_commit": _git_head(),
            "measured": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "import": {"exit": self.imported.returncode,
                       "seconds": round(self.import_seconds, 2),
                       "summary": [line for line in self.imported.stdout.splitlines()
                                   if not line.startswith("    ")]},
            "build": {"exit": self.built.returncode, "seconds": round(self.build_seconds, 1),
                      "warnings": sum(kinds.values()),
                      "warnings_by_kind": dict(kinds.most_common()),
                      "warning_examples": examples},
            "posts": sum(1 for path in (self.site / "posts").rglob("*")
                         if path.suffix in (".md", ".markdown")),
            "pages": self.scan.pages,
            "pages_with_liquid": len(self.scan.pages_with_liquid),
            "liquid_examples": self.scan.pages_with_liquid[:EXAMPLES],
            "internal_urls_checked": dict(self.scan.checked),
            "broken": {kind: len(items) for kind, items in broken.items()},
            "broken_by_reason": dict(Counter(item.why for item in self.scan.broken)),
            "broken_examples": [example for items in broken.values()
                                for example in items[:EXAMPLES]],
            "redirect_pages": len(self.scan.redirects),
            "redirects_leading_nowhere": sum(1 for target in self.scan.redirects.values()
                                             if target is None),
        }


def migrate(source: Path, work: Path) -> Migration:
    """Import ``source`` into a fresh site in ``work``, build it as ``make html`` does, and
    scan the output."""
    site = work / "site"
    site.mkdir(parents=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(PROJECT / name, site / name)
    for name in ("_static", "_templates"):
        (site / name).mkdir()
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    env.update(NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    start = time.perf_counter()
    imported = subprocess.run([sys.executable, "-m", "bunko", "import", str(source)],
                              cwd=site, capture_output=True, text=True, env=env)
    import_seconds = time.perf_counter() - start
    start = time.perf_counter()
    built = subprocess.run([sys.executable, "-m", "sphinx", "-M", "html", ".", "_build",
                            "-j", "auto", "--no-color"],
                           cwd=site, capture_output=True, text=True, env=env)
    build_seconds = time.perf_counter() - start
    return Migration(source, site, imported, import_seconds, built, build_seconds,
                     scan_output(site / "_build" / "html"))


def _git_head() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT,
                            capture_output=True, text=True)
    return result.stdout.strip()


def table(results: list[dict]) -> str:
    """A short Markdown table, one column per site."""
    rows = [
        ("posts imported / import exit code",
         lambda r: f"{r['posts']} / {r['import']['exit']}"),
        ("build exit code / wall time", lambda r: f"{r['build']['exit']} / "
                                                  f"{r['build']['seconds']:.1f} s"),
        ("warnings (by kind)", lambda r: f"{r['build']['warnings']} (" + ", ".join(
            f"{kind} {count}" for kind, count in r["build"]["warnings_by_kind"].items()) + ")"),
        ("pages / pages showing Liquid", lambda r: f"{r['pages']} / {r['pages_with_liquid']}"),
        ("broken internal links / checked", lambda r: _broken(r, "link")),
        ("broken internal images / checked", lambda r: _broken(r, "image")),
        ("broken other assets / checked", lambda r: _broken(r, "asset")),
        ("redirect pages (leading nowhere)", lambda r: f"{r['redirect_pages']} "
                                                       f"({r['redirects_leading_nowhere']})"),
    ]
    lines = ["| | " + " | ".join(r["site"] for r in results) + " |",
             "|---|" + "---|" * len(results)]
    lines += [f"| {name} | " + " | ".join(cell(r) for r in results) + " |"
              for name, cell in rows]
    return "\n".join(lines) + "\n"


def _broken(result: dict, kind: str) -> str:
    return (f"{result['broken'].get(kind, 0)} / "
            f"{result['internal_urls_checked'].get(kind, 0)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", help="a Jekyll site's root")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the results here")
    parser.add_argument("--table", type=Path, nargs="+", metavar="JSON",
                        help="print the Markdown table of results written before")
    args = parser.parse_args(argv)
    if args.table:
        print(table([json.loads(path.read_text("utf-8")) for path in args.table]), end="")
        return
    if args.site is None:
        parser.error("name a Jekyll site, or --table with results")
    with tempfile.TemporaryDirectory(prefix="bunko-migration-") as work:
        result = migrate(args.site.resolve(), Path(work)).as_json()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(table([result]), end="")


if __name__ == "__main__":
    main()
