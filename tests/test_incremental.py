"""Posts live in the Sphinx environment: cached and parallel builds see all of them."""

from __future__ import annotations

import pickle

from bs4 import BeautifulSoup

from conftest import copy_root, sphinx_build


def home_titles(site) -> list[str]:
    html = BeautifulSoup((site / "_build/html/index.html").read_text("utf-8"), "html.parser")
    return [a.get_text() for a in html.select(".bunko-post-list .bunko-post-title")]


def test_incremental_builds_keep_the_home_page_in_step(tmp_path):
    site = copy_root("front-matter", tmp_path)
    assert sphinx_build(site, "-j", "auto").returncode == 0
    first = home_titles(site)
    assert len(first) == 8

    assert sphinx_build(site, "-j", "auto").returncode == 0
    assert home_titles(site) == first, "a build with nothing to read lists every post"

    post = site / "posts/2026-03-01-offset.md"
    post.write_text(post.read_text("utf-8").replace("時差のある記事", "改題した記事"), "utf-8")
    assert sphinx_build(site, "-j", "auto").returncode == 0
    assert "改題した記事" in home_titles(site)
    assert "時差のある記事" not in home_titles(site)

    (site / "posts/2026-03-02-zulu.md").unlink()
    assert sphinx_build(site, "-j", "auto").returncode == 0
    assert "Zulu time" not in home_titles(site)
    assert len(home_titles(site)) == 7


def test_parallel_and_serial_builds_write_the_same_home_page(tmp_path):
    serial = copy_root("front-matter", tmp_path / "serial")
    parallel = copy_root("front-matter", tmp_path / "parallel")
    assert sphinx_build(serial).returncode == 0
    assert sphinx_build(parallel, "-j", "2").returncode == 0
    assert home_titles(serial) == home_titles(parallel)


def test_the_saved_environment_holds_each_term_once(tmp_path):
    """Posts share their tags (10,000 posts hold a few hundred): loaded at every rebuild, the
    environment makes one object per term, not one per post and term (terms.py)."""
    site = copy_root("front-matter", tmp_path)
    assert sphinx_build(site, "-j", "auto").returncode == 0
    with (site / "_build/html/.doctrees/environment.pickle").open("rb") as saved:
        posts = pickle.load(saved).bunko_posts
    chips, offset, zulu = (posts[f"posts/{name}"].tags for name in (
        "2026-02-10-aws-ai-chips", "2026-03-01-offset", "2026-03-02-zulu"))
    assert chips[0].label == offset[0].label == "AI"
    assert chips[0] is offset[0]
    # Another spelling of the same term is another label: not the same object.
    assert zulu[0].key == "ai" and zulu[0].label == "ＡＩ" and zulu[0] is not chips[0]


def test_a_template_edited_between_builds_is_compiled_again(tmp_path):
    """Compiled templates are kept between builds (compiled_templates.py): one edited since
    shows its new text, not the code compiled from the old."""
    site = copy_root("front-matter", tmp_path)
    conf = site / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'templates_path = ["_templates"]\n', "utf-8")
    (site / "_templates").mkdir()
    page = site / "_templates/page.html"

    def footer_marker() -> str:
        html = BeautifulSoup((site / "_build/html/index.html").read_text("utf-8"),
                             "html.parser")
        return html.select_one("#marker").get_text()

    for text in ("first", "second"):
        page.write_text('{% extends "!page.html" %}{% block footer %}{{ super() }}'
                        f'<p id="marker">{text}</p>{{% endblock %}}', "utf-8")
        assert sphinx_build(site, "-j", "auto").returncode == 0
        assert footer_marker() == text
    cache = site / "_build/html/.doctrees/bunko-templates"
    assert [folder.name for folder in cache.iterdir()], "the compiled templates are kept"
    assert any(next(cache.iterdir()).iterdir())
