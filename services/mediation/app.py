"""The mediation service (人民调解): the one place it is wired."""

from __future__ import annotations

from fastapi import FastAPI

from fazhi.clock import Clock
from fazhi.busauth import BusAccess
from fazhi.projections import ReadModel
from fazhi.service import create_app
from fazhi.settings import Settings
from services.mediation import consumers
from services.mediation.api import committees, dispute_commands, disputes, screenings
from services.mediation.domain import Committee, Dispute, ScreeningRound
from services.mediation.views import project_committee, project_dispute, project_screening

READ_MODELS = {
    Dispute.stream_type: ReadModel(Dispute, project_dispute),
    Committee.stream_type: ReadModel(Committee, project_committee),
    ScreeningRound.stream_type: ReadModel(ScreeningRound, project_screening),
}
BUS = BusAccess(durables={"petition": [consumers.DURABLE]})


def build(settings: Settings, clock: Clock | None = None) -> FastAPI:
    """The mediation app: disputes, committees, screenings, and the petition referrals it consumes."""
    settings = settings if settings.service else settings.model_copy(update={"service": "mediation"})
    return create_app(
        settings,
        [disputes.router, dispute_commands.router, committees.router, screenings.router],
        bus=BUS,
        subscriptions=consumers.subscriptions,
        read_models=READ_MODELS,
        clock=clock,
        title="Fazhi mediation (人民调解)",
    )
