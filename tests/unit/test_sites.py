"""The site list (sites.toml): what an entry becomes, and a one-line error for each mistake."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from scrapy.settings import Settings

from levantcrawl.outcome import FAILED, FINISHED, INTERRUPTED, NOT_STARTED, Outcome, judge_sites
from levantcrawl.siterun import site_settings
from levantcrawl.sites import SitesError, load_sites, no_repeats, site_from_url
from levantcrawl.summary import crawl_summary, sites_summary

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]

EXAMPLE = """
[defaults]
tz = "Asia/Beirut"
delay = 1

[[site]]
url = "https://News.Example/"
concurrency = 2
sections = { "Lebanon News" = "Lebanon" }
settings = { CLOSESPIDER_PAGECOUNT = 500 }

[[site]]
url = "http://daily.example/ar/"
tz = "Africa/Cairo"
follow_links = false
revisit = "all"
deny = ["/tag/"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, "utf-8")
    return path


def test_entries_take_the_defaults_and_their_own_values(tmp_path: Path) -> None:
    news, daily = load_sites(write(tmp_path, EXAMPLE))
    assert (news.host, news.tz, news.delay, news.concurrency) == (
        "news.example",
        "Asia/Beirut",
        1.0,
        2,
    )
    assert (daily.host, daily.tz, daily.follow_links, daily.revisit) == (
        "daily.example",
        "Africa/Cairo",
        False,
        "all",
    )
    assert daily.url == "http://daily.example/ar/"


def test_an_entry_is_its_crawlers_slot_budgets_and_sections(tmp_path: Path) -> None:
    news, daily = load_sites(write(tmp_path, EXAMPLE))
    settings = news.crawl_settings(["/wp-admin/"])
    assert settings["DOWNLOAD_SLOTS"] == {"news.example": {"delay": 1.0, "concurrency": 2}}
    assert settings["DOWNLOAD_DELAY"] == 1.0
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 2
    assert settings["LEVANTCRAWL_SECTIONS_ALIASES"] == {"news.example": {"Lebanon News": "Lebanon"}}
    assert settings["CLOSESPIDER_PAGECOUNT"] == 500
    assert "LEVANTCRAWL_DISCOVERY_DENY" not in settings
    assert daily.crawl_settings(["/wp-admin/"])["LEVANTCRAWL_DISCOVERY_DENY"] == [
        "/wp-admin/",
        "/tag/",
    ]


def test_the_command_line_has_the_last_word_on_revisits_and_links(tmp_path: Path) -> None:
    _, daily = load_sites(write(tmp_path, EXAMPLE))
    assert daily.spider_args(revisit=None, refresh=False, follow=True) == {
        "start_url": "http://daily.example/ar/",
        "tz": "Africa/Cairo",
        "follow_links": False,
        "revisit": "all",
        "refresh": False,
    }
    args = site_from_url("https://x.example/").spider_args(
        revisit="none", refresh=True, follow=False
    )
    assert (args["revisit"], args["refresh"], args["follow_links"]) == ("none", True, False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[site]]\nurl = 'ftp://x.example/'\n", "site 1: url must be an http(s) URL"),
        ("[[site]]\ntz = 'Asia/Beirut'\n", "site 1: url must be an http(s) URL, got ''"),
        ("[[site]]\nurl = 'http://a.example/'\ntz = 'Mars/Base'\n", "unknown time zone"),
        ("[[site]]\nurl = 'http://a.example/'\ndelai = 1\n", "unknown key 'delai'"),
        ("[[site]]\nurl = 'http://a.example/'\ndelay = 'slow'\n", "delay must be a number"),
        ("[[site]]\nurl = 'http://a.example/'\ndelay = -1\n", "delay must be at least 0"),
        ("[[site]]\nurl = 'http://a.example/'\nconcurrency = 0\n", "at least 1"),
        ("[[site]]\nurl = 'http://a.example/'\nconcurrency = true\n", "a whole number"),
        ("[[site]]\nurl = 'http://a.example/'\nrevisit = 'often'\n", "revisit must be one of"),
        ("[[site]]\nurl = 'http://a.example/'\nfollow_links = 'yes'\n", "true or false"),
        ("[[site]]\nurl = 'http://a.example/'\nsections = { a = 1 }\n", "sections maps"),
        ("[[site]]\nurl = 'http://a.example/'\nsettings = { delay = 1 }\n", "upper case"),
        (
            "[[site]]\nurl = 'http://a.example/'\nsettings = { LEVANTCRAWL_REVISIT_BACKOFF = 3 }\n",
            "LEVANTCRAWL_REVISIT_BACKOFF is the whole crawl's, shared by its sites: set it with -s",
        ),
        ("[defaults]\nurl = 'http://a.example/'\n", "[defaults] cannot have a url"),
        ("[site]\nurl = 'http://a.example/'\n", "no site listed"),
        ("", "no site listed"),
        ("[sites]\n", "unknown table 'sites'"),
        ("[[site]]\nurl = 'http://a.example/'\n[[site]]\nurl = 'https://A.example/x'\n", "twice"),
        ("[[site]\n", "not valid TOML"),
    ],
)
def test_a_mistake_is_one_line_naming_the_file_and_site(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SitesError) as caught:
        load_sites(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SitesError, match=r"cannot read .*missing\.toml: No such file"):
        load_sites(tmp_path / "missing.toml")


