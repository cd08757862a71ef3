"""The national template's classifications (国办公开办函〔2021〕30号, tables 三 and 四).

Reporting renders the tables from these mappings; the codes are what the events carry.
"""

from __future__ import annotations

from enum import StrEnum


class ApplicantType(StrEnum):
    """The template's first split of applicants (table 三 columns)."""

    NATURAL_PERSON = "natural_person"  # 自然人
    LEGAL_PERSON = "legal_person"  # 法人或其他组织


class OrgType(StrEnum):
    """The sub-columns of 法人或其他组织 in table 三."""

    COMMERCIAL_ENTERPRISE = "commercial_enterprise"  # 商业企业
    RESEARCH_INSTITUTION = "research_institution"  # 科研机构
    SOCIAL_WELFARE_ORGANIZATION = "social_welfare_organization"  # 社会公益组织
    LEGAL_SERVICES_ORGANIZATION = "legal_services_organization"  # 法律服务机构
    OTHER = "other"  # 其他


class Outcome(StrEnum):
    """How an application was concluded: one code per row of table 三 (三、本年度办理结果)."""

    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED_STATE_SECRET = "refused_state_secret"
    REFUSED_OTHER_LAW = "refused_other_law"
    REFUSED_SECURITY_STABILITY = "refused_security_stability"
    REFUSED_THIRD_PARTY_RIGHTS = "refused_third_party_rights"
    REFUSED_INTERNAL_AFFAIRS = "refused_internal_affairs"
    REFUSED_PROCESS_INFORMATION = "refused_process_information"
    REFUSED_ENFORCEMENT_FILE = "refused_enforcement_file"
    REFUSED_QUERY_MATTER = "refused_query_matter"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held"
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation"
    UNAVAILABLE_UNCLEAR_AFTER_CORRECTION = "unavailable_unclear_after_correction"
    NOT_PROCESSED_PETITION = "not_processed_petition"
    NOT_PROCESSED_REPEAT = "not_processed_repeat"
    NOT_PROCESSED_PUBLICATION = "not_processed_publication"
    NOT_PROCESSED_EXCESSIVE = "not_processed_excessive"
    NOT_PROCESSED_CONFIRMATION = "not_processed_confirmation"
    OTHER_NO_CORRECTION = "other_no_correction"
    OTHER_FEE_UNPAID = "other_fee_unpaid"
    OTHER = "other"


O = Outcome
# Row group → its rows, in the template's order; a group with one row is its own row.
OUTCOME_GROUPS: dict[str, dict[Outcome, str]] = {
    "（一）予以公开": {O.GRANTED: "予以公开"},
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": {O.PARTLY_GRANTED: "部分公开"},
    "（三）不予公开": {
        O.REFUSED_STATE_SECRET: "1.属于国家秘密",
        O.REFUSED_OTHER_LAW: "2.其他法律行政法规禁止公开",
        O.REFUSED_SECURITY_STABILITY: "3.危及“三安全一稳定”",
        O.REFUSED_THIRD_PARTY_RIGHTS: "4.保护第三方合法权益",
        O.REFUSED_INTERNAL_AFFAIRS: "5.属于三类内部事务信息",
        O.REFUSED_PROCESS_INFORMATION: "6.属于四类过程性信息",
        O.REFUSED_ENFORCEMENT_FILE: "7.属于行政执法案卷",
        O.REFUSED_QUERY_MATTER: "8.属于行政查询事项",
    },
    "（四）无法提供": {
        O.UNAVAILABLE_NOT_HELD: "1.本机关不掌握相关政府信息",
        O.UNAVAILABLE_NEEDS_CREATION: "2.没有现成信息需要另行制作",
        O.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: "3.补正后申请内容仍不明确",
    },
    "（五）不予处理": {
        O.NOT_PROCESSED_PETITION: "1.信访举报投诉类申请",
        O.NOT_PROCESSED_REPEAT: "2.重复申请",
        O.NOT_PROCESSED_PUBLICATION: "3.要求提供公开出版物",
        O.NOT_PROCESSED_EXCESSIVE: "4.无正当理由大量反复申请",
        O.NOT_PROCESSED_CONFIRMATION: "5.要求行政机关确认或重新出具已获取信息",
    },
    "（六）其他处理": {
        O.OTHER_NO_CORRECTION: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        O.OTHER_FEE_UNPAID: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        O.OTHER: "3.其他",
    },
}
OUTCOME_LABELS: dict[Outcome, str] = {o: label for rows in OUTCOME_GROUPS.values() for o, label in rows.items()}
APPLICANT_COLUMNS: dict[ApplicantType | OrgType, str] = {
    ApplicantType.NATURAL_PERSON: "自然人",
    OrgType.COMMERCIAL_ENTERPRISE: "商业企业",
    OrgType.RESEARCH_INSTITUTION: "科研机构",
    OrgType.SOCIAL_WELFARE_ORGANIZATION: "社会公益组织",
    OrgType.LEGAL_SERVICES_ORGANIZATION: "法律服务机构",
    OrgType.OTHER: "其他",
}


class CaseResult(StrEnum):
    """The result columns of table 四 (行政复议, 行政诉讼)."""

    MAINTAINED = "maintained"  # 结果维持
    CORRECTED = "corrected"  # 结果纠正
    OTHER = "other"  # 其他结果
    PENDING = "pending"  # 尚未审结


CASE_RESULT_LABELS: dict[CaseResult, str] = {
    CaseResult.MAINTAINED: "结果维持", CaseResult.CORRECTED: "结果纠正",
    CaseResult.OTHER: "其他结果", CaseResult.PENDING: "尚未审结",
}


# 字典 of this module's codes (the contract's `LABELS` gathers every module's).
LABELS: dict[type[StrEnum], dict[StrEnum, str]] = {
    ApplicantType: {ApplicantType.NATURAL_PERSON: "自然人", ApplicantType.LEGAL_PERSON: "法人或其他组织"},
    OrgType: {o: label for o, label in APPLICANT_COLUMNS.items() if isinstance(o, OrgType)},
    Outcome: OUTCOME_LABELS,
    CaseResult: CASE_RESULT_LABELS,
}
