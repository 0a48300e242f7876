"""Storage fixtures: a crawl row to save articles under (the session is tests/conftest.py's)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from levantcrawl.storage import crawls, identity

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T0 = datetime(2024, 11, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def crawl_id(session: Session) -> int:
    site = identity.site_for_host(session, "127.0.0.1", "Levant News", T0)
    return crawls.start_crawl(
        session, spider="news", start_url="http://127.0.0.1:9/", site=site, now=T0
    ).id
