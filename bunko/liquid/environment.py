"""One Liquid environment per site: Jekyll's tags and filters, the old site's includes, limits.

Made once per process at the first post that has Liquid (parallel readers fork after
start-up) and kept on the ``Site``. It owns everything fixed for the build: the loader of
``_includes/`` (parsed once each, whatever post includes them), the ``site`` variable, the
labels of the site's language, and the limits that keep a hostile or broken template from
hanging or flooding the build. What one post's rendering collects (problems, what was left
out, placeholders) lives in a ``RenderState`` the environment holds only while it renders.

Errors never stop a build: python-liquid reports each through ``Environment.error``, which
here records it as the post's problem (file line, and the include's line when it is in one)
and lets rendering go on with the next node.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import NamedTuple

from liquid import BoundTemplate, Environment, RenderContext
from liquid.exceptions import (
    ContextDepthError,
    LiquidError,
    LiquidSyntaxError,
    LocalNamespaceLimitError,
    LoopIterationLimitError,
    OutputStreamLimitError,
    StopRender,
    TemplateNotFoundError,
)
from liquid.loader import BaseLoader, TemplateSource
from liquid.output import LimitedStringIO
from liquid.stringify import to_liquid_string
from liquid.token import Token
from liquid.undefined import Undefined

from ..jekyll_site import JekyllSite
from ..labels import labels_for
from ..post import Post, Problem
from . import placeholders
from .filters import register_filters
from .markdown import Inserts, keep_line_count, mask_code, without_noncharacters
from .result import LiquidResult
from .ruby_time import RubyTime
from .tags import UNCLOSED_OUTPUT, UNCLOSED_TAG, UNFORESEEN, guard_tags, register_tags
from .variables import JEKYLL, page_variables, site_variables

#: Loop iterations a post may run, nested loops multiplied.
MAX_LOOP_ITERATIONS = 200_000
#: Bytes a post's Liquid may write (a long post is some 100 KB).
MAX_OUTPUT_BYTES = 5_000_000
#: Bytes (``sys.getsizeof``) the variables a post assigns may hold.
MAX_LOCAL_BYTES = 10_000_000
#: Includes larger than this are refused: no include of a real site comes near it.
MAX_INCLUDE_BYTES = 2_000_000
#: Tags of Liquid 5 that Jekyll's Liquid 4 does not have (a post using them never built).
_NOT_IN_JEKYLL = ("render", "echo", "liquid", "doc", "#")
#: Jekyll's rule for include names: its characters, and no "..", "./" or "//".
_VALID_INCLUDE_NAME = re.compile(r"[\w/.\-()+~#@]+")
_INVALID_INCLUDE_SEQUENCE = re.compile(r"[./]{2,}")


class LoadedInclude(NamedTuple):
    template: BoundTemplate
    #: Its own syntax errors, said once for every post that includes it.
    problems: tuple[str, ...]


@dataclass
class RenderState:
    """What rendering one post (or parsing one include) collects."""

    #: The text Liquid parses: for a post, its body with code masked.
    source: str
    first_line: int
    inserts: Inserts
    #: Names of includes by the identity of their source text, for messages.
    include_names: dict[int, str] = field(default_factory=dict)
    problems: dict[str, Problem] = field(default_factory=dict)
    left_out: Counter[str] = field(default_factory=Counter)
    left_out_lines: dict[str, int | None] = field(default_factory=dict)
    #: Left out as a link to the original (plugin embeds), not as a placeholder.
    linked: set[str] = field(default_factory=set)
    empty_outputs: dict[str, int | None] = field(default_factory=dict)
    #: The include tags being rendered, outermost first.
    include_chain: list[Token] = field(default_factory=list)
    #: End tags (one each) and inner tags of blocks whose opening tag was broken, left out
    #: silently: the broken tag already has its warning.
    stray_ends: Counter[str] = field(default_factory=Counter)
    stray_inner_tags: set[str] = field(default_factory=set)

    def line_of(self, token: Token | None) -> int | None:
        """The file line of ``token``, or of the include tag that led to it."""
        if token is not None and token.source is self.source and token.start_index >= 0:
            return self.first_line + self.source.count("\n", 0, token.start_index)
        if self.include_chain and self.include_chain[0].source is self.source:
            return self.line_of(self.include_chain[0])
        return None

    def where(self, token: Token | None) -> str:
        """" in _includes/x.html, line 3" when ``token`` is in an include, else ""."""
        if token is None:
            return ""
        name = self.include_names.get(id(token.source))
        if name is None:
            return ""
        line = 1 + token.source.count("\n", 0, max(token.start_index, 0))
        return f" in _includes/{name}, line {line}"

    def warn(self, message: str, token: Token | None) -> None:
        self.problems.setdefault(message, Problem(message, self.line_of(token)))

    def leave_out(self, key: str, token: Token | None, *, linked: bool = False) -> None:
        self.left_out[key] += 1
        self.left_out_lines.setdefault(key, self.line_of(token))
        if linked:
            self.linked.add(key)

    def error(self, err: LiquidError, *, at: Token | None = None, shown: str = "") -> None:
        """One problem per distinct error, said in the writer's terms; ``at`` is the tag
        to name when the error's own token is not in the text (the end of an expression),
        ``shown`` the tag a placeholder now stands for."""
        token = err.token
        if token is None or token.start_index < 0 or not token.source:
            token = at
        reason = str(err.message)
        if isinstance(err, LoopIterationLimitError):
            reason = (f"loops would run more than {MAX_LOOP_ITERATIONS:,} times; the loop is "
                      "left out")
        elif isinstance(err, OutputStreamLimitError):
            reason = (f"the output passes {MAX_OUTPUT_BYTES // 1_000_000} MB; the rest of the "
                      "post is left out")
        elif isinstance(err, LocalNamespaceLimitError):
            reason = (f"assigned variables hold more than {MAX_LOCAL_BYTES // 1_000_000} MB; "
                      "the rest of the tag is left out")
        elif isinstance(err, ContextDepthError):
            reason = "tags nest too deep (an include that includes itself?); left out"
        kind = "syntax error" if isinstance(err, LiquidSyntaxError) else "error"
        placeholder = f"; {shown} is shown as a placeholder" if shown else ""
        self.warn(f"Liquid {kind}{self.where(token)}: {reason}{placeholder}", token)

    def result(self, text: str) -> LiquidResult:
        problems = list(self.problems.values())
        # Includes have a warning each: a file is missing, not a plugin.
        summarised = [key for key in self.left_out if not key.startswith("{% include")]
        if summarised:
            listed = ", ".join(f"{key} ×{self.left_out[key]}" if self.left_out[key] > 1
                               else key for key in summarised)
            shown = ("shown as links to the original" if all(key in self.linked
                                                             for key in summarised)
                     else "shown as links to the original or as marked placeholders"
                     if any(key in self.linked for key in summarised)
                     else "shown as marked placeholders")
            problems.append(Problem(
                f"Liquid the archive cannot run (the old site's plugins): {listed}; {shown}",
                min((self.left_out_lines[key] or 0 for key in summarised), default=0) or None))
        problems.sort(key=lambda problem: problem.line or 0)
        return LiquidResult(text, problems, self.left_out, self.left_out_lines,
                            tuple((line, shown) for shown, line in self.empty_outputs.items()))


class IncludesLoader(BaseLoader):
    """``_includes/`` of the old site, and nothing else: names Jekyll refuses (``..``,
    absolute paths, characters outside its set) are refused, and so is any file whose real
    path (links followed) is not inside the folder."""

    def __init__(self, folder: Path | None, shown: str) -> None:
        self.folder = folder.resolve() if folder is not None else None
        #: The folder as messages name it (``jekyll/_includes/``).
        self.shown = shown

    def get_source(self, env: Environment, template_name: str, *,
                   context: RenderContext | None = None, **kwargs: object) -> TemplateSource:
        """The include's text; ``TemplateNotFoundError`` says why there is none."""
        path, reason = self.locate(template_name)
        if path is None:
            raise TemplateNotFoundError(reason, token=None)
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise TemplateNotFoundError(f"{self.shown}{template_name} cannot be read "
                                        f"({err.strerror})", token=None) from err
        if len(raw) > MAX_INCLUDE_BYTES:
            raise TemplateNotFoundError(f"{self.shown}{template_name} is larger than "
                                        f"{MAX_INCLUDE_BYTES:,} bytes", token=None)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise TemplateNotFoundError(f"{self.shown}{template_name} is not UTF-8 text",
                                        token=None) from err
        return TemplateSource(without_noncharacters(text).replace("\r\n", "\n"),
                              template_name, None)

    def locate(self, name: str) -> tuple[Path | None, str]:
        """The file ``name`` names inside the folder, or ``None`` and why not."""
        if self.folder is None:
            return None, (f"this site has no {self.shown} folder (bunko import copies the "
                          "old site's)")
        if (name.startswith("/") or not _VALID_INCLUDE_NAME.fullmatch(name)
                or _INVALID_INCLUDE_SEQUENCE.search(name)):
            return None, f"only files inside {self.shown} can be included"
        path = (self.folder / name).resolve()
        if not path.is_relative_to(self.folder):
            return None, f"only files inside {self.shown} can be included"
        if not path.is_file():
            return None, f"there is no {self.shown}{name}"
        return path, ""


