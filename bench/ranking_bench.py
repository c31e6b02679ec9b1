"""Known-item ranking benchmark: does a phrase from a post's body, or its title, find that post
in the top 3?

For each real site of ``../shared/corpora`` (vim-jp in Japanese, 18F in English): ``bunko
import`` into a fresh site, build it, then make a query table from what the build wrote
(deterministic: the same posts give the same table, whatever the ranking):

* every post's **title** (titles shared by more than 3 posts are left out: no ranking can put
  them all in the top 3);
* per post, **body phrases** cut from its text as the search page holds it
  (``_static/bunko-search/text``): on a Japanese site a noun phrase and a phrase with a
  particle, 4 to 10 characters at MeCab's word boundaries (``保存した設定ファイル``); on an English
  site a run of 2 to 4 words of one clause. A phrase that more than 3 posts contain verbatim is
  no known item, and another is drawn.

It then ranks every query with the ``bunko.search.ranking.search`` of the Python running it
(the page ranks alike: ``tests/test_search_parity.py``) and prints success@3 per kind. Run it
with another checkout's interpreter to measure that checkout's ranking on the same table::

    .venv/bin/python bench/ranking_bench.py --work /tmp/rank-after
    /work/main/.venv/bin/python bench/ranking_bench.py --work /tmp/rank-before
    .venv/bin/python bench/ranking_bench.py --work /tmp/rank-after --pagefind

``--timing`` adds the browser ranking's time per query under Node and the time to the first
result in headless Chromium from ``file://``. ``--pagefind`` also indexes the same built posts
with Pagefind 1.x (``npx pagefind@1``, the extended build, which segments Japanese) and runs
the same table through its search in headless Chromium over HTTP. ``--json`` writes every
query and its outcome.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
CORPORA = REPOSITORY.parent / "shared" / "corpora"
SITES = {"vim-jp": "ja", "18f": "en"}
#: A query is a known item only when at most this many posts hold it verbatim.
TOP = 3
#: Words too common to make an English phrase alone.
STOPWORDS = frozenset("a an and are as at be by for from has have in is it its of on or our "
                      "that the this to was we were will with you your".split())
_CJK_ONLY = None


def build_site(corpus: str, work: Path) -> Path:
    """``bunko import`` the corpus into a fresh site (this repository's ``conf.py`` and
    ``index.md``, the corpus's language) and build it once; kept in ``work``."""
    site = work / corpus
    html = site / "_build" / "html"
    if (html / "_static" / "bunko-search" / "index.js").is_file():
        return html
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    conf = (REPOSITORY / "conf.py").read_text("utf-8").replace(
        'language = "ja"', f'language = "{SITES[corpus]}"')
    (site / "conf.py").write_text(conf, "utf-8")
    shutil.copy(REPOSITORY / "index.md", site / "index.md")
    for name in ("_static", "_templates"):
        (site / name).mkdir()
    env = {**os.environ, "NO_COLOR": "1"}
    subprocess.run([sys.executable, "-m", "bunko", "import", str(CORPORA / corpus)], cwd=site,
                   capture_output=True, text=True, env=env, check=False)
    built = subprocess.run([sys.executable, "-m", "sphinx", "-M", "html", ".", "_build", "-q",
                            "-j", "auto"], cwd=site, capture_output=True, text=True, env=env,
                           check=False)
    if built.returncode:
        sys.exit(f"build of {corpus} failed:\n{built.stderr[-2000:]}")
    return html


def _cjk_only(text: str) -> bool:
    from bunko.search.scripts import CJK_CLASS

    global _CJK_ONLY
    if _CJK_ONLY is None:
        _CJK_ONLY = re.compile(f"[{CJK_CLASS}]+")
    return bool(_CJK_ONLY.fullmatch(text))


def japanese_phrases(text: str) -> dict[str, list[str]]:
    """Candidate phrases of a text by kind: MeCab's words of each line, spans of 4 to 10
    characters of CJK words only; a noun phrase is two or more nouns, a phrase with a particle
    starts with a noun, holds a particle and ends on a noun, verb or adjective."""
    import fugashi
    import ipadic

    tagger = fugashi.GenericTagger(ipadic.MECAB_ARGS)
    found: dict[str, list[str]] = {"noun phrase": [], "particle phrase": []}
    for line in text.splitlines():
        words = [(word.surface, word.feature[0]) for word in tagger(line)]
        for start in range(len(words)):
            length = 0
            for end in range(start, len(words)):
                surface, _ = words[end]
                if not _cjk_only(surface):
                    break
                length += len(surface)
                if length > 10:
                    break
                span = words[start:end + 1]
                kinds = [kind for _, kind in span]
                if length < 4 or len(span) < 2 or kinds[0] != "名詞":
                    continue
                phrase = "".join(surface for surface, _ in span)
                if all(kind == "名詞" for kind in kinds):
                    found["noun phrase"].append(phrase)
                elif "助詞" in kinds and kinds[-1] in ("名詞", "動詞", "形容詞"):
                    found["particle phrase"].append(phrase)
    return found


_CLAUSE = re.compile(r"[.,;:!?()\[\]\"“”—–/|]|\s-\s")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def english_phrases(text: str) -> dict[str, list[str]]:
    """Candidate phrases: 2 to 4 consecutive words of one clause, neither the first nor the
    last a common word, one of them longer than three letters."""
    found: list[str] = []
    for line in text.splitlines():
        for clause in _CLAUSE.split(line):
            words = _WORD.findall(clause)
            for start in range(len(words)):
                for count in (2, 3, 4):
                    span = words[start:start + count]
                    if (len(span) == count and span[0].lower() not in STOPWORDS
                            and span[-1].lower() not in STOPWORDS
                            and any(len(word) > 3 for word in span)):
                        found.append(" ".join(span))
    return {"phrase": found}


def query_table(html: Path, language: str) -> list[dict]:
    """Every post's title and body phrases, each with the post it must find."""
    from bunko.search.index import read_index, read_text
    from bunko.search.normalize import normalize

    index = read_index(html)
    posts = [doc for doc in index.docs if doc["date"]]
    texts = {doc["uri"]: normalize(read_text(html, doc)) for doc in posts}
    spaced = {uri: " " + " ".join(_WORD.findall(text)) + " " for uri, text in texts.items()}
    titles = Counter(normalize(doc["title"]) for doc in posts)
    table = [{"kind": "title", "query": doc["title"], "expected": doc["uri"]}
             for doc in posts if titles[normalize(doc["title"])] <= TOP]

    def holders(phrase: str) -> int:
        wanted = normalize(phrase)
        if language == "ja":
            return sum(wanted in text for text in texts.values())
        return sum(f" {wanted} " in text for text in spaced.values())

    cut = japanese_phrases if language == "ja" else english_phrases
    for doc in posts:
        rng = random.Random(zlib.crc32(doc["uri"].encode()))
        for kind, candidates in cut(read_text(html, doc)).items():
            candidates = sorted(set(candidates))
            rng.shuffle(candidates)
            own = texts[doc["uri"]] if language == "ja" else spaced[doc["uri"]]
            for phrase in candidates[:20]:
                # MeCab reads across a space: a phrase must be in its post as written.
                if normalize(phrase) in own and holders(phrase) <= TOP:
                    table.append({"kind": kind, "query": phrase, "expected": doc["uri"]})
                    break
    return table


def bunko_top(html: Path, table: list[dict]) -> None:
    from bunko.search.index import read_index
    from bunko.search.ranking import search

    index = read_index(html)
    for row in table:
        row["bunko"] = [index.docs[hit.doc]["uri"] for hit in search(index, row["query"])[:TOP]]


def pagefind_top(html: Path, table: list[dict]) -> dict:
    """Index the built posts with Pagefind (extended: it segments Japanese) and search the
    table in headless Chromium over HTTP (Pagefind does not work from file://); its index
    size on disk."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(HERE))
    from search_bench import CHROMIUM, serve

    shutil.rmtree(html / "pagefind", ignore_errors=True)
    # The npm package runs its extended binary; only posts, and only furo's article (the
    # sidebar and the related posts would match every query).
    indexed = subprocess.run(["npx", "-y", "pagefind@1", "--site", str(html), "--glob",
                              "posts/**/*.html", "--root-selector", "article"],
                             capture_output=True, text=True, check=False)
    if indexed.returncode:
        sys.exit(f"pagefind failed:\n{indexed.stdout[-2000:]}{indexed.stderr[-2000:]}")
    size = sum(path.stat().st_size for path in (html / "pagefind").rglob("*") if path.is_file())
    version = subprocess.run(["npx", "-y", "pagefind@1", "--version"], capture_output=True,
                             text=True, check=False).stdout.strip()
    server = serve(html)
    base = next(server)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--headless", "--no-sandbox"])
            tab = browser.new_page()
            tab.goto(f"{base}index.html")
            tab.evaluate("async () => { window.pf = await import('./pagefind/pagefind.js');"
                         " await window.pf.init(); }")
            for row in table:
                urls = tab.evaluate(
                    "async (q) => { const found = await window.pf.search(q);"
                    f" const top = await Promise.all(found.results.slice(0, {TOP})"
                    ".map((r) => r.data())); return top.map((d) => d.url); }", row["query"])
                row["pagefind"] = [unquote(url).lstrip("/") for url in urls]
            browser.close()
    finally:
        server.close()
    return {"pagefind index bytes": size, "pagefind version": version}


def first_result_times(html: Path, table: list[dict]) -> dict[str, float]:
    """Milliseconds to the first result drawn in headless Chromium from file:// (median of
    3), for the first title and the first body phrase of the table."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(HERE))
    from search_bench import CHROMIUM, CHROMIUM_FLAGS, first_result_ms

    picked = [next(row for row in table if row["kind"] == "title"),
              next(row for row in table if row["kind"] != "title")]
    times = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for row in picked:
            runs = sorted(first_result_ms(browser, html, row["query"]) for _ in range(3))
            times[f"first result ms, {row['query']!r}"] = round(runs[1])
        browser.close()
    return times


