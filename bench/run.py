"""The benchmark of issue 8: bunko against its anchors on the same synthetic posts.

For each N: generate N posts (``generate.py``), lay out four sites on copies of them, and
measure, each with the command ``make html`` runs (``sphinx-build -M html . _build -j auto``):

* **bunko**: this project's ``conf.py`` and ``index.md``;
* **floor**: the floor under any Sphinx blog, Sphinx + MyST + furo only reading and writing the
  posts: no blog features, no toctree of posts (each an orphan, so furo's navigation stays
  small), Sphinx's English search splitter instead of its slow Japanese one. Whatever a blog
  extension adds (listings, feeds, search) comes on top of it, so issue 15 holds bunko's full
  build to it; built ``--repeat`` times, as bunko is, the two taking turns;
* **plain**: Sphinx + MyST + furo, every post in the home page's toctree (the project's venv);
* **ablog**: ABlog 0.11 in its own venv (``bench/.venv-ablog``) on posts put in the form it
  reads (``adapt_for_ablog``), its injected templates off so furo pages build.

Per site: full build (wall time, peak RSS summed over the whole process tree), rebuilds with no
change / one body edit / one tag edit, sizes, time to the first search result in headless
chromium. Anchors may be capped in time (``--plain-cap``, ``--ablog-cap``): a capped build is
stopped and its full time extrapolated from the pages it had written (see ``_extrapolate``).

Writes ``bench/results/results-<Ns>.md`` and ``.json`` and ``bench/results/build-time.png``.
Benchmarks are not tests: nothing here fails on a slow number; the table says pass or miss.

    .venv/bin/python bench/run.py --sizes 100 1000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from generate import SEARCH_WORD, generate  # noqa: E402

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
SPHINX_BUILD = Path(sys.executable).parent / "sphinx-build"
ABLOG_SPHINX_BUILD = BENCH / ".venv-ablog" / "bin" / "sphinx-build"
CHROMIUM = os.environ.get("BUNKO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking"]
SAMPLE_SECONDS = 0.05
#: PSS is sampled every this many seconds at least, and never more often than it takes
#: ``PSS_SHARE`` times as long as one sample: the sampler's cost stays a twentieth of a core.
PSS_SECONDS, PSS_SHARE = 0.5, 20
MB = 1024 * 1024

#: Targets of issue 8 at N=1,000 and N=10,000; (metric, N) → (limit, unit).
TARGETS = {
    ("full_build_s", 1000): 60, ("peak_rss_mb", 1000): 1024, ("largest_page_kb", 1000): 50,
    ("rebuild_body_s", 1000): 5, ("rebuild_tag_s", 1000): 15, ("rebuild_none_s", 1000): 3,
    ("full_build_s", 10000): 900, ("peak_rss_mb", 10000): 1536,
    # Issue 15's targets at 10,000 posts.
    ("rebuild_none_s", 10000): 3, ("rebuild_body_s", 10000): 6, ("rebuild_tag_s", 10000): 10,
    ("rebuild_new_s", 10000): 8, ("peak_rss_mb", 100000): 12288,
    ("largest_page_kb", 100000): 100,
}


# --- sites ----------------------------------------------------------------------------------

PLAIN_CONF = '''\
# Anchor: plain Sphinx + MyST + furo, every post in the home page's toctree.
project = "plain"
language = "ja"
extensions = ["myst_parser"]
html_theme = "furo"
myst_title_to_header = True
suppress_warnings = ["myst.header"]
exclude_patterns = ["_build"]
'''
PLAIN_INDEX = '''\
# plain

```{toctree}
:maxdepth: 1
:glob:
:reversed:

posts/*
```
'''
FLOOR_CONF = '''\
# Anchor: the floor, Sphinx + MyST + furo reading and writing the posts and nothing more.
project = "floor"
extensions = ["myst_parser"]
html_theme = "furo"
language = "ja"
html_search_language = "en"
exclude_patterns = ["_build"]
suppress_warnings = ["toc.not_included", "myst.header", "myst.xref_missing"]
'''
ABLOG_CONF = '''\
# Anchor: ABlog 0.11 + MyST + furo. Its base templates are not injected: injected, its
# page.html replaces furo's and breaks every page (../shared/ARCHITECTURE.md); only its own
# ablog/*.html (the tag, category and archive pages) are copied into _templates.
# No blog_baseurl, so it writes no feeds.
templates_path = ["_templates"]
project = "ablog"
language = "ja"
extensions = ["myst_parser", "ablog"]
html_theme = "furo"
skip_injecting_base_ablog_templates = True
blog_path = "blog"
blog_title = "ablog"
post_date_format = "%Y-%m-%d %H:%M:%S"
post_auto_excerpt = 1
suppress_warnings = ["myst.header"]
exclude_patterns = ["_build"]
'''
ABLOG_INDEX = '''\
# ablog

```{postlist} 10
:excerpts:
```
'''


@dataclass
class Site:
    name: str
    folder: Path
    sphinx_build: Path
    cap_seconds: float | None = None

    @property
    def posts(self) -> Path:
        return self.folder / "posts"

    @property
    def html(self) -> Path:
        return self.folder / "_build" / "html"


#: The two shapes of synthetic posts: ``generate.py`` (the seed's, newest first, ~2 a day) and
#: ``gen_posts.py`` (issue 15's independent generator: dates spread over 10 years at random).
SHAPES = ("generate", "gen_posts")

#: The anchors built beside bunko at ``--sizes``: their column's name in the table, and
#: their short name in the ratios' columns.
ANCHORS = {"floor": ("floor (Sphinx + MyST + furo)", "floor"),
           "plain": ("plain Sphinx", "plain"), "ablog": ("ABlog", "ABlog")}
#: Sizes at which issue 15 holds bunko's full build (median of the runs) to the floor's.
WITHIN_FLOOR_SIZES = (1000, 10000)


def generate_posts(shape: str, n: int, folder: Path, seed: int | None = None) -> None:
    """N posts of ``shape`` into ``folder``."""
    if shape == "generate":
        generate(n, folder, *(() if seed is None else (seed,)))
        return
    scratch = folder.parent / f"{folder.name}-gen_posts"
    shutil.rmtree(scratch, ignore_errors=True)
    subprocess.run([sys.executable, str(BENCH / "gen_posts.py"), str(scratch), str(n)],
                   check=True, stdout=subprocess.DEVNULL)
    folder.parent.mkdir(parents=True, exist_ok=True)
    (scratch / "posts").rename(folder)
    scratch.rmdir()


def lay_out_bunko(folder: Path, posts: Path) -> None:
    shutil.copy(PROJECT / "conf.py", folder / "conf.py")
    shutil.copy(PROJECT / "index.md", folder / "index.md")
    for name in ("_templates", "_static"):
        (folder / name).mkdir(exist_ok=True)
    shutil.copytree(posts, folder / "posts")


def fresh_bunko_site(work: Path, shape: str, count: int) -> Path:
    """``work`` emptied, then ``count`` posts of ``shape`` laid out as a bunko site in
    ``work/site`` (the posts generated into ``work/source-posts``)."""
    shutil.rmtree(work, ignore_errors=True)
    source = work / "source-posts"
    generate_posts(shape, count, source)
    site = work / "site"
    site.mkdir(parents=True)
    lay_out_bunko(site, source)
    return site


def lay_out_floor(folder: Path, posts: Path) -> None:
    (folder / "conf.py").write_text(FLOOR_CONF, encoding="utf-8")
    (folder / "index.md").write_text("# floor\n", encoding="utf-8")
    shutil.copytree(posts, folder / "posts")


def lay_out_plain(folder: Path, posts: Path) -> None:
    (folder / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    (folder / "index.md").write_text(PLAIN_INDEX, encoding="utf-8")
    shutil.copytree(posts, folder / "posts")


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def adapt_for_ablog(text: str) -> str:
    """A generated Jekyll post in the form ABlog 0.11 reads without crashing.

    ``blogpost: true`` marks it a post; the date loses its ``+0000`` (ABlog compares it with
    naive dates); ``excerpt`` goes (ABlog wants a paragraph count); tags and categories become
    comma strings (MyST would hand ABlog a JSON list with ``\\uXXXX`` escapes); the title
    becomes the page's ``#`` heading, since ABlog takes the title from the first section.
    """
    import yaml

    match = _FRONT.match(text)
    data = yaml.safe_load(match.group(1))
    title = re.sub(r"^#+\s*", "", str(data["title"]))
    tags = data["tags"] if isinstance(data["tags"], list) else str(data["tags"]).split()
    front = [
        "blogpost: true",
        f"date: {str(data['date']).removesuffix(' +0000')}",
        f"category: {', '.join(data['categories'])}",
        f"tags: {', '.join(tags)}",
        f"author: {data['author']}",
    ]
    body = text[match.end():].replace("\n---END---", "")
    return "---\n" + "\n".join(front) + "\n---\n\n# " + title + "\n" + body


def lay_out_ablog(folder: Path, posts: Path) -> None:
    (folder / "conf.py").write_text(ABLOG_CONF, encoding="utf-8")
    templates = subprocess.run(
        [str(ABLOG_SPHINX_BUILD.parent / "python"), "-c",
         "import ablog; print(ablog.get_html_templates_path())"],
        capture_output=True, text=True, check=True).stdout.strip()
    shutil.copytree(Path(templates) / "ablog", folder / "_templates" / "ablog")
    (folder / "index.md").write_text(ABLOG_INDEX, encoding="utf-8")
    (folder / "posts").mkdir()
    for path in sorted(posts.iterdir()):
        text = adapt_for_ablog(path.read_text(encoding="utf-8"))
        (folder / "posts" / path.name).write_text(text, encoding="utf-8")


# --- measuring one build --------------------------------------------------------------------

@dataclass
class Build:
    seconds: float
    peak_rss_mb: float
    returncode: int | None
    #: The largest sum of PSS over the tree (shared pages divided among the processes that
    #: share them): what the machine needed, where the RSS sum counts a forked worker's
    #: inherited pages again. Sampled every 0.5 s, or less often when a sample is slow
    #: (``PSS_SHARE``: reading smaps costs more than RSS).
    peak_pss_mb: float | None = None
    #: Set when the build was stopped for going over ``--memory-cap-mb``.
    over_memory_cap: bool = False
    capped: bool = False
    #: Post pages written when a capped build was stopped, and the extrapolated full time.
    posts_written: int | None = None
    estimated_seconds: float | None = None
    warnings: int = 0
    #: User + system CPU time of the whole process tree: unlike the wall time, barely moved by
    #: other work on the machine (which the load averages below show).
    cpu_seconds: float | None = None
    load_before: float | None = None
    load_after: float | None = None
    #: Seconds from the start at which Sphinx began each phase (from its time-stamped log).
    phases: dict[str, float] = field(default_factory=dict)


#: Sphinx's progress lines that open a phase, and the names the results give them.
#: Writing starts after "preparing documents"; Sphinx's first "writing output... [" line
#: comes only once the first chunk's pages have been fed to the search index.
_PHASE_LINES = (("reading sources... [", "read"), ("looking for now-outdated", "reading done"),
                ("preparing documents", "write"), ("generating indices", "writing done"),
                ("dumping search index", "search index"), ("build succeeded", "done"),
                ("build finished", "done"))


def _copy_timestamped(stream, log: Path, start: float) -> None:
    """Copy ``sphinx-build``'s output to ``log``, each line prefixed with the seconds since
    ``start``: where a build's time goes, without a profiler in the way."""
    with log.open("w", encoding="utf-8") as out:
        for raw in stream:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            out.write(f"{time.perf_counter() - start:8.2f} {line}\n")


