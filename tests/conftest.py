"""Shared test helpers: real Sphinx builds of the roots under tests/roots/, read as HTML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
#: ../shared/ beside the clone holds the real corpora (see its corpora/README.md).
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def built(app):
    """The ``sphinx.testing`` app of the test's root, built."""
    app.build()
    return app


def page(app, docname: str) -> BeautifulSoup:
    """A built page of a ``sphinx.testing`` app, parsed."""
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text("utf-8"),
                         "html.parser")


def warning_lines(app) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def copy_root(name: str, destination: Path) -> Path:
    """A private copy of ``tests/roots/test-<name>`` to build with the real command line."""
    target = destination / name
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def sphinx_build(source: Path, *options: str, out: Path | None = None,
                 timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """Run ``sphinx-build`` as ``make html`` does, in a fresh process."""
    out = out or source / "_build" / "html"
    # CI sets FORCE_COLOR; colour codes around warnings would hide the file names tests read.
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    env.update(PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "--no-color", str(source), str(out),
         *options],
        capture_output=True, text=True, timeout=timeout, env=env,
    )


def shared_corpus(*parts: str) -> Path:
    """A folder of ../shared/; missing is a failure on CI (where it is always laid out)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing on CI")
        pytest.skip(f"{path} is not laid out beside this clone")
    return path


#: Debian's chromium, driven by Playwright (no browser download); flags from DEVELOPERS.md.
CHROMIUM = os.environ.get("BUNKO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the session; missing chromium fails on CI, skips elsewhere."""
    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing on CI (.ci/run installs Debian's chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser):
    """A fresh page; JavaScript errors on it fail the test."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
