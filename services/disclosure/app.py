"""The disclosure service (政府信息公开): wired here, and only here."""

from __future__ import annotations

from fastapi import FastAPI

from fazhi.clock import Clock
from fazhi.county import load_county
from fazhi.projections import ReadModel, refresh_deadlines
from fazhi.service import Runtime, create_app
from fazhi.settings import Settings
from fazhi.store import Document
from services.disclosure.api import attachments, documents, ledger, public, publications, requests, status
from services.disclosure.api.examples import EXAMPLES
from services.disclosure.domain.deadlines import ClockFacts, fixed_due_on
from services.disclosure.domain.publication import Publication
from services.disclosure.domain.request import DisclosureRequest
from services.disclosure.views import DICTIONARY
from services.disclosure.views.publication import publication_documents
from services.disclosure.views.request import request_documents


def build(settings: Settings, clock: Clock | None = None) -> FastAPI:
    """The disclosure app; `fazhi serve disclosure` and the tests call this."""
    settings = settings.model_copy(update={"service": "disclosure"}) if not settings.service else settings
    calendar = load_county(settings.county_config).calendar()  # the same file the runtime loads
    read_models = {
        Publication.stream_type: ReadModel(Publication, lambda item: publication_documents(item, calendar)),
        DisclosureRequest.stream_type: ReadModel(DisclosureRequest, lambda case: request_documents(case, calendar)),
    }
    routers = [publications.router, public.router, ledger.router, requests.router, documents.router,
               attachments.router, status.router]
    return create_app(settings, routers, read_models=read_models, clock=clock, title="Fazhi disclosure (政府信息公开)",
                      on_start=_refresh_deadlines, dictionary=DICTIONARY, examples=EXAMPLES)


async def _refresh_deadlines(runtime: Runtime) -> None:
    """Open requests whose reply deadline a holiday notice added since moves: their list rows again."""
    calendar = runtime.calendar

    def moved(doc: Document) -> bool:
        return fixed_due_on(ClockFacts.from_json(doc.data["clock"]), calendar) != doc.due_on

    await refresh_deadlines(runtime.store, runtime.read_models, {DisclosureRequest.stream_type: moved})
