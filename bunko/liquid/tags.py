"""Jekyll's tags on python-liquid, and what becomes of tags bunko cannot run.

Jekyll adds ``highlight``, ``post_url``, ``link``, ``include`` (its own syntax:
``{% include file.html key=value %}``, the parameters as ``include.key``) and
``include_relative`` to Liquid 4's tags; python-liquid has the rest. A tag no Liquid knows is
a plugin's: it becomes a link card to what it embedded, or a marked placeholder, and a block
plugin's content is still rendered. A tag that does not parse becomes a placeholder too and
the text inside its block is rendered as if the tag were not there, so one typo never takes
the rest of a post with it (python-liquid's lax mode would drop the whole block).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TextIO

from liquid import BoundTemplate, RenderContext
from liquid.ast import BlockNode, Node
from liquid.builtin.expressions import parse_primitive, tokenize
from liquid.builtin.output import Output, OutputNode
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.expression import Expression
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.stringify import to_liquid_string
from liquid.tag import Tag
from liquid.token import (
    TOKEN_CONTENT,
    TOKEN_EXPRESSION,
    TOKEN_ILLEGAL,
    TOKEN_OUTPUT,
    TOKEN_TAG,
    Token,
)
from liquid.undefined import Undefined

from . import placeholders
from .markdown import html_block, looks_like_html

if TYPE_CHECKING:
    from .environment import JekyllLiquid

#: What an opening ``{{`` or ``{%`` that is never closed is replaced by before parsing.
UNCLOSED_OUTPUT = "{%bunko_unclosed_output%}"
UNCLOSED_TAG = "{%bunko_unclosed_tag%}"
#: Failures of Python itself in a filter or expression (a number too large, a recursion too
#: deep): they are the post's problem, never the build's end.
UNFORESEEN = (ArithmeticError, LookupError, ValueError, TypeError, RecursionError)
#: Deepest nesting of includes (Jekyll has no limit: an include of itself never ends).
MAX_INCLUDE_DEPTH = 10
_INCLUDE_DEPTH = "bunko_include_depth"
#: Inner tags of the blocks that have them: stray once their block's opening tag broke.
_INNER_TAGS = {"if": ("elsif", "else"), "unless": ("elsif", "else"), "case": ("when", "else"),
               "for": ("else",)}
#: Jekyll's include syntax: ``key=value`` with a quoted string or a variable.
_INCLUDE_PARAMETER = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))""")
_INCLUDE_PARAMETERS = re.compile(rf"\s*(?:{_INCLUDE_PARAMETER.pattern}(?=\s|$)\s*)*")
#: An include's file name: non-space text and ``{{ … }}`` (a name made of variables).
_INCLUDE_NAME = re.compile(r"\s*((?:\{\{.*?\}\}|[^\s{])+)", re.S)
_LANGUAGE = re.compile(r"[a-zA-Z0-9.+#_-]+")
_LINE_TERMINATORS = re.compile(r"\A[\r\n]+|[\r\n]+\Z")
_BACKTICK_RUN = re.compile(r"`+")
#: ``{% link %}`` paths of posts (``_posts/x.md``, ``blog/_posts/x.md``).
_POST_PATH = re.compile(r"/?(?:[^/]+/)*_posts/")
_MARKDOWN_SUFFIX = re.compile(r"\.(?:md|markdown)$")


def _env(context: RenderContext) -> JekyllLiquid:
    return context.env  # type: ignore[return-value]


def _markup(stream: TokenStream) -> str:
    """The expression of the tag at the stream's head (the stream stays on the tag)."""
    return stream.peek.value if stream.peek.kind == TOKEN_EXPRESSION else ""


def _shown(token: Token) -> str:
    """How placeholders name a tag or output: ``{% amazon … %}``, ``{{ … }}``."""
    if token.kind == TOKEN_OUTPUT:
        return "{{ … }}"
    return f"{{% {token.value} … %}}"


class InsertNode(Node):
    """Bunko's HTML, put in place when the post is rendered (see ``markdown.Inserts``)."""

    __slots__ = ("html",)

    def __init__(self, token: Token, html: str) -> None:
        super().__init__(token)
        self.html = html
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(_env(context).state.inserts.add(self.html))


