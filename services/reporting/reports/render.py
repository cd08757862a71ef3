"""Rendering a report: JSON for API clients, Markdown and HTML from the packaged Jinja2 templates, .docx."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from services.reporting.reports.document import Report, Table


class Format(StrEnum):
    JSON = "json"
    MARKDOWN = "md"
    HTML = "html"
    DOCX = "docx"
    XLSX = "xlsx"  # the report's tables only


MEDIA_TYPES = {
    Format.JSON: "application/json",
    Format.MARKDOWN: "text/markdown; charset=utf-8",
    Format.HTML: "text/html; charset=utf-8",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def markdown_table(table: Table) -> str:
    """The table's grid as a Markdown table: merged cells print once, in their first position."""
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    grid = table.grid()
    return "\n".join([line(grid[0]), line(["---"] * len(grid[0])), *(line(row) for row in grid[1:])])


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("services.reporting", "templates"), trim_blocks=True, lstrip_blocks=True,
                      autoescape=select_autoescape(["html.j2"]), keep_trailing_newline=True)
    env.filters["markdown_table"] = markdown_table
    env.tests["table"] = lambda block: isinstance(block, Table)
    return env


def render_text(report: Report, fmt: Format) -> str:
    """Markdown or HTML, from `report.md.j2` / `report.html.j2` (whatever characters its stored text holds)."""
    text = _environment().get_template(f"report.{fmt.value}.j2").render(report=report.printable())
    return re.sub(r"\n{3,}", "\n\n", text)
