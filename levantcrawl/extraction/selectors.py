"""Named selectors: JSON-LD and meta tags first, stable ids and WordPress classes next."""

from __future__ import annotations

JSON_LD = '//script[@type="application/ld+json"]/text()'
CANONICAL = '//link[@rel="canonical"]/@href'
AMPHTML = '//link[@rel="amphtml"]/@href'
HTML_LANG = "/html/@lang"
TITLE_H1 = "//h1"
TIME_ELEMENTS = ".//time[@datetime]"

# Meta tags by property or name; several values allowed for tags.
META_PUBLISHED = ("article:published_time", "og:published_time", "datePublished", "pubdate")
META_MODIFIED = ("article:modified_time", "og:updated_time", "dateModified")
META_SECTION = ("article:section",)
META_TAGS = ("article:tag",)
META_KEYWORDS = ("keywords", "news_keywords")
META_AUTHOR = ("author", "article:author")
META_TITLE = ("og:title", "twitter:title")
META_DESCRIPTION = ("og:description", "description", "twitter:description")
META_IMAGE = ("og:image", "twitter:image")
META_LOCALE = ("og:locale",)
META_TYPE = ("og:type",)
META_SITE_NAME = ("og:site_name",)

# Containers that hold an article's own header (title, byline, date), by common theme names.
ARTICLE_CONTAINERS = (
    "//article",
    '//*[@itemtype and contains(@itemtype, "Article")]',
    "//main",
    '//*[contains(concat(" ", normalize-space(@class), " "), " post ")]',
)
# Elements found through their attributes: testing every element's @class and @id (what
# `//*[contains(@class, ...) or contains(@id, ...)]` does) took three times as long.
_IN_BREADCRUMB = '(//@class[contains(., "breadcrumb")] | //@id[contains(., "breadcrumb")])/..'
BREADCRUMBS = (f"{_IN_BREADCRUMB}//a", f"{_IN_BREADCRUMB}//span[not(*)]")
BYLINE_AUTHOR = (
    './/*[contains(@class, "author")]//a',
    './/*[@rel="author"]',
    './/*[contains(@class, "byline")]',
)
# Elements anywhere on a page that say they name the author (rel, microdata).
AUTHOR_MARKED = ('.//*[@rel="author"]', './/*[contains(@itemprop, "author")]')
ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
    }
)
# JSON-LD types of pages that list others: an archive, an author's page, search results.
LISTING_TYPES = frozenset({"CollectionPage", "ProfilePage", "SearchResultsPage"})
# Label words that introduce an inline "related article" teaser inside a body.
TEASER_LABELS = (
    "read more",
    "read also",
    "also read",
    "related",
    "see also",
    "more:",
    "related article",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "اقرأ ايضا",
    "اقرأ المزيد",
    "إقرأ أيضاً",
    "إقرأ أيضا",
    "مواضيع ذات صلة",
)
# A section label printed in the title's block ("kicker"), by the class themes give it.
RUBRIC = (
    './*[contains(@class, "cat") or contains(@class, "section") or contains(@class, "kicker")'
    ' or contains(@class, "rubric")][not(self::h1)]'
)
GENERIC_SECTIONS = frozenset({"news", "home", "article", "articles", "أخبار", "الرئيسية"})
# News agencies: in a byline they are the story's source, not its authors.
AGENCIES = {
    name.casefold(): label
    for label, names in {
        "Reuters": ("Reuters", "رويترز"),
        "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "فرانس برس", "أ ف ب"),
        "AP": ("AP", "Associated Press", "The Associated Press"),
        "Interfax": ("Interfax",),
        "TASS": ("TASS",),
        "Xinhua": ("Xinhua",),
        "dpa": ("dpa",),
        "EFE": ("EFE",),
        "Anadolu": ("Anadolu", "Anadolu Agency", "الأناضول"),
        "Bloomberg": ("Bloomberg",),
        "NNA": ("NNA", "National News Agency", "الوكالة الوطنية للإعلام"),
        "SANA": ("SANA", "سانا"),
        "WAFA": ("WAFA", "وفا"),
        "IRNA": ("IRNA", "إرنا"),
        "KUNA": ("KUNA", "كونا"),
        "WAM": ("WAM", "وام"),
        "SPA": ("SPA", "واس"),
        "QNA": ("QNA", "قنا"),
        "APA": ("APA", "Austria Presse Agentur"),
        "ANSA": ("ANSA",),
        "Kyodo": ("Kyodo", "Kyodo News"),
        "Yonhap": ("Yonhap",),
        "UPI": ("UPI", "United Press International"),
        "PTI": ("PTI", "Press Trust of India"),
        # A credit to unnamed wires: "وكالات" ("agencies"), "Agenturen".
        "agencies": ("agencies", "wires", "وكالات", "Agenturen", "agences"),
    }.items()
    for name in names
}
