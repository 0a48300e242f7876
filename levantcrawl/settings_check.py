"""Settings checked once, before a crawl starts, so a bad value is one line naming it
("LEVANTCRAWL_STORE_BATCH_SIZE must be an integer, got 'abc'") rather than a ValueError
from whichever component reads it first, or a component switching itself off. Every
LEVANTCRAWL_* value must have the type of its default in settings.py (and a few must name
something real: a time zone, a revisit mode, a pattern, a Redis URL); an unknown
LEVANTCRAWL_* name is a typo. Scrapy's own flags and numbers are checked by type."""

from __future__ import annotations

import difflib
import json
import re
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.settings import SETTINGS_PRIORITIES, default_settings

from levantcrawl import settings as project
from levantcrawl.startup import StartupError

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.settings import BaseSettings

PREFIX = "LEVANTCRAWL_"
DEFAULTS: dict[str, Any] = {
    **{k: v for k, v in vars(default_settings).items() if k.isupper()},
    **{k: v for k, v in vars(project).items() if k.isupper()},
}
OURS = sorted(name for name in DEFAULTS if name.startswith(PREFIX))
# Read as a number though its default is a whole one.
_FRACTIONS_ALLOWED = frozenset({"LEVANTCRAWL_REVISIT_LONGEST_DAYS"})
_REVISIT_MODES = ("due", "all", "none")
_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
_DEFAULT_PRIORITY = SETTINGS_PRIORITIES["default"]


def check_settings(settings: BaseSettings) -> None:
    """StartupError naming the first setting whose value cannot work."""
    for name in sorted(settings):
        if settings.getpriority(name) == _DEFAULT_PRIORITY:
            continue  # Scrapy's own defaults need no check (and some warn when read)
        value = settings.get(name)
        if name.startswith(PREFIX):
            if name not in DEFAULTS:
                raise StartupError(_unknown(name))
            _check_ours(name, value, settings)
        elif name in DEFAULTS and isinstance(value, str):
            _check_scrapys(name, value, DEFAULTS[name])


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name, OURS, n=1)
    hint = f" (did you mean {close[0]}?)" if close else " (see levantcrawl/settings.py)"
    return f"unknown setting {name}{hint}"


def _check_ours(name: str, value: Any, settings: BaseSettings) -> None:
    default = DEFAULTS[name]
    if isinstance(default, bool):
        _as(name, value, settings.getbool, "true or false")
    elif isinstance(default, int) and name not in _FRACTIONS_ALLOWED:
        _as(name, value, settings.getint, "an integer")
    elif isinstance(default, int | float):
        _as(name, value, settings.getfloat, "a number")
    elif isinstance(default, dict):
        _as(name, value, settings.getdict, "a JSON object")
    elif isinstance(default, list):
        _as(name, value, settings.getlist, "a list")
    for check in _MEANINGS.get(name, ()):
        check(name, settings)


def _as(name: str, value: Any, read: Callable[[str], Any], kind: str) -> None:
    try:
        read(name)
    except (ValueError, TypeError, json.JSONDecodeError):
        raise StartupError(f"{name} must be {kind}, got {value!r}") from None


def _check_scrapys(name: str, value: str, default: Any) -> None:
    if isinstance(default, bool):
        if value not in ("0", "1", "True", "False", "true", "false"):
            raise StartupError(f"{name} must be true or false, got {value!r}")
    elif isinstance(default, int | float):
        try:
            float(value)
        except ValueError:
            raise StartupError(f"{name} must be a number, got {value!r}") from None


def _time_zone(name: str, settings: BaseSettings) -> None:
    zone = settings.get(name)
    try:
        ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise StartupError(f"{name}: unknown time zone {zone!r}") from None


def _revisit_mode(name: str, settings: BaseSettings) -> None:
    mode = settings.get(name)
    if mode not in _REVISIT_MODES:
        raise StartupError(f"{name} must be one of {', '.join(_REVISIT_MODES)}, got {mode!r}")


def _patterns(name: str, settings: BaseSettings) -> None:
    for pattern in settings.getlist(name):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise StartupError(f"{name}: {pattern!r} is no pattern ({exc})") from None


def _redis_url(name: str, settings: BaseSettings) -> None:
    url = str(settings.get(name) or "")
    if url and not url.startswith(_REDIS_SCHEMES):
        raise StartupError(f"{name} must be a redis:// URL, got {url!r}")


def _share(name: str, settings: BaseSettings) -> None:
    if not 0.0 <= settings.getfloat(name) <= 1.0:
        raise StartupError(f"{name} must be between 0 and 1, got {settings.get(name)!r}")


_MEANINGS: dict[str, tuple[Callable[[str, BaseSettings], None], ...]] = {
    "LEVANTCRAWL_DATES_DEFAULT_TZ": (_time_zone,),
    "LEVANTCRAWL_DISCOVERY_REVISIT": (_revisit_mode,),
    "LEVANTCRAWL_DISCOVERY_DENY": (_patterns,),
    "LEVANTCRAWL_FRONTIER_URL": (_redis_url,),
    "LEVANTCRAWL_DEDUPE_NEAR_THRESHOLD": (_share,),
    "LEVANTCRAWL_STORE_COLLAPSE_SHARE": (_share,),
    "LEVANTCRAWL_TEMPLATE_SHARE": (_share,),
}
