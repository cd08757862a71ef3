"""A report renders whatever its stored text holds: a narrative written before input refused control
characters still gives a .docx, an HTML page and Markdown."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx
import pytest

from fazhi.clock import FixedClock
from services.reporting.handlers.context import Context
from services.reporting.handlers.narratives import edit

REPORT = "/v1/townships/houtai/reports/rule-of-law/2026"
# (no NUL: PostgreSQL's JSONB never could store one)
STORED = "群众法治意识\x0b仍需提高\x07；\x1b[31m普法\u202e形式单一。\n下一步：加强宣传。"


@pytest.fixture
def api(api_for):
    api = api_for("reporting", clock=FixedClock(datetime(2026, 6, 1, 2, tzinfo=UTC)))
    runtime = api.client.app.state.runtime
    context = Context(runtime, "houtai", {"actor": "clerk", "roles": ["reporter"]})

    async def write_as_before() -> None:  # the handler, below the HTTP edge that now refuses this text
        await edit(context, 2026, 2, STORED, None)

    api.client.portal.call(write_as_before)
    return api


def test_a_docx_renders_a_narrative_holding_control_characters(api) -> None:
    response = api.client.get(f"{REPORT}?format=docx", headers=api.headers("houtai", roles=("reporter",)))
    assert response.status_code == 200, response.text
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "群众法治意识仍需提高；[31m普法形式单一。" in text


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_html_and_markdown_leave_the_control_characters_out(api, fmt) -> None:
    response = api.client.get(f"{REPORT}?format={fmt}", headers=api.headers("houtai", roles=("reporter",)))
    assert response.status_code == 200, response.text
    assert "群众法治意识仍需提高；[31m普法形式单一。" in response.text
    assert not any(char in response.text for char in "\x0b\x07\x1b\u202e")
