"""The character classes search cuts text by, defined once for Python and for the browser.

The browser must cut a query exactly as Python cut the index, so every class is written once,
here. The browser reads it from ``_static/bunko-scripts.js``, which each HTML build writes
from this module (``write_browser_scripts``); no JavaScript file holds a copy. Sphinx's own
Japanese search gets the same data inside ``language_data.js`` (``language.py``).

The letters and digits of words (Python's ``[^\\W_]``), case folding (``str.casefold``) and
whitespace (``str.isspace``) are read from the running Python's Unicode tables and handed to
the browser as tables too: a browser carries its own Unicode version, often newer than
Python's, and a letter the browser knows and Python does not would make the query ask for a
key the index can never hold. Only NFKC is left to the browser; Unicode's
stability policy fixes it for every character both versions know.
"""

from __future__ import annotations

import re
from array import array
from functools import cache
from pathlib import Path

from sphinx.application import Sphinx

from ..output import safe_json

#: Code points of CJK runs, inclusive: the scripts written without spaces between words.
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x309F),  # hiragana, with the combining and spacing (han)dakuten
    (0x30A0, 0x30FA),  # katakana; the ・ separator (U+30FB) separates
    (0x30FC, 0x30FF),  # ー ヽ ヾ ヿ
    (0x31F0, 0x31FF),  # small katakana for Ainu (ㇰ ㇷ ㇿ)
    (0x3400, 0x4DBF),  # CJK unified ideographs, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width katakana (NFKC widens them; reading.py counts raw text)
    (0x1B000, 0x1B16F),  # kana supplement and extensions: hentaigana, small kana
    # The supplementary and tertiary ideographic planes, whole: extensions B to J (𠮷, the
    # kanji of names) and the compatibility ideographs supplement (U+2F800–2FA1F).
    (0x20000, 0x3FFFF),
)

#: Variation selectors (VS1–16 and the ideographic VS17–256): 葛󠄀 is 葛 drawn another way,
#: and a reader searching 葛城 means it too. Normalisation drops them (``normalize.py``).
VARIATION_SELECTOR_RANGES: tuple[tuple[int, int], ...] = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))

#: What joins the parts of a word into one (``gpt-4o``, ``node.js``, ``snake_case``).
JOINERS = "-.+_"


def character_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """The inside of a regular expression's ``[...]`` holding ``ranges``."""
    return "".join(re.escape(chr(first)) + (f"-{re.escape(chr(last))}" if last > first else "")
                   for first, last in ranges)


CJK_CLASS = character_class(CJK_RANGES)
VARIATION_SELECTOR_CLASS = character_class(VARIATION_SELECTOR_RANGES)
#: A letter or digit of a word: not CJK (Python's ``[^\W_]`` is letters and digits).
WORD_CHARACTER = rf"[^\W_{CJK_CLASS}]"
JOINER = f"[{re.escape(JOINERS)}]"

#: The code points that are not surrogates: below them and above them.
_PLANES = ((0, 0xD800), (0xE000, 0x110000))


@cache
def _every_character() -> tuple[tuple[int, str], ...]:
    """Each of ``_PLANES`` as one string, with its first code point: the texts the tables are
    read from with regular expressions and ``casefold`` at C speed (a loop over 1.1 million
    characters in Python takes seconds)."""
    return tuple((start, array("I", range(start, stop)).tobytes().decode("utf-32-le"))
                 for start, stop in _PLANES)


def _matching_ranges(pattern: str) -> list[list[int]]:
    """Every code point ``pattern`` (one character) matches, as ``[first, last]`` ranges."""
    runs = re.compile(f"(?:{pattern})+")
    return [[start + match.start(), start + match.end() - 1]
            for start, text in _every_character() for match in runs.finditer(text)]


def _case_folding() -> tuple[list[list[int]], list[list[int | str]]]:
    """``str.casefold`` as data: runs ``[first, count, step, offset]`` of code points that fold
    to one code point ``offset`` away (A–Z is ``[65, 26, 1, 32]``, Ā ă Ą … step 2), and
    ``[code point, folded]`` for the hundred that fold to several (ß → ss)."""
    single: list[tuple[int, int]] = []
    several: list[list[int | str]] = []
    for start, text in _every_character():
        for chunk_start in range(0, len(text), 1024):
            chunk = text[chunk_start:chunk_start + 1024]
            if chunk.casefold() == chunk:
                continue
            for offset, char in enumerate(chunk, start + chunk_start):
                folded = char.casefold()
                if len(folded) != 1:
                    several.append([offset, folded])
                elif folded != char:
                    single.append((offset, ord(folded) - ord(char)))
    runs: list[list[int]] = []
    for code_point, shift in single:
        if runs and runs[-1][3] == shift:
            first, count, step, _ = runs[-1]
            if count == 1 and code_point - first in (1, 2):
                runs[-1] = [first, 2, code_point - first, shift]
                continue
            if code_point == first + count * step:
                runs[-1][1] += 1
                continue
        runs.append([code_point, 1, 1, shift])
    return runs, several


@cache
def browser_data() -> dict[str, list | dict]:
    """Everything the browser's splitter needs to cut text as Python does, and the constants
    its ranking uses (``ranking.browser_constants``)."""
    from .ranking import browser_constants  # ranking needs the splitter, which needs this

    folds, folds_to_several = _case_folding()
    return {
        "cjk": [list(pair) for pair in CJK_RANGES],
        "word": _matching_ranges(WORD_CHARACTER),
        "joiners": [[ord(char), ord(char)] for char in JOINERS],
        "variationSelectors": [list(pair) for pair in VARIATION_SELECTOR_RANGES],
        "whitespace": _matching_ranges(r"\s"),
        "folds": folds,
        "foldsToSeveral": folds_to_several,
        "ranking": browser_constants(),
    }


def browser_script() -> str:
    """``bunko-scripts.js``: ``browser_data`` as the global ``BunkoScripts``."""
    return ("/* Generated by bunko/search/scripts.py for this build's Python: do not edit. */\n"
            f"var BunkoScripts = {safe_json(browser_data(), separators=(',', ':'))};\n")


def write_browser_scripts(app: Sphinx) -> None:
    """``builder-inited``: write ``_static/bunko-scripts.js`` for the search page (when it
    differs, so an unchanged file keeps its date)."""
    if app.builder.format != "html" or not getattr(app.builder, "search", False):
        return
    path = Path(app.outdir) / "_static" / "bunko-scripts.js"
    script = browser_script()
    if not path.is_file() or path.read_text("utf-8") != script:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script, "utf-8")
