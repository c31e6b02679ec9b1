"""The search box in headless chromium, from file:// and over HTTP: on the search page it
answers as the reader types, without reloading, and the address follows the query; from any
page "/" or Ctrl+K opens it in a dialog; a result opens its post at the first match, marked;
when nothing matches it says what might; its words are the site's language.

tests/roots/test-search-ui: a long post with one word far down (目印), tagged プログラミング and
mlops in the category blog; a post saying スクリプト (blog); one in notes saying AIチップ and
FAIR; a shown draft."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from bunko.search.results import mark
from conftest import built_html, copy_root, draw_every_result, serve

LONG = "posts/2026-01-10-long.html"
SCRIPT = "posts/2026-01-05-script.html"
DESIGN = "posts/2025-06-01-design.html"


@pytest.fixture(scope="module")
def ui_html(tmp_path_factory) -> Path:
    return built_html(copy_root("search-ui", tmp_path_factory.mktemp("search-ui")))


@pytest.fixture(scope="module")
def ui_http(ui_html):
    server = serve(ui_html)
    yield next(server)
    server.close()


@pytest.fixture(params=["file", "http"])
def base(request, ui_html) -> str:
    """The site's address: the folder as file://, or the HTTP server's."""
    return ui_html.as_uri() + "/" if request.param == "file" else request.getfixturevalue("ui_http")


def shown(tab, query: str, where: str = "#search-results") -> list[str]:
    """The pages listed for ``query`` in ``where`` once drawn, best first, as site paths."""
    tab.wait_for_function(
        "([where, query]) => { const region = document.querySelector(where);"
        " return region && region.dataset.bunkoQuery === query && region.dataset.bunkoDone; }",
        arg=[where, query])
    draw_every_result(tab, where)
    hrefs = tab.eval_on_selector_all(f"{where} a.bunko-result-title",
                                     "links => links.map(link => link.href)")
    return [site_path(href) for href in hrefs]


def site_path(url: str) -> str:
    """A page's path below the test site (``posts/x.html``), wherever it is served from."""
    return unquote(urlsplit(url).path).split("/search-ui/_build/html/")[-1].lstrip("/")


def query_of(tab) -> str:
    return parse_qs(urlsplit(tab.url).query).get("q", [""])[0]


def mark_page(tab) -> None:
    """A marker that a reload of the page would lose."""
    tab.evaluate("window.bunkoTestMarker = 'kept'")


def still_marked(tab) -> bool:
    return tab.evaluate("window.bunkoTestMarker") == "kept"


# --- the search page -------------------------------------------------------------------------

def test_typing_updates_results_without_reloading(browser_page, base):
    requests: list[str] = []
    browser_page.on("request", lambda sent: requests.append(sent.url))
    browser_page.goto(f"{base}search.html?q=目印")
    assert shown(browser_page, "目印") == [LONG]
    mark_page(browser_page)
    box = browser_page.locator(".bunko-search-form input[name=q]")
    assert box.input_value() == "目印"
    box.fill("")
    box.press_sequentially("スクリプト")
    assert shown(browser_page, "スクリプト") == [SCRIPT]
    assert query_of(browser_page) == "スクリプト"
    assert still_marked(browser_page)
    assert browser_page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert [url for url in requests if url.endswith("bunko-search/index.js")] != []
    assert len([url for url in requests if url.endswith("bunko-search/index.js")]) == 1


def test_back_and_forward_follow_the_query(browser_page, base):
    browser_page.goto(f"{base}search.html?q=目印")
    shown(browser_page, "目印")
    mark_page(browser_page)
    box = browser_page.locator(".bunko-search-form input[name=q]")
    for query in ("スクリプト", "設計"):
        box.fill(query)
        box.press("Enter")
        shown(browser_page, query)
    assert query_of(browser_page) == "設計"
    browser_page.go_back()
    assert shown(browser_page, "スクリプト") == [SCRIPT]
    assert box.input_value() == "スクリプト"
    browser_page.go_back()
    assert shown(browser_page, "目印") == [LONG]
    browser_page.go_forward()
    assert shown(browser_page, "スクリプト") == [SCRIPT]
    assert query_of(browser_page) == "スクリプト"
    assert still_marked(browser_page)
    # The address is the search: opened afresh, it shows the same.
    browser_page.reload()
    assert shown(browser_page, "スクリプト") == [SCRIPT]


def test_letters_typed_together_make_one_history_entry(browser_page, ui_html):
    browser_page.goto(f"{ui_html.as_uri()}/search.html")
    entries = browser_page.evaluate("history.length")
    box = browser_page.locator(".bunko-search-form input[name=q]")
    box.press_sequentially("プログラミング")
    box.press("Enter")
    shown(browser_page, "プログラミング")
    assert browser_page.evaluate("history.length") == entries + 1


