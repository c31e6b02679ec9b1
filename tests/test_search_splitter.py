"""What the splitter cuts text into (index side and query side), and that the browser loads the
same splitter; test_search_parity.py holds the JavaScript to these functions on every code
point, generated strings and the corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from bunko.search.language import SearchJapanese
from bunko.search.ranking import required_bigrams, segments
from bunko.search.scripts import browser_script
from bunko.search.splitter import key_set, query_units, split

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
    ("𠮷野家", ["𠮷野", "野家"]),
    ("葛\U000E0100城と辻\ufe00", ["葛城", "城と", "と辻"]),
    ("﨑と崎", ["﨑と", "と崎"]),
    ("Straße ΟΔΟΣ", ["strasse", "οδοσ"]),
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
    assert language.js_splitter_code.startswith(browser_script())
    assert language.word_filter("2017")


def test_the_browser_loads_the_same_splitter(browser_page):
    """The page's <script> files, as the build writes them, split as Python does in chromium
    too (the whole comparison runs under Node: test_search_parity.py)."""
    browser_page.set_content("<html><body></body></html>")
    browser_page.add_script_tag(content=browser_script())
    browser_page.add_script_tag(path=str(SPLITTER_JS))
    text = "𠮷野家の葛\U000E0100城で Straße ΟΔΟΣ と gpt-4o"
    assert browser_page.evaluate("text => BunkoSplitter.split(text)", text) == split(text)
