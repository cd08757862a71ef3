"""The disclosure service's public events (政府信息公开) — the only module another service may import.

Subjects follow from the types: `disclosure.request.answered` travels on
`fazhi.disclosure.<township>.request.answered`. Table 三 counts `RequestAnswered` and
`RequestAbandoned` (both carry `outcome`, `applicant_type`, `org_type`, `received_on`,
`on_time`); `OUTCOME_GROUPS` gives its row labels, `APPLICANT_COLUMNS` its columns.
Table 四 counts the administrative review and lawsuit events by their latest `result`.
"""

from services.disclosure.contract.outcomes import (
    APPLICANT_COLUMNS, CASE_RESULT_LABELS, OUTCOME_GROUPS, OUTCOME_LABELS,
    ApplicantType, CaseResult, OrgType, Outcome,
)
from services.disclosure.contract.publication import (
    MANDATORY_CATEGORIES, Attachment, Category, Channel, PublicationDrafted, PublicationPublished,
    PublicationRevised, PublicationWithdrawn, RefusalGround, ReviewApproved, ReviewRefused, ReviewSubmitted,
)
from services.disclosure.contract.appeals import (
    AdministrativeReviewDecided, AdministrativeReviewRecorded, LawsuitDecided, LawsuitRecorded,
)
from services.disclosure.contract.request import (
    CONCLUDING_EVENTS, Applicant, ConsultationAnswered, ConsultationOpinion, ConsultationStarted, Consultee,
    CorrectionAsked, CorrectionReceived, FeeBasis, FeeCharged, RequestAbandoned, RequestAnswered,
    RequestAttached, RequestChannel, RequestExtended, RequestReceived,
)

from services.disclosure.contract import outcomes as _outcomes
from services.disclosure.contract import publication as _publication
from services.disclosure.contract import request as _request

LABELS = {**_outcomes.LABELS, **_publication.LABELS, **_request.LABELS}  # 字典: every code → its Chinese label

__all__ = [
    "APPLICANT_COLUMNS", "CASE_RESULT_LABELS", "CONCLUDING_EVENTS", "LABELS", "MANDATORY_CATEGORIES", "OUTCOME_GROUPS",
    "OUTCOME_LABELS", "AdministrativeReviewDecided", "AdministrativeReviewRecorded", "Applicant",
    "ApplicantType", "Attachment", "CaseResult", "Category", "Channel", "ConsultationAnswered",
    "ConsultationOpinion", "ConsultationStarted", "Consultee", "CorrectionAsked", "CorrectionReceived",
    "FeeBasis", "FeeCharged", "LawsuitDecided", "LawsuitRecorded", "OrgType", "Outcome",
    "PublicationDrafted", "PublicationPublished", "PublicationRevised", "PublicationWithdrawn",
    "RefusalGround", "RequestAbandoned", "RequestAnswered", "RequestAttached", "RequestChannel", "RequestExtended",
    "RequestReceived", "ReviewApproved", "ReviewRefused", "ReviewSubmitted",
]
