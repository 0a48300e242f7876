"""Conditions that every listing of the archive shares, so `articles`, `export` and the rest
select the same articles for the same flag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, or_

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import InstrumentedAttribute


def in_section(column: InstrumentedAttribute[str | None], wanted: str) -> ColumnElement[bool]:
    """A canonical section with its subsections, in any case: "russia" takes "Russia/Iran"."""
    wanted = wanted.strip().strip("/").lower()
    section = func.lower(column)
    return or_(section == wanted, section.startswith(wanted + "/", autoescape=True))


def in_language(column: InstrumentedAttribute[str | None], wanted: str) -> ColumnElement[bool]:
    """A BCP 47 language with its regional variants: "en" takes "en-GB"."""
    wanted = wanted.strip().lower()
    language = func.lower(column)
    return or_(language == wanted, language.startswith(wanted + "-", autoescape=True))