def test_a_word_being_composed_is_not_searched_until_committed(browser_page, ui_html):
    """An input method's keys build a word (ｋ → か → 漢字): the page and the dialog search
    it once committed, never its pieces (the helper both use, without waiting on a clock)."""
    browser_page.goto(f"{ui_html.as_uri()}/search.html")
    states = browser_page.evaluate("""() => {
        const input = document.createElement("input");
        document.body.append(input);
        let runs = 0;
        const typed = BunkoSearchView.typing(input, 60000, () => { runs += 1; });
        const state = () => [typed.composing(), typed.pending()];
        const seen = [state()];
        input.dispatchEvent(new CompositionEvent("compositionstart"));
        input.value = "か";
        input.dispatchEvent(new InputEvent("input", { isComposing: true }));
        seen.push(state());
        input.dispatchEvent(new CompositionEvent("compositionend"));
        seen.push(state());
        typed.cancel();
        seen.push(state());
        input.dispatchEvent(new InputEvent("input"));
        seen.push(state());
        typed.cancel();
        return { seen, runs };
    }""")
    assert states["seen"] == [[False, False], [True, False], [False, True], [False, False],
                              [False, True]]
    assert states["runs"] == 0


def test_page_has_a_heading_and_its_box(browser_page, ui_html):
    browser_page.goto(f"{ui_html.as_uri()}/search.html")
    assert browser_page.locator("article h1").all_inner_texts() == ["検索"]
    box = browser_page.locator(".bunko-search-form input[name=q]")
    assert box.get_attribute("placeholder") == "記事を検索"
    # Nothing asked yet: the box is ready for typing.
    assert browser_page.evaluate("document.activeElement.closest('.bunko-search-form') !== null")


def test_filter_chips_speak_the_site_language(browser_page, base):
    browser_page.goto(f"{base}search.html?category=blog&tag=mlops")
    assert shown(browser_page, "") == [LONG]
    mark_page(browser_page)
    chips = browser_page.locator(".bunko-filter")
    assert [text.replace("×", "").strip() for text in chips.all_inner_texts()] == [
        "タグ: mlops", "カテゴリー: blog"]
    assert chips.first.locator("a").get_attribute("aria-label") == "絞り込みを外す: タグ: mlops"
    # × takes the filter away in place.
    chips.first.locator("a").click()
    assert shown(browser_page, "") == [LONG, SCRIPT]
    assert [text.replace("×", "").strip() for text in chips.all_inner_texts()] == [
        "カテゴリー: blog"]
    assert "tag=" not in browser_page.url
    assert still_marked(browser_page)


def test_a_term_of_a_result_narrows_the_search_in_place(browser_page, ui_html):
    browser_page.goto(f"{ui_html.as_uri()}/search.html?q=スクリプト")
    shown(browser_page, "スクリプト")
    mark_page(browser_page)
    browser_page.locator("#search-results a.bunko-category", has_text="blog").first.click()
    assert shown(browser_page, "") == [LONG, SCRIPT]
    assert browser_page.locator(".bunko-filter").inner_text().startswith("カテゴリー: blog")
    assert still_marked(browser_page)


def test_no_result_offers_terms_and_the_other_kana(browser_page, base):
    # A short word is found only whole: the tag mlops contains it.
    browser_page.goto(f"{base}search.html?q=ml")
    assert shown(browser_page, "ml") == []
    status = browser_page.locator("#search-results .bunko-search-status").inner_text()
    assert status == "「ml」に一致する記事は見つかりませんでした。"
    suggested = browser_page.locator(".bunko-no-results a.bunko-tag")
    assert suggested.all_inner_texts()[0].startswith("mlops")
    archive = browser_page.locator(".bunko-suggestion-archive a")
    assert archive.get_attribute("href").endswith("archive/index.html")
    mark_page(browser_page)
    suggested.first.click()
    assert shown(browser_page, "") == [LONG]
    assert still_marked(browser_page)

    # Hiragana where the post has katakana: the katakana spelling, with what it finds.
    browser_page.goto(f"{base}search.html?q=すくりぷと")
    assert shown(browser_page, "すくりぷと") == []
    spelling = browser_page.locator(".bunko-no-results a.bunko-spelling")
    assert spelling.all_inner_texts() == ["スクリプト"]
    spelling.click()
    assert shown(browser_page, "スクリプト") == [SCRIPT]
    assert browser_page.locator(".bunko-search-form input[name=q]").input_value() == "スクリプト"


