"""Scrapy settings and every LEVANTCRAWL_* default. Override with `-s NAME=VALUE`."""

from __future__ import annotations

import os

BOT_NAME = "levantcrawl"
SPIDER_MODULES = ["levantcrawl.spiders"]
NEWSPIDER_MODULE = "levantcrawl.spiders"
# `scrapy crawl` whose exit status follows how the crawl ended (levantcrawl/commands/).
COMMANDS_MODULE = "levantcrawl.commands"

# --- Politeness: a guest on someone else's server -------------------------------------------
USER_AGENT = "levantcrawl/0.1 (+https://github.com/levantcrawl/levantcrawl; news archiver)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Items handled at once per response. Scrapy starts this many asyncio tasks for every
# response, whatever it yields (its default of 100 made task creation a tenth of the crawl
# thread's time, 32 still a seventh). A page yields one article and a few requests, and
# only the article waits (for a worker); one at a time costs nothing in memory since the
# crawl process no longer keeps each waiting page's parsed tree (spiders/page.py).
CONCURRENT_ITEMS = 1
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
# A news page over 10 MB is not a news page; warn at 2 MB.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DEPTH_LIMIT = 8
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy's remote control runs Python sent to it over HTTP and leaves a job file in the
# user's home: an unattended archiver needs neither (and it cost start-up an aiohttp import).
REMOTE_CONTROL_ENABLED = False
# A check for developers (a callback generator that returns a value) that Scrapy runs on
# every response, parsing the callback's source each time, since its cache is keyed by the
# bound method and each request holds a new one: 3% of the crawl process's main thread.
WARN_ON_GENERATOR_RETURN_VALUE = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

ITEM_PIPELINES = {
    "levantcrawl.pipelines.extract.ExtractPipeline": 100,
    "levantcrawl.pipelines.dates.DatesPipeline": 200,
    "levantcrawl.pipelines.sections.SectionsPipeline": 300,
    "levantcrawl.pipelines.dedupe.DedupePipeline": 400,
    "levantcrawl.pipelines.health.HealthPipeline": 450,
    "levantcrawl.pipelines.store.StorePipeline": 500,
}
# Scrapy's HTTP handler, keeping its connections to a site open for the next page.
DOWNLOAD_HANDLERS = {
    "http": "levantcrawl.downloader.KeepAliveDownloadHandler",
    "https": "levantcrawl.downloader.KeepAliveDownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    # Before Scrapy's RetryMiddleware (550), so Retry-After is honoured, not hammered.
    "levantcrawl.middlewares.retry_after.RetryAfterMiddleware": 560,
    "levantcrawl.middlewares.politeness.CrawlDelayMiddleware": 590,
    "levantcrawl.middlewares.traps.TrapBudgetMiddleware": 50,
    # After Scrapy's OffsiteMiddleware (50): the crawl's own host, checked by address.
    "levantcrawl.middlewares.addresses.AddressGuardMiddleware": 60,
}
# 429 and 503 reach the spider once retries are spent, to be recorded as failures.
HTTPERROR_ALLOWED_CODES = [429, 503]
# Budgets: a crawl that runs away (a trap no rule knew) still ends by itself.
CLOSESPIDER_TIMEOUT = 6 * 3600
CLOSESPIDER_PAGECOUNT = 200_000
EXTENSIONS = {
    "levantcrawl.progress.ProgressExtension": 500,
    "levantcrawl.collector.SettleCollector": 900,
}
# Switches the scheduler to the shared frontier when LEVANTCRAWL_FRONTIER_URL is set.
ADDONS = {"levantcrawl.frontier.addon.FrontierAddon": 0}

