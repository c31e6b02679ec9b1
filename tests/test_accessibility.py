"""axe-core (the rules browsers' accessibility audits run) on the pages a reader opens: the
home page, a post, a tag page, the archive and the search page with results, each in furo's
light and dark colours, in Debian's chromium. Serious and critical violations fail.

tests/roots/test-accessibility is a small Japanese site with what these pages show: tags,
categories, several authors, code, a table, a picture with alt text and a list thumbnail."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import copy_root, sphinx_build

PAGES = {
    "home": "index.html",
    "post": "posts/2026-03-01-chips.html",
    "tag": "tags/ai/index.html",
    "archive": "archive/index.html",
    "search": f"search.html?q={quote('推論')}",
}

#: How a reader gets each colour scheme from furo: the system's preference (furo's default,
#: "auto"), or the theme button's choice, which furo keeps in localStorage.
MODES = {
    "light": ("light", None),
    "dark": ("dark", None),
    "dark-chosen": ("light", "dark"),
}

BLOCKING = {"serious", "critical"}

#: Rules skipped, each for a violation furo's own markup makes and bunko's templates and CSS
#: cannot change without forking furo. None so far.
FURO_RULES: dict[str, str] = {}


@pytest.fixture(scope="module")
def site_html(tmp_path_factory) -> Path:
    source = copy_root("accessibility", tmp_path_factory.mktemp("axe"))
    result = sphinx_build(source, "-W")
    assert result.returncode == 0, result.stderr[-3000:]
    return source / "_build" / "html"


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def report(violations: list[dict]) -> str:
    """Each violation's rule, impact and summary, and where it is: what to fix, readable."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violations(site_html, browser, axe, name, mode):
    scheme, chosen = MODES[mode]
    context = browser.new_context(color_scheme=scheme)
    if chosen:
        context.add_init_script(f"localStorage.setItem('theme', '{chosen}')")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(f"{site_html.as_uri()}/{PAGES[name]}")
        if name == "search":
            tab.wait_for_selector("#search-results[data-bunko-done]", state="attached",
                                  timeout=20000)
            assert tab.locator("#search-results li.bunko-result").count() >= 2
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background != "rgb(255, 255, 255)") == (mode != "light"), background
        options = {"resultTypes": ["violations"],
                   "rules": {rule: {"enabled": False} for rule in FURO_RULES}}
        violations = axe.run(tab, options=options).response["violations"]
    finally:
        context.close()
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING]
    assert not blocking, f"{PAGES[name]} ({mode}):\n{report(blocking)}"
    assert not errors, f"JavaScript errors: {errors}"


#: bunko's own small text in furo's muted and secondary colours, where axe answers only
#: "incomplete" (a count of one digit, text inside an SVG chart): page -> selectors.
SMALL_TEXT = {
    "index.html": [".bunko-count", ".bunko-sections .caption-text",
                   ".bunko-pager-pages [aria-current]", ".bunko-post-meta time"],
    "archive/index.html": [".bunko-chart text", ".bunko-listing-count"],
    "tags/ai/index.html": [".bunko-chart text"],
    "tags/index.html": [".bunko-term-index small"],
}

#: WCAG's contrast ratio of each element's text (an SVG text's fill) to the first opaque
#: background behind it: [[selector, ratio], ...].
CONTRAST = """selectors => {
  const channels = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const linear = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const behind = element => {
    for (let node = element; node instanceof Element; node = node.parentElement) {
      const [r, g, b, alpha = 1] = channels(getComputedStyle(node).backgroundColor);
      if (alpha > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  return selectors.flatMap(selector => [...document.querySelectorAll(selector)].map(element => {
    const style = getComputedStyle(element);
    const ink = channels(element instanceof SVGElement ? style.fill : style.color);
    const [light, dark] = [luminance(ink), luminance(behind(element))].sort((a, b) => b - a);
    return [selector, (light + 0.05) / (dark + 0.05)];
  }));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_small_text_contrast(site_html, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    measured: list[tuple[str, str, float]] = []
    try:
        for address, selectors in SMALL_TEXT.items():
            tab.goto(f"{site_html.as_uri()}/{address}")
            measured += [(address, selector, ratio)
                         for selector, ratio in tab.evaluate(CONTRAST, selectors)]
    finally:
        context.close()
    found = {(address, selector) for address, selector, _ratio in measured}
    assert found == {(a, s) for a, selectors in SMALL_TEXT.items() for s in selectors}
    faint = sorted({(address, selector, round(ratio, 2))
                    for address, selector, ratio in measured if ratio < 4.5})
    assert not faint, f"below 4.5:1 in {scheme} mode: {faint}"


def test_heatmap_months_are_named_links(site_html, browser_page):
    """axe checks HTML links' names, not SVG's: each month with posts is a link a screen
    reader names in words, inside a group named for the chart."""
    browser_page.goto(f"{site_html.as_uri()}/archive/index.html")
    heatmap = browser_page.get_by_role("group", name="月別の記事数")
    hrefs = [link.get_attribute("href") for link in
             heatmap.get_by_role("link", name="2026年3月: 1件", exact=True).all()]
    assert hrefs == ["2026/03/index.html"]
    assert heatmap.get_by_role("link").count() == 4