def test_no_result_under_a_filter_offers_the_search_without_it(browser_page, ui_html):
    browser_page.goto(f"{ui_html.as_uri()}/search.html?q=設計&category=blog")
    assert shown(browser_page, "設計") == []
    assert browser_page.locator(".bunko-no-results a.bunko-unfiltered").inner_text() == "設計"
    # A tag named like the word is offered too.
    assert "設計" in browser_page.locator(".bunko-no-results a.bunko-tag").inner_text()


def test_drafts_are_never_found(browser_page, ui_html):
    browser_page.goto(f"{ui_html.as_uri()}/search.html?q=合言葉")
    assert shown(browser_page, "合言葉") == []
    assert (ui_html / "posts" / "2026-02-01-draft.html").is_file()  # shown, not searched


def test_english_site_speaks_english(browser_page, language_en_html):
    html_dir = language_en_html
    browser_page.goto(f"{html_dir.as_uri()}/search.html?tag=search")
    browser_page.wait_for_selector("#search-results[data-bunko-done]", state="attached")
    assert browser_page.locator("article h1").inner_text() == "Search"
    assert browser_page.locator(".bunko-search-status").inner_text() == "1 result"
    assert browser_page.locator(".bunko-filter").inner_text().startswith("Tag: search")
    browser_page.goto(f"{html_dir.as_uri()}/search.html?q=xyzzy")
    browser_page.wait_for_selector("#search-results[data-bunko-done]", state="attached")
    assert browser_page.locator(".bunko-search-status").inner_text() == (
        "No posts match “xyzzy”.")
    assert browser_page.locator(".bunko-suggestion-archive").inner_text().startswith(
        "Browse the archive")
    # A word a letter off a tag's name: the tag.
    browser_page.goto(f"{html_dir.as_uri()}/search.html?q=serch")
    browser_page.wait_for_selector("#search-results[data-bunko-done]", state="attached")
    assert browser_page.locator(".bunko-no-results .bunko-suggestion-heading").first.inner_text(
    ) == "Tags and categories with similar names"
    assert browser_page.locator(".bunko-no-results a.bunko-tag").inner_text().startswith(
        "search")


# --- the dialog ------------------------------------------------------------------------------

def scripts_loaded(tab) -> list[str]:
    return tab.eval_on_selector_all("script[src]", "tags => tags.map(tag => tag.src)")


@pytest.mark.parametrize("key", ["/", "Control+k"])
def test_dialog_opens_from_any_page_and_lands_on_a_result(browser_page, base, key):
    browser_page.goto(f"{base}{DESIGN}")
    # Nothing of the search is loaded until it is asked for.
    assert not [src for src in scripts_loaded(browser_page) if "bunko-search/index.js" in src]
    assert browser_page.evaluate("typeof BunkoSearch") == "undefined"
    browser_page.keyboard.press(key)
    dialog = browser_page.locator("dialog.bunko-search-dialog")
    browser_page.wait_for_selector("dialog.bunko-search-dialog[open][data-bunko-ready]")
    assert browser_page.evaluate(
        "document.activeElement === document.querySelector('.bunko-search-dialog input')")
    assert [src for src in scripts_loaded(browser_page) if "bunko-search/index.js" in src]
    browser_page.keyboard.type("blog")
    found = shown(browser_page, "blog", ".bunko-search-dialog-results")
    assert found == [LONG, SCRIPT]
    options = dialog.locator("[role=option]")
    assert options.first.get_attribute("aria-selected") == "true"
    browser_page.keyboard.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert dialog.locator("input").get_attribute("aria-activedescendant") == (
        options.nth(1).get_attribute("id"))
    with browser_page.expect_navigation():
        browser_page.keyboard.press("Enter")
    assert site_path(browser_page.url) == SCRIPT


@pytest.mark.parametrize("key", ["/", "Control+k"])
def test_escape_closes_the_dialog_and_focus_returns(browser_page, ui_html, key):
    browser_page.goto(f"{ui_html.as_uri()}/{DESIGN}")
    tag = browser_page.locator("article a.bunko-tag").first
    tag.focus()
    browser_page.keyboard.press(key)
    browser_page.wait_for_selector("dialog.bunko-search-dialog[open][data-bunko-ready]")
    browser_page.keyboard.type("設計")
    shown(browser_page, "設計", ".bunko-search-dialog-results")
    browser_page.keyboard.press("Escape")
    assert browser_page.locator("dialog.bunko-search-dialog[open]").count() == 0
    assert browser_page.evaluate("document.activeElement.classList.contains('bunko-tag')")
    # Opened again, it holds the last query.
    browser_page.keyboard.press(key)
    assert browser_page.locator(".bunko-search-dialog input").input_value() == "設計"