def _phases(log_text: str) -> dict[str, float]:
    phases: dict[str, float] = {}
    for line in log_text.splitlines():
        stamp, _, message = line.strip().partition(" ")
        for opening, name in _PHASE_LINES:
            if message.startswith(opening) and name not in phases:
                phases[name] = float(stamp)
    return phases


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_memory(root: psutil.Process, measure) -> int:
    """``measure(process)`` in bytes summed over ``root`` and its children; a process gone
    (or a measure the platform lacks) counts nothing."""
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        try:
            total += measure(process)
        except (psutil.Error, AttributeError):
            pass
    return total


def _tree_rss(root: psutil.Process) -> int:
    return _tree_memory(root, lambda process: process.memory_info().rss)


def _tree_pss(root: psutil.Process) -> int:
    return _tree_memory(root, lambda process: process.memory_full_info().pss)


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _count_posts_written(html: Path) -> int:
    folder = html / "posts"
    if not folder.is_dir():
        return 0
    return sum(1 for entry in os.scandir(folder) if entry.name.endswith(".html"))


def run_build(site: Site, log: Path, *, cap: float | None = None,
              expected_posts: int = 0, out: Path | None = None,
              memory_cap_mb: float | None = None) -> Build:
    """One ``sphinx-build -M html . _build -j auto`` in ``site.folder``, measured (or, with
    ``out``, a clean ``-b html`` build into ``out/html`` with its doctrees in ``out``).

    Peak memory is the largest sum of RSS over the process and all its descendants (Sphinx's
    ``-j`` workers are forked children), sampled every 50 ms: shared pages of forked workers
    count once per process, so it is an upper bound of what the machine needed. A build whose
    tree goes over ``memory_cap_mb`` is stopped (the machine is shared).
    """
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}
    env["NO_COLOR"] = "1"
    env["PYTHONUNBUFFERED"] = "1"  # each line reaches the log when Sphinx prints it
    command = [str(site.sphinx_build), "-M", "html", ".", "_build", "-j", "auto"]
    if out is not None:
        command = [str(site.sphinx_build), "-b", "html", ".", str(out / "html"),
                   "-d", str(out / "doctrees"), "-E", "-j", "auto"]
    load_before = os.getloadavg()[0]
    # Every descendant that exits and is waited for adds its CPU time to RUSAGE_CHILDREN.
    cpu_before = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=site.folder, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env=env, start_new_session=True)
    copier = threading.Thread(target=_copy_timestamped, args=(process.stdout, log, start))
    copier.start()
    root = psutil.Process(process.pid)
    peak = peak_pss = 0
    first_page_at: float | None = None
    capped = over_memory = False
    next_count = next_pss = 0.0
    while process.poll() is None:
        peak = max(peak, _tree_rss(root))
        now = time.perf_counter() - start
        if now >= next_pss:
            sampled = time.perf_counter()
            peak_pss = max(peak_pss, _tree_pss(root))
            # Reading smaps walks every page of every process: at 100,000 posts a sample
            # took most of the 0.5 s, and the sampler most of a core the build needed.
            next_pss = now + max(PSS_SECONDS, PSS_SHARE * (time.perf_counter() - sampled))
        if memory_cap_mb is not None and peak > memory_cap_mb * MB:
            over_memory = True
            _stop(process)
            break
        if cap is not None and first_page_at is None and now >= next_count:
            next_count = now + 1.0
            if _count_posts_written(site.html):
                first_page_at = now
        if cap is not None and now > cap:
            capped = True
            _stop(process)
            break
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    copier.join()
    process.stdout.close()
    cpu_seconds = _children_cpu() - cpu_before
    text = log.read_text(encoding="utf-8", errors="replace")
    build = Build(seconds=round(seconds, 2), peak_rss_mb=round(peak / MB, 1),
                  returncode=process.returncode, capped=capped,
                  peak_pss_mb=round(peak_pss / MB, 1), over_memory_cap=over_memory,
                  cpu_seconds=round(cpu_seconds, 2), load_before=load_before,
                  load_after=os.getloadavg()[0],
                  warnings=text.count("WARNING"), phases=_phases(text))
    if capped:
        build.posts_written = _count_posts_written(site.html)
        build.estimated_seconds = _extrapolate(seconds, first_page_at, build.posts_written,
                                               expected_posts)
    return build


