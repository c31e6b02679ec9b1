"""Search benchmark: bunko's search against Sphinx's default ``ja`` search, in one run.

Measures, on synthetic posts (``search_posts.py``) and on the query table of
``tests/search_queries.py`` (sample posts + vim-jp corpus):

* index bytes per post, bunko's ``index.js`` against Sphinx's ``searchindex.js`` built by
  Sphinx's default ``ja`` search (TinySegmenter) for the same posts;
* time to first result in headless chromium from ``file://``;
* the share of indexing in a serial build under cProfile (the issue's measure);
* recall@3 over the query table, bunko's page against Sphinx's own search page.

    .venv/bin/python bench/search_bench.py            # 1,000 posts, ~10 minutes on 2 cores
    .venv/bin/python bench/search_bench.py --posts 200 --profile-posts 100
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path[:0] = [str(HERE), str(REPOSITORY / "tests")]

from search_posts import write_posts  # noqa: E402

# The tests' browser and local server: one definition of each.
from conftest import CHROMIUM, CHROMIUM_FLAGS, serve  # noqa: E402, F401
from search_queries import SAMPLE_QUERIES, VIM_JP_QUERIES  # noqa: E402

VIM_JP = REPOSITORY.parent / "shared" / "corpora" / "vim-jp" / "_posts"
BUNKO_CONF = 'extensions = ["bunko"]\nhtml_theme = "furo"\nlanguage = "ja"\nproject = "bench"\n'
#: Sphinx as it is: MyST for Markdown, the default ``ja`` search (TinySegmenter).
SPHINX_CONF = ('extensions = ["myst_parser"]\nhtml_theme = "furo"\nlanguage = "ja"\n'
               'project = "bench"\nsource_suffix = {".md": "markdown", ".markdown": "markdown"}\n'
               'myst_title_to_header = True\nexclude_patterns = ["_build"]\n'
               'suppress_warnings = ["myst", "toc"]\n')
TIMING_QUERIES = ["推論", "大規模言語モデル", "trainium2", "クラウド基盤 AWS"]


def make_site(folder: Path, conf: str, posts: Path | None = None, count: int = 0) -> Path:
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text(conf, "utf-8")
    (folder / "index.md").write_text("# Bench\n", "utf-8")
    if posts is not None:
        shutil.copytree(posts, folder / "posts")
    else:
        write_posts(count, folder / "posts")
    return folder


def build(site: Path, *options: str) -> Path:
    out = site / "_build" / "html"
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(site),
                             str(out), *options], capture_output=True, text=True, env=env)
    if result.returncode:
        sys.exit(f"build of {site} failed:\n{result.stderr[-2000:]}")
    return out


def indexing_share(work: Path, count: int) -> tuple[float, float]:
    """Seconds of a serial build under cProfile, and the share spent indexing."""
    site = make_site(work / f"profile-{count}", BUNKO_CONF, count=count)
    profile = cProfile.Profile()
    from sphinx.cmd.build import build_main

    profile.enable()
    build_main(["-b", "html", "-q", str(site), str(site / "_build" / "html")])
    profile.disable()
    stats = pstats.Stats(profile).stats
    total = max(entry[3] for entry in stats.values())
    indexing = sum(entry[3] for (path, _, name), entry in stats.items()
                   if (name == "read_search_text" or name == "write_index"
                       or name == "index_page") and ("bunko" in path or "sphinx" in path))
    return total, indexing / total


def first_result_ms(browser, html: Path, query: str) -> float:
    """Milliseconds from navigation to the first results drawn, from file://."""
    tab = browser.new_page()
    tab.goto(f"{html.as_uri()}/search.html?q={quote(query)}")
    tab.wait_for_selector("#search-results[data-bunko-done]", state="attached", timeout=60000)
    elapsed = float(tab.evaluate("document.getElementById('search-results').dataset.bunkoFirst"))
    tab.close()
    return elapsed


