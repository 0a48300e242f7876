"""Never connect to an internal address the start URL did not name: a public host name that
resolves (or rebinds) to loopback, private, link-local, CGNAT, unspecified or IPv6-local
addresses is refused, so a crawl cannot be turned against the network it runs in."""

from __future__ import annotations

import asyncio
import ipaddress
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from levantcrawl.crawlsite import sites_of

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

_CGNAT = ipaddress.ip_network("100.64.0.0/10")


def is_internal(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_unspecified
        or ip.is_reserved
        or ip.is_multicast
        or ip in _CGNAT
    )


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class AddressGuardMiddleware:
    """Resolves each host once per crawl (asynchronously, off the reactor's critical path)."""

    def __init__(self, start_hosts: frozenset[str]) -> None:
        self._start_hosts = start_hosts  # the hosts the crawl's start URLs name
        self._verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(sites_of(crawler).start_hosts)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = (urlsplit(request.url).hostname or "").lower()
        started = host in self._start_hosts
        if not host or (started and (_literal(host) or host == "localhost")):
            return  # the start URL named this address itself: it may be internal
        if host not in self._verdicts:
            self._verdicts[host] = await self._check(host)
        if (reason := self._verdicts[host]) is not None:
            raise IgnoreRequest(reason)

    @staticmethod
    async def _check(host: str) -> str | None:
        if _literal(host):
            addresses = [host.strip("[]")]
        else:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, None)
            except OSError:
                return None  # unresolvable: the download fails with a clear DNS error
            addresses = [str(info[4][0]) for info in infos]
        internal = [a for a in addresses if is_internal(a)]
        return f"refused: {host} resolves to internal address {internal[0]}" if internal else None
