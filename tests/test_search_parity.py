"""The browser cuts text and ranks posts exactly as Python does, checked without a browser.

The search page's own files (the generated ``bunko-scripts.js``, ``bunko-splitter.js``,
``bunko-search.js``) run under Node against ``normalize``, ``split``, ``query_units``,
``term_key``, ``segments`` and ``required_bigrams``: on every code point, on strings generated
from every script class, and on every line of the real corpora; and ``BunkoSearch.rank``
against ``ranking.search`` over the query tables on built sites. One Node process answers a
whole batch: Python sends the inputs with its own answers, Node sends back where it differs.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import unicodedata
from array import array
from functools import cache
from pathlib import Path

import pytest

from bunko.search.index import read_index, read_text
from bunko.search.normalize import normalize
from bunko.search.ranking import (
    BEFORE_FIRST,
    NEIGHBOUR_BITS,
    SearchIndex,
    append_posting,
    neighbour_bit,
    required_bigrams,
    search,
    segments,
)
from bunko.search.scripts import CJK_CLASS, WORD_CHARACTER, browser_script
from bunko.search.splitter import Unit, key_set, query_units, split
from bunko.terms import term_key
from conftest import REPOSITORY, SHARED, shared_corpus
from search_queries import SAMPLE_QUERIES, VIM_JP_QUERIES

STATIC = REPOSITORY / "bunko" / "static"

#: Loads the sources into one context, as a page does with <script>, and answers with JSON.
_RUNNER = r"""
const vm = require("vm");
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const context = vm.createContext({});
for (const [name, source] of input.sources) vm.runInContext(source, context, { filename: name });
const answer = vm.runInContext(`(${input.program})`, context)(input.data);
process.stdout.write(JSON.stringify(answer));
"""

#: What the browser gives for a text, in the shape of ``_cut``.
_CUT = r"""(text, words) => {
  const units = BunkoSplitter.queryUnits(text);
  return [
    BunkoSplitter.normalize(text),
    BunkoSplitter.split(text),
    units.map((unit) => [unit.text, unit.cjk]),
    BunkoSplitter.termKey(text),
    units.filter((unit) => unit.cjk).map((unit) => {
      const parts = BunkoSearch.segments(unit.text, words);
      return [parts, BunkoSearch.requiredBigrams(parts)];
    }),
  ];
}"""

#: The texts of a batch whose cut differs from Python's: [index, field, the browser's value].
_COMPARE = rf"""({{ texts, expected, words }}) => {{
  const cut = {_CUT};
  const vocabulary = new Set(words);
  const differences = [];
  texts.forEach((text, index) => {{
    const mine = cut(text, vocabulary);
    const field = mine.findIndex((value, k) =>
      JSON.stringify(value) !== JSON.stringify(expected[index][k]));
    if (field >= 0) differences.push([index, field, mine[field]]);
  }});
  return differences;
}}"""

#: For every code point: what it normalises to where that is not itself, and how the ones
#: that normalise to themselves are classed alone: runs of [first, last, "cjk"|"word"|""].
#: Slices of 512 that normalise to themselves are taken whole (see ``_normalised_in_python``),
#: and the characters are cut as one text, a line each: no unit crosses a line.
_EVERY_CODE_POINT = r"""() => {
  const normalized = [], stable = [];
  for (let start = 0; start < 0x110000; start += 512) {
    const chars = [];
    for (let point = start; point < start + 512; point++)
      if (point < 0xd800 || point >= 0xe000) chars.push(String.fromCodePoint(point));
    if (BunkoSplitter.normalize(chars.join("")) === chars.join("")) {
      for (const char of chars) stable.push(char);
      continue;
    }
    for (const char of chars) {
      const folded = BunkoSplitter.normalize(char);
      if (folded !== char) normalized.push([char.codePointAt(0), folded]);
      else stable.push(char);
    }
  }
  const kindOf = new Map(BunkoSplitter.units(stable.join("\n"))
    .map((unit) => [unit.text, unit.cjk ? "cjk" : "word"]));
  const kinds = [];
  for (const char of stable) {
    const point = char.codePointAt(0), kind = kindOf.get(char) || "";
    const last = kinds[kinds.length - 1];
    if (last && last[2] === kind && last[1] === point - 1) last[1] = point;
    else kinds.push([point, point, kind]);
  }
  return { normalized, kinds };
}"""

_PROGRAM = f"""(data) => ({{
  everyCodePoint: ({_EVERY_CODE_POINT})(),
  generated: ({_COMPARE})(data.generated),
  corpus: ({_COMPARE})(data.corpus),
}})"""

_FIELDS = ("normalize", "split", "query_units", "term_key", "segments and required_bigrams")


def _characters(*ranges: tuple[int, int]) -> str:
    return "".join(chr(point) for first, last in ranges for point in range(first, last + 1))


#: Characters by script class, for the generated strings.
SCRIPT_CLASSES: dict[str, str] = {
    "latin": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
             "éÉèÈêëàÀâäÄçÇñÑøØåÅæÆœŒößẞıİǰſĀāĂăŁłŠšŽžĲĳǅǆ",
    "greek": "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψωςάέήίόύώΐΰϐϑϕϖϰϱϲϵᾳᾼ",
    "cyrillic": _characters((0x0400, 0x045F)) + "ҐґӁӂ",
    "hangul": "가각간갇한국어텍스트힣" + _characters((0x1100, 0x1112), (0x1161, 0x1175))
              + "ㄱㄴㅏㅐ",
    "kana": _characters((0x3041, 0x3096), (0x309B, 0x309F), (0x30A1, 0x30FF), (0x31F0, 0x31FF))
            + "𛀀𛀁𛄲𛅐𛅤",
    "half-width kana": _characters((0xFF61, 0xFF9F)),
    "kanji": "大規模言語モデル推論処理葛城吉野家髙橋辻々〆〇" + _characters((0x4E00, 0x4E40),
                                                               (0x3400, 0x3410)),
    # Extensions B to H (H is newer than Python 3.11's Unicode: classed by its range).
    "astral kanji": "𠮷𩸽𠀋𡈽𢌞𣘺𤰖𥔎𦥑𧘕𨸶𩹉𪚲𪜈𫝆𬀩𰀀𱍐𱍊" + _characters((0x31350, 0x31358)),
    "compatibility ideographs": _characters((0xF900, 0xF910), (0xFA0E, 0xFA2D),
                                            (0x2F800, 0x2F810)),
    "variation selectors": _characters((0xFE00, 0xFE0F), (0xE0100, 0xE0108), (0xE01EF, 0xE01EF)),
    "combining marks": _characters((0x0300, 0x0310), (0x3099, 0x309A), (0x20DD, 0x20E3))
                       + "\u0345\u0327\u0308",
    "emoji": "😀👍🏽❤️🇯🇵🏳️‍🌈👨‍👩‍👧‍👦1️⃣#️⃣©️™️🫠\u200d\ufe0f",
    "digits": "0123456789０１２３４５６７８９٠١٢٣٤٥٦٧٨٩०१२३¹²³₀₁½⅓①②⑩ⅠⅡⅫⅻ",
    "joiners": "-._+－．＿＋",
    "full-width forms": "ＡＢＣＸＹＺａｂｃｘｙｚ！＃＄％＆（）＜＞［］｛｝＠",
    "punctuation": "「」『』【】〈〉《》、。・！？!?,.;:()[]{}\"'…—–〜～‐‑/\\|@#$%^&*=<>«»¿¡§•′",
    # Every character Python's \s matches (what a term key collapses), and lookalikes.
    "whitespace": "".join(filter(str.isspace, map(chr, range(0x3001))))
                  + "\u200b\u2060\ufeff\u180e",
    "other scripts": "عربيעבריתไทยदेवनागरीᏣᎳᎩꭰꭱﬓﬔႠⴀᲐᲑ㍿㌔㈱℃№™ʼﬁﬀ",
}

#: Named cases, first in the generated batch: astral and compatibility kanji, a kanji with VS17
#: and VS1, ß and final sigma.
NAMED_CASES = ["𠮷野家", "葛\U000E0100城", "葛城", "髙﨑", "辻\ufe00", "Straße ΟΔΟΣ", "ǰ ΐ İ ﬃ"]

#: How many strings are generated: every script class many times over, in mixtures.
GENERATED = 12_000


def _assigned_characters(rng: random.Random, count: int) -> str:
    """Characters from anywhere in Unicode that this Python knows (not surrogates, unassigned
    or private): the scripts no class above names."""
    found: list[str] = []
    while len(found) < count:
        char = chr(rng.randrange(0x110000))
        if unicodedata.category(char) not in ("Cs", "Cn", "Co"):
            found.append(char)
    return "".join(found)


@cache
def generated_strings(seed: int = 14) -> tuple[str, ...]:
    """``GENERATED`` strings mixing runs of the script classes, seeded: the same every run."""
    rng = random.Random(seed)
    classes = {**SCRIPT_CLASSES, "anything": _assigned_characters(rng, 4000)}
    names = sorted(classes)
    separators = ["", "", "", " ", "\u3000", "\t", "\n", *SCRIPT_CLASSES["joiners"]]
    texts = list(NAMED_CASES)
    for _ in range(GENERATED):
        pieces = []
        for _ in range(rng.randint(1, 10)):
            pool = classes[rng.choice(names)]
            pieces.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 6))))
            pieces.append(rng.choice(separators))
        texts.append("".join(pieces))
    return tuple(texts)


def corpus_lines() -> list[str]:
    """Every distinct non-empty line of every Markdown file of the real corpora."""
    lines: set[str] = set()
    for path in (SHARED / "corpora").glob("**/*.md"):
        lines.update(path.read_text("utf-8", "replace").splitlines())
    return sorted(lines - {""})


def _cut(text: str, units: list[Unit], words: set[str]) -> list:
    """What Python gives for ``text`` (whose query units are ``units``): the normalised text,
    its index keys, its query units, its term key, and each CJK unit's segments (against
    ``words``) and required bigrams."""
    return [normalize(text), split(text), [[unit.text, unit.cjk] for unit in units],
            term_key(text),
            [[parts, required_bigrams(parts)]
             for parts in (segments(unit.text, words) for unit in units if unit.cjk)]]


def _batch(texts: list[str], seed: int) -> dict:
    """The texts, Python's answers, and words for ``segments``: pieces of the texts' CJK runs
    (a stand-in for a dictionary's; the segmenter is the same for any words)."""
    rng = random.Random(seed)
    units = [query_units(text) for text in texts]
    words: set[str] = set()
    for unit in (unit for found in units for unit in found):
        if unit.cjk and len(unit.text) > 1 and rng.random() < 0.3:
            start = rng.randrange(len(unit.text) - 1)
            words.add(unit.text[start:start + rng.randint(2, 5)])
    return {"texts": texts, "words": sorted(words),
            "expected": [_cut(text, found, words) for text, found in zip(texts, units,
                                                                         strict=True)]}


def in_node(program: str, data: object) -> object:
    """``program`` (a JavaScript function of ``data``) run by Node with the search page's
    scripts loaded; its JSON answer. Node is required on CI."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing on CI (.ci/run installs Debian's nodejs)")
        pytest.skip("node is not installed (apt-get install nodejs)")
    sources = [["bunko-scripts.js", browser_script()],
               *[[name, (STATIC / name).read_text("utf-8")]
                 for name in ("bunko-splitter.js", "bunko-search.js")]]
    result = subprocess.run(
        [node, "-e", _RUNNER],
        input=json.dumps({"sources": sources, "program": program, "data": data}),
        capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def batch() -> dict:
    """Every input of this module and Node's answers to all of them, from one Node run."""
    data = {"generated": _batch(list(generated_strings()), 14),
            "corpus": _batch(corpus_lines() if (SHARED / "corpora").is_dir() else [], 15)}
    return {"in": data, "node": in_node(_PROGRAM, data)}


def _differences(batch: dict, name: str) -> list[tuple]:
    texts, expected = batch["in"][name]["texts"], batch["in"][name]["expected"]
    return [(_FIELDS[field], texts[index], expected[index][field], in_javascript)
            for index, field, in_javascript in batch["node"][name]]


def _every_character() -> list[tuple[int, str]]:
    """The code points but the surrogates, as two strings with their first code point."""
    return [(start, array("I", range(start, stop)).tobytes().decode("utf-32-le"))
            for start, stop in ((0, 0xD800), (0xE000, 0x110000))]


def _normalised_in_python() -> dict[int, str]:
    """Every code point ``normalize`` changes, and what into. Slices of 512 it leaves alone are
    skipped whole: a character NFKC changes never comes out of NFKC, and case folding and
    dropping variation selectors work character by character."""
    changed = {}
    for start, text in _every_character():
        for at in range(0, len(text), 512):
            part = text[at:at + 512]
            if normalize(part) != part:
                changed.update((start + at + offset, normalize(char))
                               for offset, char in enumerate(part) if normalize(char) != char)
    return changed


def test_every_code_point_is_normalised_alike(batch):
    """NFKC is the one table the browser keeps, and Node's Unicode may be newer than
    Python's: code points this Python does not know are left out here (and compared in the
    next test where the browser leaves them alone)."""
    in_javascript = dict(batch["node"]["everyCodePoint"]["normalized"])
    in_python = _normalised_in_python()
    known = sorted(point for point in in_javascript.keys() | in_python.keys()
                   if unicodedata.category(chr(point)) != "Cn")
    wrong = [(hex(point), in_javascript.get(point), in_python.get(point)) for point in known
             if in_javascript.get(point) != in_python.get(point)]
    assert not wrong, wrong[:10]
    # A, ß, Σ, ς, Ａ, VS1, VS17, a compatibility ideograph.
    assert {0x41, 0xDF, 0x3A3, 0x3C2, 0xFF21, 0xFE00, 0xE0100, 0xF900} <= set(in_python)


def test_every_code_point_is_classed_alike(batch):
    """Each code point that normalises to itself is, alone, a CJK run, a word or neither, in
    the browser as in Python (whose regular expressions define the classes)."""
    kinds: dict[int, str] = {}
    for start, text in _every_character():
        for kind, pattern in (("cjk", f"[{CJK_CLASS}]+"), ("word", f"{WORD_CHARACTER}+")):
            for match in re.finditer(pattern, text):
                kinds.update(dict.fromkeys(range(start + match.start(), start + match.end()),
                                           kind))
    runs = batch["node"]["everyCodePoint"]["kinds"]
    classed_apart = [hex(point) for first, last, kind in runs if kind or first in kinds
                     for point in range(first, last + 1) if kinds.get(point, "") != kind]
    assert not classed_apart, classed_apart[:10]
    assert sum(last - first + 1 for first, last, _ in runs) > 1_000_000
    assert {kinds[0x20BB7], kinds[0x2F800], kinds[0x31350], kinds[0x3005]} == {"cjk"}


def test_generated_strings_are_cut_alike(batch):
    differences = _differences(batch, "generated")
    assert not differences, differences[:5]
    # Index side: the keys ``key_set`` gives a whole post are ``split``'s.
    texts = batch["in"]["generated"]["texts"]
    assert [text for text in texts if key_set(text)[0] != set(split(text))] == []


def test_generated_strings_mix_every_script_class():
    texts = generated_strings()
    joined = "".join(texts)
    assert [name for name, chars in SCRIPT_CLASSES.items()
            if sum(joined.count(char) for char in set(chars)) < 1000] == []
    found = {unit.text for text in texts for unit in query_units(text) if unit.cjk}
    assert any("𠮷" in run and len(run) > 1 for run in found)


def test_corpus_lines_are_cut_alike(batch):
    shared_corpus("corpora")
    differences = _differences(batch, "corpus")
    assert not differences, differences[:5]
    assert len(batch["in"]["corpus"]["texts"]) > 40_000


def test_the_cases_of_issue_14_are_cut_alike(batch):
    differences = _differences(batch, "generated")
    assert not [difference for difference in differences if difference[1] in NAMED_CASES]
    assert batch["in"]["generated"]["texts"][:len(NAMED_CASES)] == NAMED_CASES
    assert split("𠮷野家") == ["𠮷野", "野家"]
    assert split("葛\U000E0100城") == split("葛城") == ["葛城"]
    assert term_key("Straße") == term_key("STRASSE") and term_key("ΟΔΟΣ") == term_key("οδος")


#: Every query's hits in the browser: [[doc, score, fields], ...] per query.
_RANK = r"""({ index, queries }) => queries.map((query) =>
  BunkoSearch.rank(index, query).map((hit) => [hit.doc, hit.score, hit.fields]))"""


def ranking_queries(html_dir: Path, table: list[tuple[str, str]]) -> list[str]:
    """The query table, every fifth post's title, and a phrase from every fifth page's text
    (ten characters from its middle, whatever they are: CJK, Latin words, punctuation)."""
    index = read_index(html_dir)
    queries = [query for query, _ in table]
    for doc in index.docs[::5]:
        text = read_text(html_dir, doc)
        middle = len(text) // 2
        queries += [doc["title"], text[middle:middle + 10]]
    return queries


@pytest.mark.parametrize(("site", "table"), [("sample_html", SAMPLE_QUERIES),
                                              ("vim_jp_html", VIM_JP_QUERIES)])
def test_rankings_agree_in_python_and_javascript(request, site, table):
    """``BunkoSearch.rank`` gives the posts, scores and field bits of ``ranking.search``, in
    the same order, for every query."""
    html_dir = request.getfixturevalue(site)
    index = read_index(html_dir)
    queries = ranking_queries(html_dir, table)
    in_python = [[[hit.doc, hit.score, hit.fields] for hit in search(index, query)]
                 for query in queries]
    in_javascript = in_node(_RANK, {"index": {"docs": index.docs, "keys": index.keys},
                                    "queries": queries})
    differing = [(query, mine[:3], theirs[:3])
                 for query, mine, theirs in zip(queries, in_python, in_javascript, strict=True)
                 if mine != theirs]
    assert not differing, differing[:3]
    assert sum(bool(hits) for hits in in_python) > 0.9 * len(queries)


def _random_postings(rng: random.Random, numbers: list[int], filtered: bool) -> tuple[str, dict]:
    """Postings of the documents ``numbers`` with every kind of field bits, impact and filter
    (none, one key, several), as ``append_posting`` writes them, and what they hold."""
    letters = bytearray()
    held = {}
    previous = BEFORE_FIRST
    for number in numbers:
        bits = rng.choice([1, 1, 1, 2, 3, 4, 5, 8, 9, 15])
        impact = rng.randrange(64)
        follower, predecessor = (rng.choice([0, 1 << rng.randrange(NEIGHBOUR_BITS),
                                             rng.getrandbits(NEIGHBOUR_BITS)])
                                 for _ in range(2))
        neighbours = follower | predecessor << NEIGHBOUR_BITS
        append_posting(letters, number - previous, bits, impact,
                       neighbours if filtered else None)
        held[number] = bits | impact << 4 | (neighbours << 10 if filtered else 0)
        previous = number
    return letters.decode("ascii"), held


def test_postings_are_read_back_alike():
    """Postings of every shape — documents next to each other and 100,000 apart, each field,
    every filter code, dictionary words without filters — read back as written in Python,
    and rank the same under Node: scores add their impacts, dictionary words' and the
    proximity bonus the filters give."""
    rng = random.Random(16)
    documents = 100_000
    spread = sorted({0, documents - 1, *rng.sample(range(documents), 300)})
    numbers = sorted({*spread, *range(500, 800)})
    keys, held = {}, {}
    for key in ("推論", "論理", "=推論"):
        keys[key], held[key] = _random_postings(
            rng, sorted(rng.sample(numbers, len(numbers) * 3 // 4)), not key.startswith("="))
    index = SearchIndex(docs=[{"tags": [], "cats": [], "year": None}] * documents, keys=keys)
    assert {key: index.postings(key) for key in keys} == held
    together = sum(1 for doc in set(held["推論"]) & set(held["論理"])
                   if held["推論"][doc] >> 10 & 1 << neighbour_bit("論理")
                   and held["論理"][doc] >> 10 & 1 << NEIGHBOUR_BITS + neighbour_bit("推論"))
    assert together > 10
    queries = ["推論理", "推論", "論理"]
    in_python = [[[hit.doc, hit.score, hit.fields] for hit in search(index, query)]
                 for query in queries]
    in_javascript = in_node(_RANK, {"index": {"docs": index.docs, "keys": keys},
                                    "queries": queries})
    assert in_javascript == in_python
    assert all(in_python)
    read_in_javascript = in_node(_READ, {"keys": keys, "count": documents})
    assert {key: {int(doc): posting for doc, posting in read.items()}
            for key, read in read_in_javascript.items()} == held


#: Ranks ``query`` over several indexes of one ``docs`` array, one after the other.
_RANK_EACH = r"""({ docs, keys, query }) => keys.map((held) =>
  BunkoSearch.rank({ docs, keys: held }, query).map((hit) => [hit.doc, hit.score, hit.fields]))"""


def test_postings_decoded_once_are_not_taken_for_other_postings_of_the_key():
    """The browser keeps each key's postings decoded for the next query; indexes of the same
    documents whose postings of the key differ, or that lack the key, still rank as Python
    ranks each of them."""
    rng = random.Random(17)
    documents = 2_000
    docs = [{"tags": [], "cats": [], "year": None}] * documents
    variants = []
    for _ in range(3):
        keys = {key: _random_postings(rng, sorted(rng.sample(range(documents), 700)),
                                      not key.startswith("="))[0]
                for key in ("推論", "論理", "=推論")}
        variants.append(keys)
    variants.append({"論理": variants[0]["論理"]})
    query = "推論理"
    in_python = [[[hit.doc, hit.score, hit.fields]
                  for hit in search(SearchIndex(docs=docs, keys=keys), query)]
                 for keys in variants]
    assert in_python[0] != in_python[1] and in_python[3] == []
    assert in_node(_RANK_EACH, {"docs": docs, "keys": variants, "query": query}) == in_python


#: Each key's postings as BunkoSearch reads them: document → bits | impact << 4 | filters << 10.
_READ = r"""({ keys, count }) => Object.fromEntries(Object.entries(keys).map(([key, letters]) => {
  const postings = BunkoSearch.decode(letters, BunkoSearch.holdsNeighbours(key), count);
  const read = {};
  postings.each((doc, head) => { read[doc] = head + postings.near(doc) * 1024; });
  return [key, read];
}))"""
