"""Case numbers from the event store, on every engine and the fake: given in the registration's
transaction, so concurrent registrations, a lost race and a failed write leave no gap and no repeat;
and list queries with totals, orders, ranges and search."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from fazhi.errors import ConcurrencyConflict, InvalidInput
from fazhi.events import NewEvent
from fazhi.numbering import NumberRequest
from fazhi.store import Document, DocumentQuery
from tests.integration.test_event_store_contract import store  # noqa: F401  (the fixture: every engine)

MEDIATION = NumberRequest("houtai", "mediation", 2026, "（{year}）{township_short}调字第{seq}号", {"township_short": "后"})


def registration(n: int = 0) -> list[NewEvent]:
    return [NewEvent("mediation.dispute.registered", {"n": n, "case_number": None}),
            NewEvent("mediation.dispute.classified", {"n": n})]


def row(id: str, **columns) -> Document:
    return Document("dispute", id, "houtai", 2, {"id": id, "case_number": None}, **columns)


async def test_the_number_goes_into_the_event_and_the_document_that_carry_it(store):
    version, number = await store.append_numbered("d1", "dispute", "houtai", registration(), number=MEDIATION,
                                                  documents=[row("d1"), Document("keys", "k1", "houtai", 1, {})])
    assert (version, number) == (2, "（2026）后调字第1号")
    first, second = await store.read_stream("d1")
    assert first.data["case_number"] == number and "case_number" not in second.data
    doc = await store.get_document("dispute", "d1")
    assert (doc.number, doc.data["case_number"]) == (number, number)
    assert (await store.get_document("keys", "k1")).number is None


async def test_concurrent_registrations_get_consecutive_numbers_each_desk_and_year_its_own(store):
    results = await asyncio.gather(*(store.append_numbered(f"d{i}", "dispute", "houtai", registration(i),
                                                           number=MEDIATION) for i in range(40)))
    assert sorted(int(n.split("第")[1][:-1]) for _, n in results) == list(range(1, 41))
    petition = NumberRequest("houtai", "petition", 2026, "信{seq}")
    next_year = NumberRequest("houtai", "mediation", 2027, "调{year}-{seq}")
    assert (await store.append_numbered("p1", "petition", "houtai", registration(), number=petition))[1] == "信1"
    assert (await store.append_numbered("n1", "dispute", "houtai", registration(), number=next_year))[1] == "调2027-1"


async def test_a_registration_that_loses_its_race_takes_no_number(store):
    await store.append_numbered("d1", "dispute", "houtai", registration(), number=MEDIATION)
    with pytest.raises(ConcurrencyConflict):
        await store.append_numbered("d1", "dispute", "houtai", registration(), number=MEDIATION)
    assert (await store.append_numbered("d2", "dispute", "houtai", registration(), number=MEDIATION))[1] == \
        "（2026）后调字第2号"


async def test_a_conflict_inside_a_shared_commit_takes_no_number_from_the_others(store):
    results = await asyncio.gather(
        store.append_numbered("a", "dispute", "houtai", registration(), number=MEDIATION),
        store.append("a", "dispute", "houtai", registration(), expected_version=0),
        store.append_numbered("b", "dispute", "houtai", registration(), number=MEDIATION),
        return_exceptions=True,
    )
    assert isinstance(results[1], ConcurrencyConflict)
    assert (results[0][1], results[2][1]) == ("（2026）后调字第1号", "（2026）后调字第2号")


async def test_lists_count_sort_filter_by_dates_and_search(store):
    days = {"a": (date(2026, 3, 1), date(2026, 3, 31)), "b": (date(2026, 3, 9), date(2026, 4, 8)),
            "c": (date(2026, 3, 5), None)}
    for i, (id, (received, due)) in enumerate(days.items()):
        doc = row(id, received_on=received, due_on=due, search_text=f"张{id}\n李{i}_%",
                  created_at=datetime(2026, 3, 10 + i, 2, tzinfo=UTC))
        await store.append_numbered(id, "dispute", "houtai", registration(), number=MEDIATION, documents=[doc])
    q = lambda **kw: DocumentQuery("dispute", "houtai", with_total=True, **kw)  # noqa: E731
    everything = await store.list_documents(q(limit=2))
    assert (everything.total, [d.id for d in everything.items]) == (3, ["c", "b"])
    assert [d.id for d in (await store.list_documents(q(sort="received"))).items] == ["a", "c", "b"]
    assert [d.id for d in (await store.list_documents(q(sort="-due"))).items] == ["b", "a", "c"]
    assert [d.id for d in (await store.list_documents(q(sort="registered"))).items] == ["a", "b", "c"]
    first = await store.list_documents(q(sort="received", limit=2))
    rest = await store.list_documents(q(sort="received", limit=2, after=first.next_cursor))
    assert [d.id for d in first.items + rest.items] == ["a", "c", "b"] and rest.next_cursor is None
    ranged = await store.list_documents(q(received_from=date(2026, 3, 2), received_to=date(2026, 3, 9)))
    assert sorted(d.id for d in ranged.items) == ["b", "c"] and ranged.total == 2
    assert (await store.list_documents(q(due_to=date(2026, 4, 1)))).total == 1
    registered = await store.list_documents(q(registered_from=datetime(2026, 3, 11, tzinfo=UTC),
                                              registered_to=datetime(2026, 3, 12, tzinfo=UTC)))
    assert [d.id for d in registered.items] == ["b"]
    assert [d.id for d in (await store.list_documents(q(number="（2026）后调字第3号"))).items] == ["c"]
    assert [d.id for d in (await store.list_documents(q(search="张b"))).items] == ["b"]
    assert (await store.list_documents(q(search="_%"))).total == 3  # wildcards are searched for as text
    assert (await store.list_documents(q(search="1%"))).total == 0


async def test_a_cursor_of_another_order_is_refused(store):
    if not hasattr(store, "writer"):
        pytest.skip("the fake pages by position only")
    await store.append_numbered("a", "dispute", "houtai", registration(), number=MEDIATION, documents=[row("a")])
    page = await store.list_documents(DocumentQuery("dispute", "houtai", limit=1))
    with pytest.raises(InvalidInput):
        await store.list_documents(DocumentQuery("dispute", "houtai", sort="due", after="bm90LWEtY3Vyc29y"))
    assert page.next_cursor is None
