"""The import routes every desk has for its historical 台账: the blank template, the upload (dry run
or real), and the import's progress and outcome.

No `from __future__ import annotations`: the routes are made in a function, and FastAPI must see
the dependency types as real objects, not strings.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile
from pydantic import Field as Described

from fazhi.ledger import XLSX
from fazhi.ledger_import import (
    MAX_BYTES,
    Importer,
    Ledger,
    TooLarge,
    floor_from,
    number_pattern,
    template,
)
from fazhi.openapi import Body

TEMPLATE_RESPONSES: dict[int | str, dict[str, Any]] = {200: {
    "description": "the blank ledger (.xlsx): headings in row 1, what goes in each column on a second sheet",
    "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
}}


@dataclass(frozen=True)
class ImportDesk:
    """Who imports, into which township: what a service's acting dependency gives the routes."""

    runtime: Any
    township: str
    metadata: dict[str, Any]


class RowErrorBody(Body):
    row: int = Described(description="the spreadsheet's row number (1: the header row)", examples=[5])
    column: str = Described(examples=["身份证号"])
    message: str = Described(examples=["身份证号码无效（校验位或出生日期不符）：411422********0011"])


class ImportJobBody(Body):
    """An import: `done` of `total` rows checked (then written); `errors` by row and column."""

    id: str
    township: str
    desk: str = Described(examples=["mediation"])
    file_name: str
    sha256: str
    dry_run: bool
    imported_by: str | None = None
    started_at: str
    finished_at: str | None = None
    status: str = Described(description="checking, writing, succeeded, failed", examples=["succeeded"])
    total: int
    done: int
    imported: int = Described(description="new cases written")
    already_imported: int = Described(description="rows whose case an earlier import brought in")
    ignored_columns: list[str] = Described(default=[], description="headings the template does not have")
    errors: list[RowErrorBody]


def add_import_routes(router: APIRouter, *, cases: str, what: str, acting: Callable[..., Any],
                      ledger_for: Callable[[ImportDesk], Ledger[Any]], names: tuple[str, str, str]) -> None:
    """`GET import/template`, `POST import`, `GET imports/{id}` on `router`, whose prefix is
    `/v1/townships/{township}/{cases}`; `names` (template, import, progress) give their operationIds."""
    Acting = Annotated[ImportDesk, Depends(acting)]

    def importer(desk: ImportDesk) -> Importer:
        ledger = ledger_for(desk)
        county, today = desk.runtime.county, desk.runtime.clock.today()
        pattern = number_pattern(county.number_request(desk.township, ledger.desk, today.year))
        return Importer(desk.runtime.store, ledger, floor_from(pattern, ledger.desk, desk.township), desk.runtime.clock)

    async def template_route(desk: Acting) -> Response:
        ledger = ledger_for(desk)
        name = quote(f"{ledger.title}（导入模板）.xlsx")
        return Response(template(ledger), media_type=XLSX, headers={
            "Content-Disposition": f"attachment; filename=\"{ledger.desk}-template.xlsx\"; filename*=UTF-8''{name}"})

    async def import_route(desk: Acting, response: Response,
                           file: Annotated[UploadFile, File(description=f"the ledger, .xlsx, at most {MAX_BYTES // 2**20} MiB")],
                           dry_run: Annotated[bool, Query(description="check every row, write nothing")] = False,
                           ) -> dict[str, Any]:
        content = await file.read(MAX_BYTES + 1)
        if len(content) > MAX_BYTES:
            raise TooLarge(f"文件超过 {MAX_BYTES // 2**20} MiB 的上限", field="file")
        job = await importer(desk).start(township=desk.township, content=content,
                                         file_name=file.filename or "ledger.xlsx", dry_run=dry_run,
                                         metadata=desk.metadata)
        response.headers["Location"] = f"/v1/townships/{desk.township}/{cases}/imports/{job.id}"
        return job.to_json()

    async def progress_route(import_id: str, desk: Acting) -> dict[str, Any]:
        return (await importer(desk).get(desk.township, import_id)).to_json()

    template_route.__name__, import_route.__name__, progress_route.__name__ = names
    router.add_api_route("/import/template", template_route, methods=["GET"], response_class=Response,
                         responses=TEMPLATE_RESPONSES, summary=f"下载{what}导入模板",
                         description=f"The blank {cases} ledger to fill in for an import; docs/ledgers.md lists its columns.")
    router.add_api_route("/import", import_route, methods=["POST"], status_code=202,
                         response_model=ImportJobBody, responses={413: {"description": "文件超过上传上限"}}, summary=f"导入历史{what}（可先试导入）",
                         description="Upload a historical ledger (.xlsx, multipart field `file`). 202 with `Location` "
                                     "of the import, which checks every row; `dry_run=true` stops there, otherwise every "
                                     "new case is written in one transaction, or none if any row has an error. The same "
                                     "file again adds nothing.")
    router.add_api_route("/imports/{import_id}", progress_route, methods=["GET"],
                         response_model=ImportJobBody, summary=f"查看{what}导入进度和结果",
                         description="Rows checked (`done` of `total`), then the outcome and every row's errors.")