class NothingNode(Node):
    """A stray end tag of a block whose opening tag was broken (already said)."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return 0


class Guarded(Tag):
    """Any tag, its syntax errors made into a placeholder: the stream goes back to the tag,
    so its block's text is parsed as if the tag were not there."""

    def __init__(self, env: JekyllLiquid, inner: Tag) -> None:
        super().__init__(env)
        self.inner = inner
        self.name = inner.name
        self.block = inner.block
        self.end = getattr(inner, "end", "")

    def get_node(self, stream: TokenStream) -> Node:
        start, depth = stream.pos, stream.block_depth
        try:
            return self.inner.parse(stream)
        except LiquidError as err:
            stream.pos, stream.block_depth = start, depth
            token = stream.current
            if stream.peek.kind == TOKEN_EXPRESSION:
                next(stream)
            env: JekyllLiquid = self.env  # type: ignore[assignment]
            env.state.error(err, at=token, shown=_shown(token))
            if token.kind == TOKEN_TAG and self.end:
                env.state.stray_ends[self.end] += 1
                env.state.stray_inner_tags.update(_INNER_TAGS.get(token.value, ()))
            return InsertNode(token, placeholders.tag_placeholder(_shown(token), env.labels))

    def parse(self, stream: TokenStream) -> Node:
        return self.inner.parse(stream)


