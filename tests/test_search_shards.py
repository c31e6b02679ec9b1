"""The sharded index answers as the whole index does, loading only what a query needs.

The page's own scripts run under Node: each query starts from the manifest alone, loads
the shards ``BunkoSearch.prepare`` asks for (read from the built site), and ranks; Python
ranks the same query on the whole index (``read_index``). Same posts, scores, fields and
highlighted words, over the query tables on the sample posts and the vim-jp corpus, with
one-letter, substring and filtered queries besides.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_search_parity import STATIC, in_node

from bunko.search.index import FOLDER, read_index
from bunko.search.ranking import Filters, search
from bunko.search.results import highlight_terms
from bunko.search.scripts import browser_script
from bunko.search.shards import MIN_SHARD_BYTES, layout, shard_bytes
from search_queries import SAMPLE_QUERIES, VIM_JP_QUERIES

#: Beside the tables: one CJK letter (every key holding it), Latin words found inside longer
#: ones (trigram probes), a word no post has, and filters with and without words.
EXTRA_QUERIES: list[tuple[str, dict[str, str]]] = [
    ("の", {}), ("化", {}), ("vim", {}), ("patch", {}), ("ull", {}), ("plugin 設定", {}),
    ("まだ誰も書いていない言葉", {}), ("", {"year": "2015"}), ("vim", {"year": "2016"}),
    ("ai", {"tag": "推論"}), ("", {"tag": "aws"}), ("推論", {"category": "ai"}),
]
TABLES = {"sample_html": SAMPLE_QUERIES, "vim_jp_html": VIM_JP_QUERIES}

#: Runs one query per fresh context: the engine, the manifest, and shards read on request.
_RUNNER = r"""
const vm = require("vm");
const fs = require("fs");
const path = require("path");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const answers = [];
(async () => {
  for (const [query, filters] of input.queries) {
    const context = vm.createContext({});
    const loads = [];
    context.runShard = (name) => {
      loads.push(name);
      vm.runInContext(fs.readFileSync(path.join(input.folder, name), "utf8"), context);
      return Promise.resolve();
    };
    for (const [name, source] of input.sources)
      vm.runInContext(source, context, { filename: name });
    vm.runInContext(fs.readFileSync(path.join(input.folder, "index.js"), "utf8"), context);
    const search = context.BunkoSearch;
    search.useLoader(context.runShard);
    await search.prepare(query, filters);
    const before = loads.length;
    const hits = search.search(query, filters);
    await search.prepareDocs(hits.slice(0, 20).map((hit) => hit.doc));
    answers.push({
      hits: hits.map((hit) => [hit.doc, hit.score, hit.fields]),
      terms: search.highlightTerms(query),
      docs: hits.slice(0, 20).map((hit) => search.doc(hit.doc)),
      loads: loads.slice(0, before),
    });
  }
  process.stdout.write(JSON.stringify(answers));
})();
"""


def in_node_with_shards(html_dir: Path, queries: list[tuple[str, dict[str, str]]]) -> list:
    in_node("() => 0", None)  # skips, or fails on CI, where Node is missing
    sources = [["bunko-scripts.js", browser_script()],
               *[[name, (STATIC / name).read_text("utf-8")]
                 for name in ("bunko-splitter.js", "bunko-search.js")]]
    result = subprocess.run(
        ["node", "-e", _RUNNER], capture_output=True, text=True, encoding="utf-8", check=False,
        input=json.dumps({"folder": str(html_dir / FOLDER), "sources": sources,
                          "queries": queries}))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("site", list(TABLES))
def test_sharded_index_ranks_as_the_whole_index(request, site):
    html_dir: Path = request.getfixturevalue(site)
    index = read_index(html_dir)
    queries = [(query, {}) for query, _ in TABLES[site]] + EXTRA_QUERIES
    answers = in_node_with_shards(html_dir, queries)
    differences = []
    for (query, filters), answer in zip(queries, answers, strict=True):
        whole = search(index, query, Filters(**filters))
        if answer["hits"] != [[hit.doc, hit.score, hit.fields] for hit in whole]:
            differences.append((query, filters, "hits"))
        if answer["terms"] != highlight_terms(index, query):
            differences.append((query, filters, "terms"))
        if answer["docs"] != [index.docs[hit.doc] for hit in whole[:20]]:
            differences.append((query, filters, "docs"))
    assert not differences, differences
    assert any(answer["hits"] for answer in answers[-len(EXTRA_QUERIES):])


def test_a_query_loads_a_few_key_shards(vim_jp_html):
    """A two-word Japanese query loads a handful of the key shards, never the whole index;
    filters load the terms, words alone do not."""
    shards = {path.relative_to(vim_jp_html / FOLDER).as_posix()
              for path in (vim_jp_html / FOLDER).glob("keys/*.js")}
    assert len(shards) > 20
    two_words, year = in_node_with_shards(
        vim_jp_html, [("正規表現 エンジン", {}), ("", {"year": "2015"})])
    assert 0 < len(two_words["loads"]) <= 8 < len(shards)
    assert {name.split("/")[0] for name in two_words["loads"]} == {"keys"}
    assert year["loads"] == ["terms.js"]


def test_layout_keeps_every_key_and_document(vim_jp_html):
    """Reading the shards back gives the index they were cut from: cut again, it gives the
    same files, byte for byte."""
    index = read_index(vim_jp_html)
    assert layout(index)[0] == {path.relative_to(vim_jp_html / FOLDER).as_posix():
                             path.read_text("utf-8")
                             for path in (vim_jp_html / FOLDER).rglob("*.js")
                             if "text" not in path.relative_to(vim_jp_html / FOLDER).parts}


def test_shard_size_moves_in_steps_not_with_every_post():
    """A new post's few KB leave the shard size, and so every shard's end, where they were,
    however large the index; 100,000 posts' 130 MB are cut in shards of twice the least."""
    for total in (1_000_000, 30_000_000, 130_000_000):
        assert shard_bytes(total) == shard_bytes(total + 20_000)
    assert shard_bytes(1_000_000) == MIN_SHARD_BYTES
    assert shard_bytes(130_000_000) == 2 * MIN_SHARD_BYTES