def test_one_host_is_one_site() -> None:
    with pytest.raises(SitesError, match=r"a\.example is listed twice"):
        no_repeats([site_from_url("http://a.example/"), site_from_url("http://a.example:81/")], "x")


def test_the_whole_crawl_finished_only_when_every_site_did() -> None:
    done = Outcome(FINISHED, "finished")
    assert judge_sites({"a": done, "b": Outcome(FINISHED, "closespider_pagecount")}).exit_code == 0
    failed = judge_sites({"a": done, "b": Outcome(FAILED, "unreachable", "cannot fetch")})
    assert (failed.status, failed.reason, failed.exit_code) == (FAILED, "sites_failed", 1)
    assert failed.detail == "1 of 2 sites failed: b unreachable"
    locked = judge_sites({"a": done, "b": Outcome(FAILED, NOT_STARTED, "crawl 4 runs")})
    assert locked.exit_code == 1, "one site refused, the others ran: the crawl ran and failed"
    nothing = judge_sites({"a": Outcome(FAILED, NOT_STARTED, "crawl 4 runs")})
    assert (nothing.reason, nothing.exit_code) == (NOT_STARTED, 2)
    stopped = judge_sites({"a": Outcome(INTERRUPTED, "shutdown", "stopped"), "b": done})
    assert (stopped.status, stopped.reason, stopped.exit_code) == (INTERRUPTED, "shutdown", 1)


def test_the_whole_crawls_summary_sums_its_sites() -> None:
    stats = {
        "response_received_count": 10,
        "levantcrawl/store/new": 4,
        "levantcrawl/store/failures": 1,
        "levantcrawl/failures/HTTP 503": 1,
        "levantcrawl/health/alerts": ["fill/title fell"],
    }
    one = crawl_summary(
        crawl_id=1,
        start_url="http://a.example/",
        outcome=Outcome(FINISHED, "finished"),
        stats=stats,
    )
    two = crawl_summary(
        crawl_id=2,
        start_url="http://b.example/",
        outcome=Outcome(FINISHED, "finished"),
        stats=stats,
    )
    whole = sites_summary([one, two])
    assert (whole["crawl"], whole["site"], whole["status"], whole["exit_code"]) == (
        None,
        None,
        FINISHED,
        0,
    )
    assert whole["pages_fetched"] == 20
    assert whole["articles"]["new"] == 8
    assert whole["failures"] == {"total": 2, "by_reason": {"HTTP 503": 2}}
    assert whole["site_model"]["alerts"] == [
        "a.example: fill/title fell",
        "b.example: fill/title fell",
    ]
    assert [site["site"] for site in whole["sites"]] == ["a.example", "b.example"]
    assert set(whole) - {"sites"} == set(one)


