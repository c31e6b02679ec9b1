"""bunko's settings: every ``bunko_*`` option of ``conf.py`` declared once, typed and checked.

Modelled on MyST-Parser's ``MdParserConfig``: one dataclass, a default and a help text per
field, validated when the config is read so a typo fails the build with a clear message
instead of surfacing as odd output later. README's option table is written from these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .dates import resolve_timezone
from .slugs import SLUG_STYLES
from .terms import term_key


@dataclass(frozen=True)
class Options:
    posts_dir: str = field(default="posts", metadata={
        "help": "Folder, relative to conf.py, whose *.md and *.markdown files are the posts.",
        "rebuild": "env"})
    show_drafts: bool = field(default=False, metadata={
        "help": "Build posts with 'published: false' (or 'draft: true'), marked as drafts.",
        "rebuild": "env"})
    posts_per_page: int = field(default=10, metadata={
        "help": "Posts per page on the home page and on tag, category, author and month "
                "pages (older posts on page 2, 3, ...).",
        "rebuild": "html"})
    timezone: str = field(default="UTC", metadata={
        "help": "Zone for dates written without one: 'UTC', '+09:00' or an IANA name.",
        "rebuild": "env"})
    slug: str = field(default="unicode", metadata={
        "help": "Tag, category and author folder names: 'unicode' keeps every script "
                "(データベース); 'ascii' writes non-ASCII names in Punycode (xn--...).",
        "rebuild": "html"})
    feed_length: int = field(default=20, metadata={
        "help": "Newest posts in each Atom/RSS feed (the site's, each category's, each tag's).",
        "rebuild": "html"})
    feed_full_content: bool = field(default=False, metadata={
        "help": "Put each post's whole text in the feeds, not only its excerpt.",
        "rebuild": "html"})
    jekyll_redirects: bool = field(default=False, metadata={
        "help": "Also redirect Jekyll's default post URLs "
                "(/:categories/:year/:month/:day/:title.html) to the posts.",
        "rebuild": "html"})
    jekyll_dir: str = field(default="jekyll", metadata={
        "help": "Folder, relative to conf.py, holding an imported Jekyll site's _config.yml, "
                "_data/, _includes/ and static files (bunko import fills it).",
        "rebuild": "env"})
    excerpt_length: int = field(default=120, metadata={
        "help": "Characters of the first paragraph used when a post has no excerpt.",
        "rebuild": "env"})
    category_descriptions: dict = field(default_factory=dict, metadata={
        "help": "A line of text for a category's card on the home page, by category name: "
                "{'blog': 'News of the project'}. Names match as tags do (case and width "
                "aside).",
        "rebuild": "html"})

    @classmethod
    def register(cls, app: Sphinx) -> None:
        for option in fields(cls):
            default = _default(option)
            app.add_config_value(f"bunko_{option.name}", default,
                                 option.metadata["rebuild"], types=(type(default),))

    @classmethod
    def from_config(cls, config: Config) -> Options:
        """Read and check every option; a wrong one raises ``ConfigError`` naming it."""
        return cls.from_values({option.name: getattr(config, f"bunko_{option.name}")
                                for option in fields(cls)})

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Options:
        """Options from values by name (``posts_dir``, without ``bunko_``), the defaults for
        the rest, checked: the one check the build (``from_config``) and the commands (which
        read conf.py's literals) share, so both refuse exactly the same values."""
        checked: dict[str, Any] = {}
        for option in fields(cls):
            if option.name not in values:
                continue
            name = f"bunko_{option.name}"
            value = values[option.name]
            expected = type(_default(option))
            if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
                raise ConfigError(f"{name} must be a whole number, not {value!r}")
            if not isinstance(value, expected):
                raise ConfigError(f"{name} must be a {expected.__name__}, not {value!r}")
            checked[option.name] = value
        options = cls(**checked)
        options.check()
        return options

    def check(self) -> None:
        if self.posts_per_page < 1:
            raise ConfigError("bunko_posts_per_page must be at least 1")
        if self.feed_length < 1:
            raise ConfigError("bunko_feed_length must be at least 1")
        if self.slug not in SLUG_STYLES:
            raise ConfigError(f"bunko_slug must be one of {', '.join(SLUG_STYLES)}, "
                              f"not {self.slug!r}")
        if self.excerpt_length < 10:
            raise ConfigError("bunko_excerpt_length must be at least 10")
        for name, text in self.category_descriptions.items():
            if not isinstance(name, str) or not term_key(name) or not isinstance(text, str):
                raise ConfigError("bunko_category_descriptions maps category names to text, "
                                  f"not {name!r}: {text!r}")
        posts_dir = self.posts_dir.strip("/")
        if not posts_dir or ".." in posts_dir.split("/"):
            raise ConfigError("bunko_posts_dir must be a folder inside the source folder, "
                              f"not {self.posts_dir!r}")
        jekyll_dir = self.jekyll_dir.strip("/")
        if not jekyll_dir or ".." in jekyll_dir.split("/") or jekyll_dir == posts_dir:
            raise ConfigError("bunko_jekyll_dir must be a folder inside the source folder, "
                              f"apart from the posts, not {self.jekyll_dir!r}")
        try:
            resolve_timezone(self.timezone)
        except (ValueError, LookupError) as err:
            raise ConfigError(
                f"bunko_timezone {self.timezone!r} is not a time zone: {err}") from None

    def category_description(self, key: str) -> str:
        """The home-page card text of the category whose identity is ``key``, or ""."""
        for name, text in self.category_descriptions.items():
            if term_key(name) == key:
                return text
        return ""

    @property
    def posts_prefix(self) -> str:
        """Docname prefix of posts: ``posts/``."""
        return self.posts_dir.strip("/") + "/"


def _default(option: Field) -> Any:
    return option.default_factory() if option.default is MISSING else option.default
