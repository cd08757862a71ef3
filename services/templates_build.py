"""Build the packaged case-document templates (`services/<service>/templates/*.docx`) from each desk's wording.

    python -m services.templates_build

Each service's `documents.py` holds `WORDING`: per template, its blocks of text with Jinja tags. This
lays them out as GB/T 9704-2012 documents with the annual reports' conventions (A4, top 37 mm, left
28 mm, 仿宋_GB2312 3号 body, 小标宋 2号 title, 黑体 headings, "— 1 —" page numbers, fonts with
fallbacks) and writes .docx files docxtpl fills. A county edits copies of them in Word or WPS.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from importlib import import_module
from pathlib import Path

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from services.reporting.reports.docx import BODY_SIZE, _font_table, _page, _styles

SERVICES = ("mediation", "disclosure", "petition")
Block = tuple[str, ...]  # (what, text…): title, number, to, p, h, line, tag, sign


def build(blocks: Sequence[Block]) -> bytes:
    """One template's .docx bytes."""
    doc = new_document()
    _styles(doc)
    _font_table(doc)
    _page(doc)
    for what, *text in blocks:
        if what == "title":
            doc.add_paragraph(text[0], style="Title")
        elif what == "number":  # the case number under the title, right-aligned
            paragraph = doc.add_paragraph(text[0])
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.first_line_indent = Pt(0)
        elif what in ("to", "line", "tag"):  # no indent: the addressee, form lines, Jinja control paragraphs
            doc.add_paragraph(text[0]).paragraph_format.first_line_indent = Pt(0)
        elif what == "h":
            doc.add_paragraph(text[0], style="Heading 1")
        elif what == "p":
            doc.add_paragraph(text[0])
        elif what == "sign":  # the issuer over the date, four characters in from the right
            doc.add_paragraph()
            for line, indent in ((text[0], 2), (text[1], 4)):
                paragraph = doc.add_paragraph(line)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph.paragraph_format.right_indent = Pt(BODY_SIZE.pt * indent)
        else:
            raise ValueError(f"unknown block {what!r}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def wording(service: str) -> Mapping[str, Sequence[Block]]:
    return import_module(f"services.{service}.documents").WORDING


def folder(service: str) -> Path:
    return Path(__file__).parent / service / "templates"


def main() -> None:
    for service in SERVICES:
        target = folder(service)
        target.mkdir(exist_ok=True)
        for name, blocks in wording(service).items():
            (target / name).write_bytes(build(blocks))
            print(target / name)


if __name__ == "__main__":
    main()
