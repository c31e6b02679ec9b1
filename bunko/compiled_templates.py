"""Sphinx's page templates compiled once, not in every process of every build.

Sphinx compiles furo's templates (a dozen files) again in each process that renders a page:
0.15 s of every rebuild at any size, and of every writer a full build forks (about thirty at
10,000 posts). Jinja's bytecode cache keeps them compiled under the doctrees.

Jinja checks each template's source against what it compiled. What else shapes the compiled
code names the cache's folder, so that a change of any of it starts an empty one: Jinja's
and Sphinx's versions, the environment's class and syntax, and its extensions, which may
rewrite a template's source before it is compiled (``ui_language.FuroWords`` does; it says
how in its ``fingerprint``). An extension that rewrites sources and says nothing of how
turns the cache off.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import sphinx
from jinja2 import FileSystemBytecodeCache
from jinja2.ext import Extension
from sphinx.application import Sphinx

from .output import digest

#: Under the doctrees: one folder per ``_folder_name``.
FOLDER = "bunko-templates"


def keep_compiled_templates(app: Sphinx) -> None:
    """``builder-inited`` (after every extension is added to Sphinx's template environment):
    compiled templates are read from, and written to, the cache."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:
        return
    name = _folder_name(environment)
    if name is None:
        return
    root = Path(app.doctreedir) / FOLDER
    folder = root / name
    if not folder.is_dir():
        shutil.rmtree(root, ignore_errors=True)  # another version's: never read again
        folder.mkdir(parents=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def _folder_name(environment: jinja2.Environment) -> str | None:
    """What the code Jinja compiles depends on, besides each template's source; ``None`` when
    an extension rewrites sources without a ``fingerprint`` of how, or autoescaping is chosen
    per template."""
    extensions = []
    for extension in environment.extensions.values():
        rewrites = type(extension).preprocess is not Extension.preprocess
        fingerprint = getattr(extension, "fingerprint", None)
        if rewrites and fingerprint is None:
            return None
        extensions.append(f"{type(extension).__module__}.{type(extension).__qualname__} "
                          f"{fingerprint or ''}")
    if not isinstance(environment.autoescape, bool):
        return None  # chosen per template by code whose choices no name tells
    syntax = (environment.block_start_string, environment.block_end_string,
              environment.variable_start_string, environment.variable_end_string,
              environment.comment_start_string, environment.comment_end_string,
              environment.line_statement_prefix, environment.line_comment_prefix,
              environment.trim_blocks, environment.lstrip_blocks,
              environment.newline_sequence, environment.keep_trailing_newline,
              environment.optimized, environment.is_async, environment.finalize is None,
              environment.autoescape)
    return digest(jinja2.__version__, sphinx.__version__, type(environment).__qualname__,
                  repr(syntax), *sorted(extensions))[:16]
