"""The splitter cuts text the same way in Python (index side) and in the browser (query side):
the same cases through both must agree token for token."""

from __future__ import annotations

from pathlib import Path

import pytest

from bunko.search.language import SearchJapanese
from bunko.search.ranking import required_bigrams, segments
from bunko.search.splitter import key_set, query_units, split
from conftest import SHARED

SPLITTER_JS = Path(__file__).resolve().parents[1] / "bunko" / "static" / "bunko-splitter.js"

#: Text → the index keys ``split`` gives, in order.
CASES: list[tuple[str, list[str]]] = [
    ("trainium2", ["trainium2"]),
    ("H100", ["h100"]),
    ("gpt-4o", ["gpt-4o", "gpt", "4o"]),
    ("Node.js と Next.js", ["node.js", "node", "js", "と", "next.js", "next", "js"]),
    ("ＡＷＳ", ["aws"]),
    ("ｶﾀｶﾅ", ["カタ", "タカ", "カナ"]),
    ("大規模言語モデル", ["大規", "規模", "模言", "言語", "語モ", "モデ", "デル"]),
    ("推論", ["推論"]),
    ("AIチップ", ["ai", "チッ", "ップ"]),
    ("AWS・Trainium2", ["aws", "trainium2"]),
    ("Vim 9.1 の新機能", ["vim", "9.1", "9", "1", "の新", "新機", "機能"]),
    ("Café CRÈME", ["café", "crème"]),
    ("snake_case and kebab-case", ["snake_case", "snake", "case", "and", "kebab-case", "kebab",
                                   "case"]),
    ("々〆ヶ", ["々〆", "〆ヶ"]),
    ("「引用」、句読点。", ["引用", "句読", "読点"]),
    ("e.g. CTRL-A", ["e.g", "e", "g", "ctrl-a", "ctrl", "a"]),
    ("<Esc> キー", ["esc", "キー"]),
    ("2017年10月12日", ["2017", "年", "10", "月", "12", "日"]),
    ("한국어 텍스트", ["한국어", "텍스트"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "keys"), CASES)
def test_python_split(text, keys):
    assert split(text) == keys


def test_key_set_is_split_as_a_set():
    for text, _ in CASES:
        assert key_set(text)[0] == set(split(text))


def test_query_units_keep_words_and_runs_whole():
    units = query_units("推論処理 ＡＷＳ aws trainium2")
    assert [(unit.text, unit.cjk) for unit in units] == [
        ("推論処理", True), ("aws", False), ("trainium2", False)]


def test_segments_cut_runs_into_index_words():
    vocabulary = {"推論", "処理", "言語", "モデル", "大規模"}
    assert segments("推論処理", vocabulary) == ["推論", "処理"]
    assert segments("大規模言語モデル", vocabulary) == ["大規模", "言語", "モデル"]
    assert segments("未知の推論", vocabulary) == ["未知の", "推論"]
    # A bigram across two words is not required: the post may say 推論 and 処理 apart.
    assert required_bigrams(["推論", "処理"]) == ["推論", "処理"]
    assert required_bigrams(["大", "規模"]) == ["大規", "規模"]


def test_sphinx_language_uses_the_same_splitter():
    language = SearchJapanese({})
    text = "大規模言語モデルの推論処理と Trainium2"
    assert language.split(text) == split(text)
    assert "function splitQuery" in language.js_splitter_code
    assert language.word_filter("2017")


def _corpus_lines() -> list[str]:
    """Real Japanese prose with Vim notation, when the corpus is laid out."""
    folder = SHARED / "corpora" / "vim-jp" / "_posts" / "blog"
    if not folder.is_dir():
        return []
    lines: list[str] = []
    for path in sorted(folder.glob("*.md"))[:40]:
        lines += [line for line in path.read_text("utf-8", "replace").splitlines() if line]
    return lines


def test_javascript_splitter_agrees_token_for_token(browser_page):
    browser_page.set_content("<html><body></body></html>")
    browser_page.add_script_tag(path=str(SPLITTER_JS))
    texts = [text for text, _ in CASES] + _corpus_lines()
    in_javascript = browser_page.evaluate(
        """texts => texts.map(text => [
             BunkoSplitter.split(text),
             BunkoSplitter.queryUnits(text).map(u => [u.text, u.cjk])])""",
        texts)
    disagreements = []
    for text, (js_keys, js_units) in zip(texts, in_javascript, strict=True):
        units = [[unit.text, unit.cjk] for unit in query_units(text)]
        if js_keys != split(text) or js_units != units:
            disagreements.append(text)
    assert not disagreements, disagreements[:5]
    assert len(texts) > len(CASES) or not _corpus_lines()