def _extrapolate(stopped_at: float, first_page_at: float | None, written: int,
                 expected: int) -> float | None:
    """Full build time of a build stopped at ``stopped_at`` with ``written`` of ``expected``
    post pages on disk: the time until the first page appeared (reading, resolving) plus the
    writing time so far scaled to all pages. Pages cost about the same each (the sidebar is the
    whole toctree on every page), and what comes after the pages (ABlog's tag and archive
    pages, the search index) is left out, so this is a lower bound: ratios against it are
    conservative."""
    if not written or first_page_at is None:
        return None
    return round(first_page_at + (stopped_at - first_page_at) * expected / written, 1)


# --- sizes, edits, search -------------------------------------------------------------------

BUNKO_SEARCH_INDEX = "_static/bunko-search/"


def sizes(html: Path) -> dict[str, object]:
    total = 0
    largest = (0, "")
    index_files: dict[str, int] = {}
    for path in html.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        relative = path.relative_to(html).as_posix()
        if path.suffix == ".html" and size > largest[0]:
            largest = (size, relative)
        # The search index on disk: Sphinx's, and bunko's shards (a query loads a few of
        # them, bench/search_shards_bench.py; the per-page texts are loaded only for the
        # snippets of the results shown, so they are not counted).
        bunko_index = (relative.startswith(BUNKO_SEARCH_INDEX)
                       and not relative.startswith(f"{BUNKO_SEARCH_INDEX}text/"))
        if bunko_index:
            index_files[BUNKO_SEARCH_INDEX] = index_files.get(BUNKO_SEARCH_INDEX, 0) + size
        elif path.name.startswith("searchindex") or (
                "search" in relative.split("/")[0] and path.suffix != ".html"
                and not relative.startswith("_static/")):
            index_files[relative] = size
    return {"html_total_mb": round(total / MB, 2), "largest_page_kb": round(largest[0] / 1024, 1),
            "largest_page": largest[1],
            "search_index_kb": round(sum(index_files.values()) / 1024, 1),
            "search_index_files": sorted(index_files)}


def edit_body(path: Path) -> None:
    """Add a sentence to the first paragraph: the body changes, the title and terms do not."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。\n\n", "。ベンチマークのために一文を追記した。\n\n", 1),
                    encoding="utf-8")


def edit_tags(path: Path) -> None:
    """Swap the post's first tag for one it does not have, in the form its tags line has."""
    text = path.read_text(encoding="utf-8")
    line = re.search(r"^tags: (.*)$", text, re.M)
    raw = line.group(1)
    if raw.startswith("["):
        tags, render = json.loads(raw), lambda t: json.dumps(t, ensure_ascii=False)
    elif "," in raw:
        tags, render = [t.strip() for t in raw.split(",")], ", ".join
    else:
        tags, render = raw.split(), " ".join
    tags[0] = next(t for t in ("ベンチマーク", "性能測定", "Benchmark") if t not in tags)
    path.write_text(text[:line.start(1)] + render(tags) + text[line.end(1):], encoding="utf-8")


