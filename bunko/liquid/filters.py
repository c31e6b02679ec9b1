"""Jekyll's filters, as Jekyll 4 defines them (``lib/jekyll/filters*.rb``), over Liquid's.

Values are compared and printed as Ruby does (``true``, ``""`` for nil, numbers in text read
as numbers by ``where`` and ``sort``), because the posts were written against Jekyll's
output. Where Jekyll's answer depends on the moment of the build (``sample``, ``"now"``)
the answer here depends on the input alone, so every build of a post renders the same page.
"""

from __future__ import annotations

import functools
import html
import json
import random
import re
import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import cmp_to_key
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

from liquid import RenderContext
from liquid.builtin.expressions import BooleanExpression, FilteredExpression, tokenize
from liquid.exceptions import FilterArgumentError, LiquidError
from liquid.filter import with_context, with_environment
from liquid.stream import TokenStream
from liquid.stringify import to_liquid_string
from liquid.token import TOKEN_EXPRESSION, Token
from liquid.undefined import Undefined

from .markdown import html_block
from .ruby_time import RubyTime, ruby_strftime, to_time

if TYPE_CHECKING:
    from .environment import JekyllLiquid

_INTEGER_LIKE = re.compile(r"\s*-?\d+\s*")
_FLOAT_LIKE = re.compile(r"\s*-?(?:\d+\.?\d*|\.\d+)\s*")
_LEADING_INTEGER = re.compile(r"\s*[-+]?\d+")
_INDEX_PAGE = re.compile(r"/index\.html?$")
#: Jekyll's ``number_of_words`` counts each character of these scripts as a word (``cjk``).
_CJK = ("\u1100-\u11ff\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3041-\u309f"
        "\u30a1-\u30fa\u30fd-\u30ff\u3131-\u318e\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
        "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff6f\uff71-\uff9d\uffa0-\uffdc"
        "\U00020000-\U0003134f")
_CJK_CHARACTER = re.compile(f"[{_CJK}]")
_NON_CJK_WORD = re.compile(rf"[^{_CJK}\s]+")
_SLUG_KEPT = {"raw": None, "default": "", "pretty": "._~!$&'()+,;=@", "ascii": None,
              "latin": ""}


def ruby_text(value: object) -> str:
    """``value.to_s`` as Ruby writes it: nil is "", true is "true"."""
    if value is None or isinstance(value, Undefined):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return str(RubyTime.of(value))
    return to_liquid_string(value, False)


def _env(context: RenderContext) -> JekyllLiquid:
    return context.env  # type: ignore[return-value]


def _items(value: object) -> list[Any] | None:
    """A filter's input as the list Jekyll iterates (a hash's values), or ``None``."""
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, (list, tuple)):
        return list(value)
    return None


def _sort_input(value: object) -> object:
    """Jekyll's ``parse_sort_input``: text holding a number is that number."""
    if isinstance(value, str):
        if _INTEGER_LIKE.fullmatch(value):
            return int(value)
        if _FLOAT_LIKE.fullmatch(value):
            return float(value)
    return value


def _property(item: object, name: object) -> object:
    """``item.name`` (dotted names go down), as Jekyll's ``item_property`` reads it."""
    value = item
    for part in str(name).split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return None if isinstance(value, Undefined) else _sort_input(value)


def _matches(value: object, target: object) -> bool:
    """Jekyll's ``compare_property_vs_target``."""
    if target is None or isinstance(target, Undefined):
        return value is None
    if value is None:
        return False
    target = ruby_text(target)
    if isinstance(value, str):
        return value == target
    values = value if isinstance(value, (list, tuple)) else [value]
    return any(ruby_text(item) == target for item in values)


def _kept_by_property(items: object, name: object, target: object) -> Iterator[Any] | None:
    """The items whose property ``name`` matches ``target``, as ``where`` and ``find`` keep
    them; None where Jekyll leaves the input alone (no list, no name, a list as target)."""
    listed = _items(items)
    if listed is None or not name or isinstance(target, (list, dict)):
        return None
    return (item for item in listed if _matches(_property(item, name), target))


def where(items: object, name: object = None, target: object = None) -> object:
    kept = _kept_by_property(items, name, target)
    return items if kept is None else list(kept)


def find(items: object, name: object = None, target: object = None) -> object:
    kept = _kept_by_property(items, name, target)
    return None if kept is None else next(kept, None)


