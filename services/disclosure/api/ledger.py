"""The request list as the desk's 台账 (.xlsx or CSV), and the import of historical ledgers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from fazhi.http import Township, command_metadata
from fazhi.ledger import SHEET_RESPONSES, SheetFormat, every_document, sheet_file
from fazhi.ledger_routes import ImportDesk, add_import_routes
from fazhi.listing import Listing
from fazhi.store import DocumentQuery
from services.disclosure.api.dependencies import Desk, Overdue, Reader, Rt, Viewing
from services.disclosure.api.requests import _shown
from services.disclosure.contract import ApplicantType
from services.disclosure.domain.request_state import RequestStatus
from services.disclosure.ledger import TITLE, columns, importing
from services.disclosure.views.request import COLLECTION, render_request

router = APIRouter(prefix="/v1/townships/{township}/requests", tags=["ledgers"])
AsSheet = Annotated[SheetFormat, Query(alias="format", description="xlsx (default) or csv")]


@router.get("/export", summary="导出依申请公开登记台账（Excel/CSV）", response_class=Response,
            responses=SHEET_RESPONSES)
async def export_requests(township: Township, _: Reader, viewer: Viewing, runtime: Rt, overdue: Overdue,
                          listing: Listing, status: RequestStatus | None = None,
                          applicant_type: ApplicantType | None = None, fmt: AsSheet = SheetFormat.XLSX) -> Response:
    """Every application the same filters give the list (all pages), one row each, as the list shows it to
    this reader."""
    today, calendar = runtime.clock.today(), runtime.calendar
    docs = await every_document(runtime.store, DocumentQuery(
        COLLECTION, township, status=status, category=applicant_type, overdue_on=today if overdue else None,
        **listing.query_fields(may_see_names=viewer.full)))
    bodies = [_shown(viewer, doc.id, render_request(doc.data, calendar, today)) for doc in docs]
    return sheet_file(TITLE, columns(), bodies, fmt, f"requests-{township}-{today.isoformat()}")


async def _importing(township: Township, who: Desk, runtime: Rt) -> ImportDesk:
    return ImportDesk(runtime, township, command_metadata(who))


add_import_routes(router, cases="requests", what="依申请公开登记台账", acting=_importing,
                  ledger_for=lambda desk: importing(desk.runtime.county, desk.township, desk.runtime.clock.today()),
                  names=("request_ledger_template", "import_requests", "request_import"))
