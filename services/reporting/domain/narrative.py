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
# The six sections of the national template for the disclosure report (国办公开办函〔2021〕30号).
DISCLOSURE_SECTIONS = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
SECTIONS_OF = {c.Report.RULE_OF_LAW: SECTIONS, c.Report.DISCLOSURE: DISCLOSURE_SECTIONS}


def narrative_key(year: int, section: int, report: c.Report = c.Report.RULE_OF_LAW) -> str:
    """The key one section's stream id follows from: one stream per township, report, year and section
    (the rule-of-law report's keys predate the disclosure report's texts and stay as they were)."""
    return f"{year}:{section}" if report is c.Report.RULE_OF_LAW else f"{report.value}:{year}:{section}"


class Narrative(Aggregate):
    """The text of one section of one township's report for one year."""

    stream_type = "narrative"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.report = c.Report.RULE_OF_LAW
        self.year = 0
        self.section = 0
        self.text = ""
        self.editor = ""
        self.placement = c.Placement.AFTER

    def apply(self, event: DomainEvent) -> None:
        assert isinstance(event, c.NarrativeEdited)
        self.report, self.year, self.section = event.report, event.year, event.section
        self.text, self.editor, self.placement = event.text, event.editor, event.placement

    def edit(self, *, year: int, section: int, text: str, editor: str, report: c.Report = c.Report.RULE_OF_LAW,
             placement: c.Placement = c.Placement.AFTER) -> list[DomainEvent]:
        """Replace the section's text (and where it goes); an unchanged text in the same place records nothing."""
        sections = SECTIONS_OF[report]
        if section not in sections:
            raise InvalidInput(f"the report has sections 1 to {len(sections)}, not {section}", field="section")
        if self.exists and (report, year, section) != (self.report, self.year, self.section):
            raise InvalidInput(f"this is the text of {self.year} section {self.section}", field="section")
        if self.exists and (text, placement) == (self.text, self.placement):
            return []
        return [c.NarrativeEdited(township=self.township, year=year, section=section, text=text, editor=editor,
                                  report=report, placement=placement)]