@functools.lru_cache(maxsize=256)
def _expression(env: JekyllLiquid, text: str, kind: str) -> Any:
    """A ``where_exp`` condition or ``group_by_exp`` expression, parsed once."""
    token = Token(TOKEN_EXPRESSION, text, 0, text)
    parser = BooleanExpression if kind == "condition" else FilteredExpression
    try:
        return parser.parse(env, TokenStream(tokenize(text, token)))
    except LiquidError as err:
        raise FilterArgumentError(f"cannot read {text!r}: {err.message}", token=None) from err


def _each(context: RenderContext, items: list[Any], variable: object,
          expression: object, kind: str) -> list[tuple[Any, object]]:
    parsed = _expression(_env(context), str(expression), kind)
    results = []
    for item in items:
        with context.extend({str(variable): item}):
            results.append((item, parsed.evaluate(context)))
    return results


@with_context
def where_exp(items: object, variable: object, expression: object, *,
              context: RenderContext) -> object:
    kept = _kept_by_condition(items, variable, expression, context)
    return items if kept is None else list(kept)


@with_context
def find_exp(items: object, variable: object, expression: object, *,
             context: RenderContext) -> object:
    kept = _kept_by_condition(items, variable, expression, context)
    return None if kept is None else next(kept, None)


def _kept_by_condition(items: object, variable: object, expression: object,
                       context: RenderContext) -> Iterator[Any] | None:
    """The items for which ``expression`` holds, as ``where_exp`` and ``find_exp`` keep them;
    None when the input is no list."""
    listed = _items(items)
    if listed is None:
        return None
    return (item for item, kept in _each(context, listed, variable, expression, "condition")
            if kept)


def _grouped(pairs: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for item, name in pairs:
        groups.setdefault(name, []).append(item)
    return [{"name": name, "items": members, "size": len(members)}
            for name, members in groups.items()]


def group_by(items: object, name: object) -> object:
    listed = _items(items)
    if listed is None:
        return items
    return _grouped([(item, ruby_text(_property(item, name))) for item in listed])


@with_context
def group_by_exp(items: object, variable: object, expression: object, *,
                 context: RenderContext) -> object:
    listed = _items(items)
    if listed is None:
        return items
    return _grouped([(item, ruby_text(value))
                     for item, value in _each(context, listed, variable, expression, "value")])


def _compare(first: object, second: object) -> int:
    try:
        return (first > second) - (first < second)  # type: ignore[operator]
    except TypeError:
        text_first, text_second = ruby_text(first), ruby_text(second)
        return (text_first > text_second) - (text_first < text_second)


def sort(items: object, name: object = None, nils: object = "first") -> object:
    if items is None or isinstance(items, Undefined):
        raise FilterArgumentError("cannot sort nothing", token=None)
    listed = (list(items.items()) if isinstance(items, Mapping)
              else list(items) if isinstance(items, (list, tuple)) else [items])
    if name is None or isinstance(name, Undefined):
        return sorted(listed, key=cmp_to_key(_compare))
    if nils not in ("first", "last"):
        raise FilterArgumentError(f"nils order {nils!r} must be 'first' or 'last'", token=None)
    order = -1 if nils == "first" else 1

    def by_property(first: tuple[object, Any], second: tuple[object, Any]) -> int:
        if first[0] is not None and second[0] is None:
            return -order
        if first[0] is None and second[0] is not None:
            return order
        return _compare(first[0], second[0])

    keyed = sorted(((_property(item, name), item) for item in listed),
                   key=cmp_to_key(by_property))
    return [item for _value, item in keyed]


def _count(value: object) -> int:
    try:
        return int(ruby_text(value) or 1)
    except ValueError:
        return 1


def sample(items: object, count: object = 1) -> object:
    """Jekyll draws at random; here the draw is seeded by the input, so a page is the
    same in every build."""
    listed = _items(items)
    if listed is None or not listed:
        return items if listed is None else None
    chooser = random.Random(repr(listed))
    wanted = _count(count)
    if wanted == 1:
        return chooser.choice(listed)
    return chooser.sample(listed, max(0, min(wanted, len(listed))))


def pop(items: object, count: object = 1) -> object:
    listed = _items(items) if isinstance(items, (list, tuple)) else None
    return items if listed is None else listed[:max(0, len(listed) - _count(count))]


def shift(items: object, count: object = 1) -> object:
    listed = _items(items) if isinstance(items, (list, tuple)) else None
    return items if listed is None else listed[_count(count):]


def push(items: object, value: object) -> object:
    return [*items, value] if isinstance(items, (list, tuple)) else items


def unshift(items: object, value: object) -> object:
    return [value, *items] if isinstance(items, (list, tuple)) else items


def array_to_sentence_string(items: object, connector: object = "and") -> str:
    listed = [ruby_text(item) for item in _items(items) or []]
    word = ruby_text(connector)
    if len(listed) < 2:
        return "".join(listed)
    if len(listed) == 2:
        return f"{listed[0]} {word} {listed[1]}"
    return f"{', '.join(listed[:-1])}, {word} {listed[-1]}"


def normalize_whitespace(value: object) -> str:
    return re.sub(r"\s+", " ", ruby_text(value)).strip()


def number_of_words(value: object, mode: object = None) -> int:
    """Words, as Jekyll counts them: ``cjk`` counts each Chinese, Japanese or Korean
    character as a word; ``auto`` does so when there are any."""
    text = ruby_text(value)
    if mode == "cjk":
        return len(_CJK_CHARACTER.findall(text)) + len(_NON_CJK_WORD.findall(text))
    if mode == "auto":
        characters = len(_CJK_CHARACTER.findall(text))
        return characters + len(_NON_CJK_WORD.findall(text)) if characters else len(text.split())
    return len(text.split())


def to_integer(value: object) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return int(value)
    match = _LEADING_INTEGER.match(ruby_text(value))
    return int(match.group()) if match else 0


def _inspect(value: object) -> str:
    """Ruby's ``inspect``."""
    if value is None or isinstance(value, Undefined):
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_inspect(key)}=>{_inspect(item)}"
                               for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_inspect(item) for item in value) + "]"
    return ruby_text(value)


