"""The mediation committee (人民调解委员会) and the statute's rules on its composition (TJ Arts. 8–9)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from fazhi.aggregate import Aggregate
from fazhi.errors import InvalidInput, RuleViolation
from fazhi.events import DomainEvent
from services.mediation import contract as c

TERM_YEARS = 3
MIN_MEMBERS, MAX_MEMBERS = 3, 9


def check_composition(members: Sequence[c.Member]) -> None:
    """3 to 9 members, at least one woman, one chair (主任); refused naming `members`."""
    if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
        raise InvalidInput(f"a committee has {MIN_MEMBERS} to {MAX_MEMBERS} members, not {len(members)}",
                           field="members")
    if not any(m.gender is c.Gender.FEMALE for m in members):
        raise InvalidInput("a committee must include at least one woman", field="members")
    chairs = sum(m.position is c.Position.CHAIR for m in members)
    if chairs != 1:
        raise InvalidInput(f"a committee has one chair, not {chairs}", field="members")
    names = [m.name for m in members]
    if len(set(names)) != len(names):
        raise InvalidInput("a member is listed twice", field="members")


def term_end(start: date) -> date:
    """The last day of a three-year term (a term from 29 February ends on 27 February)."""
    try:
        anniversary = start.replace(year=start.year + TERM_YEARS)
    except ValueError:  # 29 February
        anniversary = date(start.year + TERM_YEARS, 2, 28)
    return anniversary - timedelta(days=1)


class Committee(Aggregate):
    """A township- or village-level committee with its members and current term."""

    stream_type = "committee"

    def __init__(self, id: str, township: str) -> None:
        super().__init__(id, township)
        self.level = c.Level.VILLAGE
        self.village: str | None = None
        self.name = ""
        self.members: list[c.Member] = []
        self.term_start = date.min
        self.term_end = date.min

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, c.CommitteeRegistered):
            self.level, self.village, self.name = event.level, event.village, event.name
        if isinstance(event, c.CommitteeRegistered | c.CommitteeTermRenewed):
            self.term_start, self.term_end = event.term_start, event.term_end
        if isinstance(event, c.CommitteeRegistered | c.CommitteeTermRenewed | c.CommitteeMembersChanged):
            self.members = list(event.members)

    def has_member(self, name: str) -> bool:
        return any(m.name == name for m in self.members)

    def term_expired(self, today: date) -> bool:
        return today > self.term_end

    def register(self, *, level: c.Level, village: str | None, name: str, members: Sequence[c.Member],
                 term_start: date) -> list[DomainEvent]:
        """Register a committee and its first term's members."""
        if self.exists:
            raise RuleViolation(f"committee {self.id} is already registered", field="id")
        if (level is c.Level.VILLAGE) != (village is not None):
            raise InvalidInput("a village committee names its village; a township committee names none",
                               field="village")
        check_composition(members)
        return [c.CommitteeRegistered(committee_id=self.id, level=level, village=village, name=name,
                                      members=list(members), term_start=term_start, term_end=term_end(term_start))]

    def change_members(self, *, members: Sequence[c.Member], today: date) -> list[DomainEvent]:
        """Replace the members within the current term; the new list must meet the same rules."""
        check_composition(members)
        if list(members) == self.members:
            return []
        return [c.CommitteeMembersChanged(committee_id=self.id, members=list(members), changed_on=today)]

    def renew(self, *, term_start: date, members: Sequence[c.Member]) -> list[DomainEvent]:
        """Start a new three-year term (换届) with its members."""
        if term_start <= self.term_start:
            raise InvalidInput(f"a new term starts after the current one (from {self.term_start})",
                               field="term_start")
        check_composition(members)
        return [c.CommitteeTermRenewed(committee_id=self.id, members=list(members), term_start=term_start,
                                       term_end=term_end(term_start))]
