"""A report as data: sections of paragraphs and tables (with merged cells), rendered by every format alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from typing import Any

from fazhi.errors import RuleViolation
from fazhi.plaintext import without_control_characters


class Incomplete(RuleViolation):
    """A report's final form asked for while something only people can supply is still missing."""


@dataclass(frozen=True)
class Cell:
    """A table cell; a merged cell spans columns or rows like an HTML cell (later rows omit what it covers)."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class Placed:
    """A cell at its place in the table's grid."""

    row: int
    col: int
    cell: Cell


@dataclass(frozen=True)
class Table:
    caption: str
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)

    def placed(self) -> list[Placed]:
        """Every cell at its grid position, skipping the positions merged cells above or left cover."""
        taken: set[tuple[int, int]] = set()
        out: list[Placed] = []
        for r, cells in enumerate(self.rows):
            c = 0
            for cell in cells:
                while (r, c) in taken:
                    c += 1
                out.append(Placed(r, c, cell))
                taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
                c += cell.colspan
        return out

    def shape(self) -> tuple[int, int]:
        placed = self.placed()
        return (max(p.row + p.cell.rowspan for p in placed), max(p.col + p.cell.colspan for p in placed))

    def grid(self) -> list[list[str]]:
        """The table as plain rows: a merged cell's text in its first position, blanks where it spans."""
        rows, cols = self.shape()
        grid = [[""] * cols for _ in range(rows)]
        for p in self.placed():
            grid[p.row][p.col] = p.cell.text
        return grid


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: bool = False  # a sub-heading such as （一）…


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: list[Paragraph | Table]


@dataclass(frozen=True)
class Report:
    """A whole report: `figures` are the numbers it was written from, for API clients."""

    kind: str
    title: str
    subtitle: str
    sections: list[Section]
    figures: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    preamble: list[Paragraph] = field(default_factory=list)
    issuer: str = ""  # 发文机关署名 under the text: a township's government; none for a county roll-up

    def printable(self) -> Report:
        """This report with every control character but line breaks and tabs taken out of its text:
        narratives stored before input refused them must not break a .docx (XML forbids them) or a page."""
        return _printable(self)

    def to_json(self) -> dict[str, Any]:
        sections = [{"heading": s.heading, "blocks": [_block(b) for b in s.blocks]} for s in self.sections]
        return {"kind": self.kind, "title": self.title, "subtitle": self.subtitle,
                "preamble": [p.text for p in self.preamble], "sections": sections, "figures": self.figures,
                **self.extra}


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _printable(getattr(value, f.name)) for f in fields(value)})
    return value


def _block(block: Paragraph | Table) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "subheading" if block.heading else "paragraph", "text": block.text}
    return {"type": "table", "caption": block.caption, "rows": [[asdict(c) for c in row] for row in block.rows],
            "grid": block.grid(), "notes": block.notes}


def head(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan, rowspan, header=True)


def num(value: int | float | str | None) -> Cell:
    """A figure cell; None (a figure the events cannot give) prints as a dash."""
    return Cell("—" if value is None else str(value))


def pct(value: float | None) -> str:
    """100.0 → "100%", 92.5 → "92.5%", None → "—"."""
    if value is None:
        return "—"
    return f"{value:g}%"
