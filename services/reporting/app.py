"""The reporting service: figures and annual reports from the other services' events; the one place it is wired."""

from __future__ import annotations

from fastapi import FastAPI

from fazhi.clock import Clock
from fazhi.busauth import BusAccess
from fazhi.projections import ReadModel
from fazhi.service import Runtime, create_app
from fazhi.settings import Settings
from services.reporting import alerts
from services.reporting.api import advisors, exports, narratives, publicity, reports, statistics, table_two, trainings
from services.reporting.api.examples import EXAMPLES
from services.reporting.domain import AdvisorEngagement, Narrative, PublicityActivity, TableTwo, Training
from services.reporting.facts import consumers
from services.reporting.facts.kinds import PRODUCERS
from services.reporting.facts.rebuild import rebuild_facts
from services.reporting.views import (
    DICTIONARY, project_advisor, project_narrative, project_publicity, project_table_two, project_training,
)

ROUTERS = [statistics.router, exports.router, reports.router, narratives.router, table_two.router, publicity.router,
           advisors.router, trainings.router, *alerts.ROUTERS]
READ_MODELS = {
    PublicityActivity.stream_type: ReadModel(PublicityActivity, project_publicity),
    AdvisorEngagement.stream_type: ReadModel(AdvisorEngagement, project_advisor),
    Training.stream_type: ReadModel(Training, project_training),
    Narrative.stream_type: ReadModel(Narrative, project_narrative),
    TableTwo.stream_type: ReadModel(TableTwo, project_table_two),
    **alerts.READ_MODELS,
}
BUS = BusAccess(
    durables={service: [consumers.durable_name(service), alerts.DURABLES[service]] for service in PRODUCERS},
    replays=PRODUCERS,  # the fact rows are rebuilt from the producers' streams
)


async def on_start(runtime: Runtime) -> None:
    runtime.rebuilders.append(rebuild_facts)  # `fazhi replay reporting` replays the producers' streams too
    await alerts.on_start(runtime)


def build(settings: Settings, clock: Clock | None = None) -> FastAPI:
    """The reporting app: statistics, deadlines, reports, narratives and work records; consumes three streams."""
    settings = settings if settings.service else settings.model_copy(update={"service": "reporting"})
    return create_app(
        settings,
        ROUTERS,
        bus=BUS,
        subscriptions=lambda runtime: [*consumers.subscriptions(runtime), *alerts.subscriptions(runtime)],
        read_models=READ_MODELS,
        clock=clock,
        on_start=on_start,
        title="Fazhi reporting (法治报告)",
        dictionary=DICTIONARY,
        examples=EXAMPLES,
    )