#: Loads the page's scripts and the index under Node, then times ``BunkoSearch.search`` on
#: every query.
_NODE_TIMER = r"""
const vm = require("vm");
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const context = vm.createContext({});
for (const source of input.sources) vm.runInContext(source, context);
vm.runInContext(input.index, context);
const search = vm.runInContext("BunkoSearch.search", context);
const times = input.queries.map((query) => {
  const start = process.hrtime.bigint();
  search(query);
  return Number(process.hrtime.bigint() - start) / 1e6;
}).sort((a, b) => a - b);
process.stdout.write(JSON.stringify([times.reduce((a, b) => a + b, 0) / times.length,
  times[Math.floor(times.length * 0.95)]]));
"""


def node_times(html: Path, table: list[dict]) -> dict[str, float]:
    """Mean and 95th percentile milliseconds of the browser's ranking, under Node, with the
    running checkout's scripts."""
    import bunko
    from bunko.search.scripts import browser_script

    static = Path(bunko.__file__).parent / "static"
    sources = [browser_script(), *((static / name).read_text("utf-8")
                                   for name in ("bunko-splitter.js", "bunko-search.js"))]
    index = (html / "_static" / "bunko-search" / "index.js").read_text("utf-8")
    answer = subprocess.run(["node", "-e", _NODE_TIMER], capture_output=True, text=True,
                            input=json.dumps({"sources": sources, "index": index,
                                              "queries": [row["query"] for row in table]}),
                            check=True)
    mean, p95 = json.loads(answer.stdout)
    return {"node ms mean": round(mean, 1), "node ms p95": round(p95, 1)}