def top3_bunko(browser, html: Path, query: str) -> list[str]:
    tab = browser.new_page()
    tab.goto(f"{html.as_uri()}/search.html?q={quote(query)}")
    tab.wait_for_selector("#search-results[data-bunko-done]", state="attached", timeout=60000)
    found = tab.eval_on_selector_all("#search-results li.bunko-result a.bunko-result-title",
                                     "links => links.map(link => link.getAttribute('href'))")
    tab.close()
    return found[:3]


def top3_sphinx(browser, base: str, query: str) -> list[str]:
    """Sphinx's own search page, over HTTP (its summaries are fetched)."""
    tab = browser.new_page()
    tab.goto(f"{base}search.html?q={quote(query)}")
    # Finished when the page's pulse has stopped after the results heading was made.
    tab.wait_for_function(
        "() => document.querySelector('#search-results h2') && Search._pulse_status === -1",
        timeout=60000)
    found = tab.eval_on_selector_all("#search-results ul.search li > a",
                                     "links => links.map(link => link.getAttribute('href'))")
    tab.close()
    return found[:3]


def recall(found: dict[str, list[str]], table: list[tuple[str, str]]) -> int:
    return sum(any(expected in href for href in found[query]) for query, expected in table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--profile-posts", type=int, default=200)
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary, sync_playwright() as playwright:
        work = Path(temporary)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        print(f"## {arguments.posts} synthetic posts")
        bunko_html = build(make_site(work / "bunko", BUNKO_CONF, count=arguments.posts),
                           "-j", "auto")
        sphinx_html = build(make_site(work / "sphinx", SPHINX_CONF, count=arguments.posts),
                            "-j", "auto")
        index_bytes = (bunko_html / "_static/bunko-search/index.js").stat().st_size
        text_bytes = sum(path.stat().st_size
                         for path in (bunko_html / "_static/bunko-search/text").iterdir())
        sphinx_bytes = (sphinx_html / "searchindex.js").stat().st_size
        print(f"bunko index.js: {index_bytes:,} bytes = {index_bytes / arguments.posts:,.0f} "
              f"per post (texts for snippets, loaded per shown result: "
              f"{text_bytes / arguments.posts:,.0f} per post)")
        print(f"Sphinx ja searchindex.js: {sphinx_bytes:,} bytes = "
              f"{sphinx_bytes / arguments.posts:,.0f} per post; bunko/Sphinx = "
              f"{index_bytes / sphinx_bytes:.2f}x")
        for query in TIMING_QUERIES:
            times = sorted(first_result_ms(browser, bunko_html, query) for _ in range(3))
            print(f"time to first result, file://, {query!r}: {times[1]:.0f} ms (median of 3)")

        total, share = indexing_share(work, arguments.profile_posts)
        print(f"\n## cProfile, {arguments.profile_posts} posts, serial: {total:.1f} s, "
              f"indexing {share:.1%}")

        print("\n## recall@3 over the query table")
        tables = {"sample": (REPOSITORY / "posts", SAMPLE_QUERIES),
                  "vim-jp": (VIM_JP, VIM_JP_QUERIES)}
        for name, (posts, table) in tables.items():
            if not posts.is_dir():
                print(f"{name}: {posts} missing, skipped")
                continue
            ours = build(make_site(work / f"{name}-bunko", BUNKO_CONF, posts=posts), "-j", "auto")
            theirs = build(make_site(work / f"{name}-sphinx", SPHINX_CONF, posts=posts),
                           "-j", "auto")
            server = serve(theirs)
            base = next(server)
            try:
                bunko_found = {query: top3_bunko(browser, ours, query) for query, _ in table}
                sphinx_found = {query: top3_sphinx(browser, base, query) for query, _ in table}
            finally:
                server.close()
            print(f"{name}: bunko {recall(bunko_found, table)}/{len(table)}, "
                  f"Sphinx ja {recall(sphinx_found, table)}/{len(table)}")
            for query, expected in table:
                mark_ours = "✓" if any(expected in h for h in bunko_found[query]) else "✗"
                mark_theirs = "✓" if any(expected in h for h in sphinx_found[query]) else "✗"
                print(f"  {mark_ours} {mark_theirs}  {query}")
        browser.close()


if __name__ == "__main__":
    main()
