"""The petition → mediation referral contract, read the way the mediation consumer reads it (no I/O)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.pii import mask_event
from services.mediation.consumers import Referral
from services.mediation.contract import Category

petition = pytest.importorskip("services.petition.contract")


def test_a_masked_petition_referral_reads_as_a_referral_with_every_field():
    event = petition.CaseReferredToMediation(
        case_id="case-7", village="v03", category="land_homestead", summary="homestead boundary",
        parties=[petition.Person(name="张三丰", id_number="11010519491231002X", phone="13812345678")],
        people_involved=3, reason="a civil dispute", referred_on=date(2026, 3, 2),
    )
    referral = Referral.model_validate(mask_event(event.type, event.payload()))  # as it arrives over the bus
    assert (referral.case_id, referral.village, referral.category, referral.people_involved) == \
        ("case-7", "v03", "land_homestead", 3)
    assert referral.parties[0].model_dump() == {"name": "张**", "id_number": "110105********002X",
                                                "phone": "138****5678"}


def test_the_petition_side_names_exactly_the_mediation_categories():
    assert {m.value for m in petition.MediationCategory} == {c.value for c in Category}
