"""A site a reader stays on: Japanese typography, titles broken between phrases, the title
shown once, the theme in the site's language, a 404 page, a favicon, copy buttons.

Built once per module with the real command line (tests/roots/test-reading in Japanese,
test-reading-en in English); the browser tests open the pages in Debian's chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_root, serve, sphinx_build

LONG_POST = "posts/2026-03-01-long-title.html"
LONG_TITLE = "推論コストを下げるために今データセンターで何が起きているのか"
ENGLISH_POST = "posts/2026-03-01-english.html"
ENGLISH_TITLE = "What happens inside a data centre when inference gets cheaper"

#: What furo and Sphinx write on a page in English; none of it may stay on a Japanese page.
ENGLISH_UI = ["Skip to content", "Back to top", "On this page", "Toggle", "Made with",
              "Copyright", "Link to this", 'placeholder="Search"', "Page not found", ">None<"]
JAPANESE_UI = ["コンテンツへスキップ", "トップへ戻る", 'aria-label="配色を切り替え', "で作成",
               "&#169; 2026, 編集部", 'placeholder="検索"']
LATIN_FACES = {"-apple-system", "BlinkMacSystemFont", "Segoe UI", "Helvetica Neue", "Arial"}
JAPANESE_FACES = {"Hiragino Sans", "Noto Sans JP", "Noto Sans CJK JP", "Yu Gothic", "Meiryo"}


def _build(tmp_path_factory, name: str, *options: str) -> Path:
    source = copy_root(name, tmp_path_factory.mktemp(name))
    result = sphinx_build(source, *options)
    assert result.returncode == 0, result.stderr[-3000:]
    return source / "_build" / "html"


@pytest.fixture(scope="module")
def ja_html(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "reading")


@pytest.fixture(scope="module")
def en_html(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "reading-en")


def read(html: Path, page: str) -> str:
    return (html / page).read_text("utf-8")


def soup(html: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup(read(html, page), "html.parser")


def heading_text(heading) -> str:
    """A heading's text as a reader copies it (without Sphinx's "¶" link)."""
    for link in heading.select(".headerlink"):
        link.decompose()
    return heading.get_text()


# --- the title, once ------------------------------------------------------------------

@pytest.mark.parametrize("page, title", [
    ("posts/2026-02-01-repeated-title.html", "タイトルを本文でも書いた記事"),
    ("posts/2026-01-01-setext-title.html", "Setext の見出し"),
])
def test_a_body_starting_with_its_title_shows_it_once(ja_html, page, title):
    # The post's own headings: the footer's (related posts) are bunko's, not the body's.
    headings = [h for h in soup(ja_html, page).select("article h1, article h2")
                if not h.find_parent(class_="bunko-related")]
    assert [heading_text(h) for h in headings] == [title]


def test_a_body_with_hash_headings_has_one_h1_and_its_sections_below_it(ja_html):
    article = soup(ja_html, LONG_POST).select_one("article")
    assert [heading_text(h) for h in article.select("h1")] == [LONG_TITLE]
    assert "半導体の調達をめぐる各社の戦略" in [heading_text(h) for h in article.select("h2")]


# --- phrases --------------------------------------------------------------------------

def test_japanese_headings_get_phrase_breaks_and_keep_their_text(ja_html):
    page = soup(ja_html, LONG_POST)
    h1 = page.select_one("article h1")
    assert "bunko-phrases" in h1["class"] and len(h1.find_all("wbr")) >= 4
    assert heading_text(h1) == LONG_TITLE  # nothing inserted: search and copy see the title
    h2 = page.select_one("article h2")
    assert h2.find("wbr") and heading_text(h2) == "電力と冷却の問題はどこまで深刻になっているのか"
    listed = soup(ja_html, "index.html").select_one('a.bunko-post-title[href*="long-title"]')
    assert listed.find("span", class_="bunko-phrases").find("wbr")
    assert listed.get_text() == LONG_TITLE


def test_phrase_breaks_never_split_a_latin_word_or_an_emoji(ja_html):
    h1 = str(soup(ja_html, "posts/2025-12-01-mixed-title.html").select_one("article h1"))
    pieces = h1.split("<wbr/>")
    assert len(pieces) >= 3
    for before, after in zip(pieces, pieces[1:], strict=False):
        assert not (before[-1].isascii() and after[0].isascii()), (before, after)
        assert before[-1] != "\u200d" and not "\ufe00" <= after[0] <= "\ufe0f"
    assert "alert(1)" in h1 and "VimConf2018" in h1


def test_search_texts_have_no_phrase_breaks(ja_html):
    texts = list((ja_html / "_static" / "bunko-search" / "text").glob("*.js"))
    assert texts and not any("wbr" in path.read_text("utf-8") for path in texts)
    assert any(LONG_TITLE in path.read_text("utf-8") for path in texts)


def test_english_titles_are_untouched(en_html):
    page = read(en_html, ENGLISH_POST)
    assert "<wbr>" not in page and "bunko-phrases" not in page
    assert "<wbr>" not in read(en_html, "index.html")


# --- the theme in the site's language -------------------------------------------------

@pytest.mark.parametrize("page", [LONG_POST, "index.html", "404.html", "search.html",
                                  "archive/index.html", "categories/index.html"])
def test_japanese_pages_have_no_english_ui(ja_html, page):
    text = read(ja_html, page)
    assert [s for s in ENGLISH_UI if s in text] == []
    assert [s for s in JAPANESE_UI if s not in text] == []


def test_japanese_post_page_names_its_table_of_contents_and_heading_links(ja_html):
    text = read(ja_html, LONG_POST)
    assert "このページの目次" in text and 'title="この見出しへのリンク"' in text


def test_english_pages_keep_english_ui(en_html):
    text = read(en_html, ENGLISH_POST)
    for english in ("Skip to content", "Back to top", "On this page", "Made with",
                    "Toggle Light / Dark / Auto color theme", "Copyright &#169; 2026",
                    'title="Link to this heading"', 'placeholder="Search"'):
        assert english in text
    assert not re.search(r"[\u3040-\u30ff]", text)


def test_a_japanese_language_from_jekyll_config_translates_the_theme(tmp_path):
    source = copy_root("reading-en", tmp_path)
    (source / "jekyll").mkdir()
    (source / "jekyll" / "_config.yml").write_text("lang: ja_JP\n", "utf-8")
    result = sphinx_build(source)
    assert result.returncode == 0, result.stderr[-3000:]
    text = read(source / "_build" / "html", ENGLISH_POST)
    assert '<html class="no-js" lang="ja"' in text
    assert "コンテンツへスキップ" in text and 'placeholder="検索"' in text
    assert "Skip to content" not in text


# --- 404, favicon, authors, code ------------------------------------------------------

def test_404_lists_the_sections_the_site_has_with_absolute_links(ja_html, en_html):
    page = soup(ja_html, "404.html")
    assert "None" not in page.select_one(".sidebar-tree").get_text()
    links = {a.get_text(): a["href"] for a in page.select("article a")}
    assert links == {"ホーム": "/index.html", "カテゴリー": "/categories/index.html",
                     "アーカイブ": "/archive/index.html", "著者": "/authors/index.html",
                     "検索": "/search.html"}  # no タグ: this site has no tags
    english = {a.get_text(): a["href"] for a in soup(en_html, "404.html").select("article a")}
    assert english["Tags"] == "/tags/index.html"


def test_every_page_has_a_favicon_bunkos_or_the_sites(ja_html, en_html):
    for page in (LONG_POST, "index.html", "archive/index.html"):
        icon = soup(ja_html, page).find("link", rel="icon")
        assert icon["href"].endswith("_static/bunko-favicon.svg")
        assert (ja_html / page).parent.joinpath(icon["href"]).resolve().is_file()
    icon = soup(en_html, ENGLISH_POST).find("link", rel="icon")
    assert icon["href"] == "../_static/icon.svg"  # conf.py's html_favicon


def test_authors_are_joined_by_the_languages_separator(ja_html, en_html):
    ja_authors = soup(ja_html, LONG_POST).select_one(".bunko-post-meta .bunko-authors")
    assert ja_authors.get_text() == "Jane Doe、山田 花子"
    listed = soup(ja_html, "index.html").select(".bunko-post-item .bunko-authors")
    assert "Jane Doe、山田 花子" in [authors.get_text() for authors in listed]
    en_authors = soup(en_html, ENGLISH_POST).select_one(".bunko-post-meta .bunko-authors")
    assert en_authors.get_text() == "Jane Doe, Alice Smith"


def test_code_without_a_language_is_plain_text(ja_html):
    page = soup(ja_html, LONG_POST)
    blocks = [block for block in page.select("article div[class^=highlight-]")]
    assert [block["class"][0] for block in blocks] == ["highlight-text", "highlight-python"]
    assert not blocks[0].select("pre span[class]")  # no colours guessed


# --- in the browser -------------------------------------------------------------------

@pytest.fixture
def open_page(browser):
    """Open a built page at a viewport size; JavaScript errors fail the test."""
    contexts, errors = [], []

    def open_(url: str, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(url)
        return tab

    yield open_
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


_STYLES = """() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const paragraph = style("article section > p");
  return {
    fontFamily: getComputedStyle(document.body).fontFamily,
    fontSize: parseFloat(paragraph.fontSize),
    lineHeight: parseFloat(paragraph.lineHeight),
    h1: parseFloat(style("article h1").fontSize),
    h2: parseFloat(style("article h2").fontSize),
    measure: document.querySelector("article section > p").getBoundingClientRect().width
             / parseFloat(paragraph.fontSize),
  };
}"""


def families(font_family: str) -> list[str]:
    return [family.strip().strip("\"'") for family in font_family.split(",")]


def test_japanese_post_typography(ja_html, open_page):
    styles = open_page((ja_html / LONG_POST).as_uri()).evaluate(_STYLES)
    fonts = families(styles["fontFamily"])
    assert fonts[0] in LATIN_FACES and JAPANESE_FACES <= set(fonts)
    assert styles["lineHeight"] >= 1.7 * styles["fontSize"]
    assert styles["h2"] < styles["h1"] and styles["h1"] <= 2 * styles["fontSize"]
    assert 36 <= styles["measure"] <= 41  # about 40 全角 a line


def test_english_post_keeps_latin_defaults(en_html, open_page):
    styles = open_page((en_html / ENGLISH_POST).as_uri()).evaluate(_STYLES)
    fonts = families(styles["fontFamily"])
    assert fonts[0] == "-apple-system" and not JAPANESE_FACES & set(fonts)
    assert styles["lineHeight"] == pytest.approx(1.5 * styles["fontSize"])
    assert styles["h1"] == pytest.approx(2.5 * styles["fontSize"])  # furo's own scale


_PHRASE_LINES = """(selector) => {
  const element = document.querySelector(selector);
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const phrases = [];
  const tops = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(".headerlink")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    lines.forEach((top) => tops.add(top));
    phrases.push({text: node.textContent, lines: lines.size});
  }
  return {phrases, lines: tops.size};
}"""


@pytest.mark.parametrize("page, selector", [(LONG_POST, "article h1"),
                                            ("index.html", "a.bunko-post-title[href*=long]")])
def test_a_long_japanese_title_on_a_phone_breaks_only_between_phrases(ja_html, open_page,
                                                                      page, selector):
    tab = open_page((ja_html / page).as_uri(), width=390, height=844)
    measured = tab.evaluate(_PHRASE_LINES, selector)
    assert "".join(phrase["text"] for phrase in measured["phrases"]) == LONG_TITLE
    assert len(measured["phrases"]) >= 5 and measured["lines"] >= 2  # it does wrap
    assert [p["text"] for p in measured["phrases"] if p["lines"] > 1] == []
    if selector.endswith("h1"):
        assert measured["lines"] <= 3  # a 30-character title in three lines


def test_copy_buttons_speak_the_sites_language(ja_html, en_html, open_page):
    tab = open_page((ja_html / LONG_POST).as_uri())
    tab.wait_for_selector("button.copybtn")
    assert tab.locator("button.copybtn").count() == 2
    assert tab.locator("button.copybtn").first.get_attribute("data-tooltip") == "コピー"
    assert "クリップボードにコピー" in tab.locator("button.copybtn").first.inner_html()
    english = open_page((en_html / ENGLISH_POST).as_uri())
    english.wait_for_selector("button.copybtn")
    assert english.locator("button.copybtn").first.get_attribute("data-tooltip") == "Copy"


@pytest.fixture(scope="module")
def served_ja(ja_html, tmp_path_factory):
    """The Japanese site over HTTP, with its 404 page also at a deep missing path, as a
    host serves it for any URL it lacks."""
    root = tmp_path_factory.mktemp("served") / "site"
    shutil.copytree(ja_html, root)
    (root / "no" / "such" / "folder").mkdir(parents=True)
    shutil.copy(root / "404.html", root / "no" / "such" / "folder" / "page.html")
    yield from serve(root)


def test_pages_load_without_a_failed_request(served_ja, open_page):
    failed: list[str] = []
    tab = open_page("about:blank")
    tab.on("response", lambda response: failed.append(response.url)
           if response.status >= 400 else None)
    for page in ("index.html", LONG_POST, "archive/index.html"):
        tab.goto(served_ja + page)
        tab.wait_for_load_state("networkidle")
    assert failed == []  # no /favicon.ico, no missing script or font


def test_404_links_work_from_any_depth(served_ja, open_page):
    tab = open_page(served_ja + "no/such/folder/page.html")
    assert tab.locator("article h1").inner_text() == "ページが見つかりません"
    with tab.expect_navigation():
        tab.locator("article a", has_text="アーカイブ").click()
    assert tab.url == served_ja + "archive/index.html"
    assert tab.locator("article h1").inner_text() == "アーカイブ"
