"""County configuration: county → township → village, county rules, alerts and holidays.

One YAML file per county (DESIGN.md §3 "Tenancy"); the packaged demo county is
`fazhi/demo_county.yaml`.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from fazhi.errors import InvalidInput, UnknownTownship
from fazhi.numbering import NumberRequest, check_template
from fazhi.workdays import WorkCalendar, YearOverride

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,31}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Positive = Annotated[int, Field(ge=1)]
NonNegative = Annotated[int, Field(ge=0)]
Amount = Annotated[Decimal, Field(ge=0)]  # yuan
ALERT_LEVELS = ("village", "township", "county")
DEMO_SOURCE = "fazhi/demo_county.yaml"
DEFAULT_ACK_MINUTES = {"village": 60, "township": 120, "county": 240}
DayOfMonth = Annotated[int, Field(ge=1, le=28)]
DESKS = ("mediation", "petition", "suggestion", "disclosure")  # each numbers its cases on its own
NumberFormat = Annotated[str, AfterValidator(check_template)]
DEFAULT_NUMBER_FORMATS = {
    "mediation": "（{year}）{township_short}调字第{seq}号",
    "petition": "（{year}）{township_short}信字第{seq}号",
    "suggestion": "（{year}）{township_short}建字第{seq}号",
    "disclosure": "（{year}）{township_short}依申字第{seq}号",
}


def _real_month_day(value: str) -> str:
    month, day = map(int, value.split("-"))
    date(2000, month, day)  # a leap year, so 02-29 passes; 02-30 raises ValueError
    return value


def _host_or_network(value: str) -> str:
    """A host name, an IP address or a network; ports and schemes belong elsewhere."""
    try:
        ipaddress.ip_network(value.strip("[]"), strict=False)
        return value.strip("[]")
    except ValueError:
        pass
    if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?", value):
        raise ValueError(f"{value!r} is not a host name, an IP address or a network")
    return value.rstrip(".")


AllowedHost = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1),
                        AfterValidator(_host_or_network)]
MonthDay = Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{2}$"), AfterValidator(_real_month_day)]


class RiskFlag(StrEnum):
    """Risk flags that make a dispute major whatever its size."""

    MASS = "mass"  # 群体性: a group dispute
    CRIMINAL_RISK = "criminal_risk"  # 民转刑: risk of turning into a criminal case
    BYPASS_RISK = "bypass_risk"  # 越级: risk of petitioning past the township


RISK_FLAG_LABELS = {RiskFlag.MASS: "群体性", RiskFlag.CRIMINAL_RISK: "民转刑风险", RiskFlag.BYPASS_RISK: "越级风险"}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Rules(_Frozen):
    """County-wide rules; defaults are the STATUTES.md county settings."""

    major_dispute_people: Positive = 5
    major_dispute_amount: Amount = Decimal(100000)
    major_dispute_flags: list[RiskFlag] = [RiskFlag.MASS, RiskFlag.CRIMINAL_RISK, RiskFlag.BYPASS_RISK]
    mediation_conclude_days: Positive = 30
    judicial_confirmation_days: Positive = 30
    due_soon_days: NonNegative = 3
    village_conclude_days: Positive = 15  # then the dispute escalates to the township
    repeat_petition_count: Positive = 3
    repeat_petition_window_days: Positive = 90
    disclosure_report_due: MonthDay = "03-31"  # township annual disclosure report, set by the county
    screening_report_day: DayOfMonth | None = 25  # after it, a village without this month's screening alerts
    backdate_days: Positive = 365  # how far back a matter's arrival may be registered (received_on)


class RuleOverrides(_Frozen):
    """A township's exceptions to the county rules; unset fields inherit."""

    major_dispute_people: Positive | None = None
    major_dispute_amount: Amount | None = None
    major_dispute_flags: list[RiskFlag] | None = None
    mediation_conclude_days: Positive | None = None
    judicial_confirmation_days: Positive | None = None
    due_soon_days: NonNegative | None = None
    village_conclude_days: Positive | None = None
    repeat_petition_count: Positive | None = None
    repeat_petition_window_days: Positive | None = None
    disclosure_report_due: MonthDay | None = None
    screening_report_day: DayOfMonth | None = None
    backdate_days: Positive | None = None


class SmtpServer(_Frozen):
    """The mail relay e-mail receivers send through; its password is `FAZHI_SMTP_PASSWORD`."""

    host: Name
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    sender: Name  # the From address
    username: str | None = None
    starttls: bool = True
    tls: bool = False  # implicit TLS (port 465)


class SmsGateway(_Frozen):
    """An HTTP SMS gateway: a JSON body from `template` ({phones}, {text} filled in), signed with
    `FAZHI_SMS_SECRET` as HMAC-SHA256 over `<timestamp>\n<nonce>\n<body>` in `signature_header`."""

    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    template: dict[str, Any] = {"to": "{phones}", "content": "{text}"}
    signature_header: str = "X-Signature"
    timestamp_header: str = "X-Timestamp"
    nonce_header: str = "X-Nonce"
    key_id: str | None = None  # sent as `key_header` when set (the gateway's access key id)
    key_header: str = "X-Access-Key"
    signature_encoding: Literal["hex", "base64"] = "hex"
    success_field: str | None = None  # a JSON field of the answer that must equal `success_value`
    success_value: Any = None


