"""Table 二's entered figures: each entry a version; the same figures again record nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.errors import InvalidInput
from services.reporting import contract as c
from services.reporting.domain import TableTwo

FIGURES = {"licences": 12, "penalties": 3, "enforcement": 1, "fees": Decimal("1.2500"), "source": "县审批局台账"}


def entered(**changes) -> TableTwo:  # type: ignore[no-untyped-def]
    record = TableTwo("t2", "houtai")
    record.fold(record.enter(year=2026, entered_by="clerk", **FIGURES))
    return record


def test_the_first_entry_records_the_figures_source_and_who_entered_them():
    record = entered()
    assert (record.licences, record.fees, record.source, record.entered_by) == (12, Decimal("1.25"), "县审批局台账", "clerk")


def test_a_correction_is_a_new_version_and_the_same_figures_record_nothing():
    record = entered()
    assert record.enter(year=2026, entered_by="clerk", **FIGURES) == []
    (corrected,) = record.enter(year=2026, entered_by="leader", **{**FIGURES, "penalties": 4})
    assert isinstance(corrected, c.TableTwoEntered) and corrected.penalties == 4 and corrected.entered_by == "leader"


def test_a_years_record_does_not_take_another_years_figures():
    with pytest.raises(InvalidInput) as refused:
        entered().enter(year=2025, entered_by="clerk", **FIGURES)
    assert refused.value.field == "year"
