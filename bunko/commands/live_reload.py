"""What ``bunko serve`` adds to a page it serves: a reload when a rebuild finishes, and a
banner with the first problem of a build that failed or warned.

It is added to the response, never to the files: ``_build/html`` stays what ``make html``
writes, so it can be published from the same folder. The page polls one small JSON address
rather than holding a Server-Sent Events stream open: a poll is one short request, so the
server's threads never wait on a browser and Ctrl+C stops it at once, and a page opened before
the server restarted simply carries on once it is back.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

#: The one address the served pages poll; no built file can have it (Sphinx writes no
#: ``__bunko__`` folder), so it never hides a page.
BUILD_ADDRESS = "/__bunko__/build"
#: How often a page asks whether a new build has finished, in milliseconds.
POLL_MILLISECONDS = 1000

_COLOUR_CODES = re.compile(r"\x1b\[[0-9;]*m")
_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL):")
_EXCEPTION = re.compile(r"^\s*[\w.]*(Error|Exception): \S")


@dataclass(frozen=True)
class Build:
    """One finished build as the served pages show it; ``number`` counts builds since the
    server started, so a page reloads when it differs from the number it was served with."""

    number: int
    failed: bool
    warnings: int
    first_problem: str

    @property
    def status(self) -> str:
        if self.failed:
            return "build failed; the last good pages are served"
        plural = "" if self.warnings == 1 else "s"
        return f"built with {self.warnings} warning{plural}" if self.warnings else "built"

    @property
    def clean(self) -> bool:
        return not self.failed and not self.warnings

    def as_json(self) -> bytes:
        return json.dumps({"build": self.number, "status": self.status,
                           "problem": self.first_problem}).encode("utf-8")


def read_build(number: int, returncode: int, output: str, root: str) -> Build:
    """The build's outcome from its exit status and what Sphinx wrote to stderr: warnings are
    counted, and the first one (else, for a crash, its exception line) is the banner's text,
    with the site's folder taken off its paths (``posts/x.md:2: WARNING: ...``)."""
    lines = [_COLOUR_CODES.sub("", line).strip() for line in output.splitlines()]
    lines = [line.replace(root.rstrip("/") + "/", "") for line in lines if line]
    problems = [line for line in lines if _PROBLEM.search(line)]
    crash = [line for line in lines if _EXCEPTION.match(line)]
    if returncode:
        first = (problems or crash[-1:] or lines[:1] or [""])[0]
    else:
        first = problems[0] if problems else ""
    return Build(number=number, failed=returncode != 0, warnings=len(problems),
                 first_problem=first)


_STYLE = """\
#bunko-serve-banner{position:fixed;top:0;left:0;right:0;z-index:2147483647;margin:0;
padding:.4em 1em;font:14px/1.4 system-ui,sans-serif;white-space:pre-wrap;
overflow-wrap:anywhere;max-height:30vh;overflow:auto;
background:#fff4d6;color:#3b2a00;border-bottom:2px solid #b58100}
#bunko-serve-banner.failed{background:#ffe1e1;color:#4d0000;border-color:#c00}
#bunko-serve-banner code{font:inherit;font-family:ui-monospace,monospace}
@media (prefers-color-scheme:dark){body:not([data-theme=light]) #bunko-serve-banner{
background:#3b2a00;color:#ffe9b0}body:not([data-theme=light]) #bunko-serve-banner.failed{
background:#4d0000;color:#ffd6d6}}
body[data-theme=dark] #bunko-serve-banner{background:#3b2a00;color:#ffe9b0}
body[data-theme=dark] #bunko-serve-banner.failed{background:#4d0000;color:#ffd6d6}"""

_SCRIPT = """\
(function () {
  var served = %d;
  function poll() {
    fetch("%s", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (build) {
        if (build.build !== served) { location.reload(); } else { later(); }
      })
      .catch(later);
  }
  function later() { setTimeout(poll, %d); }
  later();
})();"""


def served_page(page: bytes, build: Build) -> bytes:
    """``page`` with the reload script, and the banner when ``build`` was not clean, put
    before ``</body>`` (at the end for a page without one)."""
    added = f"<script>{_SCRIPT % (build.number, BUILD_ADDRESS, POLL_MILLISECONDS)}</script>"
    if not build.clean:
        kind = ' class="failed"' if build.failed else ""
        added = (f"<style>{_STYLE}</style><div id=\"bunko-serve-banner\" role=\"alert\"{kind}>"
                 f"<strong>bunko serve: {html.escape(build.status)}</strong>"
                 f"{': ' if build.first_problem else ''}"
                 f"<code>{html.escape(build.first_problem)}</code></div>" + added)
    end = page.lower().rfind(b"</body>")
    end = len(page) if end < 0 else end
    return page[:end] + added.encode("utf-8") + page[end:]
