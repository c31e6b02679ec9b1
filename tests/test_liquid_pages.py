"""Liquid in real posts, through a build."""

from __future__ import annotations

import pytest

from conftest import page, warning_lines


@pytest.mark.sphinx("html", testroot="liquid")
def test_liquid_is_converted_on_the_page(app):
    app.build()
    html = page(app, "posts/2026-01-03-liquid")
    article = html.find("article")
    links = {a.get_text(): a.get("href") for a in article.find_all("a")}
    assert links["post link"] == "2026-01-01-target.html"
    assert links["nested"] == "blog/2026-1-2-nested-target.html"
    assert links["jekyll url"] == "2026-01-01-target.html"
    assert links["home"] == "../index.html"
    assert "[missing]" in article.get_text()
    # logo.png is no file of the site: a labelled placeholder names it, never a gap.
    assert "logo.png" in article.select_one(".bunko-missing-image").get_text()
    code_blocks = [pre.get_text() for pre in article.find_all("pre")]
    assert any('puts "`` backticks ``"' in code for code in code_blocks)
    assert any('print("hi")' in code for code in code_blocks)
    text = article.get_text()
    assert "Shown: {{ page.title }} and {% include x.html %}" in text
    assert "Conditional text stays." in text
    assert "{{ page.date | date_to_string }}" in text
    assert "never shown" not in text
    assert "{% include footer.html %}" not in text


@pytest.mark.sphinx("html", testroot="liquid")
def test_liquid_warnings_name_file_and_tag(app):
    app.build()
    warnings = [w for w in warning_lines(app) if "2026-01-03-liquid.md" in w]
    assert any("{% include %}" in w for w in warnings)
    assert any("{% if %}" in w for w in warnings)
    missing = [w for w in warnings if "1999-01-01-nothing" in w]
    assert len(missing) == 1 and "2026-01-03-liquid.md:11" in missing[0]
    assert not [w for w in warning_lines(app) if "xref_missing" in w]
