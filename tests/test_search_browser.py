"""bunko's search page in headless chromium, opened from file:// and over HTTP: the query
table finds its posts in the top 3, in exactly the order the command line gives, with title,
date, tags and a highlighted excerpt or snippet, and no request beyond the site's files;
a query loads only the shards of the index it needs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from test_search_shards import in_node_with_shards

from bunko.cli import main
from bunko.search.index import FOLDER, read_index
from bunko.search.ranking import search
from bunko.search.shards import DOCS_PER_SHARD
from conftest import built_html, copy_root, draw_every_result, serve
from search_queries import SAMPLE_QUERIES, VIM_JP_QUERIES

TABLES = {"sample_html": SAMPLE_QUERIES, "vim_jp_html": VIM_JP_QUERIES}


@pytest.fixture(scope="module")
def http_bases(request):
    """An HTTP server per built site, started when a test first asks for it."""
    servers: dict[str, tuple[object, str]] = {}

    def base(site: str) -> str:
        if site not in servers:
            server = serve(request.getfixturevalue(site))
            servers[site] = (server, next(server))
        return servers[site][1]

    yield base
    for server, _ in servers.values():
        server.close()


def page_results(tab, base: str, query: str, extra: str = "") -> list[str]:
    """The result links of the search page for ``query``, best first, as site paths."""
    tab.goto(f"{base}search.html?q={quote(query)}{extra}")
    draw_every_result(tab)
    return drawn_results(tab)


def drawn_results(tab) -> list[str]:
    """The results drawn so far, best first, as site paths."""
    hrefs = tab.eval_on_selector_all("#search-results li.bunko-result a.bunko-result-title",
                                     "links => links.map(link => link.getAttribute('href'))")
    # A result's link carries the words to mark on its page (?mark=): the page is the path.
    return [href.removeprefix("./").split("?")[0] for href in hrefs]


def index_files_loaded(tab) -> list[str]:
    """The files of ``_static/bunko-search/`` the page has loaded, by <script>."""
    return [src.split("_static/bunko-search/")[1].split("?")[0] for src in
            tab.eval_on_selector_all("script[src]", "tags => tags.map(t => t.src)")
            if "_static/bunko-search/" in src]


@pytest.mark.parametrize("site", list(TABLES))
@pytest.mark.parametrize("mode", ["file", "http"])
def test_query_table_in_the_browser(browser_page, http_bases, request, site, mode):
    html_dir: Path = request.getfixturevalue(site)
    base = html_dir.as_uri() + "/" if mode == "file" else http_bases(site)
    index = read_index(html_dir)
    requests: list[str] = []
    browser_page.on("request", lambda sent: requests.append(sent.url))
    misses, disagreements = [], []
    for query, expected in TABLES[site]:
        found = page_results(browser_page, base, query)
        if not any(expected in uri for uri in found[:3]):
            misses.append((query, expected, found[:3]))
        in_python = [index.docs[hit.doc]["uri"] for hit in search(index, query)]
        if found != in_python:
            disagreements.append(query)
    assert not misses, misses
    assert not disagreements, f"browser and Python rank differently: {disagreements}"
    strangers = [url for url in requests if not url.startswith(base)]
    assert not strangers, f"requests beyond the site: {strangers[:5]}"


def test_result_shows_title_date_tags_and_highlighted_snippet(browser_page, sample_html):
    page_results(browser_page, sample_html.as_uri() + "/", "メモリ帯域")
    first = browser_page.locator("#search-results li.bunko-result").first
    title = first.locator("a.bunko-result-title").inner_text()
    assert title == "大規模言語モデルの推論処理はなぜ高いのか"
    assert first.locator("time").get_attribute("datetime").startswith("2026-01-15")
    assert first.locator("time").inner_text() == "2026年1月15日(木)"
    assert "Trainium2" in first.locator(".bunko-tag").all_inner_texts()
    # The match is in the body, not the summary: a snippet of the text, loaded by <script>.
    snippet = first.locator("p.context.bunko-snippet")
    snippet.wait_for()
    assert snippet.locator("mark").first.inner_text() == "メモリ帯域"


def test_full_width_query_highlights_half_width_text(browser_page, sample_html):
    page_results(browser_page, sample_html.as_uri() + "/", "ＡＷＳ")
    title = browser_page.locator("#search-results li.bunko-result a.bunko-result-title").first
    assert title.locator("mark").inner_text() == "AWS"


def test_tag_and_year_filters(browser_page, sample_html):
    base = sample_html.as_uri() + "/"
    assert page_results(browser_page, base, "", "&tag=推論") == [
        "posts/2026-01-15-llm-inference-cost.html"]
    found = page_results(browser_page, base, "ai", "&year=2025")
    assert found and all("/2025-" in uri for uri in found)
    assert browser_page.locator(".bunko-filters").inner_text().startswith("年: 2025")
    # A tag on a result links to the same search narrowed to that tag.
    link = browser_page.locator("#search-results a.bunko-tag").first
    assert "tag=" in link.get_attribute("href")


def test_sphinx_search_page_is_kept(browser_page, sample_html):
    """Sphinx's #search-results and its list of results stay, under bunko's search box."""
    page_results(browser_page, sample_html.as_uri() + "/", "推論")
    assert browser_page.locator("#search-results ul.search").count() == 1
    assert browser_page.input_value(".bunko-search-form input[name=q]") == "推論"


def test_english_site_searches_the_same_way(browser_page, language_en_html):
    """language = "en": Latin words whole and case-folded, Japanese still found by bigrams."""
    html_dir = language_en_html
    base = html_dir.as_uri() + "/"
    assert page_results(browser_page, base, "Hundred") == ["posts/2026-03-01-english.html"]
    assert page_results(browser_page, base, "性能向上") == ["posts/2026-02-10-aws-ai-chips.html"]
    assert page_results(browser_page, base, "", "&tag=search") == [
        "posts/2026-03-01-english.html"]
    assert browser_page.locator("#search-results time").inner_text() == "March 1, 2026"


@pytest.fixture(scope="module")
def scripts_html(tmp_path_factory) -> Path:
    """tests/roots/test-search-scripts built: ß, final sigma, astral and variant kanji."""
    return built_html(copy_root("search-scripts", tmp_path_factory.mktemp("scripts")))


#: A query, its filters (the page's parameters, the command's options), the posts it finds.
FILTERED_QUERIES: list[tuple[str, dict[str, str], list[str]]] = [
    ("", {"tag": "Straße"}, ["2026-03-01-strasse"]),
    ("", {"tag": " STRASSE "}, ["2026-03-01-strasse"]),
    ("", {"tag": "ΟΔΟΣ"}, ["2026-03-02-odos"]),
    ("", {"tag": "οδος"}, ["2026-03-02-odos"]),
    ("", {"tag": "葛\U000E0100城"}, ["2026-03-03-katsuragi", "2025-12-01-yoshinoya"]),
    ("𠮷野家", {"tag": "葛城"}, ["2026-03-03-katsuragi"]),
    ("", {"category": "VERKEHR"}, ["2026-03-01-strasse"]),
    ("牛丼", {"year": "２０２５"}, ["2025-12-01-yoshinoya"]),
    ("straße", {"tag": "ＳＴＲＡＳＳＥ", "year": "2026"}, ["2026-03-01-strasse"]),
]


def test_command_line_filters_as_the_page_does(browser_page, capsys, scripts_html):
    """``bunko search --tag`` keys its filter as the page keys ``&tag=``: the same posts."""
    base = scripts_html.as_uri() + "/"
    for query, filters, expected in FILTERED_QUERIES:
        on_page = page_results(browser_page, base, query, "".join(
            f"&{name}={quote(value)}" for name, value in filters.items()))
        options = [part for name, value in filters.items() for part in (f"--{name}", value)]
        assert main(["search", query, str(scripts_html), *options]) == 0
        from_command = [line.strip() for line in capsys.readouterr().out.splitlines()
                        if line.startswith("   ") and line.endswith(".html")]
        assert on_page == from_command == [f"posts/{name}.html" for name in expected], (
            query, filters)


@pytest.mark.parametrize("mode", ["file", "http"])
def test_a_query_loads_only_the_shards_it_needs(browser_page, http_bases, vim_jp_html, mode):
    """The page loads the manifest, the key shards the query reads (the very ones the engine
    asks for under Node) and the display data of the results shown: no other key shard, no
    substring probes, no terms."""
    base = vim_jp_html.as_uri() + "/" if mode == "file" else http_bases("vim_jp_html")
    query = "正規表現 エンジン"
    found = page_results(browser_page, base, query)
    assert "2013-05-23-vim-7.4-want-more-testers" in found[0]
    loaded = index_files_loaded(browser_page)
    (in_node,) = in_node_with_shards(vim_jp_html, [(query, {})])
    index = read_index(vim_jp_html)
    assert loaded.count("index.js") == 1
    assert sorted(name for name in loaded if name.startswith("keys/")) == sorted(in_node["loads"])
    shown_docs = {f"docs/{hit.doc // DOCS_PER_SHARD}.js" for hit in search(index, query)}
    assert {name for name in loaded if name.startswith("docs/")} == shown_docs
    assert not [name for name in loaded if name.startswith(("grams/", "terms"))], loaded
    assert len(loaded) < len(list((vim_jp_html / FOLDER).rglob("*.js"))) / 10


def test_a_query_of_many_results_draws_and_loads_them_as_the_reader_asks(browser_page,
                                                                          vim_jp_html):
    """A query most posts match draws a screenful with the display data of those results
    alone (a site of 10,000 posts would otherwise load thousands of files); the button after
    the list draws the next ones, focus on the first of them, until the list is whole and in
    the order the command line gives."""
    index = read_index(vim_jp_html)
    hits = search(index, "vim")
    expected = [index.docs[hit.doc]["uri"] for hit in hits]
    assert len(expected) > 100
    browser_page.goto(f"{vim_jp_html.as_uri()}/search.html?q=vim")
    browser_page.wait_for_selector("#search-results[data-bunko-done]", state="attached")

    def docs_loaded() -> set[str]:
        return {name for name in index_files_loaded(browser_page) if name.startswith("docs/")}

    def docs_of(count: int) -> set[str]:
        return {f"docs/{hit.doc // DOCS_PER_SHARD}.js" for hit in hits[:count]}

    assert drawn_results(browser_page) == expected[:20]
    assert docs_loaded() == docs_of(20)
    more = browser_page.locator("#search-results .bunko-more")
    assert more.inner_text() == "次の50件を表示"
    more.click()
    browser_page.wait_for_selector("#search-results[data-bunko-done]", state="attached")
    assert drawn_results(browser_page) == expected[:70]
    assert docs_loaded() == docs_of(70)
    assert browser_page.evaluate("document.activeElement === document.querySelectorAll("
                                 "'#search-results li.bunko-result')[20].querySelector('a')")
    draw_every_result(browser_page)
    assert drawn_results(browser_page) == expected
    assert not more.is_visible()
