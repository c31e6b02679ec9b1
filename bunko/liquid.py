"""Jekyll's Liquid tags, turned into Markdown before MyST reads the text.

Real Jekyll posts use Liquid for links (``{{ site.baseurl }}``, ``{% post_url %}``), code
(``{% highlight %}``) and escaping (``{% raw %}``); the rest (``include``, ``if``, ``for``...)
needs a Jekyll site to mean anything. We convert the first kind and leave the rest out, saying
so once per tag name. Replacements keep the number of lines, so MyST's line numbers still
point into the writer's file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .post import Problem

_TOKEN = re.compile(r"\{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%\}|\{\{-?(?P<expr>.*?)-?\}\}", re.S)
_SITE_ROOT_EXPR = re.compile(r"^\s*site\.(?:baseurl|url)\s*$")
#: The site path that follows ``{{ site.baseurl }}`` in a link: up to a space, quote or ")".
_SITE_PATH = re.compile(r"/[^\s)\"'<>]*")


@dataclass
class LiquidResult:
    text: str
    problems: list[Problem] = field(default_factory=list)


def convert_liquid(body: str, *, site_root: str, find_post: Callable[[str], str | None],
                   find_site_path: Callable[[str], str | None] = lambda path: None,
                   first_line: int = 1) -> LiquidResult:
    """Convert ``body``'s Liquid.

    ``site_root`` is the relative path from this page to the site root (``..``);
    ``find_post`` maps a ``post_url``/``link`` argument to a link target, or None;
    ``find_site_path`` maps a Jekyll URL path (``/2015/03/19/title/``) to a post's link target,
    so old internal links lead to the archive's page instead of nowhere.
    """
    if "{" not in body:
        return LiquidResult(body)
    out: list[str] = []
    problems: list[Problem] = []
    dropped: dict[str, int] = {}
    position = 0
    mode = "text"  # or "raw", "comment"
    fence = "```"

    def line_at(index: int) -> int:
        return first_line + body.count("\n", 0, index)

    for match in _TOKEN.finditer(body):
        tag = match.group("tag")
        if mode == "raw":
            if tag == "endraw":
                out.append(body[position:match.start()])
                position, mode = match.end(), "text"
            continue
        if mode == "comment":
            if tag == "endcomment":
                out.append("\n" * body.count("\n", position, match.end()))
                position, mode = match.end(), "text"
            continue
        out.append(body[position:match.start()])
        position = match.end()
        source = match.group(0)
        replacement_start = len(out)
        if tag is None:
            if not _SITE_ROOT_EXPR.match(match.group("expr")):
                out.append(source)
                continue
            site_path = _SITE_PATH.match(body, match.end())
            target = find_site_path(site_path.group(0)) if site_path else None
            if target is not None and site_path is not None:
                out.append(target)
                position = site_path.end()
            else:
                out.append(site_root)
            _keep_line_count(out, replacement_start, source)
            continue
        args = match.group("args").strip()
        if tag == "raw":
            mode = "raw"
        elif tag == "comment":
            mode = "comment"
        elif tag == "highlight":
            fence = _fence_around(body, match.end())
            out.append(_open_fence(fence, args))
        elif tag == "endhighlight":
            out.append(fence)
        elif tag in ("post_url", "link"):
            target = find_post(args.split()[0] if args else "")
            if target is None:
                problems.append(Problem(f"{{% {tag} {args} %}}: no such post in this site; "
                                        f"the link is shown as plain text", line_at(match.start())))
                if out[-1].endswith("](") and body.startswith(")", match.end()):
                    # [text]({% post_url gone %}) → [text]: no link MyST would warn about again.
                    out[-1] = out[-1][:-1]
                    position += 1
            else:
                out.append(target)
        else:
            dropped.setdefault(tag, line_at(match.start()))
        # Dropped block content stays: its text is the writer's, only the logic is lost.
        _keep_line_count(out, replacement_start, source)
    out.append(body[position:])
    if mode == "raw":
        problems.append(Problem("{% raw %} is never closed by {% endraw %}; the rest of the "
                                "post is shown as written"))
    for tag, line in dropped.items():
        problems.append(Problem(f"Liquid tag {{% {tag} %}} needs Jekyll and was left out", line))
    return LiquidResult("".join(out), problems)


def _keep_line_count(out: list[str], start: int, source: str) -> None:
    """A tag written over several lines (an ``{% include %}`` with one parameter a line)
    leaves as many line ends as it had, so the lines after it keep their numbers in MyST's
    warnings."""
    missing = source.count("\n") - sum(part.count("\n") for part in out[start:])
    if missing > 0:
        out.append("\n" * missing)


def _fence_around(body: str, start: int) -> str:
    """A fence longer than any backtick run in the code, so the code cannot close it."""
    end = body.find("endhighlight", start)
    code = body[start:end if end != -1 else len(body)]
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def _open_fence(fence: str, args: str) -> str:
    words = args.split()
    language = words[0] if words else ""
    if "linenos" in words[1:]:
        return f"{fence}{{code-block}} {language}\n:linenos:"
    return f"{fence}{language}"


#: What ``convert_liquid`` turns into Markdown (in ``count_liquid``'s names); other tags are left
#: out, other ``{{ ... }}`` kept as written.
CONVERTED = frozenset({"raw", "comment", "highlight", "post_url", "link", "site.baseurl"})


def count_liquid(body: str) -> Counter[str]:
    """How often ``body`` uses each Liquid tag, as ``convert_liquid`` meets them: tags by name,
    ``{{ site.baseurl }}`` (and ``site.url``) as ``site.baseurl``, any other ``{{ ... }}`` as
    ``{{ }}``; what ``raw`` and ``comment`` enclose is text, not Liquid. For reports made
    before a build (``bunko import``), which say what will be converted and what left out."""
    counts: Counter[str] = Counter()
    closing = ""
    for match in _TOKEN.finditer(body):
        tag = match.group("tag")
        if closing:
            if tag == closing:
                closing = ""
            continue
        if tag is None:
            counts["site.baseurl" if _SITE_ROOT_EXPR.match(match.group("expr")) else "{{ }}"] += 1
            continue
        counts[tag] += 1
        if tag in ("raw", "comment"):
            closing = f"end{tag}"
    return counts