#: Installed before any script of the page: notes when the first result has been painted (the
#: first animation frame after it is in the document), in ms since navigation started. Read
#: in the page, so it does not wait for the harness's own polling, which a page busy loading
#: scripts (bunko's snippets, Sphinx's summaries) holds back by hundreds of ms.
_FIRST_RESULT_PROBE = """
new MutationObserver((_, observer) => {
  if (!document.querySelector(%s)) return;
  observer.disconnect();
  requestAnimationFrame(() => { window.__firstResultPainted = performance.now(); });
}).observe(document, { childList: true, subtree: true });
"""


def time_search(html: Path, word: str, selector: str, trials: int = 3) -> dict[str, object]:
    """Milliseconds from navigating to ``search.html?q=word`` (file://) to the first frame
    painted with a result in ``selector``, in headless chromium; the median of ``trials``
    fresh browser contexts."""
    from playwright.sync_api import sync_playwright

    url = (html / "search.html").as_uri() + f"?q={word}"
    times: list[float] = []
    finished: list[float] = []
    results = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            for _ in range(trials):
                context = browser.new_context()
                context.add_init_script(_FIRST_RESULT_PROBE % json.dumps(selector))
                page = context.new_page()
                start = time.perf_counter()
                page.goto(url, wait_until="commit")
                page.wait_for_function("window.__firstResultPainted !== undefined",
                                       timeout=120_000)
                times.append(page.evaluate("window.__firstResultPainted"))
                # Sphinx shows results one by one, 5 ms apart: all are there once the count
                # has stopped growing for half a second.
                count, steady = page.locator(selector).count(), 0
                while steady < 5 and time.perf_counter() - start < 120:
                    page.wait_for_timeout(100)
                    latest = page.locator(selector).count()
                    steady, count = (steady + 1, count) if latest == count else (0, latest)
                finished.append((time.perf_counter() - start) * 1000 - 500)
                results = max(results, count)
                context.close()
        finally:
            browser.close()
    return {"first_result_ms": round(statistics.median(times)),
            "all_results_ms": round(statistics.median(finished)), "query": word,
            "results": results}


# --- one site, one N ------------------------------------------------------------------------

#: The rebuilds measured after a full build, in this order, each on the sources the one
#: before left: nothing changed, one post's body, the same post's tags, a new post (newer
#: than all: the daily case), one post deleted.
SCENARIOS = ("none", "body", "tag", "new", "deleted")


@dataclass
class SiteResult:
    site: str
    n: int
    full: Build
    rebuild_none: Build | None = None
    rebuild_body: Build | None = None
    rebuild_tag: Build | None = None
    rebuild_new: Build | None = None
    rebuild_deleted: Build | None = None
    sizes: dict[str, object] = field(default_factory=dict)
    search: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: Every full build of ``--repeat`` (``full`` is the one of median wall time).
    full_runs: list[Build] = field(default_factory=list)
    #: Scenario → "equal" or what differs from a clean build of the same sources.
    clean_equal: dict[str, str] = field(default_factory=dict)
    shape: str = "generate"


def repeats(site: Site, args: argparse.Namespace) -> int:
    """How many full builds of ``site`` are measured: ``--repeat`` for bunko and the floor,
    one for the slow anchors."""
    return args.repeat if site.name.startswith("bunko") or site.name == "floor" else 1


