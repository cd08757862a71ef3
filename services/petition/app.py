"""The petition service (信访): the one place it is wired."""

from __future__ import annotations

from fastapi import FastAPI

from fazhi.clock import Clock
from fazhi.busauth import BusAccess
from fazhi.county import load_county
from fazhi.projections import ReadModel, moved_deadlines, refresh_deadlines
from fazhi.service import Runtime, create_app
from fazhi.settings import Settings
from fazhi.workdays import WorkCalendar
from services.petition import consumers
from services.petition.api import attachments, case_commands, cases, documents, ledger, public, reception_days, suggestions
from services.petition.api.examples import EXAMPLES
from services.petition.domain import DeputySuggestion, PetitionCase, ReceptionDay
from services.petition.person_key import hold_person_key
from services.petition.views import DICTIONARY, project_case, project_reception_day, project_suggestion
from services.petition.views.cases import DEADLINES

COUNTED = {PetitionCase.stream_type: DEADLINES, DeputySuggestion.stream_type: ("answer_by",)}


def read_models(calendar: WorkCalendar) -> dict[str, ReadModel]:
    return {
        PetitionCase.stream_type: ReadModel(PetitionCase, lambda p: project_case(p, calendar)),
        ReceptionDay.stream_type: ReadModel(ReceptionDay, project_reception_day),
        DeputySuggestion.stream_type: ReadModel(DeputySuggestion, lambda s: project_suggestion(s, calendar)),
    }


async def _on_start(runtime: Runtime) -> None:
    await hold_person_key(runtime)
    stale = {collection: moved_deadlines(runtime.calendar, names) for collection, names in COUNTED.items()}
    await refresh_deadlines(runtime.store, runtime.read_models, stale)


BUS = BusAccess(durables={"mediation": [consumers.DURABLE]})


def build(settings: Settings, clock: Clock | None = None) -> FastAPI:
    """The petition app: cases, reception days, suggestions, and mediation's referral reports it consumes."""
    settings = settings if settings.service else settings.model_copy(update={"service": "petition"})
    return create_app(
        settings,
        [ledger.router, cases.router, case_commands.router, documents.router, attachments.router,
         reception_days.router, suggestions.router, public.router],
        bus=BUS,
        subscriptions=consumers.subscriptions,
        read_models=read_models(load_county(settings.county_config).calendar()),  # the file the runtime loads
        clock=clock,
        on_start=_on_start,
        title="Fazhi petition (信访)",
        dictionary=DICTIONARY,
        examples=EXAMPLES,
    )
