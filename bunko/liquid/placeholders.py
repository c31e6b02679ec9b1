"""What a reader sees where Liquid could not be carried over: a link card to what a plugin
embedded, or a marked placeholder naming the tag or filter, in the site's language.

Jekyll sites extend Liquid with plugins (``{% gist %}``, ``{% youtube %}``, ``{% oembed %}``,
a site's own ``team_link`` filter) that need Ruby and, often, the network at build time. What
they embedded lives at an address: the card links to it. Anything else stays visible as a
placeholder rather than vanishing, and a filter's input is still shown. Every text is
escaped, for HTML and for Markdown (the placeholder sits in Markdown until MyST reads it), and
braces are written as character references, so no ``{{`` or ``{%`` reaches the page as text.
"""

from __future__ import annotations

import html
import re

#: Plugin tags that name what they embed by an ID rather than an address.
_ADDRESS_OF_ID = {
    "gist": "https://gist.github.com/{}",
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
}
_ID = re.compile(r"[\w./-]+")
_URL = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)
#: Characters Markdown would read as markup, and braces (Liquid's), as references.
_MARKDOWN_SIGNIFICANT = {ord(char): f"&#{ord(char)};" for char in "*_`[]\\{}~|!#"}


def text(value: str) -> str:
    """``value`` as text in HTML that MyST reads as Markdown first."""
    return html.escape(value, quote=True).translate(_MARKDOWN_SIGNIFICANT)


def embedded_address(tag: str, argument: str) -> str | None:
    """The address of what a plugin tag embeds: the first URL among its arguments, or the
    page of an ID for the tags that take one (``{% gist user/abc %}``)."""
    if match := _URL.search(argument):
        return match.group(0)
    words = argument.split()
    first = words[0].strip("\"'") if words else ""
    if tag in _ADDRESS_OF_ID and _ID.fullmatch(first):
        return _ADDRESS_OF_ID[tag].format(first)
    return None


def url_input(value: object) -> str | None:
    """A filter's input when it is an address (``{{ "https://…" | embed }}``)."""
    if isinstance(value, str) and (match := _URL.fullmatch(value.strip())):
        return match.group(0)
    return None


def link_card(address: str, kind: str, title: str, labels: dict[str, str]) -> str:
    """A link to what ``kind`` (a plugin tag or filter) embedded."""
    heading = f'<span class="bunko-embed-title">{text(title)}</span> ' if title else ""
    return (f'<a class="bunko-embed" href="{html.escape(address, quote=True)}" '
            f'data-kind="{html.escape(kind, quote=True)}">'
            f'<span class="bunko-embed-kind">{text(labels["liquid_embed"].format(kind=kind))}'
            f'</span> {heading}<span class="bunko-embed-url">{text(address)}</span></a>')


def tag_placeholder(shown: str, labels: dict[str, str]) -> str:
    """A marked note where ``shown`` (``{% amazon … %}``) could not be converted."""
    return (f'<span class="bunko-liquid" role="note">'
            f'{text(labels["liquid_unconverted"].format(name=shown))}</span>')


def filter_placeholder(name: str, shown_input: str, labels: dict[str, str]) -> str:
    """A filter's input, marked with the filter that could not be applied to it."""
    note = labels["liquid_unconverted"].format(name=f"| {name}")
    return (f'<span class="bunko-liquid bunko-liquid-filter" title="{text(note)}">'
            f'{text(shown_input)}<small class="bunko-liquid-name">| {text(name)}</small></span>')