def full_builds(sites: list[Site], n: int, logs: Path,
                args: argparse.Namespace) -> dict[str, list[Build]]:
    """The full builds of ``sites``, taken in turns (bunko's first, the floor's first, bunko's
    second…): a machine that slows down or speeds up during the run weighs on each site
    alike, so their ratio is not the drift's. A site stops at a build that was capped,
    failed or went over the memory cap."""
    runs: dict[str, list[Build]] = {site.name: [] for site in sites}

    def stopped(built: list[Build]) -> bool:
        return bool(built) and (built[-1].capped or built[-1].returncode != 0
                                or built[-1].over_memory_cap)

    for attempt in range(1, max(repeats(site, args) for site in sites) + 1):
        for site in sites:
            if attempt > repeats(site, args) or stopped(runs[site.name]):
                continue
            print(f"  {site.name}: full build {attempt}/{repeats(site, args)} "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
            shutil.rmtree(site.folder / "_build", ignore_errors=True)
            built = run_build(site, logs / f"{site.name}-full-{attempt}.log",
                              cap=site.cap_seconds, expected_posts=n,
                              memory_cap_mb=args.memory_cap_mb)
            runs[site.name].append(built)
            print(f"    {built.seconds} s, {built.peak_rss_mb} MB RSS, "
                  f"{built.peak_pss_mb} MB PSS", flush=True)
    return runs


def bench_site(site: Site, n: int, runs: list[Build], args: argparse.Namespace) -> SiteResult:
    """The result of one site's full builds ``runs``: the median one, sizes and search time
    (not the floor's: its English splitter is not a Japanese search to compare)."""
    # The median run's output stays on disk for the rebuilds; its build folder is the last's,
    # which is the same sources built the same way.
    full = sorted(runs, key=lambda build: build.seconds)[(len(runs) - 1) // 2]
    result = SiteResult(site=site.name, n=n, full=full, full_runs=runs)
    if full.over_memory_cap:
        result.notes.append(f"stopped at {full.seconds:.0f} s: the process tree went over "
                            f"{args.memory_cap_mb:,.0f} MB")
        return result
    if full.capped:
        result.notes.append(
            f"stopped at {full.seconds:.0f} s with {full.posts_written} of {n} post pages "
            f"written; " + (f"full time extrapolated to {full.estimated_seconds:.0f} s"
                            if full.estimated_seconds else "too few pages to extrapolate"))
        print(f"    capped: {result.notes[-1]}", flush=True)
        pages = sorted((p.stat().st_size, p) for p in (site.html / "posts").glob("*.html"))
        if pages:
            result.sizes = {"largest_page_kb": round(pages[-1][0] / 1024, 1),
                            "largest_page": pages[-1][1].relative_to(site.html).as_posix()
                            + " (of the pages written before the cap)"}
        return result
    if full.returncode != 0:
        result.notes.append(f"full build exited {full.returncode}")
        return result
    result.sizes = sizes(site.html)
    if args.no_search or site.name == "floor":
        return result
    try:
        result.search = time_search(site.html, args.search_word, args.search_selector)
    except Exception as err:  # a missing browser must not lose the build figures
        result.search = {"error": f"{type(err).__name__}: {str(err).splitlines()[0]}"}
    return result


def bench_size(n: int, args: argparse.Namespace, anchors: bool) -> list[SiteResult]:
    work = args.work / f"n{n}"
    if work.exists():
        shutil.rmtree(work)
    logs = work / "logs"
    logs.mkdir(parents=True)
    sites = []
    for shape in args.shapes:
        source = work / f"source-{shape}"
        generate_posts(shape, n, source, args.seed if shape == "generate" else None)
        name = "bunko" if shape == "generate" else f"bunko-{shape}"
        sites.append((Site(name, work / name, SPHINX_BUILD), lay_out_bunko, source, shape))
    source = work / "source-generate"
    if anchors and source.exists() and "floor" in args.anchors:
        sites.append((Site("floor", work / "floor", SPHINX_BUILD), lay_out_floor, source,
                      "generate"))
    if anchors and source.exists() and "plain" in args.anchors:
        sites.append((Site("plain", work / "plain", SPHINX_BUILD, args.plain_cap),
                      lay_out_plain, source, "generate"))
    if anchors and source.exists() and "ablog" in args.anchors:
        if ABLOG_SPHINX_BUILD.exists():
            sites.append((Site("ablog", work / "ablog", ABLOG_SPHINX_BUILD, args.ablog_cap),
                          lay_out_ablog, source, "generate"))
        else:
            print(f"  (no {ABLOG_SPHINX_BUILD}: ABlog skipped; `make bench` installs it)")
    for site, lay_out, posts, _shape in sites:
        site.folder.mkdir(parents=True)
        lay_out(site.folder, posts)
    # The sites built more than once take turns; each slow anchor is built once, after them.
    turns = [site for site, *_ in sites if repeats(site, args) > 1]
    runs = full_builds(turns, n, logs, args) if turns else {}
    results = []
    for site, _lay_out, _posts, shape in sites:
        if site.name not in runs:
            runs.update(full_builds([site], n, logs, args))
        result = bench_site(site, n, runs[site.name], args)
        result.shape = shape
        full = result.full
        built = not full.capped and full.returncode == 0 and not full.over_memory_cap
        if built and args.no_rebuilds:
            pass
        elif built and (site.name.startswith("bunko")
                        or full.seconds <= args.anchor_rebuild_limit):
            bench_rebuilds(site, result, logs, args)
        elif built:
            result.notes.append("no rebuilds measured: the full build took over "
                                f"{args.anchor_rebuild_limit:.0f} s")
        results.append(result)
        if site.name.startswith("bunko") and not args.keep:
            shutil.rmtree(site.folder, ignore_errors=True)
    return results


def add_new_post(posts: Path) -> Path:
    """A copy of the newest post, dated a day after it under a new name: the post a site
    that publishes daily adds."""
    newest = max(posts.iterdir(), key=lambda path: _post_date(path))
    text = newest.read_text(encoding="utf-8")
    when = _post_date(newest) + timedelta(days=1)
    text = re.sub(r"^date: .*$", f"date: {when:%Y-%m-%d %H:%M:%S} +0000", text, count=1,
                  flags=re.M)
    text = re.sub(r"^title: (.*)$", lambda m: f"title: {_retitled(m.group(1))}", text,
                  count=1, flags=re.M)
    path = posts / f"{when:%Y-%m-%d}-bench-new-post.md"
    path.write_text(text, encoding="utf-8")
    return path


def _retitled(title: str) -> str:
    if title.startswith('"') and title.endswith('"'):
        return title[:-1] + '（新）"'
    return title + "（新）"


def _post_date(path: Path) -> datetime:
    found = re.search(r"^date: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", path.read_text("utf-8"), re.M)
    return datetime.strptime(found.group(1), "%Y-%m-%d %H:%M:%S")


def output_files(html: Path) -> dict[str, bytes]:
    """The files a reader gets (not Sphinx's doctrees or build info)."""
    return {path.relative_to(html).as_posix(): path.read_bytes()
            for path in sorted(html.rglob("*")) if path.is_file()
            and not path.relative_to(html).as_posix().startswith((".doctrees/", ".buildinfo"))}


def compare_with_clean(site: Site, logs: Path, scenario: str) -> str:
    """Build the same sources clean into a scratch folder and say how the incremental
    output differs: "equal", or the files that differ."""
    scratch = site.folder.parent / f"{site.name}-clean"
    shutil.rmtree(scratch, ignore_errors=True)
    clean = run_build(site, logs / f"{site.name}-clean-{scenario}.log", out=scratch)
    if clean.returncode != 0:
        return f"the clean build failed ({clean.returncode})"
    ours, theirs = output_files(site.html), output_files(scratch / "html")
    shutil.rmtree(scratch, ignore_errors=True)
    missing = sorted(set(theirs) - set(ours))
    extra = sorted(set(ours) - set(theirs))
    different = sorted(name for name in set(ours) & set(theirs) if ours[name] != theirs[name])
    if not (missing or extra or different):
        return "equal"
    parts = [f"{len(files)} {what}: {', '.join(files[:3])}"
             for what, files in (("missing", missing), ("extra", extra),
                                 ("different", different)) if files]
    return "; ".join(parts)


def bench_rebuilds(site: Site, result: SiteResult, logs: Path,
                   args: argparse.Namespace) -> None:
    """The rebuilds of ``SCENARIOS`` (the edits on the middle post by file name), each
    compared with a clean build of the same sources unless ``--no-clean-check``."""
    posts = sorted(site.posts.iterdir())
    edited, deleted = posts[len(posts) // 2], posts[len(posts) // 3]
    edits = {"none": lambda: None, "body": lambda: edit_body(edited),
             "tag": lambda: edit_tags(edited), "new": lambda: add_new_post(site.posts),
             "deleted": deleted.unlink}
    check = site.name.startswith("bunko") and not args.no_clean_check
    print(f"    rebuilds: {', '.join(SCENARIOS)}", flush=True)
    for scenario in SCENARIOS:
        edits[scenario]()
        build = run_build(site, logs / f"{site.name}-{scenario}.log")
        setattr(result, f"rebuild_{scenario}", build)
        if check:
            result.clean_equal[scenario] = compare_with_clean(site, logs, scenario)
        print(f"    {scenario}: {build.seconds} s"
              + (f", {result.clean_equal[scenario]}" if check else ""), flush=True)


# --- reporting ------------------------------------------------------------------------------

def _version(python: Path, module: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({module!r}))"
    try:
        return subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (subprocess.CalledProcessError, OSError):
        return "—"


def machine_info() -> dict[str, object]:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                    if line.startswith("model name")), "")
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "—"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "—"
    project_python = Path(sys.executable)
    ablog_python = ABLOG_SPHINX_BUILD.parent / "python"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(), "cpu": cpu,
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "os": platform.platform(), "python": platform.python_version(),
        "bunko_commit": commit,
        "sphinx": _version(project_python, "sphinx"),
        "myst_parser": _version(project_python, "myst-parser"),
        "furo": _version(project_python, "furo"),
        "ablog": _version(ablog_python, "ablog") if ablog_python.exists() else "—",
        "ablog_sphinx": _version(ablog_python, "sphinx") if ablog_python.exists() else "—",
        "chromium": chromium,
    }


