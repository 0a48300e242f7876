"""The bundled sample site: a generated "Levant News" with its ground truth, served locally."""

from __future__ import annotations

from levantcrawl.samplesite._dates import header_date
from levantcrawl.samplesite.generator import build_site
from levantcrawl.samplesite.model import Response, Section, TruthArticle, TruthLink
from levantcrawl.samplesite.server import RequestRecord, SampleSiteServer
from levantcrawl.samplesite.site import SampleSite

__all__ = [
    "RequestRecord",
    "Response",
    "SampleSite",
    "SampleSiteServer",
    "Section",
    "TruthArticle",
    "TruthLink",
    "build_site",
    "header_date",
]