def test_keys_typed_in_a_field_stay_there(browser_page, ui_html):
    browser_page.goto(f"{ui_html.as_uri()}/{DESIGN}")
    browser_page.evaluate(
        "document.querySelector('article').prepend(document.createElement('textarea'))")
    field = browser_page.locator("article textarea")
    field.focus()
    browser_page.keyboard.press("/")
    browser_page.keyboard.press("Control+k")
    assert field.input_value() == "/"
    assert browser_page.locator("dialog.bunko-search-dialog").count() == 0


def test_sidebar_field_opens_the_dialog(browser_page, ui_html):
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    browser_page.goto(f"{ui_html.as_uri()}/{DESIGN}")
    browser_page.locator(".sidebar-search-container input[name=q]").click()
    browser_page.wait_for_selector("dialog.bunko-search-dialog[open][data-bunko-ready]")
    browser_page.keyboard.type("目印")
    assert shown(browser_page, "目印", ".bunko-search-dialog-results") == [LONG]
    # Closed, focus goes back to the field, which does not open the dialog again.
    browser_page.evaluate(
        "() => { window.bunkoClosed = new Promise(done => document.querySelector('dialog')"
        ".addEventListener('close', () => setTimeout(done, 0), {once: true})); }")
    browser_page.keyboard.press("Escape")
    browser_page.evaluate("window.bunkoClosed")  # and what the close event does, done
    assert browser_page.locator("dialog.bunko-search-dialog[open]").count() == 0
    assert browser_page.evaluate("document.activeElement.name") == "q"


def test_on_the_search_page_the_keys_go_to_its_box(browser_page, ui_html):
    browser_page.goto(f"{ui_html.as_uri()}/search.html?q=目印")
    shown(browser_page, "目印")
    browser_page.locator("article h1").click()
    browser_page.keyboard.press("/")
    assert browser_page.evaluate("document.activeElement.closest('.bunko-search-form') !== null")
    assert browser_page.locator("dialog.bunko-search-dialog").count() == 0


def test_phone_header_button_opens_the_dialog(browser_page, ui_html):
    browser_page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto(f"{ui_html.as_uri()}/{DESIGN}")
    browser_page.locator(".mobile-header .bunko-search-button").click()
    browser_page.wait_for_selector("dialog.bunko-search-dialog[open][data-bunko-ready]")
    box = browser_page.locator(".bunko-search-dialog").bounding_box()
    assert box["width"] == 390


def test_a_spelling_suggested_in_the_dialog_is_searched_there(browser_page, ui_html):
    browser_page.goto(f"{ui_html.as_uri()}/index.html")
    browser_page.keyboard.press("Control+k")
    browser_page.wait_for_selector("dialog.bunko-search-dialog[open][data-bunko-ready]")
    browser_page.keyboard.type("すくりぷと")
    assert shown(browser_page, "すくりぷと", ".bunko-search-dialog-results") == []
    browser_page.locator(".bunko-search-dialog a.bunko-spelling").click()
    assert shown(browser_page, "スクリプト", ".bunko-search-dialog-results") == [SCRIPT]


# --- a result opens its post at the match ----------------------------------------------------

def first_mark(tab) -> dict:
    tab.wait_for_selector("mark.bunko-mark")
    return tab.evaluate(
        "() => { const mark = document.querySelector('mark.bunko-mark');"
        " const box = mark.getBoundingClientRect();"
        " return {text: mark.textContent, top: box.top, bottom: box.bottom,"
        " height: window.innerHeight, scrolled: window.scrollY}; }")


def test_result_opens_the_post_marked_and_scrolled_to_the_match(browser_page, base):
    browser_page.goto(f"{base}search.html?q=目印")
    shown(browser_page, "目印")
    with browser_page.expect_navigation():
        browser_page.locator("#search-results a.bunko-result-title").first.click()
    assert site_path(browser_page.url) == LONG
    mark = first_mark(browser_page)
    assert mark["text"] == "目印"
    assert mark["scrolled"] > 1000  # far down a long post
    assert 0 <= mark["top"] and mark["bottom"] <= mark["height"]


