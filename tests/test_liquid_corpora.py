"""Every post of the real Jekyll sites in ../shared/corpora through the Liquid engine, the
site's own folder standing for the imported ``jekyll/`` one (its ``_config.yml``, ``_data/``
and ``_includes/``): nothing raises, no Liquid is left as text outside code and ``raw``, and
what the sites' plugins did is named."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone

import pytest

from bunko.jekyll_site import read_jekyll_site
from bunko.liquid import render_liquid
from bunko.liquid.markdown import Inserts, mask_code
from bunko.options import Options
from bunko.post import Problem, read_post
from bunko.render import FragmentRenderer
from bunko.site import Site
from bunko.sources import PostFolder
from conftest import shared_corpus

_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_OPENER = re.compile(r"\{\{|\{%")
FILE_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)


def render_corpus(name: str) -> tuple[Counter[str], list[Problem], int]:
    """What was left out, every Liquid problem, and how many posts had Liquid."""
    corpora = shared_corpus("corpora")
    posts_folder = corpora / name / "_posts"
    files = sorted(path for path in posts_folder.rglob("*")
                   if path.suffix in (".md", ".markdown") and path.is_file())
    paths = {f"posts/{path.relative_to(posts_folder).as_posix()}": path for path in files}
    folder = PostFolder(post_paths=list(paths), posts_dir="posts")
    site = Site(options=Options(), zone=timezone.utc, folder=folder,
                post_link_targets=folder.post_link_targets(), renderer=FragmentRenderer([]),
                jekyll=read_jekyll_site(corpora, name))
    left_out: Counter[str] = Counter()
    problems: list[Problem] = []
    with_liquid = 0
    for relative, path in paths.items():
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # the build skips it with its own warning
        read = read_post(relative, text.replace("\r\n", "\n"), zone=timezone.utc,
                         file_time=FILE_TIME)
        result = render_liquid(read.body, read.post, site, language="en",
                               first_line=read.body_line)
        if result.text != read.body:
            with_liquid += 1
        outside_code = mask_code(result.text, Inserts())
        in_raw = sum(len(_OPENER.findall(block)) for block in _RAW.findall(read.body))
        assert len(_OPENER.findall(outside_code)) <= in_raw, (relative, outside_code)
        left_out.update(result.left_out)
        problems.extend(result.problems)
    return left_out, problems, with_liquid


def test_18f_posts_render_with_the_sites_includes_and_plugins_named():
    left_out, problems, with_liquid = render_corpus("18f")
    print(f"\n18f: {with_liquid} posts changed by Liquid; left out {dict(left_out)}; "
          f"{len(problems)} warnings")
    # 18F's _plugins/: team_photo, team_link and embed filters, the oembed tag.
    assert set(left_out) == {"| team_photo", "| team_link", "| embed", "{% oembed %}"}
    assert with_liquid > 250  # {{ site.baseurl }} alone is in 254 posts
    for problem in problems:
        assert problem.message.startswith("Liquid the archive cannot run"), problem
    embeds = [problem for problem in problems if "embed" in problem.message
              and "team_" not in problem.message]
    assert embeds and all("links to the original" in problem.message for problem in embeds)


def test_vim_jp_posts_render_with_every_post_url_found():
    left_out, problems, with_liquid = render_corpus("vim-jp")
    print(f"\nvim-jp: {with_liquid} posts changed by Liquid; left out {dict(left_out)}; "
          f"{len(problems)} warnings")
    assert with_liquid == 1 and not left_out and not problems  # one post has 3 post_url


@pytest.mark.parametrize("include", ["card-with-image.html", "testimonial.html",
                                     "graphic-block.html"])
def test_18f_includes_with_blank_lines_come_out_as_one_html_block(include):
    corpora = shared_corpus("corpora")
    site = Site(options=Options(), zone=timezone.utc, folder=PostFolder(posts_dir="posts"),
                post_link_targets={}, renderer=FragmentRenderer([]),
                jekyll=read_jekyll_site(corpora, "18f"))
    body = (f"Before.\n\n{{% include {include} link_url='/x/' image_path='/a.png' "
            "text_content='Text' quote='Quote' attribution='Name' body_text='Body' %}\n\nAfter.\n")
    read = read_post("posts/2020-01-01-x.md", f"---\ntitle: t\n---\n{body}", zone=timezone.utc,
                     file_time=FILE_TIME)
    result = render_liquid(read.body, read.post, site, language="en", first_line=4)
    assert not result.problems
    included = result.text.split("\n\n")[1]
    assert included.startswith("<") and "\n" not in included
    assert result.text.count("\n") == body.count("\n")