def _full_seconds(result: SiteResult | None) -> float | None:
    if result is None:
        return None
    if result.full.capped:
        return result.full.estimated_seconds
    return _spread(result, "seconds")[1] if result.full.returncode == 0 else None


def _metrics(result: SiteResult | None) -> dict[str, float | None]:
    if result is None:
        return {}
    def seconds(build: Build | None) -> float | None:
        return build.seconds if build else None
    return {
        "full_build_s": _full_seconds(result),
        "full_cpu_s": None if result.full.capped else result.full.cpu_seconds,
        "full_build_min_s": _spread(result, "seconds")[0],
        "full_cpu_min_s": _spread(result, "cpu_seconds")[0],
        "peak_rss_mb": None if result.full.capped else result.full.peak_rss_mb,
        "peak_pss_mb": None if result.full.capped else result.full.peak_pss_mb,
        "rebuild_none_s": seconds(result.rebuild_none),
        "rebuild_body_s": seconds(result.rebuild_body),
        "rebuild_tag_s": seconds(result.rebuild_tag),
        "rebuild_new_s": seconds(result.rebuild_new),
        "rebuild_deleted_s": seconds(result.rebuild_deleted),
        "html_total_mb": result.sizes.get("html_total_mb"),
        "largest_page_kb": result.sizes.get("largest_page_kb"),
        "search_index_kb": result.sizes.get("search_index_kb"),
        "first_result_ms": result.search.get("first_result_ms"),
    }


def _spread(result: SiteResult, key: str) -> tuple[float | None, float | None]:
    """Minimum and median of one figure over the full builds that finished."""
    values = [getattr(run, key) for run in result.full_runs or [result.full]
              if run.returncode == 0 and not run.capped and getattr(run, key) is not None]
    if not values:
        return None, None
    return min(values), statistics.median(values)


METRIC_LABELS = {
    "full_build_min_s": "full build, minimum of the runs (s)",
    "full_build_s": "full build, median of the runs (s)",
    "full_cpu_min_s": "full build, CPU time user+sys of the tree, minimum (s)",
    "full_cpu_s": "full build, CPU time user+sys of the tree, median run (s)",
    "peak_rss_mb": "peak memory, RSS summed over the process tree (MB)",
    "peak_pss_mb": "peak memory, PSS summed over the process tree (MB)",
    "rebuild_none_s": "rebuild, no change (s)",
    "rebuild_body_s": "rebuild after one body edit (s)",
    "rebuild_tag_s": "rebuild after one tag edit (s)",
    "rebuild_new_s": "rebuild after one new post (s)",
    "rebuild_deleted_s": "rebuild after one deleted post (s)",
    "html_total_mb": "`_build/html` (MB)",
    "largest_page_kb": "largest page (KB)",
    "search_index_kb": "search index (KB)",
    "first_result_ms": "first search result, chromium (ms)",
}


def _cell(value: float | None, estimated: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value:,.1f}" if isinstance(value, float) and value < 100 else f"{value:,.0f}"
    return f"≈{text}" if estimated else text


def _ratio(anchor: float | None, ours: float | None) -> str:
    if anchor is None or not ours:
        return "—"
    return f"{anchor / ours:.1f}×"