def _found(row: dict, engine: str) -> bool:
    expected = row["expected"].removesuffix(".html")
    return any(uri.removesuffix(".html").removesuffix("/index") == expected
               for uri in row.get(engine, []))


def report(name: str, table: list[dict], engines: list[str]) -> list[str]:
    lines = []
    for kind in sorted({row["kind"] for row in table}):
        rows = [row for row in table if row["kind"] == kind]
        shares = ", ".join(f"{engine} {sum(_found(row, engine) for row in rows) / len(rows):.1%}"
                           f" ({sum(_found(row, engine) for row in rows)}/{len(rows)})"
                           for engine in engines)
        lines.append(f"{name} {kind}: {shares}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True,
                        help="folder for the built sites (kept, reused by the next run)")
    parser.add_argument("--sites", nargs="*", default=list(SITES))
    parser.add_argument("--pagefind", action="store_true")
    parser.add_argument("--timing", action="store_true",
                        help="the ranking's time under Node, and to the first result in "
                             "headless Chromium from file://")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--misses", action="store_true", help="print every miss")
    arguments = parser.parse_args()
    import bunko

    print(f"bunko from {Path(bunko.__file__).parent}")
    everything = {}
    for corpus in arguments.sites:
        html = build_site(corpus, arguments.work)
        table = query_table(html, SITES[corpus])
        bunko_top(html, table)
        engines = ["bunko"]
        extra = {}
        if arguments.pagefind:
            extra = pagefind_top(html, table)
            engines.append("pagefind")
        if arguments.timing:
            extra.update(node_times(html, table))
            extra.update(first_result_times(html, table))
        print("\n".join(report(corpus, table, engines)))
        index_bytes = (html / "_static" / "bunko-search" / "index.js").stat().st_size
        print(f"{corpus}: bunko index.js {index_bytes:,} bytes"
              + "".join(f", {name} {value}" if isinstance(value, str) else f", {name} {value:,}"
                        for name, value in extra.items()))
        if arguments.misses:
            for row in table:
                if not _found(row, "bunko"):
                    print(f"  miss {row['kind']}: {row['query']!r} → {row['expected']}; "
                          f"top {row['bunko']}")
        everything[corpus] = {"table": table, **extra}
    if arguments.json:
        arguments.json.write_text(json.dumps(everything, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
