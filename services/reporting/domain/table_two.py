"""Table 二's figures that no desk records as events (许可, 处罚, 强制, 收费), entered once a year."""

from __future__ import annotations

from decimal import Decimal

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput
from fazhi.events import DomainEvent
from services.reporting import contract as c


class TableTwo(Aggregate):
    """One township's entered table-二 figures for one year."""

    stream_type = "table_two"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.year = 0
        self.licences = self.penalties = self.enforcement = 0
        self.fees = Decimal(0)
        self.source = ""
        self.entered_by = ""

    def apply(self, event: DomainEvent) -> None:
        assert isinstance(event, c.TableTwoEntered)
        self.year, self.licences, self.penalties = event.year, event.licences, event.penalties
        self.enforcement, self.fees, self.source, self.entered_by = (event.enforcement, event.fees, event.source,
                                                                     event.entered_by)

    def enter(self, *, year: int, licences: int, penalties: int, enforcement: int, fees: Decimal, source: str,
              entered_by: str) -> list[DomainEvent]:
        """Enter (or correct) the year's figures; the same figures from the same source record nothing."""
        if self.exists and year != self.year:
            raise InvalidInput(f"these are the figures of {self.year}", field="year")
        if self.exists and (licences, penalties, enforcement, fees, source) == (
                self.licences, self.penalties, self.enforcement, self.fees, self.source):
            return []
        return [c.TableTwoEntered(year=year, licences=licences, penalties=penalties, enforcement=enforcement,
                                  fees=fees, source=source, entered_by=entered_by)]
