"""`fazhi demo`: fill a running system with a year of the demo county, through the services' public HTTP APIs only.

Deterministic for a seed: the same seed makes the same cases, and every create carries an
Idempotency-Key, so running it again adds no case (the services refuse steps already taken with
409, which the run counts as done already).
The services date most steps today (their own clock); where an API takes a date (a request's
receipt, a reception day, a publicity activity…) the demo spreads it over the year, and some
information requests are received in December of last year and answered in January.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from fazhi.county import County

Case = Callable[["Desk"], None]
CATEGORIES = ["neighbours", "marriage_family", "land_homestead", "labour_wages", "damages", "contract"]
OUTCOMES = ["granted"] * 6 + ["partly_granted", "partly_granted", "unavailable_not_held", "refused_third_party_rights"]
THEMES = ["constitution", "civil_code", "anti_fraud", "anti_gang", "safe_village"]
DUTIES = ("乡党委书记为推进法治建设第一责任人，成立全面依法治乡委员会，定期听取法治建设工作汇报，"
          "带头参加定期接访，重大事项决策前听取法律顾问意见。（演示数据）")


class Refused(Exception):
    """A service answered 4xx/5xx: the rest of that case is skipped and counted."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Desk:
    """HTTP clients of the four services for one township, and the day the services think it is."""

    clients: dict[str, httpx.Client]
    township: str
    key: str
    today: date
    screened: dict[str, list[str]]  # village → disputes its screening found this month
    replayed: bool = False

    def call(self, service: str, path: str, body: Any = None, method: str = "POST", **headers: str) -> dict[str, Any]:
        url = f"/v1/townships/{self.township}/{path}"
        response = self.clients[service].request(method, url, json=body, headers=headers)
        if response.status_code >= 400:
            raise Refused(response.status_code, f"{method} {url}: {response.status_code} {response.text[:200]}")
        self.replayed = response.headers.get("Idempotent-Replayed") == "true"
        return response.json()

    def create(self, service: str, path: str, body: Any, n: int | str) -> dict[str, Any] | None:
        """Create once per seed and case number; None when an earlier run already made it."""
        made = self.call(service, path, body, **{"Idempotency-Key": f"demo-{self.key}-{path}-{n}"})
        return None if self.replayed else made


@dataclass
class Year:
    """The cases to run, per township, made from one seeded random generator."""

    county: County
    seed: int
    scale: float
    today: date
    cases: list[tuple[str, str, Case]] = field(default_factory=list)  # (township, label, case)

    def build(self) -> Year:
        rng = random.Random(self.seed)
        for i, township in enumerate(self.county.townships):
            weight = self.scale * (1.0 if i == 0 else 0.6)
            villages = [v.code for v in township.villages]
            months = max(1, round(self.today.month * min(weight, 1.0)))  # the last months get screened
            for label, maker, count in (
                ("committee", _committees, 0), ("dispute", _dispute, 40), ("screening", _screenings, 0),
                ("request", _request, 12), ("publication", _publication, 10), ("petition", _petition, 25),
                ("reception day", _reception, 0), ("suggestion", _suggestion, 6), ("work record", _work, 0),
            ):
                if not count:  # one case covering the year
                    self.cases.append((township.code, label, maker(rng, villages, self.today, months)))
                for n in range(max(1, round(count * weight)) if count else 0):
                    self.cases.append((township.code, label, maker(rng, villages, self.today, n)))
        return self


def _day_this_year(rng: random.Random, today: date) -> date:
    start = date(today.year, 1, 1)
    return start + timedelta(days=rng.randrange((today - start).days + 1))


def _committees(rng: random.Random, villages: list[str], today: date, n: int) -> Case:
    def members(full_time: int) -> list[dict[str, str]]:
        return [{"name": f"调解员{k + 1}", "gender": "female" if k == 0 else "male",
                 "position": "chair" if k == 0 else "member", "kind": "full_time" if k < full_time else "part_time"}
                for k in range(3)]

    def run(desk: Desk) -> None:
        desk.create("mediation", "committees", {"level": "township", "name": "人民调解委员会", "members": members(3),
                                               "term_start": f"{today.year - 1}-01-01"}, 0)
        for k, village in enumerate(villages):
            body = {"level": "village", "village": village, "name": f"{village}调委会", "members": members(0),
                    "term_start": f"{today.year - 1}-01-01"}
            desk.create("mediation", "committees", body, k + 1)
    return run


def _screenings(rng: random.Random, villages: list[str], today: date, months: int) -> Case:
    """Every village's monthly rounds: zero-reports for the months gone, this month's lists what it found."""
    rounds = [(v, m) for v in villages for m in range(today.month - months + 1, today.month + 1)]

    def run(desk: Desk) -> None:
        for village, month in rounds:
            found = desk.screened.get(village, []) if month == today.month else []
            body = {"village": village, "month": f"{today.year}-{month:02d}", "zero_report": not found,
                    "dispute_ids": found}
            desk.create("mediation", "screenings", body, f"{village}-{month}")
    return run


