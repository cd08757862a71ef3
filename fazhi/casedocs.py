"""Case documents (文书): the papers a desk issues for one case, filled from the case, from .docx templates.

Each service lists its papers in a `Catalogue`: a kind (the path segment), its Chinese name, the
template file, and when the case's state allows it. Templates are Word documents with Jinja tags
(`docxtpl`), so a county edits them in Word or WPS; a county's `templates_dir` holds replacements
named `<service>/<template>`, and a template missing there is the packaged one.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docxtpl import DocxTemplate
from fastapi import Response
from pydantic import Field

from fazhi.errors import NotFound, RuleViolation
from fazhi.openapi import Body

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Refusal = Callable[[dict[str, Any]], str | None]  # the case body → why the paper cannot be issued now, or None


@dataclass(frozen=True)
class Paper:
    """One kind of document a desk issues."""

    kind: str  # path segment: `agreement`
    name: str  # 调解协议书
    template: str  # file name in the service's template folder
    refuse: Refusal  # None when the case's state allows it


@dataclass(frozen=True)
class Catalogue:
    """A service's papers and its packaged template folder."""

    service: str
    packaged: Path
    papers: Sequence[Paper]

    def available(self, case: dict[str, Any]) -> list[Paper]:
        """The papers this case's state allows now."""
        return [p for p in self.papers if p.refuse(case) is None]

    def paper(self, kind: str) -> Paper:
        for paper in self.papers:
            if paper.kind == kind:
                return paper
        known = ", ".join(p.kind for p in self.papers)
        raise NotFound(f"no document {kind!r}; this desk issues {known}", field="kind")

    def template_path(self, paper: Paper, county_dir: Path | None) -> Path:
        """The county's template when its folder has one, else the packaged one."""
        if county_dir is not None:
            replaced = county_dir / self.service / paper.template
            if replaced.is_file():
                return replaced
        return self.packaged / paper.template

    def render(self, paper: Paper, case: dict[str, Any], context: Mapping[str, Any], county_dir: Path | None) -> bytes:
        """The filled .docx; 409 naming why when the case's state does not allow the paper."""
        why = paper.refuse(case)
        if why is not None:
            raise RuleViolation(f"{paper.name} cannot be issued now: {why}", field="status")
        return fill(self.template_path(paper, county_dir), {"case": case, **context})


def fill(template: Path, context: Mapping[str, Any]) -> bytes:
    """Render a docxtpl template; values are XML-escaped (a party's name may hold `&` or `<`)."""
    document = DocxTemplate(str(template))
    document.render(dict(context), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def chinese_date(day: date | str | None) -> str:
    """2026年3月2日 (GB/T 9704: Arabic numerals, no leading zeros); blank lines for a day not known."""
    if day is None or day == "":
        return "____年__月__日"
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def download_name(paper: Paper, case_number: str | None, case_id: str) -> str:
    """`Content-Disposition` for the file: its Chinese name with the case number (RFC 6266, UTF-8)."""
    stem = f"{paper.name}{case_number or case_id}"
    ascii_name = f"{paper.kind}-{case_id}.docx"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(stem + '.docx')}"


def listing(catalogue: Catalogue, case: dict[str, Any], base: str) -> dict[str, Any]:
    """The body of `GET .../documents`: every paper the desk issues, whether it can be issued now and why not."""
    items = []
    for paper in catalogue.papers:
        why = paper.refuse(case)
        items.append({"kind": paper.kind, "name": paper.name, "available": why is None, "reason": why,
                      "href": f"{base}/{paper.kind}" if why is None else None})
    return {"case_id": case["id"], "case_number": case.get("case_number"), "items": items}


def docx_response(body: bytes, paper: Paper, case: dict[str, Any]) -> Response:
    """The filled document as a download named after the paper and the case number."""
    return Response(body, media_type=DOCX, headers={
        "Content-Disposition": download_name(paper, case.get("case_number"), case["id"])})


# `responses=` of a route that answers with the .docx itself.
DOCX_CONTENT: dict[int | str, dict[str, Any]] = {200: {
    "description": "the filled document (.docx), as an attachment named after the case number",
    "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}}}}


class PaperItem(Body):
    """One kind of document the desk issues, and whether the case's state allows it now."""

    kind: str = Field(examples=["agreement"], description="the path segment that downloads it")
    name: str = Field(examples=["人民调解协议书"])
    available: bool
    reason: str | None = Field(None, description="why it cannot be issued now (null when it can)")
    href: str | None = Field(None, description="where to download it (null when it cannot be issued now)")


class PaperList(Body):
    """The documents of one case."""

    case_id: str
    case_number: str | None
    items: list[PaperItem]
