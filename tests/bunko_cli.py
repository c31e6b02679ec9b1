"""Helpers for the command-line tests: run ``python -m bunko`` in a fresh process, make sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

#: The repository's own site: conf.py, index.md and the sample posts (the seed among them).
REPOSITORY = Path(__file__).resolve().parents[1]


def bunko(*arguments: str, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    env.update(PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "bunko", *arguments], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=env)


def make_site(folder: Path, posts: dict[str, str | bytes] | None = None, *,
              conf: str = "") -> Path:
    """A bunko site in ``folder``; ``posts`` maps paths inside ``posts/`` to their text."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text(
        'extensions = ["bunko"]\nhtml_theme = "furo"\nproject = "t"\n' + conf, "utf-8")
    (folder / "index.md").write_text("# Home\n\n```{bunko-posts}\n```\n", "utf-8")
    for name, text in (posts or {}).items():
        path = folder / "posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
    return folder


def sample_site(folder: Path) -> Path:
    """A copy of the repository's site with its sample posts."""
    folder.mkdir(parents=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(REPOSITORY / name, folder / name)
    shutil.copytree(REPOSITORY / "posts", folder / "posts")
    return folder


def post(title: str = "A post", date: str = "2024-01-02", body: str = "Some text.\n",
         **front: str) -> str:
    lines = [f"title: {title}", f"date: {date}",
             *(f"{key}: {value}" for key, value in front.items())]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def no_traceback(result: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in result.stderr and "Traceback" not in result.stdout
