"""Read models and rendering: what lists filter on, `overdue` as of the reading day, masking (no I/O)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from fazhi.county import Rules
from fazhi.workdays import WorkCalendar
from services.mediation import contract as c
from services.mediation.domain import Dispute, Policy
from fazhi.pii import mask
from services.mediation.views import SHAPES, project_dispute, render

POLICY = Policy(Rules(), WorkCalendar())
DAY = date(2026, 3, 2)


def dispute() -> Dispute:
    d = Dispute("d1", "houtai")
    d.fold(d.register(
        level=c.Level.VILLAGE, village="v01", source=c.Source.APPLICATION, category=c.Category.DAMAGES,
        parties=[c.Party(name="张三丰", id_number="11010519491231002X", phone="13812345678")], people_involved=1,
        amount=Decimal("2500.50"), description="d", risk_flags=[], policy=POLICY,
        now=datetime(2026, 3, 2, 2, tzinfo=UTC), today=DAY))
    return d


def test_the_list_row_carries_the_filter_columns_and_the_registration_time():
    (doc,) = project_dispute(dispute())
    assert (doc.status, doc.village, doc.category, doc.severity, doc.due_on, doc.is_open) == \
        ("registered", "v01", "damages", "normal", date(2026, 4, 1), True)
    assert doc.created_at == datetime(2026, 3, 2, 2, tzinfo=UTC)
    assert doc.data["amount"] == "2500.50"


def test_a_case_is_overdue_only_after_its_last_day():
    (doc,) = project_dispute(dispute())
    assert render(doc, today=date(2026, 4, 1), policy=POLICY)["overdue"] is False
    assert render(doc, today=date(2026, 4, 2), policy=POLICY)["overdue"] is True


def test_an_agreed_case_is_due_for_its_confirmation_window_but_never_overdue():
    d = dispute()
    d.fold(d.accept(policy=POLICY, today=DAY))
    d.fold(d.assign(mediator="m", committee=None, today=DAY))
    d.fold(d.record_session(held_on=DAY, summary="s", today=DAY))
    d.fold(d.agree(form=c.AgreementForm.ORAL, agreed_on=DAY, facts=None, points_in_dispute=None, terms=[],
                   oral_content="pays", performance_deadline=DAY, signed=False, policy=POLICY, today=DAY))
    (doc,) = project_dispute(d)
    body = render(doc, today=date(2026, 5, 1), policy=POLICY)
    assert (body["due_on"], body["overdue"], doc.due_on) == ("2026-04-01", False, None)


def test_people_are_masked_by_the_document_shape_for_a_reader_outside_the_desk():
    (doc,) = project_dispute(dispute())
    body = render(doc, today=DAY, policy=POLICY)
    party = mask(SHAPES[doc.collection], body)["parties"][0]
    assert party == {"name": "张**", "id_number": "110105********002X", "phone": "138****5678"}
    assert body["parties"][0]["name"] == "张三丰"
