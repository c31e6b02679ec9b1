"""The command line as a whole: --help for every command, usage errors exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bunko_cli import bunko, no_traceback

from bunko.cli import build_parser
from conftest import sphinx_build

COMMANDS = ("new", "import", "check", "search", "stats", "serve")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, tmp_path):
    result = bunko(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: bunko {command}")


def test_the_commands_are_registered_in_one_parser():
    help_text = build_parser().format_help()
    for command in COMMANDS:
        assert command in help_text


def test_no_command_or_an_unknown_option_is_a_usage_error(tmp_path):
    assert bunko(cwd=tmp_path).returncode == 2
    result = bunko("check", "--no-such-option", cwd=tmp_path)
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr and no_traceback(result)


def test_the_console_script_runs_the_same_command_line(tmp_path):
    script = Path(sys.executable).parent / "bunko"
    if not script.exists():
        pytest.skip("bunko is not installed as a console script here (pip install -e .)")
    import subprocess

    result = subprocess.run([str(script), "stats", "--help"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 0 and "usage: bunko stats" in result.stdout


def test_options_are_read_from_conf_py_without_running_it_and_checked(tmp_path):
    (tmp_path / "conf.py").write_text('import sys\nsys.exit("conf.py was run")\n'
                                      'bunko_timezone = "Mars/Base"\n', "utf-8")
    result = bunko("stats", cwd=tmp_path)
    assert result.returncode == 1 and no_traceback(result)
    assert result.stderr.startswith("bunko stats: ")
    assert "bunko_timezone 'Mars/Base'" in result.stderr


@pytest.mark.parametrize(("literal", "message"), [
    ("bunko_posts_per_page = True", "bunko_posts_per_page must be a whole number, not True"),
    ("bunko_show_drafts = 'yes'", "bunko_show_drafts must be a bool, not 'yes'"),
    ("bunko_posts_per_page = 0", "bunko_posts_per_page must be at least 1"),
])
def test_commands_refuse_exactly_what_the_build_refuses(tmp_path, literal, message):
    (tmp_path / "conf.py").write_text(f'extensions = ["bunko"]\n{literal}\n', "utf-8")
    (tmp_path / "index.md").write_text("# Home\n", "utf-8")
    (tmp_path / "posts").mkdir()
    result = bunko("stats", cwd=tmp_path)
    assert result.returncode == 1 and message in result.stderr
    build = sphinx_build(tmp_path)
    assert build.returncode != 0 and message in build.stderr
