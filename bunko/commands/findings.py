"""A finding of ``bunko check``: one thing to fix, where it is, and how bad.

An **error** is what the build itself warns about (``make html SPHINXOPTS=-W`` fails on it): a
front matter problem, a file that is not UTF-8, Liquid left out, a tag folder name clash. A
**warning** is what the build accepts but a site owner wants to know before publishing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int | None
    level: str
    #: The front matter key concerned (``date``, ``tags``), or None for the body or the file.
    key: str | None
    message: str

    def as_text(self) -> str:
        """``path:line: level: message``, the form editors and CI annotations read."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def sort_key(finding: Finding) -> tuple[str, int, str]:
    return finding.path, finding.line or 0, finding.message
