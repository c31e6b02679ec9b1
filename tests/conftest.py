"""Shared test helpers: real Sphinx builds of the roots under tests/roots/, read as HTML."""

from __future__ import annotations

import importlib.util
import json
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


# --- two workers: ``make test`` runs pytest-xdist with ``--dist loadfile`` ----------------

#: Test files that read one of the session's costly builds below (the vim-jp corpus, the
#: migrated sites), by build: each group runs on one worker, which makes the build once.
#: A file missing here still passes; it only has the build made again on the other worker.
SHARED_BUILD_FILES = {
    "vim-jp": ("test_corpora", "test_related", "test_search_browser", "test_search_cli",
               "test_search_parity", "test_search_shards"),
    "migration": ("test_cli_import", "test_migration"),
}
_SHARED_BUILD_OF = {f"tests/{name}.py": build for build, names in SHARED_BUILD_FILES.items()
                    for name in names}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (``make test``): two workers for the whole suite (CI's machine has two
    cores), none when ``-k``, ``-m`` or named tests pick a part: each worker collects the
    whole suite before it runs a test, which costs a part more than it saves."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own answer: that number
    picked = (config.option.keyword or config.option.markexpr
              or config.args_source == pytest.Config.ArgsSource.ARGS)
    return 0 if picked else 2


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadfile``, with the files of one shared build taken as one file (xdist's
    ``loadgroup`` marks cannot say this: on pytest 9.2 they are silently ignored, see
    pytest-xdist issue 1386)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedBuildScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = super()._split_scope(nodeid)
            return _SHARED_BUILD_OF.get(file, file)

        def _reschedule(self, node) -> None:
            # xdist hands a worker its next file while two of its tests are still to run:
            # behind a file of a few long tests, that file waits while the other worker may
            # sit idle. Handed over with one test left (the one a worker holds until it
            # knows what follows), it goes to whichever worker is free first.
            if node.shutting_down:
                return
            if not self.workqueue:
                node.shutdown()
            elif self._pending_of(self.assigned_work[node]) <= 1:
                self._assign_work_unit(node)

    return SharedBuildScheduling(config, log)


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


def sphinx_build(source: Path, *options: str,
                 out: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``sphinx-build`` as ``make html`` does, in a fresh process."""
    out = out or source / "_build" / "html"
    # CI sets FORCE_COLOR; colour codes around warnings would hide the file names tests read.
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    env.update(PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "--no-color", str(source), str(out),
         *options],
        capture_output=True, text=True, env=env,
    )


def sidebar_data(out: Path) -> dict[str, dict]:
    """The sidebar's links and counts, by section, as the build wrote them for the pages'
    script (``_static/bunko-sidebar-data.js``): ``{"tags": {"links": [[label, uri, count],
    ...], "more": words or None}, ...}``."""
    text = (out / "_static" / "bunko-sidebar-data.js").read_text("utf-8")
    return json.loads(text.split("var bunkoSidebarData = ", 1)[1].rstrip().removesuffix(";"))


def shared_corpus(*parts: str) -> Path:
    """A folder of ../shared/; missing is a failure on CI (where it is always laid out), except
    where CI says it has no ../shared/ (GitHub Actions: BUNKO_CORPORA_OPTIONAL=1)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") and not os.environ.get("BUNKO_CORPORA_OPTIONAL"):
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


def draw_every_result(tab, where: str = "#search-results") -> None:
    """Draw every result of the search in ``where``: the page draws a screenful, then more
    each time the reader presses its button, until none is left."""
    while True:
        tab.wait_for_selector(f"{where}[data-bunko-done]", state="attached", timeout=20000)
        more = tab.locator(f"{where} .bunko-more")
        if not more.is_visible():
            return
        more.click()


# --- search: built sites shared by the search tests, and a local HTTP server -------------

#: The repository's own site (conf.py, index.md, posts/): the sample posts.
REPOSITORY = Path(__file__).resolve().parents[1]


def corpus_site(destination: Path, language: str, posts: Path) -> Path:
    """A bunko site whose posts folder is a copy of ``posts``."""
    destination.mkdir(parents=True)
    (destination / "conf.py").write_text(
        f'extensions = ["bunko"]\nhtml_theme = "furo"\nlanguage = "{language}"\n'
        'project = "corpus"\n', "utf-8")
    (destination / "index.md").write_text("# Corpus\n\n```{bunko-posts}\n```\n", "utf-8")
    shutil.copytree(posts, destination / "posts")
    return destination


def built_html(site: Path, *options: str) -> Path:
    result = sphinx_build(site, "-q", *options)
    assert result.returncode == 0, result.stderr[-3000:]
    return site / "_build" / "html"


@pytest.fixture(scope="session")
def sample_html(tmp_path_factory) -> Path:
    """The sample posts of this repository, built once per session."""
    site = tmp_path_factory.mktemp("sample") / "site"
    site.mkdir()
    for name in ("conf.py", "index.md"):
        shutil.copy(REPOSITORY / name, site / name)
    shutil.copytree(REPOSITORY / "posts", site / "posts")
    for folder in ("_static", "_templates"):
        (site / folder).mkdir()
    return built_html(site)


@pytest.fixture(scope="session")
def language_en_html(tmp_path_factory) -> Path:
    """tests/roots/test-language-en (``language = "en"``), built once per session."""
    return built_html(copy_root("language-en", tmp_path_factory.mktemp("language-en")))


@pytest.fixture(scope="session")
def vim_jp_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """vim-jp's posts alone (no Jekyll folder) in a Japanese site, built once per session as
    ``make html`` builds (``-j auto``): the site and the finished ``sphinx-build``."""
    posts = shared_corpus("corpora", "vim-jp", "_posts")
    site = corpus_site(tmp_path_factory.mktemp("vim-jp") / "site", "ja", posts)
    return site, sphinx_build(site, "-q", "-j", "auto")


@pytest.fixture(scope="session")
def vim_jp_html(vim_jp_build) -> Path:
    """The vim-jp corpus, built once per session."""
    site, result = vim_jp_build
    assert result.returncode == 0, result.stderr[-3000:]
    return site / "_build" / "html"


def _bench_module(name: str):
    """A script of bench/ as a module (bench/ is no package)."""
    path = REPOSITORY / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


#: bench/migration.py: a whole Jekyll site through ``bunko import`` and ``make html``.
migration = _bench_module("migration")


@pytest.fixture(scope="session")
def migrated_vim_jp(tmp_path_factory):
    """The whole vim-jp site moved in by ``bunko import`` and built, once per session (the
    import, the build and a scan of the output: ``bench/migration.py``'s ``Migration``)."""
    return migration.migrate(shared_corpus("corpora", "vim-jp"),
                             tmp_path_factory.mktemp("vim-jp-migrated"))


@pytest.fixture(scope="session")
def migrated_18f(tmp_path_factory):
    """The whole 18F site moved in by ``bunko import`` and built, once per session."""
    return migration.migrate(shared_corpus("corpora", "18f"),
                             tmp_path_factory.mktemp("18f-migrated"))


def serve(folder: Path):
    """``python -m http.server`` on a free local port for ``folder``; yields its base URL.
    The server picks the port itself and says which (a port probed first and passed on
    could be taken in between by another worker's server)."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        # "Serving HTTP on 127.0.0.1 port 8000 (http://127.0.0.1:8000/) ...", once bound.
        said = server.stdout.readline()
        port = re.search(r" port (\d+) ", said)
        assert port, f"http.server did not start: {said!r}"
        yield f"http://127.0.0.1:{port.group(1)}/"
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
