"""Imported streams in the event store, on every engine and the fake: all written in one transaction or
none, a stream already there left alone, numbers kept as given and the counter raised past them."""

from __future__ import annotations

import pytest

from fazhi.events import NewEvent
from fazhi.store import (
    CounterFloor,
    Document,
    DocumentQuery,
    ImportedStream,
    NumberTaken,
)
from tests.integration.test_case_numbers_store import MEDIATION, registration, row
from tests.integration.test_event_store_contract import store  # noqa: F401  (the fixture: every engine)


def imported(id: str, number: str) -> ImportedStream:
    events = [NewEvent("mediation.dispute.registered", {"n": id, "case_number": number})]
    doc = Document("dispute", id, "houtai", 1, {"id": id, "case_number": number}, number=number)
    return ImportedStream(id, "dispute", "houtai", events, {"actor": "clerk", "imported": {"row": 2}}, [doc], number)


async def numbers(store) -> list[str]:
    page = await store.list_documents(DocumentQuery("dispute", "houtai", limit=100))
    return sorted(d.number for d in page.items)


async def test_imported_streams_keep_their_numbers_and_later_ones_are_numbered_past_them(store):
    floors = [CounterFloor("houtai", "mediation", 2026, 5), CounterFloor("houtai", "mediation", 2026, 3)]
    written = await store.import_streams([imported("a", "（2026）后调字第5号"), imported("b", "旧-12")], floors[:1])
    assert written == ["a", "b"] and await numbers(store) == ["旧-12", "（2026）后调字第5号"]
    assert (await store.read_stream("a"))[0].metadata["imported"] == {"row": 2}
    assert await store.import_streams([imported("a", "（2026）后调字第5号")], floors[1:]) == []  # already in
    _, given = await store.append_numbered("c", "dispute", "houtai", registration(), number=MEDIATION)
    assert given == "（2026）后调字第6号"  # the lower floor did not lower the counter


async def test_a_number_another_case_has_fails_the_whole_import(store):
    _, given = await store.append_numbered("c", "dispute", "houtai", registration(), number=MEDIATION,
                                           documents=[row("c")])
    with pytest.raises(NumberTaken) as refused:
        await store.import_streams([imported("a", "旧-1"), imported("b", given)],
                                   [CounterFloor("houtai", "mediation", 2026, 40)])
    assert refused.value.numbers == [given]
    assert await numbers(store) == [given] and await store.read_stream("a") == []  # nothing written
    _, after = await store.append_numbered("d", "dispute", "houtai", registration(), number=MEDIATION)
    assert after == "（2026）后调字第2号"  # nor the counter raised
