"""A folder of plain-text files, one per record, for tools that want files rather than rows.

    articles/<site>/<id>.txt          (every revision: <id>-r<revision>.txt)

Each file is a header of `field: <JSON value>` lines between `---` lines, a blank line, then
the article's text. JSON values are also valid YAML, so front-matter readers take the
header as it is. SHA256SUMS in the folder lists every file (`sha256sum -c SHA256SUMS`)."""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from levantcrawl.export.schema import FIELD_NAMES

if TYPE_CHECKING:
    from pathlib import Path

CHECKSUMS = "SHA256SUMS"
_FENCE = "---"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def render(record: dict[str, Any]) -> str:
    header = [
        f"{name}: {json.dumps(record[name], ensure_ascii=False)}"
        for name in FIELD_NAMES
        if name != "text"
    ]
    return "\n".join([_FENCE, *header, _FENCE, "", record["text"]]) + "\n"


def parse(content: str) -> dict[str, Any]:
    """A text file back into its record (the inverse of render)."""
    lines = content.split("\n")
    if not lines or lines[0] != _FENCE:
        raise ValueError("not a levantcrawl text export: no header")
    end = lines.index(_FENCE, 1)
    record: dict[str, Any] = {}
    for line in lines[1:end]:
        name, _, value = line.partition(": ")
        record[name] = json.loads(value)
    record["text"] = "\n".join(lines[end + 2 :]).removesuffix("\n")
    return record


class TextFolderWriter:
    def __init__(self, root: Path, *, every_revision: bool) -> None:
        self._root = root
        self._every_revision = every_revision
        self._sums = (root / CHECKSUMS).open("w", encoding="utf-8", newline="\n")
        self._folders: set[str] = set()
        self.files = 0

    def relative_path(self, record: dict[str, Any]) -> str:
        site = _UNSAFE.sub("_", str(record["site"]))
        name = f"{record['id']}-r{record['revision']}" if self._every_revision else record["id"]
        return f"articles/{site}/{name}.txt"

    def write(self, record: dict[str, Any]) -> None:
        relative = self.relative_path(record)
        folder = relative.rpartition("/")[0]
        if folder not in self._folders:  # one mkdir per site, not per file
            (self._root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        data = render(record).encode("utf-8")
        (self._root / relative).write_bytes(data)
        self._sums.write(f"{hashlib.sha256(data).hexdigest()}  {relative}\n")
        self.files += 1

    def close(self) -> None:
        self._sums.close()
