"""The packaged case-document templates are the desks' wording laid out, and every paper has one."""

from __future__ import annotations

import io
from importlib import import_module

import pytest
from docx import Document

from services.templates_build import SERVICES, build, folder, wording


def _paragraphs(content: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(io.BytesIO(content)).paragraphs]


@pytest.mark.parametrize("service", SERVICES)
def test_the_packaged_templates_are_the_wording_as_built(service: str) -> None:
    """Run `python -m services.templates_build` after changing a desk's wording."""
    for name, blocks in wording(service).items():
        assert _paragraphs((folder(service) / name).read_bytes()) == _paragraphs(build(blocks)), name


@pytest.mark.parametrize("service", SERVICES)
def test_every_paper_of_a_desk_has_its_wording_and_a_chinese_name(service: str) -> None:
    catalogue = import_module(f"services.{service}.documents").CATALOGUE
    assert {p.template for p in catalogue.papers} == set(wording(service))
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p.name) for p in catalogue.papers)
    assert len({p.kind for p in catalogue.papers}) == len(catalogue.papers)
