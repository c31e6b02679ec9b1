"""What a search query loads, bunko's sharded index against Pagefind 1.x on the same site.

For each number of synthetic posts (``search_posts.py``), builds a bunko site (or reuses one
in ``--work``), then, in headless Chromium with a fresh context per run (no browser cache):

* bunko from ``file://`` and over HTTP, each twice: opened as ``search.html?q=`` (timed from
  navigation) and typed into the box of a search page already loaded (timed from the
  query's start, the wait a reader has). Milliseconds to the first results drawn
  (``#search-results[data-bunko-first]``) split into ``STEPS`` (the page, the search's
  scripts, the manifest, the key shards, ranking, display data, drawing), the bytes of the
  index's files loaded by then (manifest, key and probe shards, display data), and, opened
  from navigation, the bytes once the page stops drawing (a screenful of results with
  their snippets' texts; more are drawn when the reader asks);
* Pagefind (``npx pagefind@1``, which runs ``pagefind_extended``: it segments Japanese) over
  the same built posts, over HTTP (it does not work from ``file://``): a page that imports
  ``pagefind.js``, searches and loads the first 5 results' data (Pagefind's UI shows 5);
  the bytes its requests carried, and the milliseconds from navigation to those 5;
* index size on disk for both.

    .venv/bin/python bench/search_shards_bench.py --posts 1000 10000 --work /tmp/shards-bench
    .venv/bin/python bench/search_shards_bench.py --posts 1000 --recut   # re-cut, no build

``--recut`` cuts the index of an existing build again with the current ``shards.py`` (the
same ``layout`` the build calls), to try shard sizes without building. Writes
``bench/results/search-shards.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, unquote

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path[:0] = [str(HERE), str(REPOSITORY), str(REPOSITORY / "tests")]

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from search_bench import BUNKO_CONF, CHROMIUM, CHROMIUM_FLAGS, build, make_site, serve  # noqa: E402

from bunko.search.index import FOLDER, read_index  # noqa: E402
from bunko.search.ranking import (  # noqa: E402
    BEFORE_FIRST,
    SearchIndex,
    holds_neighbours,
    posting_letters,
)
from bunko.search.shards import MANIFEST, layout  # noqa: E402

#: Two-word Japanese queries (the issue's measure), then one word, a Latin word, a substring.
QUERIES = ["大規模言語モデル 電力消費", "半導体市場 推論コスト", "ベクトル検索 可観測性",
           "推論", "Trainium2", "kube"]
RUNS = 3
#: How long the page may take to draw its screenful of results before the bytes "once
#: drawn" are given up.
ALL_DRAWN_MS = 20_000
#: Pagefind's page: search, then the data of the first 5 results, timed from navigation.
PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind bench</title>
<script type="module">
const query = new URLSearchParams(location.search).get("q");
const pagefind = await import("./pagefind/pagefind.js");
const found = await pagefind.search(query);
const first = await Promise.all(found.results.slice(0, 5).map((result) => result.data()));
window.benchDone = { ms: performance.now(), count: found.results.length,
                     urls: first.map((data) => data.url) };
</script>"""


def folder_bytes(folder: Path, skip: str = "") -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()
             and not (skip and skip in path.relative_to(folder).parts)]
    return sum(path.stat().st_size for path in files), len(files)


def recut(html: Path) -> None:
    """Write the index again with the current layout (the texts stay)."""
    folder = html / FOLDER
    files, _ = layout(read_index(html))
    for name in ("keys", "grams", "docs"):
        shutil.rmtree(folder / name, ignore_errors=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, "utf-8")


def tiled_postings(index: SearchIndex, key: str, times: int) -> str:
    """``key``'s postings with every document of ``index`` repeated ``times`` over. The
    impacts are the original site's: idf over a tiled site is the same."""
    letters: list[str] = []
    previous = BEFORE_FIRST
    postings = index.postings(key)
    for copy in range(times):
        for doc, posting in postings.items():
            number = doc + copy * len(index.docs)
            letters.append(posting_letters(number - previous, posting, holds_neighbours(key)))
            previous = number
    return "".join(letters)


def tiled(html: Path, times: int, out: Path) -> Path:
    """A stand-in for a site ``times`` as large: the index of ``html`` repeated ``times``
    over (every post ``times`` times, each key's postings likewise), the rest of the site
    linked. Synthetic posts share one vocabulary, so the keys stay the same and the postings
    grow as they would; what it cannot show is a vocabulary that grows with the site."""
    index = read_index(html)
    keys = {key: tiled_postings(index, key, times) for key in index.keys}
    shutil.rmtree(out, ignore_errors=True)
    (out / FOLDER).mkdir(parents=True)
    for entry in html.iterdir():
        if entry.name != "_static":
            (out / entry.name).symlink_to(entry)
    for entry in (html / "_static").iterdir():
        if entry.name != "bunko-search":
            (out / "_static" / entry.name).symlink_to(entry)
    (out / FOLDER / "text").symlink_to(html / FOLDER / "text")
    files, _ = layout(SearchIndex(docs=index.docs * times, keys=keys))
    for name, content in files.items():
        (out / FOLDER / name).parent.mkdir(parents=True, exist_ok=True)
        (out / FOLDER / name).write_text(content, "utf-8")
    return out


