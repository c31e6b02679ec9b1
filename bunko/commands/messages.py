"""The one-line error every command prints for bad input: named after the command, on
stderr, exit code 1 (usage errors are argparse's, exit 2)."""

from __future__ import annotations

import sys


def fail(command: str, message: str) -> int:
    print(f"bunko {command}: {message}", file=sys.stderr)
    return 1
