"""Specification of the disclosure contract: the template's tables, event names, what the public sees."""

from __future__ import annotations

from datetime import date, datetime, timezone

from fazhi.events import DomainEvent, NewEvent, RecordedEvent
from fazhi.workdays import WorkCalendar
from services.disclosure import contract as c
from services.disclosure.domain.publication import Publication
from services.disclosure.views.publication import PUBLIC_COLLECTION, publication_documents

NOW = datetime(2026, 3, 2, 2, tzinfo=timezone.utc)
ID = "110101199003074514"


def test_every_outcome_is_exactly_one_row_of_table_3_in_the_templates_groups():
    assert [len(rows) for rows in c.OUTCOME_GROUPS.values()] == [1, 1, 8, 3, 5, 3]
    rows = [o for group in c.OUTCOME_GROUPS.values() for o in group]
    assert sorted(rows) == sorted(c.Outcome) and len(rows) == len(set(rows)) == 21
    assert len(set(c.OUTCOME_LABELS.values())) == 21
    assert c.OUTCOME_LABELS[c.Outcome.OTHER_NO_CORRECTION].startswith("1.申请人无正当理由逾期不补正")


def test_table_3_columns_are_natural_persons_and_five_kinds_of_organization():
    assert list(c.APPLICANT_COLUMNS) == [c.ApplicantType.NATURAL_PERSON, *c.OrgType]


def test_table_4_results_are_maintained_corrected_other_pending():
    assert [r.value for r in c.CaseResult] == ["maintained", "corrected", "other", "pending"]
    assert set(c.CASE_RESULT_LABELS) == set(c.CaseResult)


def test_the_seven_mandatory_township_categories_are_marked():
    assert {x.value for x in c.MANDATORY_CATEGORIES} == {
        "agricultural_policy", "farmland_water", "land_contract_transfer", "homestead_approval",
        "expropriation", "fund_labour_raising", "social_assistance"}


def test_every_event_is_past_tense_on_a_disclosure_subject():
    events = [getattr(c, name) for name in c.__all__]
    events = [e for e in events if isinstance(e, type) and issubclass(e, DomainEvent)]
    assert len(events) == 21
    for event in events:
        service, aggregate, verb = event.type.split(".")
        assert service == "disclosure" and aggregate in ("publication", "request")
        assert verb.endswith(("ed", "withdrawn")), event.type  # past participles


def test_people_in_request_events_are_masked_on_the_bus():
    event = c.RequestReceived(
        channel=c.RequestChannel.ONLINE, applicant_type=c.ApplicantType.NATURAL_PERSON, org_type=None,
        applicant=c.Applicant(name="张三丰", id_number=ID, phone="13812345678"), information_sought="x",
        delivery=None, received_on=date(2026, 3, 2), registered_at=NOW, due_on=date(2026, 3, 30))
    new = NewEvent.of(event)
    recorded = RecordedEvent("e1", "r1", "request", 1, new.type, 1, "houtai", new.data, NOW, NOW)
    assert recorded.subject == "fazhi.disclosure.houtai.request.received"
    applicant = recorded.to_cloudevent(masked=True)["data"]["applicant"]
    assert applicant == {"name": "张**", "id_number": "110101********4514", "credit_code": None,
                         "phone": "138****5678", "address": None}


def _published_with_a_newer_draft() -> Publication:
    item = Publication("p1", "houtai")
    content = {"title": f"救助对象 {ID}", "body": "联系电话 13812345678", "attachment": {"reference": "doc://1"},
               "category": c.Category.SOCIAL_ASSISTANCE, "formed_on": date(2026, 2, 27)}
    item.fold(item.draft(content, today=date(2026, 3, 2), now=NOW))
    item.fold(item.submit_review(1, today=date(2026, 3, 2)))
    item.fold(item.approve(1, "leader-li", "SECRET-COMMENT", today=date(2026, 3, 2)))
    item.fold(item.publish([c.Channel.WEBSITE], None, now=NOW))
    return item.fold(item.revise({"body": "UNREVIEWED-DRAFT"}, today=date(2026, 3, 2)))


def test_the_public_document_holds_only_the_published_revision_with_numbers_masked():
    desk, public = publication_documents(_published_with_a_newer_draft(), WorkCalendar())
    assert desk.data["body"] == "UNREVIEWED-DRAFT" and public.collection == PUBLIC_COLLECTION
    assert set(public.data) == {"id", "title", "category", "body", "attachment", "channels", "published_at"}
    assert public.data["title"] == "救助对象 110101********4514"
    assert public.data["body"] == "联系电话 138****5678"
    text = str(public.data)
    assert "UNREVIEWED" not in text and "SECRET" not in text and "leader-li" not in text


def test_a_withdrawn_item_is_closed_in_the_public_collection():
    item = _published_with_a_newer_draft()
    item.fold(item.withdraw("有误", now=NOW))
    assert publication_documents(item, WorkCalendar())[1].is_open is False