class _OutputNode(OutputNode):
    """``{{ … }}``: an error is the post's problem, not the end of the post's rendering, and
    an undefined result is noted (``bunko check`` says which output renders nothing)."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        try:
            value = self.expression.evaluate(context)
        except LiquidError as err:
            _env(context).state.error(err, at=self.token)
            return 0
        except UNFORESEEN as err:
            _env(context).state.error(LiquidError(f"{type(err).__name__}: {err}",
                                                  token=self.token))
            return 0
        if isinstance(value, Undefined):
            state = _env(context).state
            if self.token.source is state.source:
                state.empty_outputs.setdefault(self.token.value, state.line_of(self.token))
        return buffer.write(to_liquid_string(value, context.autoescape))


class _Output(Output):
    node_class = _OutputNode


class _Unclosed(Tag):
    """Where a ``{{`` or ``{%`` never closed stood (the error is already said)."""

    block = False

    def __init__(self, env: JekyllLiquid, name: str, shown: str) -> None:
        super().__init__(env)
        self.name = name
        self.shown = shown

    def parse(self, stream: TokenStream) -> Node:
        env: JekyllLiquid = self.env  # type: ignore[assignment]
        return InsertNode(stream.current, placeholders.tag_placeholder(self.shown, env.labels))


class HighlightNode(Node):
    __slots__ = ("language", "line_numbers", "block", "at_line_start")

    def __init__(self, token: Token, language: str, line_numbers: bool, block: BlockNode) -> None:
        super().__init__(token)
        self.language = language
        self.line_numbers = line_numbers
        self.block = block
        self.blank = False
        line_start = token.source.rfind("\n", 0, token.start_index) + 1
        self.at_line_start = token.source[line_start:token.start_index].lstrip("{%- \t") == ""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """A fenced code block, longer than any run of backticks in the code."""
        code_buffer = context.get_buffer(buffer)
        self.block.render(context, code_buffer)
        code = _LINE_TERMINATORS.sub("", code_buffer.getvalue())
        longest = max((len(run) for run in _BACKTICK_RUN.findall(code)), default=0)
        fence = "`" * max(3, longest + 1)
        opening = (f"{fence}{{code-block}} {self.language}\n:linenos:" if self.line_numbers
                   else f"{fence}{self.language}")
        before = "" if self.at_line_start else "\n"
        return buffer.write(f"{before}{opening}\n{code}\n{fence}")


class HighlightTag(Tag):
    """``{% highlight ruby linenos %}…{% endhighlight %}``: Jekyll renders the Liquid inside
    and shows the result as code."""

    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        token = stream.eat(TOKEN_TAG)
        words: list[str] = []
        if stream.current.kind == TOKEN_EXPRESSION:
            words = stream.current.value.split()
            next(stream)
        if words and not _LANGUAGE.fullmatch(words[0]):
            raise LiquidSyntaxError(f"{words[0]!r} is not a language name", token=token)
        block = get_parser(self.env).parse_block(stream, (self.end,))
        stream.expect(TOKEN_TAG, value=self.end)
        return HighlightNode(token, words[0] if words else "", any(
            word == "linenos" or word.startswith("linenos=") for word in words[1:]), block)


class PostLinkNode(Node):
    __slots__ = ("tag", "argument")

    def __init__(self, token: Token, tag: str, argument: str | BoundTemplate) -> None:
        super().__init__(token)
        self.tag = tag
        self.argument = argument
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env = _env(context)
        name = _rendered(self.argument, context).strip()
        if self.tag == "link" and name and not _POST_PATH.match(name):
            # A page or file of the old site: its old URL, which the link resolver maps.
            return buffer.write(f"{env.jekyll.baseurl}/{_MARKDOWN_SUFFIX.sub('.html', name)}")
        target = env.find_post(name.replace("/_posts/", "/"))
        if target is not None:
            return buffer.write(target)
        env.state.warn(f"{{% {self.tag} {name} %}}: no such post in this site; the link is "
                       "shown as plain text", self.token)
        return buffer.write(env.state.inserts.add("", drops_link=True))


class PostLinkTag(Tag):
    """``{% post_url 2016-01-01-x %}`` and ``{% link _posts/2016-01-01-x.md %}``: the MyST
    path of the post (``/posts/2016-01-01-x.md``), which MyST links natively. ``{% link %}``
    to a page or file of the old site gives its old URL (``/blog/about.html``), as Jekyll 4
    does, without looking whether the archive has it: the link resolver says so."""

    block = False

    def __init__(self, env: JekyllLiquid, name: str) -> None:
        super().__init__(env)
        self.name = name

    def parse(self, stream: TokenStream) -> Node:
        token = stream.expect(TOKEN_TAG)
        argument = _markup(stream).strip()
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
        words = argument.split()
        return PostLinkNode(token, self.name, _template_if_liquid(
            self.env, argument if "{{" in argument else (words[0] if words else "")))


def _template_if_liquid(env: Any, text: str) -> str | BoundTemplate:
    return env.from_string(text) if "{{" in text or "{%" in text else text


def _rendered(value: str | BoundTemplate, context: RenderContext) -> str:
    if isinstance(value, str):
        return value
    buffer = context.get_buffer()
    value.render_with_context(context, buffer, partial=True)
    return buffer.getvalue()


class IncludeNode(Node):
    __slots__ = ("file", "parameters")

    def __init__(self, token: Token, file: str | BoundTemplate,
                 parameters: list[tuple[str, str | BoundTemplate | Expression]]) -> None:
        super().__init__(token)
        self.file = file
        self.parameters = parameters
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env = _env(context)
        state = env.state
        name = _rendered(self.file, context).strip()
        loaded, reason = env.include(name)
        if loaded is None:
            key = f"{{% include {name} %}}"
            state.leave_out(key, self.token)
            state.warn(f"{key}: {reason}; a placeholder is shown", self.token)
            return buffer.write(state.inserts.add(
                placeholders.tag_placeholder(key, env.labels)))
        for problem in loaded.problems:
            state.warn(problem, self.token)
        depth = context.tag_namespace.get(_INCLUDE_DEPTH, 0)
        if depth >= MAX_INCLUDE_DEPTH:
            raise LiquidError(f"includes nest more than {MAX_INCLUDE_DEPTH} deep ({name} "
                              "includes itself?); the innermost is left out", token=self.token)
        namespace = {"include": {key: _value(value, context)
                                 for key, value in self.parameters}} if self.parameters else {}
        included = context.get_buffer(buffer)
        context.tag_namespace[_INCLUDE_DEPTH] = depth + 1
        state.include_chain.append(self.token)
        try:
            with context.extend(namespace, template=loaded.template):
                loaded.template.render_with_context(context, included, partial=True)
        finally:
            state.include_chain.pop()
            context.tag_namespace[_INCLUDE_DEPTH] = depth
        text = included.getvalue()
        return buffer.write(html_block(text) if looks_like_html(text) else text)


def _value(value: str | BoundTemplate | Expression, context: RenderContext) -> object:
    if isinstance(value, Expression):
        return value.evaluate(context)
    return _rendered(value, context)


class IncludeTag(Tag):
    """Jekyll's ``{% include file.html key="text" other=page.var %}``; the file name may be
    made of variables (``{% include {{ page.box }} %}``)."""

    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.expect(TOKEN_TAG)
        expression = stream.peek if stream.peek.kind == TOKEN_EXPRESSION else None
        if expression is None:
            raise LiquidSyntaxError("include needs a file name", token=token)
        next(stream)
        markup = expression.value
        name = _INCLUDE_NAME.match(markup)
        if not name:
            raise LiquidSyntaxError("include needs a file name", token=token)
        rest = markup[name.end():]
        if not _INCLUDE_PARAMETERS.fullmatch(rest):
            raise LiquidSyntaxError(
                f"cannot read the parameters {rest.strip()!r} (Jekyll's form: "
                "key=\"text\" or key=variable)", token=expression)
        parameters: list[tuple[str, str | BoundTemplate | Expression]] = []
        for match in _INCLUDE_PARAMETER.finditer(rest):
            key, double, single, variable = match.groups()
            if variable is not None:
                value_token = Token(TOKEN_EXPRESSION, variable,
                                    expression.start_index + name.end() + match.start(4),
                                    expression.source)
                parameters.append((key, parse_primitive(
                    self.env, TokenStream(tokenize(variable, value_token)))))
            else:
                text = (double.replace('\\"', '"') if double is not None
                        else single.replace("\\'", "'"))
                parameters.append((key, _template_if_liquid(self.env, text)))
        return IncludeNode(token, _template_if_liquid(self.env, name.group(1)), parameters)


class PluginNode(Node):
    __slots__ = ("name", "argument", "block")

    def __init__(self, token: Token, name: str, argument: str | BoundTemplate,
                 block: BlockNode | None) -> None:
        super().__init__(token)
        self.name = name
        self.argument = argument
        self.block = block
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env = _env(context)
        state = env.state
        key = f"{{% {self.name} %}}"
        argument = _rendered(self.argument, context)
        address = placeholders.embedded_address(self.name, argument)
        if address:
            state.leave_out(key, self.token, linked=True)
            html = placeholders.link_card(address, self.name, "", env.labels)
        else:
            state.leave_out(key, self.token)
            html = placeholders.tag_placeholder(_shown(self.token), env.labels)
        written = buffer.write(state.inserts.add(html))
        if self.block is not None:
            written += self.block.render(context, buffer)
        return written


class PluginTag(Tag):
    """Any tag Liquid does not know (registered as python-liquid's "illegal" tag): a
    plugin's. When an ``end`` tag of its name follows, it is a block and its content is
    rendered after the placeholder."""

    name = TOKEN_ILLEGAL
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.expect(TOKEN_TAG)
        name = token.value
        argument = _markup(stream)
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
        env: JekyllLiquid = self.env  # type: ignore[assignment]
        state = env.state
        if state.stray_ends[name] > 0 or name in state.stray_inner_tags:
            state.stray_ends[name] -= state.stray_ends[name] > 0
            return NothingNode(token)
        if not name or name.startswith("end") or name in ("else", "elsif", "when"):
            raise LiquidSyntaxError(f"unexpected tag {name!r}" if name else "missing tag name",
                                    token=token)
        end = f"end{name}"
        block = None
        if any(later.kind == TOKEN_TAG and later.value == end
               for later in stream.tokens[stream.pos:]):
            next(stream)
            block = get_parser(self.env).parse_block(stream, (end,))
            stream.expect(TOKEN_TAG, value=end)
        return PluginNode(token, name, _template_if_liquid(self.env, argument), block)


class IncludeRelativeTag(Tag):
    """``{% include_relative %}`` reads files beside the post, which are not carried over."""

    name = "include_relative"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.expect(TOKEN_TAG)
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
        return IncludeRelativeNode(token)


class IncludeRelativeNode(Node):
    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env = _env(context)
        env.state.leave_out("{% include_relative %}", self.token)
        env.state.warn("{% include_relative %} reads files beside the post in the old site, "
                       "which are not carried over; a placeholder is shown", self.token)
        return buffer.write(env.state.inserts.add(
            placeholders.tag_placeholder(_shown(self.token), env.labels)))


def register_tags(env: JekyllLiquid) -> None:
    """Jekyll's tags, over python-liquid's."""
    env.add_tag(_Output)
    env.add_tag(HighlightTag)
    env.add_tag(IncludeTag)
    env.add_tag(IncludeRelativeTag)
    env.add_tag(PluginTag)
    for name in ("post_url", "link"):
        env.tags[name] = PostLinkTag(env, name)
    env.tags["bunko_unclosed_output"] = _Unclosed(env, "bunko_unclosed_output", "{{ …")
    env.tags["bunko_unclosed_tag"] = _Unclosed(env, "bunko_unclosed_tag", "{% …")


def guard_tags(env: JekyllLiquid) -> None:
    """Every tag guarded (see ``Guarded``); text is text."""
    env.tags = {name: tag if name == TOKEN_CONTENT else Guarded(env, tag)
                for name, tag in env.tags.items()}