class AlertPolicy(_Frozen):
    """How long each level has to acknowledge an alert, and when not to ring phones."""

    ack_minutes: dict[str, Positive] = DEFAULT_ACK_MINUTES
    quiet_hours: Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$")] | None = "22:00-07:00"
    county_repeats: NonNegative = 2  # unacknowledged at county level: notified again this many times
    check_seconds: Positive = 30  # how often the alert timer looks at deadlines, ack windows and holds
    # Hosts (names, addresses or networks like 10.1.0.0/16) that webhooks and receivers may reach although
    # they are internal; everything else must resolve to public addresses (docs/security.md "Webhooks").
    allow_hosts: list[AllowedHost] = []
    smtp: SmtpServer | None = None  # the county's mail relay, for e-mail receivers
    sms: SmsGateway | None = None  # the county's SMS gateway, for SMS receivers

    @field_validator("ack_minutes")
    @classmethod
    def _known_levels(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(ALERT_LEVELS))
        if unknown:
            raise ValueError(f"unknown alert level {unknown[0]!r}; expected one of {', '.join(ALERT_LEVELS)}")
        # A file that sets one level keeps the defaults for the others.
        return {**DEFAULT_ACK_MINUTES, **value}


class Village(_Frozen):
    """A village committee (村委会)."""

    code: Code
    name: Name


class Township(_Frozen):
    """A township or town (乡/镇) and its villages."""

    code: Code
    name: Name
    short: Name | None = None  # the one-character name in case numbers (后台乡 → 后); default its first character
    villages: list[Village]
    rules: RuleOverrides | None = None

    @property
    def short_name(self) -> str:
        return self.short or self.name[0]

    @field_validator("villages")
    @classmethod
    def _unique_village_codes(cls, villages: list[Village]) -> list[Village]:
        _refuse_duplicates("village", [v.code for v in villages])
        return villages


class County(_Frozen):
    """A county: its townships, rules, alert policy and holiday overrides."""

    code: Code
    name: Name
    townships: list[Township]
    rules: Rules = Rules()
    holidays: dict[int, YearOverride] = {}
    alerts: AlertPolicy = AlertPolicy()
    timezone: str = "Asia/Shanghai"  # IANA name: times in API bodies carry its offset (+08:00)
    case_numbers: dict[str, NumberFormat] = DEFAULT_NUMBER_FORMATS  # per desk; see fazhi/numbering.py

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; expected an IANA name such as Asia/Shanghai") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The county's time zone, in which API bodies show times."""
        return ZoneInfo(self.timezone)

    @field_validator("case_numbers")
    @classmethod
    def _known_desks(cls, formats: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(formats) - set(DESKS))
        if unknown:
            raise ValueError(f"unknown desk {unknown[0]!r}; expected one of {', '.join(DESKS)}")
        return {**DEFAULT_NUMBER_FORMATS, **formats}

    @field_validator("townships")
    @classmethod
    def _unique_township_codes(cls, townships: list[Township]) -> list[Township]:
        _refuse_duplicates("township", [t.code for t in townships])
        return townships

    @field_validator("holidays")
    @classmethod
    def _consistent_holidays(cls, holidays: dict[int, YearOverride]) -> dict[int, YearOverride]:
        WorkCalendar(holidays)  # raises ValueError for a date filed under the wrong year
        return holidays

    def township(self, code: str) -> Township:
        """The township with this code, or `UnknownTownship`."""
        for township in self.townships:
            if township.code == code:
                return township
        raise UnknownTownship(f"unknown township {code!r}", field="township")

    def village(self, township_code: str, village_code: str) -> Village:
        """The village of that township, or `InvalidInput` when the township has no such village."""
        for village in self.township(township_code).villages:
            if village.code == village_code:
                return village
        raise InvalidInput(f"village {village_code!r} is not in township {township_code!r}", field="village")

    def rules_for(self, township_code: str) -> Rules:
        """The county rules with that township's overrides applied.

        Each override field carries its Rules field's constraints, so the merge cannot fail.
        """
        overrides = self.township(township_code).rules
        if overrides is None:
            return self.rules
        return Rules.model_validate({**self.rules.model_dump(), **overrides.model_dump(exclude_none=True)})

    def number_request(self, township_code: str, desk: str, year: int) -> NumberRequest:
        """What the store needs to give the next case number of a township's desk in `year`."""
        township = self.township(township_code)
        return NumberRequest(township.code, desk, year, self.case_numbers[desk],
                             {"township_short": township.short_name, "township_name": township.name})

    def calendar(self) -> WorkCalendar:
        """A working-day calendar that knows this county's holiday overrides."""
        return WorkCalendar(self.holidays)


def _refuse_duplicates(kind: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValueError(f"duplicate {kind} code {code!r}")
        seen.add(code)


def load_county(path: str | Path | None = None) -> County:
    """Load a county file; `None` loads the packaged demo county `fazhi/demo_county.yaml`."""
    if path is None:
        return parse_county(resources.files("fazhi").joinpath("demo_county.yaml").read_text("utf-8"), DEMO_SOURCE)
    return parse_county(Path(path).read_text(encoding="utf-8"), str(path))


def parse_county(text: str, source: str) -> County:
    """Parse county YAML; malformed YAML or a bad field raises `ValueError` naming `source` and the field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{source}: malformed YAML{_where(exc)}") from exc
    try:
        return County.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"{source}: {_describe(exc)}") from exc


def _where(exc: yaml.YAMLError) -> str:
    # PyYAML's own text names "<unicode string>", not the file, so report line and problem only.
    mark = getattr(exc, "problem_mark", None)
    at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    return f"{at}: {getattr(exc, 'problem', None) or exc}"


def _describe(exc: ValidationError) -> str:
    # Dotted paths (townships.0.villages.3.code) match FazhiError.field.
    return "; ".join(f"{'.'.join(map(str, err['loc'])) or '(top level)'}: {err['msg']}" for err in exc.errors())