def markdown_table(all_results: dict[int, list[SiteResult]], info: dict[str, object],
                   command: str, slope: dict[str, object]) -> str:
    lines = [f"# bunko benchmark: {', '.join(f'N={n:,}' for n in all_results)}", "",
             f"`{command}` — {info['date']}, {info['cores']} cores ({info['cpu']}), "
             f"{info['memory_gb']} GB, Python {info['python']}, Sphinx {info['sphinx']}, "
             f"myst-parser {info['myst_parser']}, furo {info['furo']}, ABlog {info['ablog']} "
             f"(Sphinx {info['ablog_sphinx']}), {info['chromium']}, bunko {info['bunko_commit']}.",
             "",
             "Every build is `sphinx-build -M html . _build -j auto`, as `make html` runs it. "
             "Ratios are anchor ÷ bunko (above 1 means bunko is faster or smaller). "
             "≈ marks a capped anchor build whose full time is extrapolated (notes below).", ""]
    notes: list[str] = []
    for n, results in all_results.items():
        by_site = {r.site: r for r in results}
        ours = _metrics(by_site.get("bunko"))
        anchors = {name: _metrics(by_site.get(name)) for name in ANCHORS}
        # The other shape of posts (``gen_posts.py``), when measured, in a column of its own.
        other_shape = _metrics(by_site.get("bunko-gen_posts"))
        shape_header = "| bunko, gen_posts shape " if other_shape else ""
        lines += [f"## N = {n:,}", "",
                  f"| metric | bunko {shape_header}| "
                  + " | ".join(column for column, _short in ANCHORS.values()) + " | "
                  + " | ".join(f"{short} ÷ bunko" for _column, short in ANCHORS.values())
                  + " | target | bunko meets it |",
                  f"|---|---:|{'---:|' if other_shape else ''}"
                  + "---:|" * (2 * len(ANCHORS)) + "---:|:---:|"]
        for key, label in METRIC_LABELS.items():
            target = TARGETS.get((key, n))
            mine = ours.get(key)
            verdict = "" if target is None or mine is None else (
                "yes" if mine <= target else "**no**")
            if other_shape and target is not None and other_shape.get(key) is not None:
                verdict += "" if other_shape[key] <= target else " (gen_posts: **no**)"
            shape_cell = f"| {_cell(other_shape.get(key))} " if other_shape else ""
            estimated = {name: key == "full_build_s" and by_site.get(name) is not None
                         and by_site[name].full.capped for name in ANCHORS}
            lines.append(
                f"| {label} | {_cell(mine)} {shape_cell}| "
                + " | ".join(_cell(anchors[name].get(key), estimated[name]) for name in ANCHORS)
                + " | " + " | ".join(_ratio(anchors[name].get(key), mine) for name in ANCHORS)
                + f" | {'≤ ' + str(target) if target else ''} | {verdict} |")
        blank = " |" * (2 * len(ANCHORS) + (2 if other_shape else 1))
        floor, mine = anchors["floor"].get("full_build_s"), ours.get("full_build_s")
        if n in WITHIN_FLOOR_SIZES and floor and mine:
            lines.append(f"| full build within the floor's (median ÷ median) |"
                         f"{blank[:-2]} {mine / floor:.2f}× | ≤ 1.00× "
                         f"| {'yes' if mine <= floor else '**no**'} |")
        ablog = anchors["ablog"].get("full_build_s")
        if n == 1000 and ablog and mine:
            lines.append(f"| ABlog ÷ bunko, full build |{blank[:-2]} {ablog / mine:.1f}× "
                         f"| ≥ 5× | {'yes' if ablog / mine >= 5 else '**no**'} |")
        lines.append("")
        for result in results:
            for note in result.notes:
                notes.append(f"- N={n:,}, {result.site}: {note}")
            facts = []
            facts.append("full builds (wall s, CPU s, RSS MB, load average before → after): "
                         + "; ".join(f"{run.seconds:.1f}, {run.cpu_seconds or 0:.1f}, "
                                     f"{run.peak_rss_mb:,.0f}, {run.load_before or 0:.1f} → "
                                     f"{run.load_after or 0:.1f}"
                                     for run in result.full_runs or [result.full]))
            if result.clean_equal:
                facts.append("each rebuild against a clean build of the same sources: "
                             + ", ".join(f"{scenario} {verdict}"
                                         for scenario, verdict in result.clean_equal.items()))
            if result.full.phases:
                facts.append("full build phases, seconds from start: " + ", ".join(
                    f"{name} {at:.1f}" for name, at in result.full.phases.items()))
            if result.sizes.get("largest_page"):
                facts.append(f"largest page `{result.sizes['largest_page']}`")
            if result.sizes.get("search_index_files"):
                facts.append("search index: " + ", ".join(
                    f"`{name}`" for name in result.sizes["search_index_files"]))
            if result.search.get("error"):
                facts.append(f"search timing failed: {result.search['error']}")
            elif result.search:
                facts.append(f"query `{result.search['query']}`: first result "
                             f"{result.search['first_result_ms']} ms, all "
                             f"{result.search['results']} results shown after "
                             f"{result.search['all_results_ms']} ms")
            facts = [fact for fact in facts if fact]
            if facts:
                notes.append(f"- N={n:,}, {result.site}: " + "; ".join(facts))
    if slope:
        lines += ["## Cost against N (bunko, full build)", "", slope["text"], ""]
    lines += ["## Notes", "", *notes, "",
              "The machine is shared with other work (the load averages above; 2 means both "
              "cores busy): wall times are what a user waits, CPU times move less with load.",
              "",
              "Peak memory is the largest sum of RSS over `sphinx-build` and all its "
              "descendants, sampled every 50 ms (forked workers' shared pages count in each, "
              "so it is an upper bound). The search time is the median of 3 fresh browser "
              "contexts, from navigating to `search.html?q=…` on file:// to the first frame "
              "painted with a `#search-results li` (timed in the page: a MutationObserver "
              "installed before the page's scripts, then `requestAnimationFrame`); all "
              "results: until their count has been steady for 0.5 s. Capped builds: the "
              "time until the first post page was on disk plus the writing time so far "
              "scaled to all N pages; what is written "
              "after the post pages (ABlog's tag/category/archive pages, the search index) is "
              "not counted, so the estimate is a lower bound and its ratio conservative.", ""]
    return "\n".join(lines)


def _least_squares(points: list[tuple[int, float]]) -> tuple[float, float]:
    xs, ys = zip(*points, strict=True)
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / \
        sum((x - mean_x) ** 2 for x in xs)
    return mean_y - slope * mean_x, slope


def fit_slope(all_results: dict[int, list[SiteResult]]) -> dict[str, object]:
    """Time and memory against N for bunko (``generate.py``'s posts), fitted over the sizes
    from 1,000 up (below, start-up dominates): the slope is the cost of one more post."""
    points = [(n, _full_seconds(r)) for n, results in all_results.items()
              for r in results if r.site == "bunko" and _full_seconds(r) and n >= 1000]
    if len(points) < 2:
        points = [(n, _full_seconds(r)) for n, results in all_results.items()
                  for r in results if r.site == "bunko" and _full_seconds(r)]
    if len(points) < 2:
        return {}
    xs, ys = zip(*points, strict=True)
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / \
        sum((x - mean_x) ** 2 for x in xs)
    intercept = mean_y - slope * mean_x
    fitted = ", ".join(f"N={x:,}: {y:.1f} s measured, {intercept + slope * x:.1f} s fitted"
                       for x, y in points)
    per_post = [f"N={x:,}: {1000 * y / x:.1f} ms/post" for x, y in points]
    text = (f"Least squares over {len(points)} sizes: t ≈ {intercept:.1f} s + "
            f"{slope * 1000:.1f} ms × N ({slope * 1000:.1f} s per 1,000 posts). {fitted}. "
            f"Time per post: {'; '.join(per_post)}.")
    memory = [(n, r.full.peak_rss_mb) for n, results in all_results.items() for r in results
              if r.site == "bunko" and _full_seconds(r) and not r.full.capped
              and n >= min(x for x, _ in points)]
    fit = {"intercept_s": intercept, "seconds_per_post": slope}
    if len(memory) >= 2:
        base, per_post_mb = _least_squares(memory)
        text += (f"\n\nPeak memory (RSS of the tree): m ≈ {base:,.0f} MB + "
                 f"{per_post_mb * 1024:.1f} KB × N. " + "; ".join(
                     f"N={x:,}: {y:,.0f} MB measured, {base + per_post_mb * x:,.0f} MB fitted, "
                     f"{y * 1024 / x:.1f} KB/post" for x, y in memory) + ".")
        fit.update(intercept_mb=base, mb_per_post=per_post_mb)
    return {**fit, "text": text}


