"""The disclosure service (政府信息公开): wired here, and only here."""

from __future__ import annotations

from fastapi import FastAPI

from fazhi.clock import Clock
from fazhi.county import load_county
from fazhi.projections import ReadModel
from fazhi.service import create_app
from fazhi.settings import Settings
from services.disclosure.api import public, publications, requests, status
from services.disclosure.domain.publication import Publication
from services.disclosure.domain.request import DisclosureRequest
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
    return create_app(settings, [publications.router, public.router, requests.router, status.router], read_models=read_models,
                      clock=clock, title="Fazhi disclosure (政府信息公开)")
