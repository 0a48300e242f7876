"""The site list: which sites one crawl covers, and each one's own settings, as data.

A `sites.toml` holds a `[defaults]` table (optional) and one `[[site]]` table per site:

    [defaults]
    delay = 1.0              # seconds between requests to one site
    concurrency = 2          # requests in flight to one site

    [[site]]
    url = "https://levant.example/"     # the start URL (required); its host is the site
    tz = "Asia/Beirut"                  # zone of dates printed without an offset
    follow_links = true                 # false: sitemaps and feeds only
    revisit = "due"                     # due | all | none
    sections = { "Lebanon News" = "Lebanon" }   # the site's labels -> canonical sections
    settings = { CLOSESPIDER_PAGECOUNT = 5000 }  # any other setting, for this site only

Each entry becomes one site of the crawl (siterun.py): its own scope, politeness slot,
robots.txt, site model, budgets, lock and summary. Everything is checked when the file is
read; a mistake is one line naming the file, the site and the key (exit status 2)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.exceptions import UsageError

if TYPE_CHECKING:
    from pathlib import Path

REVISIT_MODES = ("due", "all", "none")
# Keys a site (or [defaults]) may have, and the type each must be.
_KEYS: dict[str, type | tuple[type, ...]] = {
    "url": str,
    "tz": str,
    "follow_links": bool,
    "revisit": str,
    "delay": (int, float),
    "concurrency": int,
    "pattern_budget": int,
    "max_segment_repeats": int,
    "sections": dict,
    "deny": list,
    "tracking_params": list,
    "settings": dict,
}
_TYPE_NAMES: dict[type | tuple[type, ...], str] = {
    str: "a string",
    bool: "true or false",
    int: "a whole number",
    (int, float): "a number",
    dict: "a table",
    list: "a list",
}


# Settings of what a site list's sites share (the process, its extraction pool, its writer,
# the archive, the frontier): one value for the whole crawl, set with -s, never per site.
CRAWL_WIDE = (
    "LEVANTCRAWL_DB_URL",
    "LEVANTCRAWL_STORE_",
    "LEVANTCRAWL_REVISIT_",
    "LEVANTCRAWL_DEDUPE_",
    "LEVANTCRAWL_EXTRACT_WORKERS",
    "LEVANTCRAWL_FRONTIER_",
    "LEVANTCRAWL_PROGRESS_",
    "TWISTED_REACTOR",
    "LOG_",
)


class SitesError(UsageError):
    """A site list that cannot work; its message is one line (exit status 2)."""


@dataclass(frozen=True, slots=True)
class SiteEntry:
    """One site of a crawl, as its entry (merged over [defaults]) describes it. None: the
    crawl's setting applies."""

    url: str
    host: str
    tz: str | None = None
    follow_links: bool | None = None
    revisit: str | None = None
    delay: float | None = None
    concurrency: int | None = None
    pattern_budget: int | None = None
    max_segment_repeats: int | None = None
    sections: dict[str, str] = field(default_factory=dict)
    deny: tuple[str, ...] = ()
    tracking_params: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)

    def crawl_settings(self, base_deny: list[str]) -> dict[str, Any]:
        """The Scrapy settings that make this entry's crawler its own: the per-domain slot's
        delay and concurrency (DOWNLOAD_SLOTS, keyed by host as Scrapy's downloader keys its
        slots), its budgets, section names and extra patterns; then its own `settings`."""
        out: dict[str, Any] = {}
        slot: dict[str, Any] = {}
        if self.delay is not None:
            out["DOWNLOAD_DELAY"] = slot["delay"] = self.delay
            out["AUTOTHROTTLE_START_DELAY"] = max(self.delay, 0.01)
        if self.concurrency is not None:
            out["CONCURRENT_REQUESTS_PER_DOMAIN"] = slot["concurrency"] = self.concurrency
        if slot:
            out["DOWNLOAD_SLOTS"] = {self.host: slot}
        if self.pattern_budget is not None:
            out["LEVANTCRAWL_DISCOVERY_PATTERN_BUDGET"] = self.pattern_budget
        if self.max_segment_repeats is not None:
            out["LEVANTCRAWL_DISCOVERY_MAX_SEGMENT_REPEATS"] = self.max_segment_repeats
        if self.sections:
            out["LEVANTCRAWL_SECTIONS_ALIASES"] = {self.host: dict(self.sections)}
        if self.deny:
            out["LEVANTCRAWL_DISCOVERY_DENY"] = [*base_deny, *self.deny]
        if self.tracking_params:
            out["LEVANTCRAWL_URLS_TRACKING_PARAMS"] = list(self.tracking_params)
        out.update(self.settings)
        return out

    def spider_args(self, *, revisit: str | None, refresh: bool, follow: bool) -> dict[str, Any]:
        """The news spider's arguments for this site; the command line's --revisit and
        --no-follow win over the entry, as they are the more recent word."""
        return {
            "start_url": self.url,
            "tz": self.tz,
            "follow_links": follow and (self.follow_links is not False),
            "revisit": revisit or self.revisit or "",
            "refresh": refresh,
        }


