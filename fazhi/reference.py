"""Reference data every service serves: its dictionary of codes, the county's townships and villages.

Public: codes, labels and place names are not personal data, and a form needs them before login.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from fazhi.dictionary import Dictionary
from fazhi.http import Township
from fazhi.openapi import problems


class Entry(BaseModel):
    code: str = Field(examples=["labour_wages"])
    label: str = Field(examples=["劳动争议、欠薪"])


class DictionaryBody(BaseModel):
    """Each dictionary by name (`category`, `dispute_status`, …): its codes and their Chinese labels."""

    dictionaries: dict[str, list[Entry]]


class Place(BaseModel):
    code: str = Field(examples=["houtai"])
    name: str = Field(examples=["后台乡"])


class TownshipEntry(Place):
    villages: int = Field(description="how many villages (村委会) it has")


class TownshipList(BaseModel):
    county: Place
    items: list[TownshipEntry]


class VillageList(BaseModel):
    township: Place
    items: list[Place]


def reference_router(dictionary: Dictionary) -> APIRouter:
    router = APIRouter(tags=["reference"])
    body = DictionaryBody.model_validate({"dictionaries": dictionary.as_json()})

    @router.get("/v1/dictionary", operation_id="getDictionary", summary="字典：每个代码的中文名称")
    async def get_dictionary() -> DictionaryBody:
        """Every code this service shows (categories, statuses, sources, roles…) with its Chinese label.
        Bodies carry the same label beside each code as `<field>_label` (`<field>_labels` for a list)."""
        return body

    @router.get("/v1/townships", operation_id="listTownships", summary="乡镇列表")
    async def list_townships(request: Request) -> TownshipList:
        """The county's townships (乡/镇) with their codes, as the county configuration lists them."""
        county = request.app.state.runtime.county
        return TownshipList(county=Place(code=county.code, name=county.name), items=[
            TownshipEntry(code=t.code, name=t.name, villages=len(t.villages)) for t in county.townships])

    @router.get("/v1/townships/{township}/villages", operation_id="listVillages", summary="村（居）委会列表",
                responses=problems(404))
    async def list_villages(township: Township, request: Request) -> VillageList:
        """The villages (村委会) of one township, with the codes that cases and committees use."""
        found = request.app.state.runtime.county.township(township)
        return VillageList(township=Place(code=found.code, name=found.name),
                           items=[Place(code=v.code, name=v.name) for v in found.villages])

    return router
