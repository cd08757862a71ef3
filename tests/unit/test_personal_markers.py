"""Every contract model marks its personal data by type: a field that looks personal is marked,
holds a model whose fields are, or is listed here as an exception with the reason it is not."""

from __future__ import annotations

import enum
import importlib
import inspect
import re
import typing
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from fazhi.pii import Personal, shape_of

CONTRACTS = (
    "services.mediation.contract", "services.petition.contract", "services.disclosure.contract.request",
    "services.disclosure.contract.publication", "services.disclosure.contract.appeals", "services.reporting.contract",
    "services.reporting.alerts.contract",
)
LOOKS_PERSONAL = re.compile(
    r"name|id_number|id_card|phone|mobile|tel|address|contact|narrative|description|summary|remark|note|"
    r"applicant|part(y|ies)|petitioner|representative|person|visitor|author|content|reason|finding|fact|text|"
    r"comment|claim|subject|title|topic|detail|missing|sought|delivery|answer|oral|manner|points|matter|"
    r"mediator|leader|reviewer|advisor|editor|participant|member|consultee|(^|_)by$"
)
OFFICIAL = "an official or staff account acting in office, not a resident the case is about"
EXCEPTIONS = {
    "MediatorAssigned.mediator": OFFICIAL, "SessionRecorded.mediator": OFFICIAL, "FollowUpRecorded.visited_by": OFFICIAL,
    "CommitteeRegistered.name": "the committee's name: an organization",
    "DisputeClassified.reasons": "codes of the county rules that matched, not text",
    "CaseRegistered.petitioner_keys": "keyed hashes (HMAC) of ID numbers: other services cannot reverse them",
    "CaseRegistered.matter_keys": "keyed hashes (HMAC) of person and matter: other services cannot reverse them",
    "ReceptionScheduled.participants": "deputies and members at a public joint reception (see Participant.name)",
    "HandlingExtended.approved_by": OFFICIAL, "RequestExtended.approved_by": OFFICIAL,
    "ReceptionScheduled.leader": "the township leader holding a public reception day",
    "Participant.name": "deputies and members sitting at a public joint reception: public office holders",
    "SuggestionReceived.author": "the deputy or member who wrote it, in that public office",
    "ReviewApproved.reviewer": OFFICIAL, "ReviewRefused.reviewer": OFFICIAL,
    "AdvisorEngaged.advisor": "the lawyer named in the township's legal-advisor contract, in that profession",
    "NarrativeEdited.editor": OFFICIAL,
    "TableTwoEntered.entered_by": OFFICIAL,
    "WebhookEnabled.by": OFFICIAL,
    "WebhookSecretRotated.by": OFFICIAL,
    "DutyShiftScheduled.person": OFFICIAL,  # the leader on duty, in office
    "DutyShiftScheduled.scheduled_by": OFFICIAL,
    "DutyShiftCancelled.by": OFFICIAL,
    "WebhookRegistered.name": "the name an admin gives a robot or mail list, e.g. 乡值班群",
    "WebhookDisabled.reason": "written by the service: why deliveries stopped",
    "AlertRaised.subject": "refers to the case (service, kind, id), holds no one's data",
    "AlertState.subject": "refers to the case (service, kind, id), holds no one's data",
    "AlertRaised.held_by": "the id of the silence or alert holding the notification",
    "AlertEscalated.held_by": "the id of the silence or alert holding the notification",
    "AlertState.held_by": "the id of the silence or alert holding the notification",
    "AlertAcknowledged.by": OFFICIAL, "AlertResolved.by": OFFICIAL, "SilenceCreated.author": OFFICIAL,
    "SilenceExtended.by": OFFICIAL, "SilenceEnded.by": OFFICIAL, "WebhookRegistered.registered_by": OFFICIAL,
    "WebhookRemoved.by": OFFICIAL, "Acknowledgement.by": OFFICIAL, "Resolution.by": OFFICIAL,
}


def contract_models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {}
    for name in CONTRACTS:
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, BaseModel) and cls.__module__ == module.__name__:
                models[cls.__name__] = cls
    return models


def holds_text(annotation: Any) -> bool:
    """Whether a value of this type can hold a string that is not an enum's code."""
    if annotation in (str, Any):
        return True
    if isinstance(annotation, type):
        return issubclass(annotation, str) and not issubclass(annotation, enum.Enum)
    return any(holds_text(arg) for arg in typing.get_args(annotation) if not isinstance(arg, Personal))


def marked(field: Any) -> bool:
    def inside(annotation: Any) -> bool:
        if typing.get_origin(annotation) is Annotated and any(isinstance(m, Personal) for m in annotation.__metadata__):
            return True
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return bool(shape_of(annotation))
        return any(inside(arg) for arg in typing.get_args(annotation))

    return any(isinstance(m, Personal) for m in field.metadata) or inside(field.annotation)


def holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel)
    return any(holds_model(arg) for arg in typing.get_args(annotation))


def test_every_field_that_looks_personal_is_marked_or_excepted_with_a_reason():
    unmarked = []
    for model_name, model in contract_models().items():
        for field_name, field in model.model_fields.items():
            key = f"{model_name}.{field_name}"
            looks = LOOKS_PERSONAL.search(field_name) is not None
            if not looks or key in EXCEPTIONS or marked(field):
                continue
            if holds_text(field.annotation) or holds_model(field.annotation):
                unmarked.append(key)
    assert unmarked == [], f"mark these with fazhi.pii types, or list them in EXCEPTIONS with a reason: {unmarked}"


def test_every_exception_still_names_a_field_that_exists_and_is_unmarked():
    models = contract_models()
    for key, reason in EXCEPTIONS.items():
        model_name, field_name = key.split(".")
        assert field_name in models[model_name].model_fields, f"{key} is gone: drop it from EXCEPTIONS"
        assert not marked(models[model_name].model_fields[field_name]), f"{key} is marked now: drop the exception"
        assert len(reason) > 10


@pytest.mark.parametrize(("model", "expected"), [
    ("Party", {"name": "name", "id_number": "id_number", "phone": "phone"}),
    ("Applicant", {"name": "name", "id_number": "id_number", "phone": "phone", "address": "address"}),
    ("Consultee", {"name": "name", "phone": "phone"}),
    ("Person", {"name": "name", "id_number": "id_number", "phone": "phone"}),
])
def test_the_people_of_every_service_carry_the_kinds_of_their_fields(model: str, expected: dict[str, str]):
    shape = shape_of(contract_models()[model])
    assert {key: marker.kind for key, marker in shape.items()} == expected


def test_the_checker_itself_catches_an_unmarked_personal_field():
    class Witness(BaseModel):
        name: str
        phone: str | None = None
        count: int = 0

    looks = [n for n, f in Witness.model_fields.items()
             if LOOKS_PERSONAL.search(n) and not marked(f) and holds_text(f.annotation)]
    assert looks == ["name", "phone"]