def yes(value: str | bool) -> bool:
    """A yes/no spider argument ("yes", "no", "true", "0"...); SitesError otherwise."""
    if isinstance(value, bool):
        return value
    if value.strip().lower() in ("1", "true", "yes", "on"):
        return True
    if value.strip().lower() in ("0", "false", "no", "off", ""):
        return False
    raise SitesError(f"expected a yes/no value, got {value!r}")


def site_from_url(url: str, where: str = "") -> SiteEntry:
    """A site given by its start URL alone (`levantcrawl crawl URL URL ...`)."""
    return _entry({"url": url}, where or f"site {url!r}")


def load_sites(path: Path) -> list[SiteEntry]:
    """Every site of a sites.toml, checked; SitesError (one line) when anything is wrong."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise SitesError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SitesError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SitesError(f"{path}: not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - {"defaults", "site"})
    if unknown:
        raise SitesError(f"{path}: unknown table {unknown[0]!r} (expected [defaults], [[site]])")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SitesError(f"{path}: defaults must be a table")
    if "url" in defaults:
        raise SitesError(f"{path}: [defaults] cannot have a url; each [[site]] has its own")
    _check_keys(defaults, f"{path} [defaults]")
    sites = data.get("site", [])
    if not isinstance(sites, list) or not sites:
        raise SitesError(f"{path}: no site listed (add a [[site]] table with a url)")
    entries = []
    for number, site in enumerate(sites, 1):
        where = f"{path} site {number}"
        if not isinstance(site, dict):
            raise SitesError(f"{where}: must be a table")
        entries.append(_entry({**defaults, **site}, where))
    return no_repeats(entries, str(path))


def no_repeats(entries: list[SiteEntry], where: str) -> list[SiteEntry]:
    seen: set[str] = set()
    for entry in entries:
        if entry.host in seen:
            raise SitesError(
                f"{where}: {entry.host} is listed twice (one site, one entry: a host is a site)"
            )
        seen.add(entry.host)
    return entries


def _check_keys(table: dict[str, Any], where: str) -> None:
    for key, value in table.items():
        if key not in _KEYS:
            raise SitesError(f"{where}: unknown key {key!r} (known: {', '.join(_KEYS)})")
        wanted = _KEYS[key]
        bad_bool = isinstance(value, bool) and wanted is not bool
        if bad_bool or not isinstance(value, wanted):
            raise SitesError(f"{where}: {key} must be {_TYPE_NAMES[wanted]}, got {value!r}")


def _entry(table: dict[str, Any], where: str) -> SiteEntry:
    url = table.get("url", "")
    parts = urlsplit(url.strip() if isinstance(url, str) else "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SitesError(f"{where}: url must be an http(s) URL, got {url!r}")
    url = url.strip()
    where = f"{where} ({parts.hostname})"
    _check_keys(table, where)
    tz = table.get("tz")
    if tz is not None:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SitesError(f"{where}: unknown time zone {tz!r}") from exc
    revisit = table.get("revisit")
    if revisit is not None and revisit not in REVISIT_MODES:
        raise SitesError(f"{where}: revisit must be one of {', '.join(REVISIT_MODES)}")
    for key, least in (("delay", 0), ("concurrency", 1), ("pattern_budget", 0)):
        if key in table and table[key] < least:
            raise SitesError(f"{where}: {key} must be at least {least}, got {table[key]!r}")
    if "max_segment_repeats" in table and table["max_segment_repeats"] < 1:
        raise SitesError(f"{where}: max_segment_repeats must be at least 1")
    sections = table.get("sections", {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in sections.items()):
        raise SitesError(f"{where}: sections maps a label to a section name, both strings")
    for key in ("deny", "tracking_params"):
        if not all(isinstance(v, str) and v for v in table.get(key, [])):
            raise SitesError(f"{where}: {key} must be a list of non-empty strings")
    settings = table.get("settings", {})
    if any(not name.isupper() for name in settings):
        raise SitesError(f"{where}: settings takes Scrapy or LEVANTCRAWL_* names (upper case)")
    if shared := sorted(name for name in settings if name.startswith(CRAWL_WIDE)):
        raise SitesError(
            f"{where}: {shared[0]} is the whole crawl's, shared by its sites: "
            "set it with -s, not for one site"
        )
    delay = table.get("delay")
    return SiteEntry(
        url=url,
        host=parts.hostname.lower(),
        tz=tz,
        follow_links=table.get("follow_links"),
        revisit=revisit,
        delay=float(delay) if delay is not None else None,
        concurrency=table.get("concurrency"),
        pattern_budget=table.get("pattern_budget"),
        max_segment_repeats=table.get("max_segment_repeats"),
        sections=dict(sections),
        deny=tuple(table.get("deny", ())),
        tracking_params=tuple(table.get("tracking_params", ())),
        settings=dict(settings),
    )
