"""A section of the annual rule-of-law report as officials write it: each edit is a version."""

from __future__ import annotations

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput
from fazhi.events import DomainEvent
from services.reporting import contract as c

# The five sections the supervision rules require (法治政府建设与责任落实督察工作规定 Art. 24).
SECTIONS = {
    1: "主要举措和成效",
    2: "存在的不足和原因",
    3: "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    4: "下一年度推进法治政府建设的主要安排",
    5: "其他需要报告的情况",
}


def narrative_key(year: int, section: int) -> str:
    """The key one section's stream id follows from: one stream per township, year and section."""
    return f"{year}:{section}"


class Narrative(Aggregate):
    """The text of one section of one township's report for one year."""

    stream_type = "narrative"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.year = 0
        self.section = 0
        self.text = ""
        self.editor = ""

    def apply(self, event: DomainEvent) -> None:
        assert isinstance(event, c.NarrativeEdited)
        self.year, self.section, self.text, self.editor = event.year, event.section, event.text, event.editor

    def edit(self, *, year: int, section: int, text: str, editor: str) -> list[DomainEvent]:
        """Replace the section's text; an unchanged text records nothing."""
        if section not in SECTIONS:
            raise InvalidInput(f"the report has sections 1 to {len(SECTIONS)}, not {section}", field="section")
        if self.exists and (year, section) != (self.year, self.section):
            raise InvalidInput(f"this is the text of {self.year} section {self.section}", field="section")
        if self.exists and text == self.text:
            return []
        return [c.NarrativeEdited(township=self.township, year=year, section=section, text=text, editor=editor)]