class _Context(RenderContext):
    """A render context in which an unknown filter (a plugin's) keeps its input visible."""

    __slots__ = ()

    def filter(self, name: str, token: Token | None) -> Callable[..., object]:  # noqa: A003
        if name in self.env.filters:
            return super().filter(name, token)
        env: JekyllLiquid = self.env  # type: ignore[assignment]

        def unknown(left: object, *args: object, **_kwargs: object) -> str:
            return env.unknown_filter(name, token, left, args)

        return unknown


class _Template(BoundTemplate):
    context_class = _Context


class JekyllLiquid(Environment):
    """Liquid as Jekyll 4 renders it, for one site."""

    loop_iteration_limit = MAX_LOOP_ITERATIONS
    output_stream_limit = MAX_OUTPUT_BYTES
    local_namespace_limit = MAX_LOCAL_BYTES
    template_class = _Template

    def __init__(self, jekyll: JekyllSite, *, find_post: Callable[[str], str | None],
                 language: str | None, zone: tzinfo, posts_prefix: str,
                 jekyll_dir: str) -> None:
        self.jekyll = jekyll
        #: ``{% post_url %}`` argument → the MyST path of the post, or ``None``.
        self.find_post = find_post
        self.labels = labels_for(language)
        self.zone = zone
        self.posts_prefix = posts_prefix
        self.includes_shown = f"{jekyll_dir.strip('/')}/_includes/"
        self.site_variables = site_variables(jekyll)
        self._state: RenderState | None = None
        self._includes: dict[str, tuple[LoadedInclude | None, str]] = {}
        self._include_names: dict[int, str] = {}
        super().__init__(loader=IncludesLoader(jekyll.includes, self.includes_shown))

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        super().setup_tags_and_filters(extra=extra)
        for name in _NOT_IN_JEKYLL:
            self.tags.pop(name, None)
        register_tags(self)
        register_filters(self)
        guard_tags(self)

    @property
    def state(self) -> RenderState:
        if self._state is None:
            raise RuntimeError("Liquid state is read outside rendering")
        return self._state

    def error(self, exc: type[LiquidError] | LiquidError, msg: str | None = None,
              token: Token | None = None) -> None:
        """Every error python-liquid reports: a problem of the post, and rendering goes on
        (past an output too large, it stops)."""
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        elif not exc.token:
            exc.token = token
        self.state.error(exc)
        if isinstance(exc, OutputStreamLimitError):
            raise StopRender

    def render_post(self, body: str, post: Post, *, first_line: int) -> LiquidResult:
        """``body`` (the file's text after the front matter, starting on ``first_line``)
        rendered as Jekyll renders a post, code left as written."""
        inserts = Inserts()
        source = keep_line_count(mask_code(without_noncharacters(body), inserts), inserts)
        state = RenderState(source, first_line, inserts, self._include_names)
        self._state = state
        try:
            template = self._parse_state(state)
            variables = {
                "site": {**self.site_variables, "time": RubyTime.of(post.date)},
                "page": page_variables(post, self.jekyll, self.posts_prefix, self.zone),
                "jekyll": JEKYLL,
                "now": None, "today": None,  # python-liquid's own; not Jekyll's
            }
            context = _Context(template, globals=template.make_globals(variables))
            buffer = LimitedStringIO(limit=MAX_OUTPUT_BYTES)
            try:
                template.render_with_context(context, buffer)
            except StopRender:
                pass
            return state.result(inserts.restore(buffer.getvalue()))
        except (LiquidError, *UNFORESEEN) as err:
            # A failure no tag or filter turned into a problem of its own: the post still
            # builds, as written, and says why.
            return LiquidResult(body, [Problem(
                f"Liquid could not be rendered ({type(err).__name__}: {err}); the text is "
                "shown as written", first_line)])
        finally:
            self._state = None

    def _parse_state(self, state: RenderState) -> BoundTemplate:
        """Parse once; an opening ``{{`` or ``{%`` that is never closed (which stops
        python-liquid's lexer) is replaced by a tag that shows a placeholder, and the text
        parsed again."""
        while True:
            try:
                return self.from_string(state.source)
            except LiquidSyntaxError as err:
                token = err.token
                if token is None or token.start_index < 0 or token.source is not state.source:
                    raise
                index = token.start_index
                opener = state.source[index:index + 2]
                closer = "}}" if opener == "{{" else "%}"
                state.error(LiquidSyntaxError(f"{opener!r} is never closed by {closer!r}",
                                              token=token), shown=f"{opener} …")
                stand_in = UNCLOSED_OUTPUT if opener == "{{" else UNCLOSED_TAG
                name = state.include_names.pop(id(state.source), None)
                state.source = state.source[:index] + stand_in + state.source[index + 2:]
                if name is not None:
                    state.include_names[id(state.source)] = name

    def include(self, name: str) -> tuple[LoadedInclude | None, str]:
        """The include ``name``, parsed once per process, or ``None`` and why not."""
        if name not in self._includes:
            self._includes[name] = self._load_include(name)
        return self._includes[name]

    def _load_include(self, name: str) -> tuple[LoadedInclude | None, str]:
        try:
            source = self.loader.get_source(self, name)
        except TemplateNotFoundError as err:
            return None, str(err.message)
        outer = self._state
        parsing = RenderState(source.text, 1, Inserts(), self._include_names)
        self._include_names[id(parsing.source)] = name
        self._state = parsing
        try:
            template = self._parse_state(parsing)
        except (LiquidError, *UNFORESEEN) as err:
            return None, f"{self.includes_shown}{name} cannot be read as Liquid ({err})"
        finally:
            self._state = outer
        return LoadedInclude(template, tuple(parsing.problems)), ""

    def unknown_filter(self, name: str, token: Token | None, left: object,
                       args: tuple[object, ...]) -> str:
        """A plugin's filter: a link card when its input is an address, else its input shown
        and marked."""
        state = self.state
        address = placeholders.url_input(left)
        if address:
            title = next((arg for arg in args if isinstance(arg, str)
                          and not placeholders.url_input(arg)), "")
            state.leave_out(f"| {name}", token, linked=True)
            return state.inserts.add(placeholders.link_card(address, name, title, self.labels))
        shown = "" if isinstance(left, Undefined) else to_liquid_string(left, False)
        state.leave_out(f"| {name}", token)
        return state.inserts.add(placeholders.filter_placeholder(name, shown, self.labels))