def test_marks_follow_the_index_normalisation(browser_page, ui_html):
    """ＡＷＳ typed full-width finds and marks the AWS the post wrote; 目印 set in bold
    (``**目印**``) is marked inside the <strong>."""
    browser_page.goto(f"{ui_html.as_uri()}/search.html?q=ＡＷＳ 目印")
    assert shown(browser_page, "ＡＷＳ 目印") == [LONG]
    href = browser_page.locator("#search-results a.bunko-result-title").get_attribute("href")
    assert parse_qs(urlsplit(href).query)["mark"] == ["aws 目印"]
    browser_page.goto(f"{ui_html.as_uri()}/{href}")
    browser_page.wait_for_selector("mark.bunko-mark")
    marks = browser_page.locator("mark.bunko-mark").all_inner_texts()
    assert sorted(marks) == ["AWS", "目印"]
    assert browser_page.locator("strong > mark.bunko-mark").inner_text() == "目印"
    # Esc closing the search dialog leaves them; Esc on the page takes the marks away, and
    # the words from the address.
    browser_page.keyboard.press("/")
    browser_page.wait_for_selector("dialog.bunko-search-dialog[open][data-bunko-ready]")
    # Focus has left the closed dialog when its Esc is handled, not at the next frame (as
    # Chrome would leave it): an Esc pressed right after must reach the page.
    focus_left = browser_page.evaluate("""() => {
        const field = document.querySelector("dialog.bunko-search-dialog input");
        field.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
        return document.activeElement.closest("dialog") === null;
    }""")
    assert focus_left
    assert browser_page.locator("dialog.bunko-search-dialog[open]").count() == 0
    assert browser_page.locator("mark.bunko-mark").count() == 2
    browser_page.keyboard.press("Escape")
    assert browser_page.locator("mark.bunko-mark").count() == 0
    assert "mark=" not in browser_page.url


def test_a_snippet_does_not_repeat_the_title(browser_page, ui_html):
    """合図 is in the post's second paragraph, close after its title (the first line of the
    page's text): the snippet starts after the title shown above it."""
    browser_page.goto(f"{ui_html.as_uri()}/search.html?q=合図")
    assert shown(browser_page, "合図") == [SCRIPT]
    snippet = browser_page.locator("#search-results .bunko-snippet")
    snippet.wait_for()
    assert snippet.inner_text().startswith("シェルのスクリプト")
    assert snippet.locator("mark").inner_text() == "合図"


def test_a_short_word_is_marked_where_the_splitter_cut_it(browser_page, ui_html):
    """``ai`` is found only as a whole word: beside kana (AIチップ, two words to the splitter)
    it is marked, inside FAIR it is not; in the browser as in the terminal."""
    browser_page.goto(f"{ui_html.as_uri()}/search.html?q=ai")
    assert shown(browser_page, "ai") == [DESIGN]
    summary = browser_page.locator("#search-results .context")
    assert summary.locator("mark").all_inner_texts() == ["AI"]
    assert mark("AIチップとFAIR", ["ai"], "[", "]") == "[AI]チップとFAIR"


# --- colours ---------------------------------------------------------------------------------

def _channels(css: str) -> tuple[float, float, float, float]:
    """sRGB channels 0–1 and alpha of a computed colour: rgb(), rgba() or color(srgb …)."""
    numbers = [float(part) for part in re.findall(r"[\d.]+", css)]
    if css.startswith("color(srgb"):
        red, green, blue, *alpha = numbers
        return red, green, blue, alpha[0] if alpha else 1.0
    red, green, blue, *alpha = numbers
    return red / 255, green / 255, blue / 255, alpha[0] if alpha else 1.0


def _luminance(css: str) -> float:
    *rgb, alpha = _channels(css)
    assert alpha == 1.0, f"{css} is not opaque"
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


MARK_COLOURS = """selector => [...document.querySelectorAll(selector)].map(mark => {
  const style = getComputedStyle(mark);
  return [mark.parentElement.tagName, style.color, style.backgroundColor];
})"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_marks_are_readable_in_both_themes(browser, ui_html, theme):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    tab = context.new_page()
    try:
        tab.goto(f"{ui_html.as_uri()}/search.html?q=記事 長い")
        shown(tab, "記事 長い")
        assert tab.evaluate("document.body.dataset.theme") == theme
        colours = tab.evaluate(MARK_COLOURS, "#search-results mark")
        assert {parent for parent, _, _ in colours} >= {"A", "P"}  # in a title and in text
        tab.goto(f"{ui_html.as_uri()}/{LONG}?mark=目印 aws")
        tab.wait_for_selector("mark.bunko-mark")
        colours += tab.evaluate(MARK_COLOURS, "mark.bunko-mark")
        page = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        for parent, text, background in colours:
            assert contrast(text, background) >= 4.5, (theme, parent, text, background)
            # A mark must show on the page: not the page's own background.
            assert background != page
        # The dark theme's marks are dark, the light theme's light.
        assert (_luminance(colours[0][2]) < 0.2) == (theme == "dark")
    finally:
        context.close()
