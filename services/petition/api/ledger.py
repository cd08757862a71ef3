"""The petition list as the desk's 台账 (.xlsx or CSV), and the import of historical ledgers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from fazhi.errors import InvalidInput
from fazhi.ledger import SHEET_RESPONSES, SheetFormat, every_document, sheet_file
from fazhi.ledger_routes import ImportDesk, add_import_routes
from fazhi.listing import Listing
from fazhi.store import DocumentQuery
from services.petition.api.deps import Desk, Reader
from services.petition.contract import CaseStatus, Channel
from services.petition.domain import PetitionCase
from services.petition.ledger import TITLE, columns, importing
from services.petition.person_key import person_key_of

router = APIRouter(prefix="/v1/townships/{township}/petitions", tags=["ledgers"])
AsSheet = Annotated[SheetFormat, Query(alias="format", description="xlsx (default) or csv")]


@router.get("/export", summary="导出信访事项登记台账（Excel/CSV）", response_class=Response,
            responses=SHEET_RESPONSES)
async def export_petitions(
    reader: Reader, listing: Listing, status: CaseStatus | None = None, village: str | None = None,
    channel: Channel | None = None, overdue: bool | None = None, fmt: AsSheet = SheetFormat.XLSX,
) -> Response:
    """Every case the same filters give the list (all pages), one row each, people shown as the list shows
    them to this reader."""
    ctx = reader.context
    if overdue is False:
        raise InvalidInput("overdue filters with true only; leave it out for every case", field="overdue")
    ctx.check_village(village)
    docs = await every_document(ctx.store, DocumentQuery(
        collection=PetitionCase.stream_type, township=ctx.township, status=status, village=village,
        category=channel, overdue_on=ctx.today if overdue else None,
        **listing.query_fields(may_see_names=reader.viewer.full),
    ))
    bodies = [reader.show(doc) for doc in docs]
    return sheet_file(TITLE, columns(ctx.runtime.county, ctx.township), bodies, fmt,
                      f"petitions-{ctx.township}-{ctx.today.isoformat()}")


async def _importing(ctx: Desk) -> ImportDesk:
    return ImportDesk(ctx.runtime, ctx.township, ctx.metadata)


add_import_routes(router, cases="petitions", what="信访事项登记台账", acting=_importing,
                  ledger_for=lambda desk: importing(desk.runtime.county, desk.township, desk.runtime.clock.today(),
                                                    person_key_of(desk.runtime)),
                  names=("petition_ledger_template", "import_petitions", "petition_import"))
