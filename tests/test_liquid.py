"""Liquid → Markdown through the site's engine, on text alone (the build tests check pages).

The site is ``tests/roots/test-liquid/jekyll/``: ``baseurl: /blog``, ``url:
https://example.org``, ``permalink: pretty``, ``_data/members.yml`` and ``_includes/``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from docutils.core import publish_parts
from myst_parser.parsers.docutils_ import Parser

from bunko.jekyll_site import JekyllSite, read_jekyll_site
from bunko.liquid import render_liquid
from bunko.liquid.environment import MAX_LOOP_ITERATIONS, JekyllLiquid
from bunko.options import Options
from bunko.post import read_post
from bunko.render import FragmentRenderer
from bunko.site import Site
from bunko.sources import PostFolder
from conftest import ROOTS

SITE = read_jekyll_site(ROOTS / "test-liquid", "jekyll")
TARGETS = {"2026-01-01-target": "/posts/2026-01-01-target.md",
           "blog/2026-1-2-nested": "/posts/blog/2026-1-2-nested.md"}
FILE_TIME = datetime(2026, 1, 5, tzinfo=timezone.utc)
#: The site's zone: dates are shown in it, as Jekyll shows them in its ``timezone``.
ZONE = timezone(timedelta(hours=9))


def engine(site: JekyllSite = SITE, language: str = "en") -> JekyllLiquid:
    posts = Site(options=Options(), zone=ZONE, folder=PostFolder(posts_dir="posts"),
                 post_link_targets=TARGETS, renderer=FragmentRenderer([]), jekyll=site)
    return JekyllLiquid(site, find_post=posts.find_post, language=language, zone=ZONE,
                        posts_prefix="posts/", jekyll_dir="jekyll")


ENGINE = engine()


def render(body: str, front: str = "", *, path: str = "posts/2026-01-05-post.md",
           liquid: JekyllLiquid = ENGINE):
    """Render ``body`` as the body of a post whose front matter holds ``front``; the body
    starts on line 4 + the lines of ``front``."""
    read = read_post(path, f"---\ntitle: A post\n{front}---\n{body}", zone=ZONE,
                     file_time=FILE_TIME)
    return liquid.render_post(read.body, read.post, first_line=read.body_line)


def html_of(markdown: str) -> str:
    """The HTML MyST makes of ``markdown``."""
    return publish_parts(markdown, parser=Parser(), writer="html5",
                         settings_overrides={"raw_enabled": True, "report_level": 5,
                                             "halt_level": 5})["body"]


# Variables: site, site.data, page


def test_site_variables_are_the_old_sites():
    result = render("{{ site.title }}|{{ site.baseurl }}|{{ site.url }}|{{ site.team_name }}")
    assert result.text == "Old blog|/blog|https://example.org|Core team"


def test_links_keep_the_old_sites_urls_at_the_markdown_level():
    # The archive's link resolver (another module) maps these to the archive's pages.
    result = render("[a]({{ site.baseurl }}/2026/01/01/target/) "
                    "![logo]({{ '/logo.png' | relative_url }}) {{ 'x/' | absolute_url }}")
    assert result.text == ("[a](/blog/2026/01/01/target/) ![logo](/blog/logo.png) "
                           "https://example.org/blog/x/")


def test_site_without_baseurl_gives_empty_text():
    result = render("[a]({{ site.baseurl }}/x/) {{ site.url }}|", liquid=engine(JekyllSite()))
    assert result.text == "[a](/x/) |"
    assert not result.problems and not result.empty_outputs


def test_data_with_where_and_first():
    body = ('{% assign lead = site.data.members | where: "role", "lead" | first %}{{ lead.name }}'
            '|{{ site.data.members | where: "role", "writer" | map: "name" | join: "," }}'
            '|{{ site.data.members | where: "joined", "2021" | map: "name" | first }}')
    assert render(body).text == "Aiko|Ben,Chie|Ben"


def test_page_variables_come_from_front_matter_and_defaults():
    front = "tags: [b, a]\nimage: /img/x.png\ndate: 2026-02-10 03:29:00 +0900\n"
    body = ("{{ page.title }}|{{ page.image }}|{{ page.tags | join: ',' }}|"
            "{{ page.date | date: '%Y-%m-%d %H:%M %z' }}|{{ page.url }}|{{ page.path }}|"
            "{{ page.section }}")
    assert render(body, front, path="posts/blog/2026-02-10-x.md").text == (
        "A post|/img/x.png|b,a|2026-02-10 03:29 +0900|/2026/02/10/x/|_posts/blog/2026-02-10-x.md|"
        "From the blog folder")


def test_undefined_variables_render_empty_and_are_noted():
    result = render("a{{ page.nothing }}b{{ nothing | default: 'd' }}\n{{ page.nothing }}")
    assert result.text == "abd\n"
    assert result.empty_outputs == ((4, "{{ page.nothing }}"),)
    assert not result.problems


# Tags


def test_control_flow_tags():
    body = ("{% assign n = 3 %}{% capture word %}x{{ n }}{% endcapture %}{{ word }}|"
            "{% if n > 2 %}big{% elsif n > 1 %}mid{% else %}small{% endif %}|"
            "{% unless n == 3 %}no{% else %}yes{% endunless %}|"
            "{% case n %}{% when 1 %}one{% when 3 %}three{% endcase %}|"
            "{% for i in (1..10) limit: 3 offset: 2 %}{{ i }}{% endfor %}|"
            "{% for i in (1..3) reversed %}{{ i }}{% endfor %}|"
            "{% for i in (1..4) %}{% cycle 'a', 'b' %}{% endfor %}|"
            "{% increment c %}{% increment c %}|"
            "{% for i in (1..5) %}{% if i == 2 %}{% continue %}{% endif %}"
            "{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}")
    assert render(body).text == "x3|big|yes|three|345|321|abab|01|13"


def test_highlight_becomes_a_fence_longer_than_backticks_inside():
    result = render("{% highlight ruby %}\nputs '```'\n{% endhighlight %}\n")
    assert result.text == "````ruby\nputs '```'\n````\n"


def test_highlight_linenos_and_liquid_inside():
    result = render("{% highlight python linenos %}\nx = '{{ page.title }}'\n{% endhighlight %}")
    assert result.text == "```{code-block} python\n:linenos:\nx = 'A post'\n```"


def test_raw_is_kept_literally():
    result = render("{% raw %}{{ site.baseurl }} {% include x %}{% endraw %} {{ page.title }}")
    assert result.text == "{{ site.baseurl }} {% include x %} A post"
    assert not result.problems


def test_comment_is_dropped_but_keeps_the_line_count():
    result = render("a\n{% comment %}\nsecret {% if %}\n{% endcomment %}\nb")
    assert "secret" not in result.text
    assert result.text.count("\n") == 4 and result.text.endswith("\nb")


def test_a_tag_over_several_lines_before_a_blank_line_keeps_the_line_count():
    body = "{% include note.html\n   body='x' %}\n\n{{ page.nope }}"
    result = render(body)
    assert result.text.count("\n") == body.count("\n")
    assert result.empty_outputs == ((7, "{{ page.nope }}"),)


def test_post_url_and_link_found_and_missing():
    body = ("[a]({% post_url 2026-01-01-target %})\n[b]({% post_url nope %})\n"
            "[c]({% link _posts/blog/2026-1-2-nested.md %}) [d]({% link _posts/gone.md %})")
    result = render(body)
    assert result.text == ("[a](/posts/2026-01-01-target.md)\n[b]\n"
                           "[c](/posts/blog/2026-1-2-nested.md) [d]")
    assert [(problem.line, problem.message.split(":")[0]) for problem in result.problems] == [
        (5, "{% post_url nope %}"), (6, "{% link _posts/gone.md %}")]


def test_link_to_a_page_or_file_gives_its_old_url():
    result = render("[a]({% link about.md %}) [b]({% link assets/guide.pdf %})")
    assert result.text == "[a](/blog/about.html) [b](/blog/assets/guide.pdf)"


# Includes


def test_include_with_parameters_and_a_name_made_of_variables():
    body = ("{% include note.html body=page.title %}|{% include note.html body=\"text\" %}|"
            "{% include note.html %}|{% include {{ page.box }} body='dyn' %}")
    result = render(body, "box: note.html\n")
    assert result.text == ('<aside class="note">A post (Core team)</aside>|'
                           '<aside class="note">text (Core team)</aside>|'
                           '<aside class="note">No body (Core team)</aside>|'
                           '<aside class="note">dyn (Core team)</aside>')


def test_include_in_a_loop_with_an_object_parameter():
    body = "{% for m in site.data.members %}{% include boxes/member.html member=m %}{% endfor %}"
    assert render(body).text.count('<li class="member">') == 3


def test_included_html_with_blank_lines_and_indentation_stays_html_in_myst():
    body = ("Before.\n\n{% include card.html link_url='/join/' title='Join' "
            "text_content='Hello' %}\n\nAfter.\n\n{% include code.html %}\n")
    result = render(body)
    # The card is one line; the <pre> holding a blank line starts after one of its own.
    assert result.text.count("\n") == body.count("\n") + 4
    html = html_of(result.text)
    assert '<a class="card-link" href="/blog/join/">' in html
    assert '<p class="card-text">Hello</p>' in html
    assert "&lt;" not in html and "<pre><code" not in html
    assert "<pre>first line\n\nsecond line after a blank one</pre>" in html


def test_missing_include_is_a_placeholder_a_warning_and_counted():
    result = render("x\n{% include gone.html %}", liquid=engine(language="ja"))
    assert ("{% include gone.html %}: この埋め込みは変換できませんでした"
            in _text_of(result.text))
    (problem,) = result.problems
    assert problem.line == 5 and "there is no jekyll/_includes/gone.html" in problem.message
    assert result.left_out == {"{% include gone.html %}": 1}
    assert result.left_out_lines == {"{% include gone.html %}": 5}


def test_no_site_folder_means_no_include():
    result = render("{% include note.html %}", liquid=engine(JekyllSite()))
    assert "jekyll/_includes/ folder" in result.problems[0].message


@pytest.mark.parametrize("name", ["../_config.yml", "/etc/passwd", "./note.html",
                                  "boxes/../note.html", "..\\_config.yml", "note.html\x00"])
def test_no_file_outside_includes_can_be_read(name):
    result = render(f"{{% include {name} %}}")
    assert "Old blog" not in result.text and "root:" not in result.text
    assert '<aside class="note">' not in result.text
    assert result.problems and result.left_out == {f"{{% include {name} %}}": 1}


def test_a_link_out_of_includes_is_not_followed(tmp_path):
    folder = tmp_path / "jekyll"
    (folder / "_includes").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("SECRET")
    (folder / "_includes" / "out.html").symlink_to(tmp_path / "secret.txt")
    (folder / "_includes" / "in.html").write_text("inside")
    (folder / "_includes" / "alias.html").symlink_to(folder / "_includes" / "in.html")
    liquid = engine(read_jekyll_site(tmp_path, "jekyll"))
    result = render("{% include out.html %}|{% include alias.html %}", liquid=liquid)
    assert "SECRET" not in result.text and result.text.endswith("|inside")
    assert "only files inside jekyll/_includes/" in result.problems[0].message


def test_an_include_that_includes_itself_is_one_warning():
    result = render("before {% include self.html %} after")
    assert result.text.startswith("before <span") and result.text.endswith("after")
    assert result.text.count('<span class="self">') == 10
    (problem,) = result.problems
    assert "includes itself" in problem.message and problem.line == 4


def test_a_syntax_error_in_an_include_is_said_for_each_post_that_includes_it():
    for _post in range(2):
        result = render("x\n{% include broken.html %}")
        assert "never" in result.text and "after" in result.text
        (problem,) = result.problems
        assert "_includes/broken.html, line 1" in problem.message and problem.line == 5


# Limits, errors


def test_loop_iterations_are_limited():
    body = ("start {% for i in (1..1000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}"
            " end")
    result = render(body)
    assert result.text.startswith("start") and result.text.endswith("end")
    assert "x" not in result.text.removeprefix("start").removesuffix("end").strip()
    (problem,) = result.problems
    assert f"{MAX_LOOP_ITERATIONS:,}" in problem.message and problem.line == 4


def test_output_size_is_limited():
    body = ('kept\n{% capture k %}{% for i in (1..1000) %}0123456789{% endfor %}{% endcapture %}'
            "{% for i in (1..1000) %}{{ k }}{% endfor %}\nnever")
    result = render(body)
    assert result.text.startswith("kept\n") and len(result.text) <= 5_000_000
    (problem,) = result.problems
    assert "5 MB" in problem.message


def test_assigned_variables_are_limited():
    body = ('{% assign s = "xxxxxxxxxx" %}{% for i in (1..25) %}{% assign s = s | append: s %}'
            "{% endfor %}done")
    result = render(body)
    assert result.text.endswith("done")
    (problem,) = result.problems
    assert "assigned variables" in problem.message


def test_a_syntax_error_is_a_placeholder_and_the_rest_renders():
    body = "a {{ page.title }}\n{% if page.title == %}inside{% endif %} b\n{% for %} c"
    result = render(body)
    text = _text_of(result.text)
    assert text.startswith("a A post\n{% if … %}: could not be converted")
    assert "inside b" in text and text.endswith("{% for … %}: could not be converted c")
    assert [problem.line for problem in result.problems] == [5, 6]
    assert all("syntax error" in problem.message for problem in result.problems)


def test_an_unclosed_opener_is_a_placeholder_and_the_rest_renders():
    result = render("{{ page.title }} then {{ oops\n{% if true %}yes{% endif %}")
    assert _text_of(result.text) == "A post then {{ …: could not be converted oops\nyes"
    (problem,) = result.problems
    assert "'{{' is never closed" in problem.message and problem.line == 4


def test_a_failure_of_python_itself_is_one_warning():
    result = render("a {{ '1e999' | plus: 1 | ceil }} b")
    assert result.text == "a  b"
    (problem,) = result.problems
    assert "OverflowError" in problem.message and problem.line == 4


def test_a_filter_error_is_one_warning():
    result = render("a {{ 1 | divided_by: 0 }} b {{ 'x' | date_to_string }}")
    assert result.text == "a  b "
    assert len(result.problems) == 2


# What bunko cannot run: plugins


def test_unknown_tags_are_placeholders_in_the_sites_language():
    assert _text_of(render("{% amazon 4774142042 %}", liquid=engine(language="ja")).text) == \
        "{% amazon … %}: この埋め込みは変換できませんでした"
    result = render("{% amazon 4774142042 %}")
    assert _text_of(result.text) == "{% amazon … %}: could not be converted"
    assert result.left_out == {"{% amazon %}": 1}


def test_embedding_tags_become_link_cards():
    body = ("{% gist octocat/123 %}\n{% youtube dQw4w9WgXcQ %}\n{% vimeo 76979871 %}\n"
            "{% tweet https://twitter.com/x/status/1 %}\n{% oembed https://example.com/v %}")
    result = render(body)
    assert re.findall(r'href="([^"]+)"', result.text) == [
        "https://gist.github.com/octocat/123", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871", "https://twitter.com/x/status/1",
        "https://example.com/v"]
    assert result.text.count('<a class="bunko-embed"') == 5


def test_include_relative_is_a_placeholder_and_a_warning():
    result = render("{% include_relative snippet.md %}")
    assert _text_of(result.text) == "{% include_relative … %}: could not be converted"
    (problem,) = result.problems
    assert problem.message.startswith("{% include_relative %} reads files beside the post")
    assert result.left_out == {"{% include_relative %}": 1}


def test_a_block_plugin_keeps_its_content():
    result = render("{% blockquote Author %}Quoted **text**{% endblockquote %}")
    assert _text_of(result.text) == ("{% blockquote … %}: could not be converted"
                                     "Quoted **text**")


def test_plugins_are_one_warning_per_post_naming_each_once():
    body = ("{% oembed https://a.example/1 %}\n{% oembed https://a.example/2 %}\n"
            "{{ 'kane' | team_link }} {{ 'noah' | team_link }} {% amazon x %}")
    (problem,) = render(body).problems
    assert problem.line == 4
    for name in ("{% oembed %} ×2", "| team_link ×2", "{% amazon %}"):
        assert problem.message.count(name.split(" ×")[0]) == 1 and name in problem.message


def test_an_unknown_filter_keeps_its_input_visible():
    result = render('{{ "kane" | team_link }} {{ "<b>x</b>" | team_link }}')
    assert result.text.count('class="bunko-liquid bunko-liquid-filter"') == 2
    assert _text_of(result.text) == "kane| team_link <b>x</b>| team_link"
    assert "&lt;b&gt;" in result.text
    assert result.left_out == {"| team_link": 2}


def test_an_unknown_filter_on_an_address_is_a_link_card():
    result = render('{{ "https://www.youtube-nocookie.com/embed/x" | embed: "A talk" }}')
    assert 'href="https://www.youtube-nocookie.com/embed/x"' in result.text
    assert '<span class="bunko-embed-title">A talk</span>' in result.text


def test_everything_inserted_is_escaped():
    result = render('{% gist "><script>alert(1)</script> %}{{ "<script>" | x }}')
    assert "<script>" not in result.text


# Code is not Liquid


def test_liquid_in_code_is_left_as_written():
    body = ("`{{ span }}` and ``{% tag %}``\n\n```liquid\n{{ fenced }}\n{% if %}\n```\n\n"
            "~~~\n{{ tilde }}\n~~~\n{{ page.title }}")
    result = render(body)
    assert result.text == body.replace("{{ page.title }}", "A post")
    assert not result.problems


def test_raw_inside_code_is_dropped_as_jekyll_consumed_it():
    body = "```\n{% raw %}{{ x }}{% endraw %}\n```\n`{%raw%}{% y %}{%endraw%}`"
    assert render(body).text == "```\n{{ x }}\n```\n`{% y %}`"


def test_raw_opened_in_code_and_closed_after_it():
    body = "```sh\n{% raw %}\n{{ in code }}\n```\n{% endraw %}\nafter {{ page.title }}"
    assert render(body).text == "```sh\n\n{{ in code }}\n```\n\nafter A post"


def test_a_fence_inside_highlight_is_code_of_the_highlight():
    body = "{% highlight md %}\n```\n{{ page.title }}\n```\n{% endhighlight %}\n`{{ x }}`"
    assert render(body).text == "````md\n```\nA post\n```\n````\n`{{ x }}`"


def test_an_unclosed_fence_runs_to_the_end():
    assert render("```\n{{ x }}\n\n{% if %}").text == "```\n{{ x }}\n\n{% if %}"


def test_text_without_liquid_is_untouched():
    for body in ("plain text", "a { b } c", "json {\"a\": {\"b\": 1}}"):
        assert render(body).text == body


# Filters


@pytest.mark.parametrize(("expression", "expected"), [
    ("page.date | date: '%a %-d %b %Y, %I:%M %p %:z'", "Tue 10 Feb 2026, 03:29 AM +09:00"),
    ("page.date | date: '%e|%j|%L|%N|%3N|%^B|%s'", "10|041|000|000000000|000|FEBRUARY|1770661740"),
    ("page.date | date_to_string", "10 Feb 2026"),
    ("page.date | date_to_string: 'ordinal', 'US'", "Feb 10th, 2026"),
    ("page.date | date_to_long_string: 'ordinal'", "10th February 2026"),
    ("page.date | date_to_xmlschema", "2026-02-10T03:29:00+09:00"),
    ("page.date | date_to_rfc822", "Tue, 10 Feb 2026 03:29:00 +0900"),
    ("'2016-06-09' | date: '%B %-d, %Y'", "June 9, 2016"),
    ("'not a date' | date: '%Y'", "not a date"),
    ("'now' | date: '%Y'", "2026"),
    ("site.time | date: '%Y-%m-%d'", "2026-02-10"),
    ("page.date", "2026-02-10 03:29:00 +0900"),
])
def test_date_filters(expression, expected):
    front = "date: 2026-02-10 03:29:00 +0900\n"
    assert render(f"{{{{ {expression} }}}}", front).text == expected


@pytest.mark.parametrize(("expression", "expected"), [
    ("\"a <b> & 'd'\" | xml_escape", "a &lt;b&gt; &amp; &#39;d&#39;"),
    ("'a b&c/é' | cgi_escape", "a+b%26c%2F%C3%A9"),
    ("'a b/c?d=é' | uri_escape", "a%20b/c?d=%C3%A9"),
    ("'a b&c' | url_encode", "a+b%26c"),
    ("'*hi* [x](y)' | markdownify", '<p><em>hi</em> <a href="y">x</a></p>'),
    ("'Hello, World! 日本語 é' | slugify", "hello-world-日本語-é"),
    ("'Hello, World!' | slugify: 'pretty'", "hello,-world!"),
    ("'The _config.yml file' | slugify: 'raw'", "the-_config.yml-file"),
    ("'Café 日本' | slugify: 'ascii'", "caf"),
    ("'Café 日本' | slugify: 'latin'", "cafe"),
    ("site.data.members | first | jsonify", '{"name":"Aiko","role":"lead","joined":2019}'),
    ("'  a \t\t b  ' | normalize_whitespace", "a b"),
    ("'one two three' | number_of_words", "3"),
    ("'日本語の文 and two' | number_of_words: 'cjk'", "7"),
    ("'日本語' | number_of_words: 'auto'", "3"),
    ("'no cjk here' | number_of_words: 'auto'", "3"),
    ("page.tags | array_to_sentence_string", "a, b, and c"),
    ("page.tags | array_to_sentence_string: 'or'", "a, b, or c"),
    ("site.data.members | first | inspect",
     "{&quot;name&quot;=&gt;&quot;Aiko&quot;, &quot;role&quot;=&gt;&quot;lead&quot;, "
     "&quot;joined&quot;=&gt;2019}"),
    ("'12abc' | to_integer", "12"),
    ("true | to_integer", "1"),
    ("'<p>a <b>b</b></p>' | strip_html", "a b"),
    ("'/a/index.html' | strip_index", "/a/"),
    ("page.tags | pop | join", "a b"),
    ("page.tags | shift: 2 | join", "c"),
    ("page.tags | push: 'd' | join", "a b c d"),
    ("page.tags | unshift: 'z' | join", "z a b c"),
    ("site.data.members | sort: 'joined' | map: 'name' | join", "Aiko Chie Ben"),
    ("site.data.members | sort: 'nothing', 'last' | map: 'name' | join", "Aiko Ben Chie"),
    ("page.tags | reverse | sort | join", "a b c"),
    ("site.data.members | where_exp: 'm', 'm.joined > 2019' | map: 'name' | join", "Ben Chie"),
    ("site.data.members | find: 'role', 'writer' | map: 'name'", "Ben"),
    ("site.data.members | find_exp: 'm', 'm.name contains \"hi\"' | map: 'name'", "Chie"),
    ("site.data.members | group_by: 'role' | map: 'name' | join: ','", "lead,writer"),
    ("site.data.members | group_by_exp: 'm', 'm.joined | modulo: 2' | map: 'size' | join",
     "2 1"),
    ("page.title | upcase | truncate: 4", "A..."),
])
def test_jekyll_and_liquid_filters(expression, expected):
    front = "date: 2026-02-10 03:29:00 +0900\ntags: [a, b, c]\n"
    result = render(f"{{{{ {expression} }}}}", front)
    assert result.text == expected
    assert not result.problems


def test_smartify():
    result = render("{% capture s %}\"Hi\" -- it's...{% endcapture %}{{ s | smartify }}")
    assert result.text == "&ldquo;Hi&rdquo; &ndash; it&rsquo;s&hellip;"


def test_sample_is_the_same_in_every_build():
    names = {"Aiko", "Ben", "Chie"}
    first = render("{{ site.data.members | sample | map: 'name' }}").text
    assert first in names
    assert all(render("{{ site.data.members | sample | map: 'name' }}").text == first
               for _build in range(5))
    two = render("{{ site.data.members | sample: 2 | map: 'name' | join: ',' }}").text
    assert len(set(two.split(","))) == 2 and set(two.split(",")) <= names


def _text_of(markdown: str) -> str:
    """The text a reader sees of Markdown holding bunko's inline HTML."""
    text = re.sub(r"<[^>]+>", "", markdown)
    return re.sub(r"&#(\d+);", lambda match: chr(int(match.group(1))),
                  text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_placeholders_never_write_liquid_openers():
    result = render("{% amazon x %}{{ 'a' | nope }}{% if %}{{ x")
    assert "{{" not in result.text and "{%" not in result.text


def test_a_post_without_liquid_makes_no_environment():
    site = Site(options=Options(), zone=timezone.utc, folder=PostFolder(posts_dir="posts"),
                post_link_targets={}, renderer=FragmentRenderer([]), jekyll=SITE)
    read = read_post("posts/x.md", "---\ntitle: t\n---\n{ not liquid }", zone=timezone.utc,
                     file_time=FILE_TIME)
    result = render_liquid(read.body, read.post, site, language="en", first_line=4)
    assert result.text == "{ not liquid }" and site.liquid is None
    render_liquid("{{ site.title }}", read.post, site, language="en", first_line=4)
    assert site.liquid is not None


def test_a_site_without_liquid_never_imports_the_engine():
    import subprocess
    import sys

    code = ("import sys, bunko, bunko.reader, bunko.commands.check; "
            "sys.exit('liquid' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_page_holds_the_front_matter_as_written():
    front = ("layout: post\nimage:\n  path: /img/a.png\nauthors: [kane, noah]\n"
             "tags: b a\npublished: true\n")
    body = ("{{ page.layout }}|{{ page.image.path }}|{{ page.authors | join: '+' }}|"
            "{{ page.tags | size }}|{{ page.published }}")
    assert render(body, front).text == "post|/img/a.png|kane+noah|2|true"
