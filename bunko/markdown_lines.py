"""Shapes of Markdown source lines that more than one pass over a post's text must agree on.

Liquid is masked inside code (``liquid/markdown.py``) and kramdown's syntax is read outside
it (``kramdown.py``): both must see the same lines as the start of a fenced code block, or
one pass would treat as code what the other treats as text.
"""

from __future__ import annotations

import re

#: A fenced code block's opening (or closing) line: any blockquote ">" marks and
#: indentation, then three or more backticks or tildes (group 1).
FENCE = re.compile(r"(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
