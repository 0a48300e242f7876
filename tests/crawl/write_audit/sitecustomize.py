"""Loaded by every Python process of an audited crawl (PYTHONPATH names this folder): the
crawl's own process, the workers' forkserver and, forked from it, the extraction workers and
the writer. Each database connection that runs an INSERT, UPDATE or DELETE appends one line
to the file LEVANTCRAWL_TEST_WRITE_AUDIT names: process id, process name, connection,
statement. Test instrumentation only; levantcrawl knows nothing of it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

_AUDIT = os.environ.get("LEVANTCRAWL_TEST_WRITE_AUDIT")
_WRITES = ("INSERT", "UPDATE", "DELETE")

if _AUDIT:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    _seen: set[tuple[int, int]] = set()

    def _audit(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(_WRITES):
            return
        key = (os.getpid(), id(conn.connection.dbapi_connection))
        if key in _seen:
            return
        _seen.add(key)
        name = Path(f"/proc/{os.getpid()}/comm").read_text().strip()
        first = " ".join(statement.split())[:80]
        with Path(_AUDIT).open("a", encoding="utf-8") as out:
            out.write(f"{key[0]}\t{name}\t{key[1]}\t{first}\n")

    event.listen(Engine, "before_cursor_execute", _audit)