#: Records each script as it finishes loading, with when (resource timing has no entries for
#: file:// in Chromium), and when the engine's steps start and end: BunkoSearch is wrapped as
#: the page defines it, so that the page's calls to it are timed, not the engine's own.
RECORD_SCRIPTS = """window.bunkoLoads = [];
window.bunkoSteps = [];
document.addEventListener("load", (event) => {
  if (event.target.tagName === "SCRIPT")
    window.bunkoLoads.push([event.target.src, performance.now()]);
}, true);
const timed = (name, run) => function (...args) {
  const start = performance.now();
  const done = (value) => {
    window.bunkoSteps.push([name, start, performance.now()]);
    return value;
  };
  const value = run.apply(this, args);
  return value && typeof value.then === "function" ? value.then(done) : done(value);
};
let engine;
Object.defineProperty(window, "BunkoSearch", {
  configurable: true,
  get: () => engine,
  set: (made) => {
    for (const name of ["prepare", "search", "prepareDocs"]) made[name] = timed(name, made[name]);
    engine = made;
  },
});"""

#: The steps of a search, each from the end of the one before (in milliseconds): the page up to
#: its search loader, the search's own scripts, the manifest, the shards of the query's keys,
#: ranking, the display data of the first results, drawing them.
STEPS = ("page", "scripts", "manifest", "keys", "ranking", "docs", "drawing")
#: The scripts whose loading ends the first steps: the loader, the search page's last script.
STEP_SCRIPTS = ("_static/bunko-search-loader.js", "_static/bunko-search-page.js",
                f"{FOLDER}/{MANIFEST}")


def index_files_loaded(tab, html: Path, since: float, until: float | None
                       ) -> tuple[int, int, list[str]]:
    """Bytes and files of ``_static/bunko-search/`` the page loaded (between ``since`` and
    ``until`` ms), the snippet texts apart; sizes from the disk, as file:// reports none."""
    index_bytes = text_bytes = 0
    names = []
    for url, end in tab.evaluate("window.bunkoLoads"):
        if f"/{FOLDER}/" not in url or end < since or (until is not None and end > until):
            continue
        relative = unquote(url.split(f"/{FOLDER}/", 1)[1].split("?")[0])
        size = (html / FOLDER / relative).stat().st_size
        if relative.startswith("text/"):
            text_bytes += size
        else:
            index_bytes += size
            names.append(relative)
    return index_bytes, text_bytes, names


def steps(tab, start: float, first: float) -> dict[str, float]:
    """How long each of ``STEPS`` took, the first from ``start`` (navigation, or the query
    typed on a loaded page), the last until ``first`` (the first results drawn)."""
    loads = tab.evaluate("window.bunkoLoads")
    calls = tab.evaluate("window.bunkoSteps")

    def ended(name: str, after: float) -> float:
        return next(end for called, began, end in calls if called == name and began >= after)

    marks = [start]
    for script in STEP_SCRIPTS:
        marks.append(max(start, next(at for src, at in loads
                                     if src.split("?")[0].endswith(script))))
    for name in ("prepare", "search", "prepareDocs"):
        marks.append(ended(name, marks[-1] if name != "prepare" else start))
    marks.append(first)
    return {name: marks[k + 1] - marks[k] for k, name in enumerate(STEPS)}


