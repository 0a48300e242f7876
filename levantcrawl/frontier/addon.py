"""Switch a crawl to the shared frontier when LEVANTCRAWL_FRONTIER_URL is set; otherwise
change nothing, so a plain crawl never needs Redis (nor imports it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

SCHEDULER = "levantcrawl.frontier.scheduler.FrontierScheduler"
DUPEFILTER = "levantcrawl.frontier.dupefilter.ExpiringBloomDupeFilter"


class FrontierAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("LEVANTCRAWL_FRONTIER_URL")
        if not url:
            return
        settings.set("SCHEDULER", SCHEDULER, priority="addon")
        settings.set("DUPEFILTER_CLASS", DUPEFILTER, priority="addon")
        settings.set("REDIS_URL", url, priority="addon")
        # The queue outlives any one worker: a worker that stops leaves the rest to the others.
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        # A resumable local queue (JOBDIR) and a shared one would disagree.
        settings.set("JOBDIR", None, priority="addon")
        from levantcrawl.frontier.generation import GenerationMiddleware
        from levantcrawl.frontier.politeness import SharedCrawlDelayMiddleware
        from levantcrawl.frontier.worker import FrontierWorker  # imports redis: only now
        from levantcrawl.middlewares.politeness import CrawlDelayMiddleware

        # Whatever the priority of the project's own dicts, these join them.
        settings.set_in_component_priority_dict("EXTENSIONS", FrontierWorker, 400)
        settings.set_in_component_priority_dict("SPIDER_MIDDLEWARES", GenerationMiddleware, 950)
        # Crawl-delay is the site's, not one worker's: spaced across all of them.
        settings.set_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", CrawlDelayMiddleware, None
        )
        settings.set_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", SharedCrawlDelayMiddleware, 590
        )
