"""Post dates: read every form Jekyll posts carry, keep the writer's time zone, show it in the
site language.

A post's date is always an aware ``datetime``: mixing naive and aware values is what crashes
ABlog on ``+0000`` dates. A date written without a zone is read in ``bunko_timezone``. The
post's date is then expressed in the site's zone (``bunko_timezone``, or the imported Jekyll
site's ``timezone``), as Jekyll does, so the date shown, the month a post is grouped in and
its place in every list all follow one calendar.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

_ISO = re.compile(
    r"""^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})
    (?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d{1,6})\d*)?)?)?
    \s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_KANJI = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
_LEADING_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?=\D|$)")
FILE_NAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.*)$")


class DateError(ValueError):
    """A date that cannot be read; the message says why, in the writer's terms."""


@cache
def resolve_timezone(name: str) -> tzinfo:
    """``UTC``, a fixed offset such as ``+09:00``, or an IANA name such as ``Asia/Tokyo``."""
    if name.upper() in {"UTC", "Z", "GMT"}:
        return timezone.utc
    offset = _parse_offset(name)
    if offset is not None:
        return offset
    return ZoneInfo(name)


def _parse_offset(text: str) -> timezone | None:
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})?", text.strip())
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 23 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(y: int, m: int, d: int, zone: tzinfo, H: int = 0, M: int = 0, S: int = 0,
           us: int = 0) -> datetime:
    try:
        return datetime(y, m, d, H, M, S, us, tzinfo=zone)
    except ValueError as err:
        raise DateError(f"is not a real date or time ({err})") from None


def parse_date(value: object, default_zone: tzinfo) -> tuple[datetime, str | None]:
    """Read a front-matter date. Returns the date and a note when part of the text was ignored.

    Raises DateError for text that holds no date or an impossible one (``2024-13-45``).
    """
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=default_zone)), None
    if isinstance(value, date):
        return _build(value.year, value.month, value.day, default_zone), None
    text = str(value).strip()
    if not text:
        raise DateError("is empty")
    if match := _ISO.match(text):
        parts = match.groupdict()
        zone = default_zone
        if parts["tz"]:
            zone = (timezone.utc if parts["tz"].upper() in {"Z", "UTC", "GMT"}
                    else _parse_offset(parts["tz"]))
            if zone is None:
                raise DateError(f"has an impossible time zone offset {parts['tz']!r}")
        return _build(
            int(parts["y"]), int(parts["m"]), int(parts["d"]), zone,
            int(parts["H"] or 0), int(parts["M"] or 0), int(parts["S"] or 0),
            int((parts["f"] or "0").ljust(6, "0")),
        ), None
    if match := _KANJI.match(text):
        y, m, d = (int(g) for g in match.groups())
        return _build(y, m, d, default_zone), None
    if match := _LEADING_ISO_DATE.match(text):
        y, m, d = (int(g) for g in match.groups())
        note = f"the text after {match.group(0).strip()!r} was ignored"
        return _build(y, m, d, default_zone), note
    return _parse_free_form(text, default_zone), None


def _parse_free_form(text: str, default_zone: tzinfo) -> datetime:
    """English forms such as "June 9, 2016": dateutil knows month names so we do not."""
    from dateutil import parser as dateutil_parser

    try:
        parsed = dateutil_parser.parse(text, default=datetime(1, 1, 1))
    except (ValueError, OverflowError) as err:
        raise DateError(f"is not a date bunko can read ({err})") from None
    if parsed.year == 1:
        raise DateError("has no year")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=default_zone)


def date_from_path_parts(parts: list[str], zone: tzinfo) -> tuple[datetime, str] | None:
    """The ``YYYY-M-D-`` date of the first path part that carries one (file name first)."""
    for part in parts:
        match = FILE_NAME_DATE.match(part)
        if match:
            y, m, d = (int(g) for g in match.groups()[:3])
            try:
                return datetime(y, m, d, tzinfo=zone), part
            except ValueError:
                continue
    return None


@cache
def _locale(language: str | None) -> Locale:
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (ValueError, LookupError, UnknownLocaleError):
        return Locale.parse("en")


#: Languages whose readers expect a date with its weekday: a Japanese date names it,
#: 2016年3月27日(日), where English writes March 27, 2016.
_DATES_WITH_WEEKDAY = frozenset({"ja"})


def format_post_date(when: datetime, language: str) -> str:
    """The calendar date as a reader of ``language`` writes it: 2026年2月10日(火),
    February 10, 2026."""
    return _formatted_day(when.date(), language)


@cache
def _formatted_day(day: date, language: str) -> str:
    """``format_post_date`` of one day, made once a process: babel takes ~20 µs a date, and a
    build shows each post's date on its page, in lists, feeds and the search index."""
    locale, pattern = _post_date_pattern(language)
    return format_date(day, format=pattern, locale=locale)


@cache
def _post_date_pattern(language: str | None) -> tuple[Locale, str]:
    """The locale and date pattern of ``format_post_date``, found once: a date is shown
    thousands of times a build, and babel matches a skeleton anew on every call (5× the
    cost of formatting)."""
    locale = _locale(language)
    if locale.language in _DATES_WITH_WEEKDAY:
        return locale, locale.datetime_skeletons["yMMMEd"].pattern
    return locale, "long"


def format_month(year: int, month: int, language: str) -> str:
    """A month as a heading: 2026年2月, February 2026."""
    return format_skeleton("yMMMM", date(year, month, 1), locale=_locale(language))


def format_year(year: int, language: str) -> str:
    """A year as a heading: 2026年, 2026."""
    return format_skeleton("y", date(year, 1, 1), locale=_locale(language))
