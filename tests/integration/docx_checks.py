"""Opening a served .docx the way a clerk's Word would, and checking the official-document layout."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def east_asian(style) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def opened(response) -> str:
    """The document's text, after checking A4, the 37/28 mm margins, 仿宋_GB2312 3号 body and 小标宋 2号 title,
    and that no template tag was left unfilled."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    return laid_out(response.content)


def laid_out(content: bytes) -> str:
    """`opened` for the bytes of a document."""
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    normal, title = doc.styles["Normal"], doc.styles["Title"]
    assert (east_asian(normal), normal.font.size.pt) == ("仿宋_GB2312", 16)
    assert (east_asian(title), title.font.size.pt) == ("方正小标宋简体", 22)
    assert (east_asian(doc.styles["Heading 1"]), doc.styles["Heading 1"].font.size.pt) == ("黑体", 16)
    assert doc.paragraphs[0].style.name == "Title"
    footer = section.footer.paragraphs[0]._p.xml
    assert "— " in section.footer.paragraphs[0].text and "PAGE" in footer  # page numbers "— 1 —"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "{{" not in text and "{%" not in text and "None" not in text, text
    return text