# --- Shared frontier (several workers, one Redis queue per site) -----------------------------
# A Redis URL (redis://host:6379/0) turns it on; empty: the crawl keeps its queue in memory
# and nothing needs Redis.
LEVANTCRAWL_FRONTIER_URL = ""
# Every Redis key starts with this, so several deployments can share one Redis.
LEVANTCRAWL_FRONTIER_PREFIX = "levantcrawl"
# A worker stops after the queue and the seed list stayed empty this long; 0: never (a
# service waiting for `levantcrawl enqueue`).
LEVANTCRAWL_FRONTIER_IDLE_SECONDS = 0.0
# The shared seen-filter: a Bloom filter per time window, two windows alive. Sized for this
# many URLs per window at this false-positive rate; a URL can be fetched again once its
# window has passed (at most two windows), so revisits are never blocked for long.
LEVANTCRAWL_FRONTIER_SEEN_CAPACITY = 2_000_000
LEVANTCRAWL_FRONTIER_SEEN_ERROR_RATE = 0.001
LEVANTCRAWL_FRONTIER_SEEN_WINDOW_SECONDS = 6 * 3600

# --- Storage ----------------------------------------------------------------------------------
# Any SQLAlchemy URL; the environment variable of the same name overrides this default, and
# `-s LEVANTCRAWL_DB_URL=...` (or the CLI's --db) overrides both.
LEVANTCRAWL_DB_URL = os.environ.get("LEVANTCRAWL_DB_URL", "sqlite:///levantcrawl.db")
# Items written per transaction: one transaction per item is slow on every database.
LEVANTCRAWL_STORE_BATCH_SIZE = 50
# Longest wait before a partly filled batch is written anyway, so a kill loses little.
LEVANTCRAWL_STORE_FLUSH_SECONDS = 5.0
# A capture whose clean text lost this share of its words (still a 200) is recorded as a
# failure for review, not as a revision.
LEVANTCRAWL_STORE_COLLAPSE_SHARE = 0.5
# A "running" crawl of the same site whose last batch is older than this was killed; a
# younger one blocks a second crawl of the site.
LEVANTCRAWL_STORE_LOCK_STALE_SECONDS = 120.0

# --- Revisits ---------------------------------------------------------------------------------
# Young articles are checked often (1 h, 6 h, 1 day, 3 days, 7 days, then 30 days), never
# later than this share of their age, and each unchanged check multiplies the wait.
LEVANTCRAWL_REVISIT_AGE_FRACTION = 0.2
LEVANTCRAWL_REVISIT_BACKOFF = 2.0
LEVANTCRAWL_REVISIT_LONGEST_DAYS = 90

# --- Extraction -------------------------------------------------------------------------------
# Worker processes for trafilatura; 0 means one per CPU core.
LEVANTCRAWL_EXTRACT_WORKERS = 0
# A page with fewer words than this is recorded as an extraction failure, not an article.
LEVANTCRAWL_EXTRACT_MIN_WORDS = 40

# --- Normalisation ----------------------------------------------------------------------------
# Zone for publisher dates printed without an offset, when the crawl names none (-a tz=...).
LEVANTCRAWL_DATES_DEFAULT_TZ = "UTC"
# Normalise section labels (breadcrumbs, article:section, URL) to one name and path.
LEVANTCRAWL_SECTIONS_ENABLED = True
# Per-site renames, applied before normalising: {"host": {"label": "canonical label"}},
# e.g. {"news.example.org": {"Syrie": "Syria", "Intl": "World"}}.
LEVANTCRAWL_SECTIONS_ALIASES: dict[str, dict[str, str]] = {}
# Extra query parameters to strip from URLs, besides utm_* and the usual click ids.
LEVANTCRAWL_URLS_TRACKING_PARAMS: list[str] = []

# --- Dedupe -----------------------------------------------------------------------------------
# Drop a second copy of an article met in the same crawl (same canonical URL), and record
# near-duplicates of earlier articles (another site's copy of a wire story, a republished
# piece): recorded as duplicate_of with the similarity, never dropped.
LEVANTCRAWL_DEDUPE_ENABLED = True
# Estimated Jaccard similarity of word 3-shingles at or above which an article is a copy.
LEVANTCRAWL_DEDUPE_NEAR_THRESHOLD = 0.4