def _dispute(rng: random.Random, villages: list[str], today: date, n: int) -> Case:
    village = rng.choice([*villages, None])
    fate = rng.choice(["agreed"] * 5 + ["failed", "open", "declined"])
    confirmed, visited = rng.random() < 0.3, rng.random() < 0.7
    body = {"level": "village" if village else "township", "village": village, "source": rng.choice(
        ["screening", "application", "walk_in"]), "category": rng.choice(CATEGORIES),
        "parties": [{"name": "张某"}, {"name": "李某"}], "people_involved": rng.choice([2, 2, 2, 3, 3, 4, 6]),
        "description": "因宅基地边界、赡养或欠款等引发的纠纷（演示数据）"}

    def run(desk: Desk) -> None:
        made = desk.create("mediation", "disputes", body, n)
        if made is None:
            return
        if body["source"] == "screening" and village:
            desk.screened.setdefault(village, []).append(made["id"])
        if fate == "open":
            return
        case = f"disputes/{made['id']}"
        if fate == "declined":
            desk.call("mediation", f"{case}/decline", {"grounds": "party_refused", "reason": "一方明确拒绝调解"})
            return
        for verb, step in (("accept", None), ("assign", {"mediator": "王调解"}),
                           ("record-session", {"summary": "双方到场，陈述事实"})):
            desk.call("mediation", f"{case}/{verb}", step)
        if fate == "failed":
            desk.call("mediation", f"{case}/fail", {"reason": "分歧较大", "routes_told": ["court", "arbitration"]})
            return
        desk.call("mediation", f"{case}/agree", {"form": "oral", "oral_content": "双方同意按协议履行",
                                                "performance_deadline": (today + timedelta(days=15)).isoformat()})
        if confirmed:
            desk.call("mediation", f"{case}/apply-confirmation", {"court": "睢县人民法院"})
        if visited:
            desk.call("mediation", f"{case}/record-performance", {"performance": "full", "note": "已履行"})
            desk.call("mediation", f"{case}/follow-up", {"visited_by": "王调解", "findings": "双方关系和睦"})
            desk.call("mediation", f"{case}/close")
    return run


def _request(rng: random.Random, villages: list[str], today: date, n: int) -> Case:
    crossing = n < 2  # received last December, answered in January: a request across New Year
    received = date(today.year - 1, 12, 15 + n) if crossing else _day_this_year(rng, today)
    answered = min(today, date(today.year, 1, 8)) if crossing else min(today, received + timedelta(rng.randint(3, 25)))
    natural = rng.random() < 0.7
    body = {"channel": rng.choice(["in_person", "post", "online"]), "information_sought": "相关政策文件（演示数据）",
            "applicant_type": "natural_person" if natural else "legal_person",
            "org_type": None if natural else rng.choice(["commercial_enterprise", "other"]),
            "applicant": {"name": "申请人"}, "received_on": received.isoformat()}
    open_still, outcome = not crossing and rng.random() < 0.15, rng.choice(OUTCOMES)

    def run(desk: Desk) -> None:
        made = desk.create("disclosure", "requests", body, n)
        if made is None or open_still:
            return
        desk.call("disclosure", f"requests/{made['id']}/answer",
                  {"outcome": outcome, "answered_on": answered.isoformat()})
    return run


def _publication(rng: random.Random, villages: list[str], today: date, n: int) -> Case:
    category = rng.choice(["agricultural_policy", "social_assistance", "regulatory_document", "budget_final_accounts",
                           "land_contract_transfer", "organization"])
    body = {"title": f"政务公开事项{n + 1}（演示数据）", "category": category, "body": "公开内容（演示数据）",
            "formed_on": max(date(today.year, 1, 1), today - timedelta(days=rng.randint(0, 25))).isoformat()}
    channels = ["website", "wechat", "notice_board"][: rng.randint(1, 3)]

    def run(desk: Desk) -> None:
        made = desk.create("disclosure", "publications", body, n)
        if made is None:
            return
        item = f"publications/{made['id']}"
        desk.call("disclosure", f"{item}/submit-review", {"revision": 1})
        desk.call("disclosure", f"{item}/approve", {"revision": 1})
        desk.call("disclosure", f"{item}/publish", {"channels": channels})
    return run


def _petition(rng: random.Random, villages: list[str], today: date, n: int) -> Case:
    group = rng.random() < 0.1
    body = {"channel": rng.choice(["visit", "letter", "online", "phone"]), "subject": "反映村内道路修缮问题（演示数据）",
            "petitioners": [{"name": f"信访人{k + 1}"} for k in range(6 if group else 1)], "claims": ["请求解决"],
            "bypassed_level": rng.random() < 0.05, "village": rng.choice([*villages, None])}
    if group:
        body["representatives"] = body["petitioners"][:3]
    fate, satisfaction = rng.choice(["replied"] * 4 + ["open", "decline"]), rng.choice(["satisfied", "basically"])

    def run(desk: Desk) -> None:
        made = desk.create("petition", "petitions", body, n)
        if made is None or fate == "open":
            return
        case = f"petitions/{made['id']}"
        if fate == "decline":
            desk.call("petition", f"{case}/decide-acceptance", {"decision": "decline", "route": "litigation",
                                                               "reason": "属于诉讼事项"})
            return
        desk.call("petition", f"{case}/decide-acceptance", {"decision": "accept"})
        desk.call("petition", f"{case}/reply", {"finding": "explained", "content": "已书面答复并解释政策"})
        desk.call("petition", f"{case}/record-satisfaction", {"satisfaction": satisfaction})
    return run


