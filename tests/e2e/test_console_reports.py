"""报告 in the console: an official's section edited in place shows in the preview and in the .docx download."""

from __future__ import annotations

import io

from docx import Document
from playwright.sync_api import expect

from fazhi.clock import Clock
from tests.e2e.conftest import sign_in


def test_a_section_edited_in_place_is_in_the_preview_and_the_downloaded_docx(console_stack, open_page):
    console_stack.add_account("writer.houtai", townships=["houtai"], roles=["reporter"], name="报告员")
    page = open_page()
    sign_in(page, console_stack.url, "writer.houtai")
    page.goto(f"{console_stack.url}/t/houtai/reports")
    expect(page.locator("article.report")).to_contain_text("法治")
    first = page.locator("form[id^=section-]").first
    first.locator("textarea").fill("本年度乡党委坚持把法治建设摆在全局工作的重要位置。")
    first.get_by_role("button", name="保存此部分").click()
    expect(page.locator(".notice")).to_contain_text("已保存")
    expect(page.locator("article.report")).to_contain_text("本年度乡党委坚持把法治建设摆在全局工作的重要位置。")
    expect(page.locator("form[id^=section-]").first).to_contain_text("writer.houtai")

    with page.expect_download() as download:
        page.click("text=下载 Word（.docx）")
    year = Clock().today().year
    assert download.value.suggested_filename == f"rule-of-law-houtai-{year}.docx"
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "本年度乡党委坚持把法治建设摆在全局工作的重要位置。" in text
