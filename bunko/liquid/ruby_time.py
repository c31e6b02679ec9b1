"""Times as Jekyll's Liquid (Ruby) reads and writes them.

Jekyll's ``date`` filters format with Ruby's ``strftime``, whose directives and flags differ
from C's (``%L``, ``%N``, ``%:z``, ``%-d`` on every platform) and never follow the machine's
locale; Python's ``strftime`` follows both the platform and the locale. So the directives are
written out here, in English as Ruby writes them. Text is read into a time by ``dates.py``,
the one reader of dates in bunko, in the site's zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone, tzinfo
from typing import Any

from ..dates import DateError, parse_date

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DIRECTIVE = re.compile(r"%([-_0^#]*)(\d*)(:{0,2}z|[a-zA-Z%+])")
#: Directives that stand for a longer format.
_COMPOSITES = {"c": "%a %b %e %H:%M:%S %Y", "D": "%m/%d/%y", "x": "%m/%d/%y",
               "F": "%Y-%m-%d", "T": "%H:%M:%S", "X": "%H:%M:%S", "R": "%H:%M",
               "r": "%I:%M:%S %p", "+": "%a %b %e %H:%M:%S %Z %Y", "v": "%e-%^b-%Y"}
_DIGITS = re.compile(r"\d+")


class RubyTime(datetime):
    """A time that Liquid prints as Ruby does (``2016-01-01 09:30:00 +0900``)."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z")

    @classmethod
    def of(cls, moment: datetime) -> RubyTime:
        return cls(moment.year, moment.month, moment.day, moment.hour, moment.minute,
                   moment.second, moment.microsecond, tzinfo=moment.tzinfo, fold=moment.fold)


def to_time(value: Any, zone: tzinfo) -> datetime | None:
    """What Liquid's ``Utils.to_date`` makes of a filter's input: a time, a date, seconds
    since 1970 (a number or digits), or text with a date; ``None`` for anything else."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone)
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(value, timezone.utc).astimezone(zone)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str) and value.strip():
        try:
            return parse_date(value, zone)[0]
        except DateError:
            return None
    return None


def ruby_strftime(moment: datetime, pattern: str) -> str:
    """``moment`` formatted as Ruby's ``Time#strftime(pattern)`` formats it."""
    numbers = _numbers(moment)
    return _DIRECTIVE.sub(lambda match: _directive(moment, numbers, *match.groups()), pattern)


def _directive(moment: datetime, numbers: dict[str, tuple[int, int, str]], flags: str,
               width: str, name: str) -> str:
    if name in _COMPOSITES:
        return _pad(ruby_strftime(moment, _COMPOSITES[name]), flags, width, " ", 0)
    if name == "%":
        return "%"
    if name in ("n", "t"):
        return "\n" if name == "n" else "\t"
    number = numbers.get(name)
    if number is not None:
        value, digits, fill = number
        return _pad(str(value), flags, width, fill, digits)
    text = _texts(moment, name)
    if text is None:
        return f"%{flags}{width}{name}"
    if "^" in flags:
        text = text.upper()
    elif "#" in flags:
        text = text.lower() if name == "p" else text.swapcase()
    return _pad(text, flags, width, " ", 0)


def _numbers(moment: datetime) -> dict[str, tuple[int, int, str]]:
    """Numeric directives: (value, default width, default fill)."""
    iso_year, iso_week, _ = moment.isocalendar()
    hour12 = moment.hour % 12 or 12
    day_of_year = moment.timetuple().tm_yday
    sunday_week = (day_of_year + 6 - (moment.weekday() + 1) % 7) // 7
    monday_week = (day_of_year + 6 - moment.weekday()) // 7
    return {
        "Y": (moment.year, 4 if moment.year >= 0 else 5, "0"), "C": (moment.year // 100, 2, "0"),
        "y": (moment.year % 100, 2, "0"), "m": (moment.month, 2, "0"),
        "d": (moment.day, 2, "0"), "e": (moment.day, 2, " "), "j": (day_of_year, 3, "0"),
        "H": (moment.hour, 2, "0"), "k": (moment.hour, 2, " "), "I": (hour12, 2, "0"),
        "l": (hour12, 2, " "), "M": (moment.minute, 2, "0"), "S": (moment.second, 2, "0"),
        "L": (moment.microsecond // 1000, 3, "0"), "N": (moment.microsecond * 1000, 9, "0"),
        "u": (moment.isoweekday(), 1, "0"), "w": (moment.isoweekday() % 7, 1, "0"),
        "G": (iso_year, 4, "0"), "g": (iso_year % 100, 2, "0"), "V": (iso_week, 2, "0"),
        "U": (sunday_week, 2, "0"), "W": (monday_week, 2, "0"),
        "s": (int(moment.timestamp()), 1, "0"),
    }


def _texts(moment: datetime, name: str) -> str | None:
    if name == "B":
        return _MONTHS[moment.month - 1]
    if name in ("b", "h"):
        return _MONTHS[moment.month - 1][:3]
    if name == "A":
        return _DAYS[moment.weekday()]
    if name == "a":
        return _DAYS[moment.weekday()][:3]
    if name == "p":
        return "AM" if moment.hour < 12 else "PM"
    if name == "P":
        return "am" if moment.hour < 12 else "pm"
    if name == "Z":
        return moment.tzname() or ""
    if name.endswith("z"):
        return _offset(moment, name.count(":"))
    return None


def _offset(moment: datetime, colons: int) -> str:
    offset = moment.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    if colons == 0:
        return f"{sign}{hours:02d}{minutes:02d}"
    if colons == 1:
        return f"{sign}{hours:02d}:{minutes:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d}"


def _pad(text: str, flags: str, width: str, fill: str, digits: int) -> str:
    """Ruby's padding: "-" none, "_" spaces, "0" zeros; a written width replaces the default
    (for ``%N`` it is the number of digits kept)."""
    if digits == 9:  # %N, %3N: the fraction of a second, cut to the width written
        return text.rjust(9, "0")[:int(width) if width else 9]
    if "-" in flags:
        return text
    if "_" in flags:
        fill = " "
    elif "0" in flags:
        fill = "0"
    return text.rjust(int(width) if width else digits, fill)