# --- Discovery --------------------------------------------------------------------------------
# Which archived articles of the site to request again (conditionally), so edits and
# removals are seen: "due" by the revisit schedule, "all", or "none". Discovery skips
# archived articles otherwise, unless a sitemap's lastmod says they changed.
LEVANTCRAWL_DISCOVERY_REVISIT = "due"
# Follow links from listing and article pages (off: sitemaps and feeds only).
LEVANTCRAWL_DISCOVERY_FOLLOW_LINKS = True
# Paths never worth a request on a news site: feeds of comments, print and share endpoints.
LEVANTCRAWL_DISCOVERY_DENY = [
    r"/wp-admin/",
    r"/wp-json/",
    r"/wp-login",
    r"/search(?:/|\?|$)",
    r"/comments?/feed",
    r"[?&]replytocom=",
    r"[?&]share=",
    r"/print/?$",
    r"/xmlrpc\.php",
    r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|pdf|zip|mp3|mp4|woff2?)(?:\?|$)",
]

# Longest Retry-After (429/503) waited for within a crawl; a longer one postpones the URL.
LEVANTCRAWL_RETRY_AFTER_MAX_SECONDS = 60.0
# robots.txt Crawl-delay is obeyed up to this many seconds between requests.
LEVANTCRAWL_CRAWL_DELAY_MAX_SECONDS = 30.0
# Listing pages (pages that are not articles) of one URL shape (digits folded:
# /calendar/0/0/0/, /archive/page/0/) after which links of that shape are not followed;
# articles never spend it, and sitemaps, feeds and revisits are not limited by it.
LEVANTCRAWL_DISCOVERY_PATTERN_BUDGET = 30
# A path repeating a segment this often (/a/b/a/b/a/b) is a relative-link trap.
LEVANTCRAWL_DISCOVERY_MAX_SEGMENT_REPEATS = 2

# --- Progress ---------------------------------------------------------------------------------
# Seconds between updates of the progress line on a terminal; 0 turns it off.
LEVANTCRAWL_PROGRESS_INTERVAL = 2.0
# Seconds between progress lines when stderr is not a terminal (a log file, a pipe, cron's
# mail): one timestamped line each, whatever LOG_LEVEL says; 0 turns them off.
LEVANTCRAWL_PROGRESS_LOG_INTERVAL = 60.0

# A duplicate dropped by the dedupe pipeline is routine, not a warning.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

# --- Site template model ----------------------------------------------------------------------
# Learn what recurs across a site's pages (lines, teaser shapes, header dates) and strip it.
LEVANTCRAWL_TEMPLATE_ENABLED = True
# No decision before the model has seen this many pages of the site (cold start).
LEVANTCRAWL_TEMPLATE_MIN_PAGES = 8
# A line is template when it is on at least this many pages...
LEVANTCRAWL_TEMPLATE_MIN_SUPPORT = 4
# ...and on at least this share of the pages in the model's window.
LEVANTCRAWL_TEMPLATE_SHARE = 0.3
# Pages per generation; the model remembers two, so an old template fades out.
LEVANTCRAWL_TEMPLATE_WINDOW = 400
# Once the model has learned from its first 64 pages, it learns from one page in this many
# (the rest are only read with it): observing a page costs about half of extracting it.
LEVANTCRAWL_TEMPLATE_LEARN_EVERY = 4
# Median article length falling by this share over recent pages means a redesign: relearn.
LEVANTCRAWL_TEMPLATE_REDESIGN_DROP = 0.5

# --- Extraction health ------------------------------------------------------------------------
# A fill rate, median length or kept share falling by this share against the site's earlier
# crawls is reported at the end of the crawl and by `levantcrawl health`; 0 turns it off.
LEVANTCRAWL_HEALTH_ALERT_DROP = 0.3
