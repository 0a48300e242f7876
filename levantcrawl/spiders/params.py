"""Spider arguments, parsed once into a frozen, validated object: a bad argument fails at
start-up with one line naming it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.exceptions import UsageError

REVISIT_MODES = ("due", "all", "none")


class SpiderArgumentError(UsageError):
    """A spider argument that cannot work; raised at start-up, before any request."""


def _flag(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise SpiderArgumentError(f"expected a yes/no value, got {value!r}")


@dataclass(frozen=True, slots=True)
class SpiderParams:
    """Spider arguments, parsed once and validated before the crawl starts."""

    start_url: str
    host: str
    tz: str | None
    follow_links: bool
    revisit: str  # due | all | none: which archived articles to request again
    refresh: bool  # only the revisits, no discovery

    @classmethod
    def parse(
        cls,
        start_url: str | None,
        *,
        tz: str | None,
        follow_links: str | bool,
        revisit: str,
        refresh: str | bool = False,
    ) -> SpiderParams:
        if not start_url:
            raise SpiderArgumentError("missing start URL: scrapy crawl news -a start_url=URL")
        parts = urlsplit(start_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SpiderArgumentError(f"start_url must be an http(s) URL, got {start_url!r}")
        if tz:
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise SpiderArgumentError(f"unknown time zone {tz!r}") from exc
        if revisit not in REVISIT_MODES:
            raise SpiderArgumentError(f"revisit must be one of {', '.join(REVISIT_MODES)}")
        return cls(
            start_url=start_url.strip(),
            host=parts.hostname.lower(),
            tz=tz or None,
            follow_links=_flag(follow_links),
            revisit=revisit,
            refresh=_flag(refresh),
        )