def bunko_query(browser, html: Path, base: str, query: str, typed: bool = False) -> dict:
    """One query in a fresh context: opened as ``search.html?q=`` (from navigation), or, with
    ``typed``, sent from the search box of a page already loaded (from the query's start)."""
    context = browser.new_context()
    context.add_init_script(RECORD_SCRIPTS)
    tab = context.new_page()
    if typed:
        tab.goto(f"{base}search.html", wait_until="load")
        tab.wait_for_function("() => window.bunkoLoads.some(([src]) => "
                              f"src.split('?')[0].endsWith('{FOLDER}/{MANIFEST}'))")
        tab.wait_for_timeout(200)  # the page settles; nothing else loads before a query
        start = tab.evaluate("""(query) => {
          const box = document.querySelector(".bunko-search-form input[name=q]");
          box.value = query;
          const start = performance.now();
          box.form.requestSubmit();
          return start;
        }""", query)
    else:
        tab.goto(f"{base}search.html?q={quote(query)}", wait_until="commit")
        start = 0.0
    tab.wait_for_function("(start) => Number(document.getElementById('search-results')?"
                          ".dataset.bunkoFirst) > start", arg=start, timeout=120000)
    first = float(tab.evaluate(
        "document.getElementById('search-results').dataset.bunkoFirst"))
    drawn = False
    if not typed:  # the bytes once drawn are the same for a query typed
        try:
            tab.wait_for_selector("#search-results[data-bunko-done]", state="attached",
                                  timeout=ALL_DRAWN_MS)
            tab.wait_for_timeout(300)  # the snippets' texts of the last results
            drawn = True
        except PlaywrightTimeout:
            pass
    at_first, _, names = index_files_loaded(tab, html, start, first)
    total, texts, _ = index_files_loaded(tab, html, start, None)
    timing = steps(tab, start, first)
    hits = tab.evaluate("document.querySelectorAll('#search-results li.bunko-result').length")
    context.close()
    kinds = {kind: sum((html / FOLDER / name).stat().st_size for name in names
                       if name.split("/")[0].removesuffix(".js") == kind)
             for kind in ("index", "keys", "grams", "docs", "terms")}
    return {"ms": first - start, **{f"ms {name}": timing[name] for name in STEPS},
            "bytes_first": at_first, "bytes_all": total + texts if drawn else float("nan"),
            "files_first": len(names), "hits": hits,
            "key_shards": sum(name.startswith("keys/") for name in names),
            **{f"bytes_first {kind}": size for kind, size in kinds.items()}}


def pagefind_index(html: Path) -> dict:
    """Pagefind's index of the built posts: made once (its facts kept beside it), then
    reused."""
    facts = html / "pagefind" / "bench-facts.json"
    if facts.is_file():
        return json.loads(facts.read_text("utf-8"))
    shutil.rmtree(html / "pagefind", ignore_errors=True)
    start = time.time()
    indexed = subprocess.run(["npx", "-y", "pagefind@1", "--site", str(html),
                              "--glob", "posts/**/*.html"],
                             capture_output=True, text=True, check=False)
    if indexed.returncode:
        sys.exit(f"pagefind failed:\n{indexed.stdout[-2000:]}{indexed.stderr[-2000:]}")
    (html / "pagefind-bench.html").write_text(PAGEFIND_PAGE, "utf-8")
    size, count = folder_bytes(html / "pagefind")
    version = next((line for line in indexed.stdout.splitlines() if "Pagefind" in line), "")
    found = {"seconds": round(time.time() - start, 1), "bytes": size, "files": count,
             "version": version.strip()}
    facts.write_text(json.dumps(found), "utf-8")
    return found


def pagefind_query(browser, base: str, query: str) -> dict:
    """Pagefind fetches its index and fragments from a worker, which the page's resource
    timing does not see: the bytes are the responses' lengths, as the browser received
    them (http.server sends the files as they are)."""
    context = browser.new_context()
    tab = context.new_page()
    received: list[int] = []
    tab.on("response", lambda response: received.append(
        int(response.headers.get("content-length") or 0)) if "/pagefind/" in response.url
        else None)
    tab.goto(f"{base}pagefind-bench.html?q={quote(query)}")
    tab.wait_for_function("() => window.benchDone", timeout=120000)
    done = tab.evaluate("window.benchDone")
    context.close()
    return {"ms": done["ms"], "bytes": sum(received), "files": len(received),
            "hits": done["count"]}


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure(browser, html: Path, with_pagefind: bool) -> dict:
    index_bytes, index_files = folder_bytes(html / FOLDER, skip="text")
    text_bytes, _ = folder_bytes(html / FOLDER / "text")
    manifest = (html / FOLDER / MANIFEST).stat().st_size
    row: dict = {"index bytes": index_bytes, "index files": index_files,
                 "manifest bytes": manifest, "text bytes": text_bytes, "queries": {}}
    server = serve(html)
    base = next(server)
    try:
        if with_pagefind:
            row["pagefind"] = pagefind_index(html)
        for query in QUERIES:
            found = row["queries"][query] = {}
            for mode, where in (("file", html.as_uri() + "/"), ("http", base)):
                for typed, how in ((False, ""), (True, ", typed")):
                    found[f"bunko {mode}{how}"] = median_of(
                        [bunko_query(browser, html, where, query, typed) for _ in range(RUNS)])
            if with_pagefind:
                found["pagefind http"] = median_of(
                    [pagefind_query(browser, base, query) for _ in range(RUNS)])
    finally:
        server.close()
    return row


