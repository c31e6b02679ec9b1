"""The URL resolver on its own: every permalink style Jekyll has, and raw HTML's URLs."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bunko.html_urls import url_attributes
from bunko.jekyll_site import JekyllSite, read_jekyll_site
from bunko.post import read_post
from bunko.site_urls import HOME, MISSING, POST, build_site_urls

POSTS = ["posts/2016-01-01-hello.md", "posts/blog/2022-7-20-日本語.md",
         "posts/2020-05-05-own.md", "posts/2019-03-03-Hello World.md"]
ZONE = timezone.utc


def urls_for(permalink: str, *, baseurl: str = "", front_matter: str = ""):
    site = JekyllSite(config={"permalink": permalink, "url": "https://old.example",
                              "baseurl": baseurl})
    own = read_post("posts/2020-05-05-own.md", f"---\ntitle: Own\n{front_matter}---\n",
                    zone=ZONE, file_time=datetime.now(timezone.utc)).post
    return build_site_urls(post_paths=POSTS, posts_naming_urls={own.path: own}, jekyll=site,
                           zone=ZONE, home_source="index.md")


def target(urls, written: str, **context):
    link = urls.link(written, **context)
    return None if link is None else (link.target.kind, link.target.name)


@pytest.mark.parametrize(("permalink", "written"), [
    ("date", "/2016/01/01/hello.html"),
    ("date", "/news/2016/01/01/hello.html"),          # any categories
    ("pretty", "/2016/01/01/hello/"),
    ("/:title/", "/hello/"),
    ("/:title.html", "/hello.html"),
    ("/:year/:title", "/2016/hello"),
    ("/LANG/news/:year/:month/:day/:title/", "/LANG/news/2016/01/01/hello/"),
    ("/:categories/:title:output_ext", "/hello.html"),
    ("/:year/:i_month/:i_day/:slug/", "/2016/1/1/hello/"),
])
def test_every_permalink_style_finds_the_post(permalink, written):
    assert target(urls_for(permalink), written) == (POST, "posts/2016-01-01-hello")


def test_jekyll_default_and_dated_urls_work_whatever_the_pattern():
    urls = urls_for("/:title/")
    for written in ("/2016/01/01/hello.html", "/2016/01/01/hello/", "/2016/01/01/hello"):
        assert target(urls, written) == (POST, "posts/2016-01-01-hello")


def test_slugs_as_jekyll_writes_them_percent_encoded_or_not():
    urls = urls_for("pretty")
    assert target(urls, "/blog/2022/07/20/%E6%97%A5%E6%9C%AC%E8%AA%9E/") == (
        POST, "posts/blog/2022-7-20-日本語")
    assert target(urls, "/2019/03/03/Hello-World/") == (POST, "posts/2019-03-03-Hello World")


def test_baseurl_host_fragment_and_query():
    urls = urls_for("date", baseurl="/blog")
    link = urls.link("https://www.old.example/blog/2016/01/01/hello.html?x=1#part")
    assert (link.target.kind, link.fragment, link.query) == (POST, "#part", "?x=1")
    assert target(urls, "/blog/") == (HOME, "index")
    assert target(urls, "https://old.example/blog/index.html") == (HOME, "index")
    assert target(urls, "https://elsewhere.example/2016/01/01/hello.html") is None
    assert target(urls, "mailto:a@b.example") is None
    gone = urls.link("/blog/no/where/#x")
    assert gone.target.kind == MISSING
    assert gone.old_site_url == "https://old.example/blog/no/where/#x"


def test_relative_urls_start_at_the_linking_posts_old_url():
    urls = urls_for("date")
    assert target(urls, "../../../2016/01/01/hello.html",
                  old_url="/2020/05/05/own.html") == (POST, "posts/2016-01-01-hello")
    assert target(urls, "hello.html", old_url="/2016/01/01/other.html") == (
        POST, "posts/2016-01-01-hello")


def test_a_posts_permalink_and_redirect_from_are_its_urls():
    urls = urls_for("date", front_matter="permalink: /about/\nredirect_from:\n  - /old.html\n"
                                         "  - /older/\n")
    for written in ("/about/", "/about.html", "/old.html", "/older", "/posts/2020-05-05-own.md"):
        assert target(urls, written) == (POST, "posts/2020-05-05-own")


def test_raw_html_urls_are_found_with_their_places():
    html = ('<!-- <a href="/comment"> --><p><a class=x href=\'/a?b=1&amp;c=2\'>A</a>'
            '<script>var s = "<img src=/script.png>";</script>'
            '<IMG SRC=/b.png alt="a > b"><img srcset="/c.png 1x, /d.png 2x">')
    found = url_attributes(html)
    assert [(item.tag, item.name, item.url) for item in found] == [
        ("a", "href", "/a?b=1&c=2"), ("img", "src", "/b.png"), ("img", "srcset", "/c.png"),
        ("img", "srcset", "/d.png")]
    assert [html[item.start:item.end] for item in found] == [
        "/a?b=1&amp;c=2", "/b.png", "/c.png", "/d.png"]
    assert html[found[1].tag_start:found[1].tag_end] == '<IMG SRC=/b.png alt="a > b">'


def test_static_files_of_the_jekyll_folder(tmp_path: Path):
    (tmp_path / "jekyll/assets").mkdir(parents=True)
    (tmp_path / "jekyll/_config.yml").write_text("baseurl: /blog\n", "utf-8")
    (tmp_path / "jekyll/assets/x.png").write_bytes(b"png")
    (tmp_path / "jekyll/robots.txt").write_text("x", "utf-8")
    urls = build_site_urls(post_paths=POSTS, posts_naming_urls={},
                           jekyll=read_jekyll_site(tmp_path, "jekyll"), zone=ZONE)
    assert target(urls, "/blog/assets/x.png") == ("static", "assets/x.png")
    assert target(urls, "x.png", old_url="/assets/y.html") == ("static", "assets/x.png")
    assert target(urls, "/robots.txt")[0] == MISSING  # bunko's own file: refused
    assert urls.old_permalink == "/:categories/:year/:month/:day/:title:output_ext"
