"""Bringing a desk's historical 台账 in from .xlsx: every row checked, then all rows or none.

A desk describes its ledger as `Field`s (heading, required, what goes in) and a `parse` that turns a
row's `Cells` into a case; the errors it finds name the row and the column, in Chinese. A file is
read, checked and written in chunks, its progress kept in an `ImportJob` (a document the desk's
`GET .../imports/{id}` reads); a dry run stops after the checks. A real run writes every new case in
one transaction (`EventStore.import_streams`) or none. A case's stream id follows from its township
and original case number, so running the same file again adds nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import string
import uuid
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Generic, TypeVar

import structlog
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fazhi.clock import Clock
from fazhi.errors import FazhiError, InvalidInput, NotFound
from fazhi.ledger import XLSX, width
from fazhi.numbering import NumberRequest
from fazhi.pii import mask_id_number, validate_id_number
from fazhi.store import CounterFloor, Document, ImportedStream, NumberTaken

log = structlog.get_logger("fazhi.ledger_import")
T = TypeVar("T")
MAX_BYTES = 10 * 1024 * 1024  # an upload larger than this is refused before it is opened
IMPORT_BACKDATE_DAYS = 100 * 366  # an imported case may have arrived any time: the ledger's dates stand
MAX_ROWS = 5000  # cases per file; a longer ledger goes in several files
CHUNK = 200  # rows checked or built between two progress reports
JOBS = "ledger_import"  # the documents that hold each import's progress and outcome
IMPORT_NAMESPACE = uuid.UUID("8d7c1f2e-3b4a-4c5d-9e6f-0a1b2c3d4e5f")
SEPARATORS = re.compile(r"[、,，;；/\n]+")


class TooLarge(FazhiError):
    """An upload over the size limit (413)."""

    status = 413
    title = "上传文件过大"
    title_en = "Upload too large"


@dataclass(frozen=True)
class Field:
    """One column of a ledger to import: its heading (as in the template), whether a row needs it,
    what goes in (for the template's second row and docs/ledgers.md), and the choices, if any."""

    heading: str
    required: bool = False
    note: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number (1 is the header)
    column: str  # the column's heading
    message: str


class Cells:
    """One row's cells by heading, read into values; what cannot be read becomes a `RowError`."""

    def __init__(self, row: int, values: dict[str, Any], errors: list[RowError]) -> None:
        self.row, self.values, self.errors = row, values, errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def raw(self, heading: str, required: bool) -> Any:
        value = self.values.get(heading)
        if isinstance(value, str):
            value = value.strip() or None
        if value is None and required:
            self.error(heading, "必填项为空")
        return value

    def text(self, heading: str, *, required: bool = False, max_length: int = 4000) -> str | None:
        value = self.raw(heading, required)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        shown = value.isoformat() if isinstance(value, date) else str(value)
        if len(shown) > max_length:
            self.error(heading, f"内容过长（{len(shown)} 字，最多 {max_length} 字）")
            return None
        return shown

    def day(self, heading: str, *, required: bool = False) -> date | None:
        value = self.raw(heading, required)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parsed = parse_day(str(value))
        if parsed is None:
            self.error(heading, f"日期无法识别：“{value}”（应为 2025-03-02、2025/3/2 或 2025年3月2日）")
        return parsed

    def choice(self, heading: str, labels: dict[Any, str], *, required: bool = False) -> Any:
        """A code given by its Chinese label (or by the code itself)."""
        value = self.text(heading, required=required)
        if value is None:
            return None
        for code, label in labels.items():
            if value in (label, str(code)):
                return code
        self.error(heading, f"未知的{heading}：“{value}”（可填：{'、'.join(labels.values())}）")
        return None

    def choices(self, heading: str, labels: dict[Any, str]) -> list[Any]:
        value = self.text(heading)
        found = []
        for part in SEPARATORS.split(value or ""):
            part = part.strip()
            if not part:
                continue
            code = next((code for code, label in labels.items() if part in (label, str(code))), None)
            if code is None:
                self.error(heading, f"未知的{heading}：“{part}”（可填：{'、'.join(labels.values())}）")
            else:
                found.append(code)
        return found

    def integer(self, heading: str, *, required: bool = False, low: int = 0, high: int = 100000) -> int | None:
        value = self.raw(heading, required)
        if value is None:
            return None
        try:
            number = Decimal(str(value).strip())
            if number != number.to_integral_value():
                raise InvalidOperation
        except InvalidOperation:
            self.error(heading, f"应为整数：“{value}”")
            return None
        if not low <= number <= high:
            self.error(heading, f"应在 {low} 到 {high} 之间：{number}")
            return None
        return int(number)

    def amount(self, heading: str) -> Decimal | None:
        value = self.raw(heading, False)
        if value is None:
            return None
        try:
            number = Decimal(str(value).replace(",", "").replace("，", "").strip()).quantize(Decimal("0.01"))
        except InvalidOperation:
            self.error(heading, f"应为金额（元）：“{value}”")
            return None
        if number < 0:
            self.error(heading, f"金额不能为负：{number}")
            return None
        return number

    def names(self, heading: str, *, required: bool = False) -> list[str]:
        value = self.text(heading, required=required)
        names = [part.strip() for part in SEPARATORS.split(value or "") if part.strip()]
        for name in names:
            if len(name) > 64:
                self.error(heading, f"姓名或名称过长：“{name[:10]}…”")
        return names

    def id_numbers(self, heading: str) -> list[str | None]:
        """ID numbers in the order of the names (a blank between separators for someone without one)."""
        value = self.text(heading)
        if value is None:
            return []
        found: list[str | None] = []
        for part in re.split(r"[、,，;；/\n]", value):
            part = part.strip().upper()
            if not part:
                found.append(None)
                continue
            try:
                found.append(validate_id_number(part))
            except ValueError:
                shown = mask_id_number(part) if len(part) == 18 else "（长度不是18位）"
                self.error(heading, f"身份证号码无效（校验位或出生日期不符）：{shown}")
                found.append(None)
        return found


    def people(self, names: str, ids: str, phones: str, *, required: bool = False
               ) -> list[tuple[str, str | None, str | None]]:
        """(name, ID number, phone) of each person named; ID numbers and phones in the names' order."""
        named = self.names(names, required=required)
        numbers = self.id_numbers(ids)
        calls = [p.strip() or None for p in re.split(r"[、,，;；/\n]", self.text(phones) or "")]
        if len(numbers) > len(named):
            self.error(ids, f"身份证号有 {len(numbers)} 个，{names}只有 {len(named)} 人")
        for phone in calls:
            if phone is not None and not re.fullmatch(r"\+?[0-9][0-9 -]{4,19}", phone):
                self.error(phones, f"电话号码无法识别：“{phone}”")
        return [(name, numbers[i] if i < len(numbers) else None, calls[i] if i < len(calls) else None)
                for i, name in enumerate(named)]


def parse_day(text: str) -> date | None:
    """2025-03-02, 2025/3/2, 2025.3.2, 2025年3月2日 or 20250302."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?", text) or \
        re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


@dataclass(frozen=True)
class Case(Generic[T]):
    """A row read into a case: its original number, the dates the counter and the checks need, and the
    desk's own value (what `build` turns into events)."""

    row: int
    number: str
    registered_on: date
    value: T


@dataclass(frozen=True)
class Built:
    """One case's stream: its events and read model, as `fazhi.commands.create` would have made them."""

    events: Sequence[Any]  # NewEvent
    documents: Sequence[Document]


@dataclass(frozen=True)
class Ledger(Generic[T]):
    """How one desk's ledger is imported.

    `parse(cells)` reads a row (None when it has errors); `build(case, stream_id, metadata)` decides the
    registration (the domain's own rules, dated as the ledger says) and projects it.
    """

    desk: str  # the case-number desk: mediation, petition, disclosure
    stream_type: str
    title: str  # 矛盾纠纷排查化解台账 …
    fields: Sequence[Field]
    parse: Callable[[Cells], Case[T] | None]
    build: Callable[[Case[T], str], Built]
    headings: dict[str, str] = field(default_factory=dict)  # a domain field name → the column it comes from
    number_column: str = "案号"


class JobStatus(StrEnum):
    CHECKING = "checking"
    WRITING = "writing"
    SUCCEEDED = "succeeded"  # dry run: no errors; real run: written
    FAILED = "failed"  # errors found: nothing written


@dataclass
class ImportJob:
    """An import's progress (`done` of `total` rows checked, then written) and its outcome."""

    id: str
    township: str
    desk: str
    file_name: str
    sha256: str
    dry_run: bool
    imported_by: str | None
    started_at: str
    status: JobStatus = JobStatus.CHECKING
    total: int = 0
    done: int = 0
    imported: int = 0  # new cases written
    already_imported: int = 0  # rows whose case an earlier run of this file (or its rows) already brought in
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    finished_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        body = asdict(self)
        body["status"] = self.status.value
        return body


def stream_id_for(stream_type: str, township: str, number: str) -> str:
    """The same id for the same case number of the same township and desk, whichever run brings it in."""
    return str(uuid.uuid5(IMPORT_NAMESPACE, f"{stream_type}:{township}:{number}"))


def number_pattern(request: NumberRequest) -> re.Pattern[str]:
    """The county's case-number format as a pattern giving `year` and `seq` (其他 numbers do not match)."""
    parts = []
    for literal, name, _, _ in string.Formatter().parse(request.template):
        parts.append(re.escape(literal))
        if name == "year":
            parts.append(r"(?P<year>\d{4})")
        elif name == "seq":
            parts.append(r"(?P<seq>\d+)")
        elif name is not None:
            parts.append(re.escape(str(request.values.get(name, ""))))
    return re.compile("".join(parts))


# -- the template ----------------------------------------------------------------------------

def template(ledger: Ledger[Any]) -> bytes:
    """The blank ledger: the headings in row 1 (required ones marked), no rows, a note sheet saying what
    goes in each column, and drop-down lists where there are choices."""
    book = Workbook()
    sheet = book.active
    sheet.title = ledger.title[:31]
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "填写说明"])
    for col, f in enumerate(ledger.fields, start=1):
        cell = sheet.cell(row=1, column=col, value=f.heading)
        cell.font = Font(bold=True, color="C00000" if f.required else "000000")
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = max(width(f.heading) + 4, 12)
        notes.append([f.heading, "必填" if f.required else "", f.note + (f"（可填：{'、'.join(f.choices)}）"
                                                                       if f.choices else "")])
        if f.choices and len("，".join(f.choices)) < 250:  # Excel's limit on a list written inline
            check = DataValidation(type="list", formula1='"' + ",".join(f.choices) + '"', allow_blank=True)
            check.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(check)
    notes.column_dimensions["A"].width, notes.column_dimensions["C"].width = 18, 90
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading the upload ---------------------------------------------------------------------

