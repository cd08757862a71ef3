"""Trainings of administrative-enforcement staff: record, correct, withdraw, read and list."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from fazhi.errors import NotFound
from fazhi.http import IdempotencyKey, IfMatch, page_body
from fazhi.openapi import Page
from fazhi.store import DocumentQuery
from services.reporting import commands as cmd
from services.reporting.api.deps import FigureReader, Writing, YearQuery, showing, shown
from services.reporting.api.responses import TrainingBody
from services.reporting.domain import Training
from services.reporting.handlers import records
from services.reporting.views import project_training

router = APIRouter(prefix="/v1/townships/{township}/work-records/trainings", tags=["work records"])


@router.post("", status_code=201, summary="登记学法培训", response_model=TrainingBody)
async def record_training(body: cmd.RecordTraining, ctx: Writing, response: Response,
                          key: IdempotencyKey = None) -> dict[str, Any]:
    """Record a training held (201, `Location`); a retry with the same `Idempotency-Key` returns the first."""
    facts = {**body.model_dump(), "today": ctx.today}
    training, created = await records.open_record(ctx, Training, lambda t: t.record(**facts), body, key)
    response.headers["Location"] = f"/v1/townships/{ctx.here}/work-records/trainings/{training.id}"
    return shown(project_training(training)[0], response, ctx)


@router.post("/{training_id}/correct", summary="更正学法培训", response_model=TrainingBody)
async def correct_training(training_id: str, body: cmd.RecordTraining, ctx: Writing, response: Response,
                           if_match: IfMatch = None) -> dict[str, Any]:
    facts = {**body.model_dump(), "today": ctx.today}
    training = await records.run(ctx, Training, training_id, lambda t: t.correct(**facts), if_match)
    return shown(project_training(training)[0], response, ctx)


@router.post("/{training_id}/withdraw", summary="撤销误登记的培训", response_model=TrainingBody)
async def withdraw_training(training_id: str, body: cmd.Withdraw, ctx: Writing, response: Response,
                            if_match: IfMatch = None) -> dict[str, Any]:
    decide = lambda t: t.withdraw(reason=body.reason, today=ctx.today)  # noqa: E731
    training = await records.run(ctx, Training, training_id, decide, if_match)
    return shown(project_training(training)[0], response, ctx)


@router.get("", summary="学法培训列表", response_model=Page[TrainingBody])
async def list_trainings(ctx: FigureReader, year: YearQuery = None, cursor: str | None = None,
                         limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """Trainings, latest first; filter by year."""
    page = await ctx.store.list_documents(DocumentQuery(
        collection=Training.stream_type, township=ctx.here, lookup_key=str(year) if year else None,
        after=cursor, limit=limit))
    return page_body(page, showing(ctx))


@router.get("/{training_id}", summary="查看一次学法培训", response_model=TrainingBody)
async def get_training(training_id: str, ctx: FigureReader, response: Response) -> dict[str, Any]:
    doc = await ctx.store.get_document(Training.stream_type, training_id)
    if doc is None or doc.township != ctx.here:
        raise NotFound(f"training {training_id} not found in township {ctx.here}", field="id")
    return shown(doc, response, ctx)