def _reception(rng: random.Random, villages: list[str], today: date, n: int) -> Case:
    days = [(date(today.year, m, 15), rng.randint(2, 9)) for m in range(1, today.month + 1)
            if date(today.year, m, 15) <= today]

    def run(desk: Desk) -> None:
        for k, (day, visitors) in enumerate(days):
            joint = day.month % 3 == 0
            body = {"kind": "joint" if joint else "leader", "day": day.isoformat(), "place": "乡政府接待室",
                    "leader": None if joint else "乡长",
                    "participants": [{"name": "人大代表", "role": "npc_deputy"}] if joint else []}
            made = desk.create("petition", "reception-days", body, k)
            if made is None:
                continue
            desk.call("petition", f"reception-days/{made['id']}/hold")
            desk.call("petition", f"reception-days/{made['id']}/record-visitors",
                      {"visitors": visitors, "case_ids": []})
            desk.call("petition", f"reception-days/{made['id']}/close", {"summary": "当场答复，做好登记"})
    return run


def _suggestion(rng: random.Random, villages: list[str], today: date, n: int) -> Case:
    body = {"kind": rng.choice(["deputy_suggestion", "member_proposal"]), "author": "代表",
            "title": f"关于改善农村人居环境的建议{n + 1}", "content": "建议（演示数据）"}

    def run(desk: Desk) -> None:
        made = desk.create("petition", "suggestions", body, n)
        if made is None:
            return
        item = f"suggestions/{made['id']}"
        desk.call("petition", f"{item}/assign", {"office": "党政办", "complex": False})
        desk.call("petition", f"{item}/answer", {"answer": "已列入年度计划"})
        desk.call("petition", f"{item}/record-feedback", {"feedback": "satisfied"})
    return run


def _work(rng: random.Random, villages: list[str], today: date, n: int) -> Case:
    activities = [(_day_this_year(rng, today), rng.choice(THEMES), rng.choice([*villages, None]),
                   rng.randint(40, 600)) for _ in range(12)]

    def run(desk: Desk) -> None:
        for k, (held, theme, village, people) in enumerate(activities):
            desk.create("reporting", "work-records/publicity", {"held_on": held.isoformat(), "theme": theme,
                        "title": "法治宣传进村（演示数据）", "village": village, "participants": people}, k)
        desk.create("reporting", "work-records/trainings", {"held_on": date(today.year, 1, 1).isoformat(),
                    "topic": "行政执法程序规范", "attendees": 24}, 0)
        made = desk.create("reporting", "work-records/advisors", {
            "law_firm": "河南某律师事务所（演示）", "advisor": "王律师", "advises_government": True, "villages": villages,
            "contract_start": date(today.year, 1, 1).isoformat(),
            "contract_end": date(today.year, 12, 31).isoformat()}, 0)
        if made is not None:
            desk.call("reporting", f"work-records/advisors/{made['id']}/opinions",
                      {"given_on": date(today.year, 1, 1).isoformat(), "subject": "年度重大行政决策合法性审查"})
        narrative = f"reports/rule-of-law/{today.year}/narratives/3"
        if desk.call("reporting", narrative[: narrative.rindex("/")], method="GET")["items"][2]["version"] == 0:
            desk.call("reporting", narrative, {"text": DUTIES}, method="PUT")
    return run


@dataclass
class Result:
    """What a run did: cases run to their end, cases found done already (a rerun: 409), calls refused otherwise."""

    ran: int = 0
    already: int = 0
    refused: list[str] = field(default_factory=list)


def fill(year: Year, urls: dict[str, str], token: str, advance: Callable[[str], None]) -> Result:
    """Run every case against the services at `urls`; `advance(label)` is called after each case."""
    outcome = Result()
    headers = {"Authorization": f"Bearer {token}"}
    clients = {name: httpx.Client(base_url=url, headers=headers, timeout=30) for name, url in urls.items()}
    screened: dict[str, dict[str, list[str]]] = {}
    try:
        for township, label, case in year.cases:
            try:
                case(Desk(clients, township, f"{year.seed}-{township}", year.today,
                          screened.setdefault(township, {})))
                outcome.ran += 1
            except Refused as refused:
                if refused.status == 409:  # a rerun: the service has taken this step before
                    outcome.already += 1
                else:
                    outcome.refused.append(str(refused))
            advance(label)
    finally:
        for client in clients.values():
            client.close()
    return outcome