def inspect(value: object) -> str:
    return xml_escape(_inspect(value))


def _json_value(value: object) -> object:
    if isinstance(value, Undefined):
        return None
    if isinstance(value, (datetime, date)):
        return ruby_text(value)
    return str(value)


def jsonify(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_value)


def xml_escape(value: object) -> str:
    return html.escape(ruby_text(value), quote=True).replace("&#x27;", "&#39;")


def cgi_escape(value: object) -> str:
    return quote_plus(ruby_text(value))


def uri_escape(value: object) -> str:
    return quote(ruby_text(value), safe="!#$%&'()*+,/:;=?@[]~")


def slugify(value: object, mode: object = None) -> str:
    """Jekyll's ``Utils.slugify``: ``raw`` (spaces), ``default`` (letters, marks and digits
    of any script kept), ``pretty`` (and ``._~!$&'()+,;=@``), ``ascii``, ``latin`` (accents
    dropped first)."""
    text = ruby_text(value)
    mode = ruby_text(mode) or "default"
    if mode not in _SLUG_KEPT:
        return text.lower()
    if mode == "latin":
        text = "".join(char if ord(char) < 128 else "?" for char in unicodedata.normalize(
            "NFKD", text) if not unicodedata.combining(char))
    if mode == "raw":
        slug = re.sub(r"\s+", "-", text)
    elif mode == "ascii":
        slug = re.sub(r"[^A-Za-z0-9]+", "-", text)
    else:
        kept = _SLUG_KEPT[mode] or ""
        slug = "".join(char if (unicodedata.category(char)[0] in "LM"
                                or unicodedata.category(char) == "Nd" or char in kept)
                       else "\0" for char in text)
        slug = re.sub("\0+", "-", slug)
    return slug.strip("-").lower()


@with_environment
def relative_url(value: object, *, environment: JekyllLiquid) -> object:
    """The old site's URL of a path: its ``baseurl`` before it (the archive's link
    resolver maps old URLs to the archive's pages)."""
    if value is None or isinstance(value, Undefined):
        return None
    if isinstance(value, Mapping) and "url" in value:
        value = value["url"]
    text = ruby_text(value)
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", text):
        return text
    parts = [environment.jekyll.baseurl, text]
    return "".join(part if not part or part.startswith("/") else f"/{part}" for part in parts)


@with_environment
def absolute_url(value: object, *, environment: JekyllLiquid) -> object:
    relative = relative_url(value, environment=environment)
    if not isinstance(relative, str) or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", relative):
        return relative
    return f"{environment.jekyll.url}{relative}"


def strip_index(value: object) -> str:
    return _INDEX_PAGE.sub("/", ruby_text(value))