def plot(all_results: dict[int, list[SiteResult]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    styles = {"bunko": ("bunko", "tab:blue"), "plain": ("plain Sphinx + MyST + furo",
                                                         "tab:orange"),
              "ablog": ("ABlog 0.11 (adapted)", "tab:green")}
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    for site, (label, colour) in styles.items():
        measured, estimated = [], []
        for n, results in sorted(all_results.items()):
            for result in results:
                if result.site != site or _full_seconds(result) is None:
                    continue
                (estimated if result.full.capped else measured).append((n, _full_seconds(result)))
        everything = sorted(measured + estimated)
        if not everything:
            continue
        axes.plot(*zip(*everything, strict=True), color=colour, linestyle="-", alpha=0.6)
        if measured:
            axes.plot(*zip(*measured, strict=True), "o", color=colour, label=f"{label}, measured")
        if estimated:
            axes.plot(*zip(*estimated, strict=True), "o", color=colour, fillstyle="none",
                      label=f"{label}, extrapolated from a capped build")
    axes.plot([1000, 10000], [60, 900], "r_", markersize=18, markeredgewidth=2,
              label="target (60 s at 1,000; 15 min at 10,000)")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("posts (N)")
    axes.set_ylabel("full build, wall time (s)")
    axes.set_title("Full build time against N (sphinx-build -j auto, 2 cores)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="bunko's benchmark against its anchors.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000],
                        help="N values measured for bunko and the anchors")
    parser.add_argument("--bunko-only", type=int, nargs="*", default=[],
                        help="extra N values measured for bunko alone (for the slope)")
    parser.add_argument("--work", type=Path, default=BENCH / "work")
    parser.add_argument("--results", type=Path, default=BENCH / "results")
    parser.add_argument("--seed", type=int, default=20260210)
    parser.add_argument("--plain-cap", type=float, default=360,
                        help="seconds after which the plain Sphinx build is stopped")
    parser.add_argument("--ablog-cap", type=float, default=600,
                        help="seconds after which the ABlog build is stopped")
    parser.add_argument("--anchor-rebuild-limit", type=float, default=180,
                        help="rebuilds of an anchor are measured only if its full build "
                             "took at most this long")
    parser.add_argument("--search-word", default=SEARCH_WORD)
    parser.add_argument("--search-selector", default="#search-results li")
    parser.add_argument("--no-anchors", action="store_true")
    parser.add_argument("--anchors", nargs="+", choices=ANCHORS, default=list(ANCHORS),
                        help="which anchors are built beside bunko at --sizes")
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=["generate"],
                        help="which generators' posts bunko builds (gen_posts: issue 15's)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="full builds of bunko per size: the table gives min and median")
    parser.add_argument("--no-rebuilds", action="store_true",
                        help="full builds only (the 100,000-post size)")
    parser.add_argument("--no-clean-check", action="store_true",
                        help="do not compare each rebuild with a clean build")
    parser.add_argument("--no-search", action="store_true", help="no search timing")
    parser.add_argument("--memory-cap-mb", type=float, default=14000,
                        help="stop a build whose process tree goes over this (RSS sum)")
    parser.add_argument("--keep", action="store_true",
                        help="keep bunko's built sites in --work (they take GBs at 10,000)")
    parser.add_argument("--name", help="results file stem (default results-<Ns>)")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="only write the table and plot again from a results JSON")
    args = parser.parse_args(argv)
    if args.render:
        render(args.render)
        return

    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    all_results: dict[int, list[SiteResult]] = {}
    for n in sorted(set(args.sizes) | set(args.bunko_only)):
        print(f"N = {n}", flush=True)
        anchors = n in args.sizes and not args.no_anchors
        all_results[n] = bench_size(n, args, anchors)

    args.results.mkdir(parents=True, exist_ok=True)
    stem = args.name or "results-" + "-".join(str(n) for n in all_results)
    raw = {"command": command, "machine": machine_info(),
           "results": {str(n): [asdict(r) for r in results]
                       for n, results in all_results.items()}}
    json_path = args.results / f"{stem}.json"
    json_path.write_text(json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    render(json_path)


def render(json_path: Path) -> None:
    """The Markdown table (beside the JSON) and ``build-time.png`` from a results JSON."""
    raw = json.loads(json_path.read_text(encoding="utf-8"))
    all_results: dict[int, list[SiteResult]] = {}
    for n, results in raw["results"].items():
        all_results[int(n)] = [_site_result(result) for result in results]
    slope = fit_slope(all_results)
    table = markdown_table(all_results, raw["machine"], raw["command"], slope)
    json_path.with_suffix(".md").write_text(table, encoding="utf-8")
    plot(all_results, json_path.parent / "build-time.png")
    print(table)
    print(f"\nwrote {json_path.with_suffix('.md')} and {json_path.parent / 'build-time.png'}")


def _site_result(data: dict) -> SiteResult:
    builds = {key: Build(**data[key]) if data.get(key) else None
              for key in ("full", *(f"rebuild_{scenario}" for scenario in SCENARIOS))}
    return SiteResult(site=data["site"], n=data["n"], sizes=data["sizes"],
                      search=data["search"], notes=data["notes"],
                      full_runs=[Build(**run) for run in data.get("full_runs", [])],
                      clean_equal=data.get("clean_equal", {}),
                      shape=data.get("shape", "generate"), **builds)


if __name__ == "__main__":
    main()
