"""The petition service (信访): the one place it is wired."""

from __future__ import annotations

from fastapi import FastAPI

from fazhi.clock import Clock
from fazhi.busauth import BusAccess
from fazhi.projections import ReadModel
from fazhi.service import create_app
from fazhi.settings import Settings
from services.petition import consumers
from services.petition.api import case_commands, cases, reception_days, suggestions
from services.petition.domain import DeputySuggestion, PetitionCase, ReceptionDay
from services.petition.person_key import hold_person_key
from services.petition.views import project_case, project_reception_day, project_suggestion

READ_MODELS = {
    PetitionCase.stream_type: ReadModel(PetitionCase, project_case),
    ReceptionDay.stream_type: ReadModel(ReceptionDay, project_reception_day),
    DeputySuggestion.stream_type: ReadModel(DeputySuggestion, project_suggestion),
}
BUS = BusAccess(durables={"mediation": [consumers.DURABLE]})


def build(settings: Settings, clock: Clock | None = None) -> FastAPI:
    """The petition app: cases, reception days, suggestions, and mediation's referral reports it consumes."""
    settings = settings if settings.service else settings.model_copy(update={"service": "petition"})
    return create_app(
        settings,
        [cases.router, case_commands.router, reception_days.router, suggestions.router],
        bus=BUS,
        subscriptions=consumers.subscriptions,
        read_models=READ_MODELS,
        clock=clock,
        on_start=hold_person_key,
        title="Fazhi petition (信访)",
    )