def _time_of(value: object, environment: JekyllLiquid) -> datetime:
    """Jekyll's ``time()``: the input as a time in the site's zone, or an error."""
    moment = to_time(value, environment.zone)
    if moment is None:
        raise FilterArgumentError(f"{ruby_text(value)!r} is not a date", token=None)
    return moment.astimezone(environment.zone)


@with_context
def date_filter(value: object, pattern: object = None, *, context: RenderContext) -> object:
    """Liquid's ``date``: Ruby's ``strftime``; text that holds no date is left as it is."""
    if value is None or isinstance(value, Undefined):
        return ""
    if pattern is None or isinstance(pattern, Undefined) or not ruby_text(pattern):
        return value
    if value in ("now", "today"):
        value = context.get(["site", "time"], token=None)
    moment = to_time(value, _env(context).zone)
    return value if moment is None else ruby_strftime(moment, ruby_text(pattern))


def _ordinal(day: int) -> str:
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _date_string(value: object, month: str, kind: object, style: object,
                 environment: JekyllLiquid) -> object:
    if not ruby_text(value):
        return value
    moment = _time_of(value, environment)
    if kind == "ordinal":
        day = f"{moment.day}{_ordinal(moment.day)}"
        pattern = f"{month} {day}, %Y" if style == "US" else f"{day} {month} %Y"
        return ruby_strftime(moment, pattern)
    return ruby_strftime(moment, f"%d {month} %Y")


@with_environment
def date_to_string(value: object, kind: object = None, style: object = None, *,
                   environment: JekyllLiquid) -> object:
    return _date_string(value, "%b", kind, style, environment)


@with_environment
def date_to_long_string(value: object, kind: object = None, style: object = None, *,
                        environment: JekyllLiquid) -> object:
    return _date_string(value, "%B", kind, style, environment)


@with_environment
def date_to_xmlschema(value: object, *, environment: JekyllLiquid) -> str:
    return ruby_strftime(_time_of(value, environment), "%Y-%m-%dT%H:%M:%S%:z")


@with_environment
def date_to_rfc822(value: object, *, environment: JekyllLiquid) -> str:
    return ruby_strftime(_time_of(value, environment), "%a, %d %b %Y %H:%M:%S %z")


@functools.cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def markdownify(value: object) -> str:
    """Markdown as HTML (Jekyll's kramdown; here markdown-it, as CommonMark), in one block
    MyST keeps whole."""
    return html_block(_markdown().render(ruby_text(value)))


_SMART = ((re.compile(r"---"), "&mdash;"), (re.compile(r"--"), "&ndash;"),
          (re.compile(r"\.\.\."), "&hellip;"), (re.compile(r"&lt;&lt;"), "&laquo;"),
          (re.compile(r"&gt;&gt;"), "&raquo;"),
          (re.compile(r"(^|[\s(\[{\u2014-])&quot;"), r"\1&ldquo;"), (re.compile(r"&quot;"),
                                                                    "&rdquo;"),
          (re.compile(r"(^|[\s(\[{\u2014-])&#39;"), r"\1&lsquo;"), (re.compile(r"&#39;"),
                                                                   "&rsquo;"))


def smartify(value: object) -> str:
    """Typographic quotes, dashes and ellipses, as HTML entities (kramdown's SmartyPants)."""
    text = xml_escape(value)
    for pattern, replacement in _SMART:
        text = pattern.sub(replacement, text)
    return text


def register_filters(env: JekyllLiquid) -> None:
    """Jekyll's filters over python-liquid's standard ones."""
    for name, function in {
        "where": where, "where_exp": where_exp, "find": find, "find_exp": find_exp,
        "group_by": group_by, "group_by_exp": group_by_exp, "sort": sort, "sample": sample,
        "pop": pop, "push": push, "shift": shift, "unshift": unshift,
        "array_to_sentence_string": array_to_sentence_string,
        "normalize_whitespace": normalize_whitespace, "number_of_words": number_of_words,
        "to_integer": to_integer, "inspect": inspect, "jsonify": jsonify,
        "xml_escape": xml_escape, "cgi_escape": cgi_escape, "uri_escape": uri_escape,
        "slugify": slugify, "relative_url": relative_url, "absolute_url": absolute_url,
        "strip_index": strip_index, "date": date_filter, "date_to_string": date_to_string,
        "date_to_long_string": date_to_long_string, "date_to_xmlschema": date_to_xmlschema,
        "date_to_rfc822": date_to_rfc822, "markdownify": markdownify, "smartify": smartify,
    }.items():
        env.add_filter(name, function)
