"""Serve the sample site over real HTTP on 127.0.0.1, quietly, with a log tests can read."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from levantcrawl.samplesite._dates import today_in_beirut
from levantcrawl.samplesite.generator import build_site

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from types import TracebackType
    from typing import Self

    from levantcrawl.samplesite.site import SampleSite


@dataclass(frozen=True, slots=True)
class RequestRecord:
    method: str
    path: str
    user_agent: str
    status: int
    at: float = 0.0  # time.monotonic() when it arrived: how a crawl spaces its requests


class ThreadedServer:
    """Serve `self._httpd` from a daemon thread: start, stop, and use as a context manager.
    Subclasses bind `_httpd` in their constructor and name their thread."""

    _thread_name = "levantcrawl-server"
    _httpd: ThreadingHTTPServer
    _thread: threading.Thread | None = None

    def start(self) -> Self:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=self._thread_name,
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        # shutdown() waits for serve_forever, so it must only run once the loop was started
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class SampleSiteServer(ThreadedServer):
    """A threaded HTTP server for one seed, the Levant News site or (`unmarked`) the Levant
    Daily one; the edition can change while it runs.

    The socket is bound on construction (port 0 picks a free one), so `base_url` is known
    before `start()`.
    """

    _thread_name = "levantcrawl-samplesite"

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: int = 7,
        edition: int = 1,
        unmarked: bool = False,
        today: Callable[[], date] = today_in_beirut,
        max_records: int = 10_000,
    ) -> None:
        self._seed = seed
        self._unmarked = unmarked
        self._today = today
        self._lock = threading.Lock()
        self._sites: dict[int, SampleSite] = {}
        self._site = self._build(edition)
        self._records: deque[RequestRecord] = deque(maxlen=max_records)
        self._count = 0
        self._connections = 0
        self._in_flight = 0
        self._most_in_flight = 0
        self._latency = 0.0
        self._thread: threading.Thread | None = None
        self._httpd = _HTTPServer((host, port), self)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def site(self) -> SampleSite:
        """The edition being served now."""
        return self._site

    @property
    def edition(self) -> int:
        return self._site.edition

    def set_edition(self, edition: int) -> SampleSite:
        """Switch every later request to `edition`; sites are built once and cached."""
        site = self._build(edition)
        with self._lock:
            self._site = site
        return site

    @property
    def requests(self) -> list[RequestRecord]:
        """The most recent requests, oldest first (bounded by `max_records`)."""
        with self._lock:
            return list(self._records)

    @property
    def request_count(self) -> int:
        with self._lock:
            return self._count

    @property
    def connection_count(self) -> int:
        """TCP connections accepted: fewer than requests when clients keep them alive."""
        with self._lock:
            return self._connections

    def connected(self) -> None:
        with self._lock:
            self._connections += 1

    def clear_requests(self) -> None:
        with self._lock:
            self._records.clear()
            self._count = 0
            self._connections = 0
            self._most_in_flight = 0

    def set_latency(self, seconds: float) -> None:
        """Take `seconds` over every later answer, as a slow server does: long enough for
        a crawl's requests to overlap, so that how many it has in flight shows."""
        with self._lock:
            self._latency = seconds

    @property
    def most_in_flight(self) -> int:
        """The most requests this server was answering at once since the last clear."""
        with self._lock:
            return self._most_in_flight

    def handle(
        self, method: str, path: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        """Answer one request from the HTTP thread and log it."""
        arrived = time.monotonic()
        with self._lock:
            site, latency = self._site, self._latency
            self._in_flight += 1
            self._most_in_flight = max(self._most_in_flight, self._in_flight)
        try:
            if latency:
                time.sleep(latency)
            response = site.respond(method, path, headers, self._today())
        finally:
            with self._lock:
                self._in_flight -= 1
        agent = next((v for k, v in headers.items() if k.lower() == "user-agent"), "")
        record = RequestRecord(method, path, agent, response.status, arrived)
        with self._lock:
            self._records.append(record)
            self._count += 1
        return response.status, dict(response.headers), response.body

    def _build(self, edition: int) -> SampleSite:
        with self._lock:
            site = self._sites.get(edition)
        if site is None:
            site = build_site(self._seed, edition, unmarked=self._unmarked)
            with self._lock:
                site = self._sites.setdefault(edition, site)
        return site


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], owner: SampleSiteServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # a client hanging up mid-response is normal for crawlers; keep stderr clean
        return


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "LevantNews/1.0"

    def version_string(self) -> str:
        return self.server_version  # no Python version in the Server header

    def setup(self) -> None:
        super().setup()  # once per connection, however many requests it carries
        self.server.owner.connected()

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, format: str, *args: object) -> None:
        return  # quiet: tests read SampleSiteServer.requests instead

    def _serve(self, method: str) -> None:
        headers = dict(self.headers.items())
        if method == "POST":
            # drain the body so the connection stays usable
            self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
        status, out, body = self.server.owner.handle(method, self.path, headers)
        try:
            self.send_response(status)
            for name, value in out.items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