def check_upload(content: bytes, file_name: str) -> None:
    """Refuse at once what is not an .xlsx workbook within the limit (413, 422 naming `file`)."""
    if len(content) > MAX_BYTES:
        raise TooLarge(f"文件 {len(content)} 字节，超过 {MAX_BYTES // 1024 // 1024} MiB 的上限", field="file")
    if not content:
        raise InvalidInput("上传的文件是空的", field="file")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise InvalidInput(f"“{file_name}”不是 .xlsx 工作簿（请用模板另存为 Excel 工作簿 .xlsx）", field="file")


def read_rows(content: bytes, ledger: Ledger[Any], errors: list[RowError],
              ignored: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """The first sheet's rows under its header row, by heading; blank rows skipped. A missing required
    column is an error of row 1; a heading the template does not have is ignored (and listed), so a
    ledger exported from Fazhi, with its extra columns, comes back in."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise InvalidInput(f"无法读取该工作簿：{type(error).__name__}", field="file") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        known = {f.heading for f in ledger.fields}
        for f in ledger.fields:
            if f.required and f.heading not in header:
                errors.append(RowError(1, f.heading, "缺少必填列（请使用模板的列名）"))
        ignored.extend(h for h in header if h and h not in known)
        found: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            found.append((number, {h: v for h, v in zip(header, values) if h in known}))
            if len(found) > MAX_ROWS:
                raise InvalidInput(f"一个文件最多 {MAX_ROWS} 行案件，请分成几个文件导入", field="file")
        return found
    finally:
        book.close()


# -- running an import ----------------------------------------------------------------------

class Importer:
    """Runs imports of one desk's ledger against a service's store, keeping each job as a document."""

    def __init__(self, store: Any, ledger: Ledger[Any], floor_for: Callable[[Case[Any]], CounterFloor | None],
                 clock: Clock) -> None:
        self.store, self.ledger, self.floor_for, self.clock = store, ledger, floor_for, clock

    async def start(self, *, township: str, content: bytes, file_name: str, dry_run: bool,
                    metadata: dict[str, Any]) -> ImportJob:
        """Check the upload, open a job and run it in the background; the job as it stands."""
        check_upload(content, file_name)
        job = ImportJob(id=str(uuid.uuid4()), township=township, desk=self.ledger.desk, file_name=file_name,
                        sha256=hashlib.sha256(content).hexdigest(), dry_run=dry_run,
                        imported_by=metadata.get("actor"), started_at=self.clock.now().isoformat())
        await self._save(job)
        task = asyncio.create_task(self._run(job, content, metadata), name=f"ledger-import-{job.id}")
        _RUNNING.add(task)
        task.add_done_callback(_RUNNING.discard)
        return job

    async def get(self, township: str, job_id: str) -> ImportJob:
        doc = await self.store.get_document(JOBS, job_id)
        if doc is None or doc.township != township or doc.data.get("desk") != self.ledger.desk:
            raise NotFound(f"import {job_id} not found in township {township}", field="id")
        data = dict(doc.data)
        data["status"] = JobStatus(data["status"])
        data["errors"] = [RowError(**e) for e in data["errors"]]
        return ImportJob(**data)

    async def _save(self, job: ImportJob) -> None:
        doc = Document(JOBS, job.id, job.township, 1, job.to_json(), status=job.status.value,
                       category=job.desk, is_open=job.status in (JobStatus.CHECKING, JobStatus.WRITING))
        await self.store.write(lambda conn: self.store.write_documents(conn, [doc]))

    async def _run(self, job: ImportJob, content: bytes, metadata: dict[str, Any]) -> None:
        try:
            await self._check_and_write(job, content, metadata)
        except Exception as error:  # the job must not stay "checking" for ever
            log.exception("ledger_import.failed", job=job.id)
            job.errors.append(RowError(0, "", f"导入中断，未写入任何案件：{type(error).__name__}"))
            job.status = JobStatus.FAILED
        job.finished_at = self.clock.now().isoformat()
        await self._save(job)

    async def _check_and_write(self, job: ImportJob, content: bytes, metadata: dict[str, Any]) -> None:
        errors = job.errors
        try:
            rows = await asyncio.to_thread(read_rows, content, self.ledger, errors, job.ignored_columns)
        except InvalidInput as error:
            errors.append(RowError(1, "file", error.reason))
            job.status = JobStatus.FAILED
            return
        job.total = len(rows)
        cases: list[Case[Any]] = []
        seen: dict[str, int] = {}
        for at in range(0, len(rows), CHUNK):
            for number, values in rows[at:at + CHUNK]:
                given = str(values.get(self.ledger.number_column) or "").strip()
                if given and given in seen:  # whether or not either row has other errors
                    errors.append(RowError(number, self.ledger.number_column,
                                           f"案号“{given}”与第 {seen[given]} 行重复"))
                    continue
                seen.setdefault(given, number)
                case = self.ledger.parse(Cells(number, values, errors))
                if case is not None:
                    cases.append(case)
            job.done = min(at + CHUNK, len(rows))
            await self._save(job)
        job.already_imported = await self._check_numbers(job.township, cases, errors)
        built = await self._build(job, cases, metadata)
        if errors or job.dry_run:
            job.status = JobStatus.FAILED if errors else JobStatus.SUCCEEDED
            return
        job.status, job.done = JobStatus.WRITING, 0
        await self._save(job)
        floors = self._floors(cases)
        try:
            written = await self.store.import_streams(built, floors)
        except NumberTaken as taken:
            for case in cases:
                if case.number in taken.numbers:
                    errors.append(RowError(case.row, self.ledger.number_column,
                                           f"案号“{case.number}”已被本乡镇的另一件案件使用"))
            job.status = JobStatus.FAILED
            return
        job.imported, job.already_imported = len(written), len(cases) - len(written)
        job.done, job.status = len(rows), JobStatus.SUCCEEDED

    async def _build(self, job: ImportJob, cases: list[Case[Any]], metadata: dict[str, Any]) -> list[ImportedStream]:
        """Every case's stream, decided by the domain; a rule it breaks is an error of its row."""
        built: list[ImportedStream] = []
        for at in range(0, len(cases), CHUNK):
            for case in cases[at:at + CHUNK]:
                stream_id = stream_id_for(self.ledger.stream_type, job.township, case.number)
                try:
                    made = self.ledger.build(case, stream_id)
                except FazhiError as error:
                    job.errors.append(RowError(case.row, _column(error.field, self.ledger), error.reason))
                    continue
                meta = {**metadata, "imported": {"file": job.file_name, "sha256": job.sha256, "row": case.row,
                                                 "job": job.id, "by": job.imported_by}}
                built.append(ImportedStream(stream_id, self.ledger.stream_type, job.township, made.events, meta,
                                            made.documents, case.number))
            await asyncio.sleep(0)
        return built

    async def _check_numbers(self, township: str, cases: list[Case[Any]], errors: list[RowError]) -> int:
        """Rows whose case is already in (an earlier run); an error for a number another case has. Returns
        how many are already in."""
        found = await self.store.find_numbers(self.ledger.stream_type, township, [c.number for c in cases])
        stored = 0
        for case in cases:
            holder = found.get(case.number)
            if holder == stream_id_for(self.ledger.stream_type, township, case.number):
                stored += 1
            elif holder is not None:
                errors.append(RowError(case.row, self.ledger.number_column,
                                       f"案号“{case.number}”已被本乡镇的另一件案件使用"))
        return stored

    def _floors(self, cases: list[Case[Any]]) -> list[CounterFloor]:
        highest: dict[tuple[str, str, int], CounterFloor] = {}
        for case in cases:
            floor = self.floor_for(case)
            if floor is None:
                continue
            key = (floor.township, floor.desk, floor.year)
            if key not in highest or highest[key].last < floor.last:
                highest[key] = floor
        return list(highest.values())


_RUNNING: set[asyncio.Task[None]] = set()  # strong references: a task nobody holds may be collected


def _column(field_name: str | None, ledger: Ledger[Any]) -> str:
    """The heading of the column a domain rule's field comes from."""
    return ledger.headings.get(field_name or "", ledger.number_column)


def floor_from(pattern: re.Pattern[str], desk: str, township: str) -> Callable[[Case[Any]], CounterFloor | None]:
    """The counter floor an imported number in the county's format sets (None for a number in another format)."""
    def floor(case: Case[Any]) -> CounterFloor | None:
        match = pattern.fullmatch(case.number)
        if match is None:
            return None
        year = int(match.group("year")) if "year" in pattern.groupindex else case.registered_on.year
        return CounterFloor(township, desk, year, int(match.group("seq")))
    return floor


__all__ = ["XLSX", "Case", "Cells", "Field", "ImportJob", "Importer", "JobStatus", "Ledger", "RowError",
           "floor_from", "number_pattern", "template"]