def test_the_readmes_site_list_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    example = readme.split("```toml\n# sites.toml\n", 1)[1].split("```", 1)[0]
    news, daily = load_sites(write(tmp_path, example))
    assert (news.host, news.tz, news.delay, news.concurrency) == (
        "news.example.org",
        "Asia/Beirut",
        1.0,
        2,
    )
    assert news.sections == {"Lebanon News": "Lebanon", "Intl": "World"}
    assert (daily.tz, daily.follow_links, daily.revisit, daily.deny) == (
        "Africa/Cairo",
        False,
        "all",
        ("/tag/",),
    )
    assert daily.settings == {"CLOSESPIDER_PAGECOUNT": 5000}


def test_a_sites_own_value_wins_over_the_command_lines_and_the_rest_is_kept() -> None:
    base = Settings()
    base.setmodule("levantcrawl.settings", priority="project")
    base.setdict({"DOWNLOAD_DELAY": 5, "CLOSESPIDER_PAGECOUNT": 7}, priority="cmdline")
    entry = site_from_url("http://a.example/")
    own = site_settings(base, dataclasses.replace(entry, delay=0.5))
    assert own.getfloat("DOWNLOAD_DELAY") == 0.5
    assert own.getdict("DOWNLOAD_SLOTS") == {"a.example": {"delay": 0.5}}
    assert own.getint("CLOSESPIDER_PAGECOUNT") == 7
    assert site_settings(base, entry).getfloat("DOWNLOAD_DELAY") == 5
    assert "levantcrawl.progress.ProgressExtension" in base.getdict("EXTENSIONS")
    assert own.getdict("EXTENSIONS")["levantcrawl.progress.ProgressExtension"] is None


def test_a_sites_bad_setting_names_the_site() -> None:
    base = Settings()
    base.setmodule("levantcrawl.settings", priority="project")
    entry = dataclasses.replace(
        site_from_url("http://a.example/"), settings={"LEVANTCRAWL_STORE_BATCH_SIZE": "abc"}
    )
    with pytest.raises(SitesError, match=r"^site a\.example: LEVANTCRAWL_STORE_BATCH_SIZE must"):
        site_settings(base, entry)


def test_the_many_sites_summary_is_documented() -> None:
    doc = (ROOT / "docs" / "crawl-summary.md").read_text("utf-8")
    section = doc.split("## A crawl of many sites", 1)[1]
    assert "| `sites` | list of objects |" in section
    assert "| 1 | a site failed" in section
    assert "`sites_failed`" in section


def test_the_responses_a_crawl_holds_are_shared_out_among_its_sites() -> None:
    base = Settings()
    base.setmodule("levantcrawl.settings", priority="project")
    entry = site_from_url("http://a.example/")
    whole = base.getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE")
    assert site_settings(base, entry, 1).getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE") == whole
    assert site_settings(base, entry, 2).getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE") == whole // 2
    assert site_settings(base, entry, 50).getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE") == whole // 50


def test_a_site_takes_no_more_requests_than_its_concurrency() -> None:
    base = Settings()
    base.setmodule("levantcrawl.settings", priority="project")
    per_domain = base.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
    assert base.getint("CONCURRENT_REQUESTS") > per_domain
    plain = site_settings(base, site_from_url("http://a.example/"), 20)
    assert plain.getint("CONCURRENT_REQUESTS") == per_domain
    slow = dataclasses.replace(site_from_url("http://b.example/"), concurrency=1)
    own = site_settings(base, slow, 20)
    assert own.getint("CONCURRENT_REQUESTS") == 1
    assert own.getdict("DOWNLOAD_SLOTS")["b.example"]["concurrency"] == 1