def table(results: dict) -> str:
    lines = []
    for count, row in results["sites"].items():
        name = f"{count:,}" if isinstance(count, int) else count
        lines += [f"\n## {name} posts\n",
                  f"bunko index on disk: {row['index bytes']:,} bytes in {row['index files']:,} "
                  f"files (manifest `index.js` {row['manifest bytes']:,}); snippet texts "
                  f"{row['text bytes']:,} bytes, one file a page.  "]
        if "pagefind" in row:
            pagefind = row["pagefind"]
            lines.append(f"Pagefind index on disk: {pagefind['bytes']:,} bytes in "
                         f"{pagefind['files']:,} files ({pagefind['version']}; indexing took "
                         f"{pagefind['seconds']} s).")
        lines += ["", "| query | engine | results | first result (ms) | "
                  + " | ".join(STEPS) + " | KB loaded by then | key shards | KB once drawn |",
                  "|---|---|---|---|" + "---|" * len(STEPS) + "---|---|---|"]
        for query, engines in row["queries"].items():
            for engine, found in engines.items():
                if engine.startswith("bunko"):
                    lines.append(f"| {query} | {engine} | {found['hits']:.0f} | "
                                 f"**{found['ms']:.0f}** | "
                                 + "".join(f"{found['ms ' + name]:.0f} | " for name in STEPS)
                                 + f"{found['bytes_first'] / 1000:.0f} | "
                                 f"{found['key_shards']:.0f} | "
                                 f"{found['bytes_all'] / 1000:.0f} |")
                else:
                    lines.append(f"| {query} | {engine} | {found['hits']:.0f} | "
                                 f"{found['ms']:.0f} (5 results' data) | "
                                 + "| " * len(STEPS) + f"{found['bytes'] / 1000:.0f} | | |")
    return "\n".join(lines)


def main() -> None:
    global RUNS, ALL_DRAWN_MS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/shards-bench"))
    parser.add_argument("--recut", action="store_true")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--all-drawn-ms", type=int, default=ALL_DRAWN_MS,
                        help="how long to wait for every result drawn (the bytes by then)")
    parser.add_argument("--no-pagefind", action="store_true")
    parser.add_argument("--tile", type=int, default=0, help="also measure the largest site's "
                        "index repeated this many times over (bunko only)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "search-shards")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    RUNS = arguments.runs
    ALL_DRAWN_MS = arguments.all_drawn_ms
    results: dict = {"command": " ".join(sys.argv), "uptime before": subprocess.run(
        ["uptime"], capture_output=True, text=True).stdout.strip(), "sites": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for count in arguments.posts:
            site = arguments.work / f"bunko-{count}"
            html = site / "_build" / "html"
            if not (html / FOLDER / MANIFEST).is_file():
                shutil.rmtree(site, ignore_errors=True)
                start = time.time()
                build(make_site(site, BUNKO_CONF, count=count), "-j", "auto")
                print(f"{count} posts built in {time.time() - start:.0f} s", flush=True)
            elif arguments.recut:
                recut(html)
            results["sites"][count] = measure(browser, html, not arguments.no_pagefind)
            print(table({"sites": {count: results["sites"][count]}}), flush=True)
        if arguments.tile:
            count = arguments.posts[-1]
            html = tiled(arguments.work / f"bunko-{count}" / "_build" / "html", arguments.tile,
                         arguments.work / f"tiled-{count * arguments.tile}")
            label = f"{count * arguments.tile} ({count:,} tiled x{arguments.tile})"
            results["sites"][label] = measure(browser, html, False)
            print(table({"sites": {label: results["sites"][label]}}), flush=True)
        browser.close()
    results["uptime after"] = subprocess.run(["uptime"], capture_output=True,
                                             text=True).stdout.strip()
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.with_suffix(".json").write_text(json.dumps(results, indent=1), "utf-8")
    arguments.out.with_suffix(".md").write_text(
        f"# {results['command']}\n\nMachine shared with other helpers (2 cores): load "
        f"`{results['uptime before']}` before, `{results['uptime after']}` after. Median of "
        f"{RUNS} runs, each in a fresh browser context. bunko's first result is the first 5 "
        "results drawn with their display data. Rows `bunko file`/`bunko http` time it from "
        "navigation to `search.html?q=` (the page, its scripts and the manifest included); "
        "rows `…, typed` from the query sent from the box of a search page already loaded "
        "(manifest in, no key shard yet): the time a reader waits for an answer, which the "
        "issue's target (first result ≤ 150 ms at 10,000 posts) is held to, as the page "
        "before it does not depend on the index. The step columns split the time (ms): "
        + ", ".join(f"`{name}`" for name in STEPS) + ", each from the end of the one "
        "before. Pagefind's time is its search and the data of its first 5 results, from "
        "navigation.\n" + table(results) + "\n", "utf-8")


if __name__ == "__main__":
    main()
