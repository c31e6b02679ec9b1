"""Hostile input for property tests and the fuzz target: YAML values, term names, whole files.

Shared by ``test_hostile_properties.py`` (a few hundred cases in ``make test``) and
``fuzz_posts.py`` (``make fuzz``: as many as fit in the time given). The fragments are what
real attacks and real accidents look like: markup, event attributes, Jinja and Liquid,
control characters, path tricks, YAML aliases and tags, both Unicode normal forms.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml
from hypothesis import strategies as st

#: Text that must stay text wherever it is shown.
MARKUP = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>",
    "</ul><script>", "<!--", "]]>", "&amp;", "&#x3c;script&#x3e;", "javascript:alert(1)",
    "{{ 7*7 }}", "{% raw %}", "{% endraw %}", "{% include x %}", "{{ site.baseurl }}",
    "{# c #}", "${7*7}", "'", '"', "`", "\\",
]
#: Names that would be paths, device names or nothing at all if used as one.
PATHS = ["..", ".", "../../x", "/etc/passwd", "a/b", "a\\b", "CON", "nul", "com1", "LPT9",
         "~", "x" * 300, "データ" * 100, "-", "#", "?", "%2e%2e", "index", "page", "tags"]
UNICODE = ["AI", "ai", "ＡＩ", "データベース", "テ\u3099", "e\u0301", "é", "ǰ", "ß", "ﬁ", "İ",
           "\u200b", "\u202e", "\ufeff", "\u3000", "🏳️‍🌈", "日本語", "한국어", "\U0001d400"]
CONTROL = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\t", "\r", "\n", "\x0b"]
FRAGMENTS = MARKUP + PATHS + UNICODE + CONTROL

#: Text built from hostile fragments and arbitrary characters (any code point but surrogates).
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)),
                        max_size=6).map("".join)

yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), hostile_text,
    st.dates(), st.datetimes(timezones=st.none() | st.timezones()),
)
#: Any value YAML can hold: scalars, lists, mappings, nested.
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(hostile_text | st.integers(), children, max_size=4),
    max_leaves=12,
)

FRONT_MATTER_KEYS = ["title", "date", "categories", "category", "tags", "tag", "author",
                     "authors", "excerpt", "reading_time", "published", "draft", "permalink",
                     "layout"]
front_matter_data = st.dictionaries(st.sampled_from(FRONT_MATTER_KEYS) | hostile_text,
                                    yaml_values, max_size=8)

#: YAML nobody should write, written anyway: broken syntax, unsafe tags, aliases, depth.
YAML_LINES = [
    "title: \"unclosed", "title: 'a''b'", "tags: [a, b", "tags: {a: 1}", "  - x", "- a",
    "title: &a x", "tags: *a", "tags: &r [*r]", "<<: *a", "? [a, b]\n: c",
    "title: !!python/object/apply:os.system ['true']", "title: !!binary aGk=",
    "date: 2026-13-45", "date: June 9, 2016", "date: 2017-09-27 (optional)",
    "reading_time: .inf", "reading_time: -.inf", "reading_time: .nan", "reading_time: 1e308",
    "published: maybe", "tags: " + "[" * 600 + "]" * 600,
    "tags:\n" + "".join("  " * depth + "-\n" for depth in range(60)), "\t: tab", ":", "---", "...",
    "key: |\n  block\n  text", "key: >-\n  folded", "%YAML 1.1", "!!set {a, b}",
]
raw_front_matter = st.lists(st.sampled_from(YAML_LINES) | hostile_text.map(lambda t: f"title: {t}"),
                            max_size=6).map("\n".join)

MARKDOWN_LINES = [
    "# Heading", "## {{ 7*7 }}", "```", "```python", "~~~", "| a | b |", "|---|---|",
    "| 1 | 2 |", "<script>alert('body')</script>", "{% highlight ruby %}", "{% endhighlight %}",
    "{% raw %}", "{% endraw %}", "{% comment %}", "{% endcomment %}", "{% post_url x %}",
    "{% link posts/x.md %}", "[x]({{ site.baseurl }}/2015/03/19/x/)", "---END---", "---", "***",
    "```{bunko-posts}", "```{tags} a, b", ":::{note}", ":::", "[^1]: note", "[^1]", "> quote",
    "- item", "1. item", "![img](javascript:alert(1))", "[a](javascript:alert(1))", "$$",
    "```{raw} html", "```{include} /etc/passwd", "```{literalinclude} ../../conf.py",
    "```{eval-rst}", ".. raw:: html", "{{", "}}", "{%", "%}",
]
markdown_body = st.lists(st.sampled_from(MARKDOWN_LINES) | hostile_text, max_size=12).map(
    "\n".join)


@st.composite
def post_files(draw: st.DrawFn) -> bytes:
    """A whole post file as bytes: optional BOM, some front matter (valid YAML of any value,
    broken YAML or none), a Markdown body, LF/CRLF/CR line ends, mostly UTF-8."""
    kind = draw(st.sampled_from(["data", "raw", "none", "empty"]))
    if kind == "data":
        data = draw(front_matter_data)
        try:
            front = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n"
        except yaml.YAMLError:
            front = "---\n---\n"
    elif kind == "raw":
        front = "---\n" + draw(raw_front_matter) + "\n---\n"
    elif kind == "empty":
        front = "---\n---\n"
    else:
        front = ""
    text = front + draw(markdown_body) + draw(st.sampled_from(["", "\n"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\n", newline)
    if draw(st.booleans()):
        text = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "shift_jis", "utf-16"]))
    data_bytes = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:
        position = draw(st.integers(0, len(data_bytes)))
        data_bytes = data_bytes[:position] + draw(st.binary(max_size=4)) + data_bytes[position:]
    return data_bytes


#: A slug is one path part that every file system and URL takes as it is.
SAFE_SLUG = re.compile(r"[^\x00-\x20\x7f/\\?#%:*\"<>|]+")


def is_safe_path_component(slug: str) -> bool:
    return (bool(SAFE_SLUG.fullmatch(slug)) and slug not in (".", "..")
            and not slug.startswith(("-", ".")) and len(slug.encode("utf-8")) <= 200
            and slug.split(".")[0].casefold() not in _WINDOWS_DEVICES
            and unicodedata.normalize("NFC", slug) == slug)


_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                    *(f"lpt{i}" for i in range(10))}

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def new_site(site: Path, *, language: str = "ja", conf: str = "") -> Path:
    """An empty bunko site in ``site``: conf.py (plus ``conf``), a home page listing the
    posts, an empty ``posts/``. Returns the posts folder."""
    (site / "posts").mkdir(parents=True)
    (site / "conf.py").write_text(f'extensions = ["bunko"]\nhtml_theme = "furo"\n'
                                  f'language = "{language}"\nbunko_timezone = "UTC"\n{conf}')
    (site / "index.md").write_text("# Home\n\n```{bunko-posts}\n```\n")
    return site / "posts"
