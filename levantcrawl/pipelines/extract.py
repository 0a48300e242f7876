"""Extraction in a process pool, off the reactor thread, with the site's template model:
learned from the pages as they arrive, stored with the site, and used by later crawls."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import TYPE_CHECKING, Any, Self
from zoneinfo import ZoneInfo

from scrapy import signals

from levantcrawl.assemble import attach_extraction
from levantcrawl.crawlsite import CrawlSite, sites_of
from levantcrawl.extraction.detection import UNREADABLE
from levantcrawl.extraction.template import SiteTemplate, TemplatePolicy
from levantcrawl.firstread import FirstRead, attach_reader
from levantcrawl.health import RedesignWatch
from levantcrawl.items import ArticleItem
from levantcrawl.pipelines._batches import PageBatches
from levantcrawl.pipelines._cold import read_again
from levantcrawl.pipelines._unread import failure, refused
from levantcrawl.pipelines.archive import CrawlArchive, archive_of
from levantcrawl.pipelines.dedupe import near_threshold
from levantcrawl.reextract import Scope
from levantcrawl.shared import extraction_pool, shared_workers
from levantcrawl.storage import writer_process
from levantcrawl.workers import WorkerLost, WorkerPool

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from levantcrawl.extraction.article import ExtractedArticle
    from levantcrawl.extraction.jobs import CrawledRead
    from levantcrawl.items import Capture


logger = logging.getLogger(__name__)
# Pages after which a site model's decisions have settled; revisions extracted with a
# smaller model are read again at the end of the crawl (a few dozen at most).
SETTLED_PAGES = 50
# Pages learned from between saves of the site model while a crawl runs (and once when it
# warms up).
_SAVE_PAGES = 64
# Learned pages between recomputations of the frozen view handed to the workers (only a
# learned page changes the counts it is computed from).
_VIEW_REFRESH_PAGES = 16
# Once the site model knows the article container, one learned page in this many is still
# read whole, to see whether the article text still sits in that container.
_CONTENT_CHECK_EVERY = 8
# Learned pages during which every page is learned from, and, until the pages agree on an
# article container, the view is recomputed on every page and pages go out one per worker;
# past this, a site whose pages never agree pays for neither.
EARLY_PAGES = 64


class OneIn:
    """True on every `n`th call: an evenly spread sample of the pages asked about."""

    def __init__(self, n: int) -> None:
        self._n = max(1, n)
        self._since = 0

    def __call__(self) -> bool:
        self._since += 1
        if self._since < self._n:
            return False
        self._since = 0
        return True


class ExtractPipeline:
    """Turn each captured article page into clean fields; pages without an article become
    FailureItems, so the archive records them instead of losing them."""

    def __init__(
        self,
        crawler: Crawler,
        *,
        workers: int,
        min_words: int,
        tracking: frozenset[str],
        policy: TemplatePolicy,
        learn: bool,
        learn_every: int,
        redesign_drop: float,
        near_threshold: float | None,
        default_tz: str = "UTC",
    ) -> None:
        self._crawler = crawler
        self._near_threshold = near_threshold  # for the cold-start pass, as the store's
        self._sign = near_threshold is not None  # a signature serves near-duplicates only
        self._stats: StatsCollector = crawler.stats
        self._workers = workers
        self._min_words = min_words
        self._tracking = tracking
        self._policy = policy
        self._learn = learn
        self._learn_sample = OneIn(learn_every)  # once the model has settled (EARLY_PAGES)
        self._whole_sample = OneIn(_CONTENT_CHECK_EVERY)  # once the container is known
        self._learned_unsaved = 0  # pages learned from since the model was last saved
        self._pool: WorkerPool | None = None
        self._saving: asyncio.Future[None] | None = None  # a snapshot on its way to the writer
        self._template = SiteTemplate(policy)
        self._view = self._template.view()
        self._since_refresh = 0
        self._watch = RedesignWatch(redesign_drop)
        self._site: CrawlSite | None = None
        self._default_tz = default_tz
        # Pages in the workers' hands, and the turn pages wait for while the model is cold.
        self._in_flight = 0
        self._returned = asyncio.Condition()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        policy = TemplatePolicy(
            min_pages=settings.getint("LEVANTCRAWL_TEMPLATE_MIN_PAGES"),
            min_support=settings.getint("LEVANTCRAWL_TEMPLATE_MIN_SUPPORT"),
            share=settings.getfloat("LEVANTCRAWL_TEMPLATE_SHARE"),
            window=settings.getint("LEVANTCRAWL_TEMPLATE_WINDOW"),
        )
        pipeline = cls(
            crawler,
            workers=settings.getint("LEVANTCRAWL_EXTRACT_WORKERS") or (os.cpu_count() or 1),
            min_words=settings.getint("LEVANTCRAWL_EXTRACT_MIN_WORDS"),
            tracking=frozenset(settings.getlist("LEVANTCRAWL_URLS_TRACKING_PARAMS")),
            policy=policy,
            learn=settings.getbool("LEVANTCRAWL_TEMPLATE_ENABLED"),
            learn_every=settings.getint("LEVANTCRAWL_TEMPLATE_LEARN_EVERY"),
            redesign_drop=settings.getfloat("LEVANTCRAWL_TEMPLATE_REDESIGN_DROP"),
            near_threshold=near_threshold(settings),
            default_tz=settings.get("LEVANTCRAWL_DATES_DEFAULT_TZ"),
        )
        attach_reader(crawler, pipeline)
        crawler.signals.connect(pipeline._spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pipeline._spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        self._pool = extraction_pool(self._crawler, self._workers, sign=self._sign)
        self._batches = PageBatches(self._pool, self._workers)
        self._site = next(iter(sites_of(self._crawler)), None)

    @property
    def _host(self) -> str | None:
        return self._site.host if self._site is not None else None

    def _spider_opened(self) -> None:
        """The site model earlier crawls stored, as the store read it when the crawl opened
        (it opens after this pipeline)."""
        site = self._site
        if not self._learn or site is None or site.stored_model is None:
            return
        self._template = SiteTemplate.from_json(site.stored_model, self._policy)
        self._view = self._template.view()
        logger.info("site model of %s: %d pages learned", site.host, self._template.pages)

    def close_spider(self) -> None:
        # The workers stay up for the cold-start pass at spider_closed, which follows.
        if self._pool is not None:
            self._stats.set_value("levantcrawl/extract/pool_restarts", self._pool.restarts)

    async def read_first(self, capture: Capture) -> FirstRead:
        """A page read, with its outline, before the spider goes on from it; its item
        brings the article here (process_item)."""
        try:
            read, learned = await self._extract(capture, outline=True)
        except Exception as exc:  # the item brings it here, to cost the page alone
            return FirstRead(None, error=exc)
        return FirstRead(read.outline, (read.extracted, learned, read.signature))

    def reads_first(self) -> bool:
        """Pages go out to the workers as they come: the model is warm. While it is cold,
        one page per worker goes out at a time, and a page's links waiting on its reading
        would hold discovery up: the spider parses pages itself meanwhile."""
        return not self._learn or not self._view_incomplete()

    def settle(self, first: FirstRead) -> None:
        """The spider keeps a page read first as an article page (not a variant's): the
        model learns from it now, before the next page goes out."""
        if first.article is not None:
            self._absorb(*first.article[:2])

    def _absorb(self, extracted: ExtractedArticle, learned: bool) -> None:
        """What the model takes from an article read (pages no article teach it nothing),
        as soon as it is back: while the model is cold, the next page waits for it."""
        verdict = extracted.verdict or UNREADABLE
        if verdict.article and extracted.word_count >= self._min_words:
            self._learn_from(extracted, learned=learned)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        first, item.first_read = item.first_read, None
        try:
            if first is not None:
                extracted, learned, item.signature = first.taken()
            else:
                read, learned = await self._extract(item.capture, outline=False)
                extracted, item.signature = read.extracted, read.signature
                self._absorb(extracted, learned)
        except WorkerLost as exc:
            logger.error("extraction of %s: %s", item.capture.url, exc)
            self._stats.inc_value("levantcrawl/extract/worker_lost")
            return failure(item, str(exc))
        except Exception as exc:  # an error raised by extraction costs one page, not the crawl
            logger.warning("extraction crashed on %s: %r", item.capture.url, exc)
            self._stats.inc_value("levantcrawl/extract/crashed")
            return failure(item, f"extraction crashed: {exc!r}")
        verdict = extracted.verdict or UNREADABLE
        self._stats.inc_value(f"levantcrawl/detect/{verdict.key}")
        if not verdict.article:
            return refused(item, verdict, self._stats)
        if extracted.word_count < self._min_words:
            self._stats.inc_value("levantcrawl/extract/not_article")
            return failure(item, f"no article text ({extracted.word_count} words)")
        self._count(extracted)
        attach_extraction(item, extracted, self._tracking, self._view.lines)
        return item

    async def _extract(self, capture: Capture, *, outline: bool) -> tuple[CrawledRead, bool]:
        """The page read by a worker (with its outline when asked), and whether it was
        learned from.

        While the model is still without the template or the article container, no more
        pages go out than there are workers: downloads outrun extraction, and a page sent
        out cold is read a second time at the crawl's end, once the model is warm. What a
        page is read with is settled when it goes out, from the model as it is then."""
        async with self._returned:
            await self._returned.wait_for(self._may_send)
            self._in_flight += 1
        learn = self._learning_due()
        find_content = learn and self._content_check_due()
        if self._view.content and not find_content:
            self._stats.inc_value("levantcrawl/extract/container_offered")
        try:
            page = (capture.body, capture.headers, capture.url, self._view, learn, find_content)
            return await self._batches.read((*page, self._sign, outline)), learn
        finally:
            async with self._returned:
                self._in_flight -= 1
                self._returned.notify_all()

    def _may_send(self) -> bool:
        if not self._learn or not self._view_incomplete():
            return True
        return self._in_flight < max(1, self._workers)

    def _learning_due(self) -> bool:
        """Every page until the model has settled (EARLY_PAGES), then one in `learn_every`:
        the lines a site repeats are on every page, so a sample finds them as well, and
        learning from a page costs about half of reading it."""
        if not self._learn:
            return False
        if self._template.pages < max(EARLY_PAGES, self._policy.min_pages):
            return True
        return self._learn_sample()

    def _content_check_due(self) -> bool:
        """Every learned page until the model knows the article container, then one in
        _CONTENT_CHECK_EVERY: reading a page whole costs twice what the container does."""
        if not self._view.content:
            return True
        return self._whole_sample()

    def _learn_from(self, extracted: ExtractedArticle, *, learned: bool) -> None:
        if not self._learn:
            return
        if learned:
            self._template.add(extracted.observation)
            self._learned_unsaved += 1
        if (fall := self._watch.add(extracted.word_count)) is not None:
            logger.warning(
                "%s: article text fell from a median of %d to %d words; relearning the site "
                "model from new pages",
                self._host,
                *fall,
            )
            self._stats.inc_value("levantcrawl/template/relearned")
            self._template.reset()
            self._view = self._template.view()
        if not learned:
            return  # the counts are as they were, and so is the view
        self._since_refresh += 1
        if self._since_refresh >= _VIEW_REFRESH_PAGES or self._view_incomplete():
            was_warm = self._view.warm
            self._since_refresh = 0
            self._view = self._template.view()
            if self._view.warm and (not was_warm or self._learned_unsaved >= _SAVE_PAGES):
                # A crawl killed before its end must not leave the next one to start cold:
                # a cold reading of an archived article would differ by template lines.
                self._save_template_later()

    def _view_incomplete(self) -> bool:
        """The view still lacks the template, or (early in a crawl only) the article
        container: it is refreshed on every learned page, and pages wait for a free worker
        (_may_send), since a page sent out meanwhile is read whole or cold."""
        view = self._view
        early = self._template.pages < EARLY_PAGES
        return not view.warm or (early and not view.content)

    def _count(self, extracted: ExtractedArticle) -> None:
        stats = self._stats
        stats.inc_value("levantcrawl/extract/articles")
        stats.inc_value(
            "levantcrawl/extract/cold"
            if not extracted.template_pages
            else "levantcrawl/extract/with_model"
        )
        stats.inc_value("levantcrawl/template/lines_stripped", extracted.template_lines_stripped)
        if extracted.content_only:
            stats.inc_value("levantcrawl/extract/content_only")

    def _save_template_later(self) -> None:
        """Send a snapshot of the model to the crawl's writer, which saves it between
        batches: a crawl killed before its end must not leave the next one to start cold."""
        self._learned_unsaved = 0
        archive = archive_of(self._crawler)
        if archive is None or self._host is None:
            return
        if self._saving is not None and not self._saving.done():
            return  # the next save carries newer counts anyway
        snapshot = (self._host, self._template.to_json(), self._template.pages)
        self._saving = asyncio.ensure_future(self._send_snapshot(archive, snapshot))

    async def _send_snapshot(
        self, archive: CrawlArchive, snapshot: tuple[str, dict[str, Any], int]
    ) -> None:
        try:
            await archive.run(writer_process.save_model, *snapshot)
        except Exception as exc:  # a lost snapshot costs the next crawl a cold start, no more
            logger.error("site model not saved: %s", exc)

    def _spider_closed(self, spider: Spider) -> None:
        try:
            self._save_and_reread()
        finally:
            if self._pool is not None and shared_workers(self._crawler) is None:
                self._pool.shutdown()

    def _save_and_reread(self) -> None:
        """Store the site model; the workers read the cold-start pages again with it."""
        archive = archive_of(self._crawler)
        host = self._host
        if not self._learn or not host or self._template.pages == 0 or archive is None:
            return
        view = self._template.view()
        self._learned_unsaved = 0
        try:
            archive.call(
                writer_process.save_model, host, self._template.to_json(), self._template.pages
            )
        except Exception as exc:
            logger.error("site model not saved: %s", exc)
            return
        if not view.warm or self._pool is None:
            return
        # Pages read before the model had settled, not only the cold ones: the first pages it
        # saw may have been another template's.
        scope = Scope(site=host, template_below=min(view.pages, SETTLED_PAGES))
        pages = archive.call(writer_process.cold_pages, scope)
        readings = read_again(self._pool, pages, view, sign=self._sign)
        site_tz = self._site.tz if self._site is not None else None
        report = archive.call(
            writer_process.rewrite_cold,
            readings,
            view,
            ZoneInfo(site_tz or self._default_tz),
            self._tracking,
            self._min_words,
            self._near_threshold,
            self._site.section_aliases if self._site is not None else None,
        )
        self._stats.set_value("levantcrawl/template/cold_rewritten", report.rewritten)
        logger.info(
            "cold-start pages read again with the site model: %d examined, %d improved",
            report.examined,
            report.rewritten,
        )
