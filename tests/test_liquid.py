"""Liquid → Markdown, on text alone (the build tests check the pages)."""

from __future__ import annotations

from bunko.liquid import convert_liquid

TARGETS = {"2026-01-01-target": "/posts/2026-01-01-target.md"}


def convert(body: str, **kwargs):
    return convert_liquid(body, site_root="..", find_post=TARGETS.get, **kwargs)


def test_site_baseurl_and_url_become_the_relative_site_root():
    result = convert("![a]({{ site.baseurl }}/img/a.png) [b]({{site.url}}/x/)")
    assert result.text == "![a](../img/a.png) [b](../x/)"
    assert not result.problems


def test_jekyll_post_urls_after_baseurl_resolve_to_the_post():
    result = convert("[a]({{ site.baseurl }}/2026/01/01/target/)",
                     find_site_path=lambda path: TARGETS["2026-01-01-target"])
    assert result.text == "[a](/posts/2026-01-01-target.md)"


def test_post_url_found_and_missing():
    result = convert("[a]({% post_url 2026-01-01-target %})\n[b]({% post_url nope %})\n",
                     first_line=5)
    assert "[a](/posts/2026-01-01-target.md)" in result.text
    assert "[b]\n" in result.text, "a link to a missing post is left as its text"
    (problem,) = result.problems
    assert "nope" in problem.message and problem.line == 6


def test_highlight_becomes_a_fence_longer_than_backticks_inside():
    result = convert("{% highlight ruby %}\nputs '```'\n{% endhighlight %}\n")
    assert result.text == "````ruby\nputs '```'\n````\n"


def test_highlight_linenos():
    result = convert("{% highlight python linenos %}\nx = 1\n{% endhighlight %}")
    assert result.text.startswith("```{code-block} python\n:linenos:\nx = 1")


def test_raw_is_kept_literally_and_other_expressions_are_shown():
    result = convert("{% raw %}{{ site.baseurl }} {% include x %}{% endraw %} {{ page.title }}")
    assert result.text == "{{ site.baseurl }} {% include x %} {{ page.title }}"
    assert not result.problems


def test_other_tags_are_left_out_with_one_warning_per_tag_name():
    result = convert("{% include a.html %}\n{% include b.html %}\n{% if x %}kept{% endif %}")
    assert result.text == "\n\nkept"
    messages = sorted(problem.message for problem in result.problems)
    assert len(messages) == 3  # include, if, endif
    assert any("{% include %}" in message for message in messages)


def test_comment_is_dropped_but_keeps_line_count():
    result = convert("a\n{% comment %}\nsecret\n{% endcomment %}\nb")
    assert "secret" not in result.text
    assert result.text.count("\n") == 4


def test_text_without_braces_is_untouched():
    assert convert("plain text").text == "plain text"
