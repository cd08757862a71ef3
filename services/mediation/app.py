"""The mediation service (人民调解): the one place it is wired."""

from __future__ import annotations

from fastapi import FastAPI

from fazhi.clock import Clock
from fazhi.busauth import BusAccess
from fazhi.county import load_county
from fazhi.projections import ReadModel, moved_deadlines, refresh_deadlines
from fazhi.service import Runtime, create_app
from fazhi.settings import Settings
from fazhi.workdays import WorkCalendar
from services.mediation import consumers
from services.mediation.api import attachments, committees, dispute_commands, disputes, documents, ledger, screenings
from services.mediation.api.examples import EXAMPLES
from services.mediation.domain import Committee, Dispute, ScreeningRound
from services.mediation.views import DEADLINES, DICTIONARY, project_committee, project_dispute, project_screening

COUNTED = {Dispute.stream_type: DEADLINES}  # deadlines a later holiday notice may move


def read_models(calendar: WorkCalendar) -> dict[str, ReadModel]:
    return {
        Dispute.stream_type: ReadModel(Dispute, lambda d: project_dispute(d, calendar)),
        Committee.stream_type: ReadModel(Committee, project_committee),
        ScreeningRound.stream_type: ReadModel(ScreeningRound, project_screening),
    }


async def _refresh_deadlines(runtime: Runtime) -> None:
    stale = {collection: moved_deadlines(runtime.calendar, names) for collection, names in COUNTED.items()}
    await refresh_deadlines(runtime.store, runtime.read_models, stale)


BUS = BusAccess(durables={"petition": [consumers.DURABLE]})


def build(settings: Settings, clock: Clock | None = None) -> FastAPI:
    """The mediation app: disputes, committees, screenings, and the petition referrals it consumes."""
    settings = settings if settings.service else settings.model_copy(update={"service": "mediation"})
    return create_app(
        settings,
        [ledger.router, disputes.router, dispute_commands.router, documents.router, attachments.router,
         committees.router, screenings.router],
        bus=BUS,
        subscriptions=consumers.subscriptions,
        read_models=read_models(load_county(settings.county_config).calendar()),  # the file the runtime loads
        clock=clock,
        on_start=_refresh_deadlines,
        title="Fazhi mediation (人民调解)",
        dictionary=DICTIONARY,
        examples=EXAMPLES,
    )
