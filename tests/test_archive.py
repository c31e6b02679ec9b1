"""The archive reads at a glance: months shaded by where they stand among the months with
posts, a legend, every year from the first to the last, a bar chart on each year's page,
labels a phone shows at 12 px or more; dates name the weekday on Japanese sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import built_html
from hostile_inputs import new_site

#: (year, month) → posts: one month much busier than the rest, and no post in 2024.
MONTHS = {(2023, 1): 1, (2023, 6): 14, (2025, 3): 60, (2025, 11): 2}


def _read(html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / f"{name}.html").read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def archive_html(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("archive") / "site"
    posts = new_site(site)
    for (year, month), count in MONTHS.items():
        for day in range(count):
            (posts / f"{year}-{month:02d}-{day % 28 + 1:02d}-p{day}.md").write_text(
                f"---\ntitle: {year}年{month}月の記事 {day}\n---\n本文。\n", "utf-8")
    return built_html(site)


@pytest.fixture(scope="module")
def english_html(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("archive-en") / "site"
    posts = new_site(site, language="en")
    (posts / "2016-03-27-sunday.md").write_text("---\ntitle: On a Sunday\n---\nText.\n")
    return built_html(site)


def cell_levels(heatmap) -> dict[str, int]:
    """A heatmap cell's tooltip ("2023年6月: 14件", its own or its link's) → its shade."""
    return {(rect.title or rect.parent.title).get_text():
            int(rect["class"][1].removeprefix("bunko-heat-"))
            for rect in heatmap.select("rect.bunko-heat")
            if not rect.find_parent(class_="bunko-heat-legend")}


def test_heatmap_shades_months_by_their_rank_not_by_the_busiest(archive_html):
    heatmap = _read(archive_html, "archive/index").select_one("svg.bunko-heatmap")
    levels = cell_levels(heatmap)
    # Scaled by the busiest month (60), 1 post and 14 posts were one shade.
    assert levels["2023年1月: 1件"] < levels["2025年11月: 2件"] < levels["2023年6月: 14件"]
    assert levels["2025年3月: 60件"] == 4
    assert levels["2023年2月: 0件"] == 0


def test_heatmap_has_a_legend_in_the_site_language(archive_html, english_html):
    legend = _read(archive_html, "archive/index").select_one(".bunko-heat-legend")
    assert [text.get_text() for text in legend.select("text")] == ["少", "多"]
    shades = legend.select("rect")
    assert [rect["class"][1] for rect in shades] == [f"bunko-heat-{n}" for n in range(1, 5)]
    assert shades[-1].title.get_text() == "60件"
    english = _read(english_html, "archive/index").select_one(".bunko-heat-legend")
    assert [text.get_text() for text in english.select("text")] == ["Less", "More"]


def test_heatmap_has_a_row_for_every_year_empty_ones_too(archive_html):
    heatmap = _read(archive_html, "archive/index").select_one("svg.bunko-heatmap")
    years = [text.get_text() for text in heatmap.select("text.bunko-chart-year")
             if not text.find_parent(class_="bunko-heat-legend")]
    assert years == ["2025", "2024", "2023"]
    levels = cell_levels(heatmap)
    assert [levels[f"2024年{month}月: 0件"] for month in range(1, 13)] == [0] * 12
    assert len(heatmap.select("a")) == len(MONTHS)  # links only to months with posts
    # No page for a year without posts.
    assert not (archive_html / "archive/2024/index.html").exists()


def test_a_long_archive_draws_its_recent_years_by_month_and_lists_the_rest(tmp_path):
    site = tmp_path / "site"
    posts = new_site(site)
    for year in (1990, 2013, 2016, 2025):
        (posts / f"{year}-05-01-p.md").write_text(f"---\ntitle: {year}年の記事\n---\n本文。\n",
                                                 "utf-8")
    html = built_html(site)
    archive = _read(html, "archive/index")
    heatmap = archive.select_one("svg.bunko-heatmap")
    rows = [text.get_text() for text in heatmap.select("text.bunko-chart-year")
            if not text.find_parent(class_="bunko-heat-legend")]
    assert rows == [str(year) for year in range(2025, 2015, -1)]
    years = {li.select_one(".bunko-year").get_text(): [a.get_text() for a in li.select(
        ".bunko-months a")] for li in archive.select(".bunko-years > li")}
    assert years == {"2025年": ["2025年5月"], "2016年": ["2016年5月"], "2013年": [],
                     "1990年": []}
    # An older year's months are on its own page.
    year_page = _read(html, "archive/1990/index")
    assert [h.a.get_text() for h in year_page.select("h2")] == ["1990年5月"]


def test_year_page_has_a_bar_chart_of_its_months(archive_html):
    chart = _read(archive_html, "archive/2023/index").select_one("svg.bunko-month-bars")
    assert chart.title.get_text() == "月別の記事数"
    assert chart["aria-label"] == "月別の記事数: 2023年1月: 1件, 2023年6月: 14件"
    assert [text.get_text() for text in chart.select("text.bunko-chart-label")] == [
        str(month) for month in range(1, 13)]
    links = {a["aria-label"]: a["href"] for a in chart.select("a")}
    assert links == {"2023年1月: 1件": "01/index.html", "2023年6月: 14件": "06/index.html"}
    assert (archive_html / "archive/2023/06/index.html").is_file()


def test_dates_name_the_weekday_on_japanese_sites_only(archive_html, english_html):
    post = _read(archive_html, "posts/2023-06-04-p3")
    assert post.select_one(".bunko-post-meta time").get_text() == "2023年6月4日(日)"
    english = _read(english_html, "posts/2016-03-27-sunday")
    assert english.select_one(".bunko-post-meta time").get_text() == "March 27, 2016"


@pytest.mark.parametrize("name", ["archive/index", "archive/2025/index"])
def test_chart_labels_are_at_least_12_px_on_a_phone(archive_html, browser, name):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto((archive_html / f"{name}.html").as_uri())
    sizes = tab.evaluate("""() => [...document.querySelectorAll("svg.bunko-chart text")]
        .map(text => {
            const svg = text.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(text).fontSize) * scale;
        })""")
    context.close()
    assert sizes and min(sizes) >= 12
