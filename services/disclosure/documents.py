"""The papers the disclosure desk issues (政府信息公开文书): when each may be issued, what fills it, its wording.

The 答复书 is one template for every outcome code: its wording and legal basis come from `OUTCOME_TEXT`
(the 2019 Regulations on the Disclosure of Government Information, GIS). The wording below is what
`python -m services.templates_build` lays out as the packaged templates; the county's replace them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fazhi.casedocs import Catalogue, Paper, chinese_date
from fazhi.county import County
from services.disclosure.contract import Outcome

GIS = "《中华人民共和国政府信息公开条例》"
O = Outcome
# Per outcome code: what the reply tells the applicant, and the provision it rests on.
OUTCOME_TEXT: dict[Outcome, tuple[str, str]] = {
    O.GRANTED: ("你（单位）申请获取的政府信息属于公开范围，本机关予以公开，现将该信息提供给你（单位）（见附件），"
                "或告知获取的方式、途径和时间如下。", "第三十六条第（二）项"),
    O.PARTLY_GRANTED: ("你（单位）申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关提供可以公开的内容，"
                       "对不予公开的部分说明理由如下。", "第三十七条"),
    O.REFUSED_STATE_SECRET: ("你（单位）申请获取的政府信息属于依法确定的国家秘密，本机关不予公开。",
                             "第十四条、第三十六条第（三）项"),
    O.REFUSED_OTHER_LAW: ("你（单位）申请获取的政府信息属于法律、行政法规禁止公开的政府信息，本机关不予公开。",
                          "第十四条、第三十六条第（三）项"),
    O.REFUSED_SECURITY_STABILITY: ("你（单位）申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，"
                                   "本机关不予公开。", "第十四条、第三十六条第（三）项"),
    O.REFUSED_THIRD_PARTY_RIGHTS: ("你（单位）申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，"
                                   "本机关不予公开。", "第十五条、第三十二条、第三十六条第（三）项"),
    O.REFUSED_INTERNAL_AFFAIRS: ("你（单位）申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，"
                                 "本机关可以不予公开。", "第十六条第一款、第三十六条第（三）项"),
    O.REFUSED_PROCESS_INFORMATION: ("你（单位）申请获取的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，"
                                    "本机关可以不予公开。", "第十六条第二款、第三十六条第（三）项"),
    O.REFUSED_ENFORCEMENT_FILE: ("你（单位）申请获取的信息属于行政执法案卷信息，本机关可以不予公开。",
                                 "第十六条第二款、第三十六条第（三）项"),
    O.REFUSED_QUERY_MATTER: ("你（单位）申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的查询事项，"
                             "请依照有关法律、行政法规的规定办理。", "第三十六条第（七）项"),
    O.UNAVAILABLE_NOT_HELD: ("经检索，本机关未制作或者获取你（单位）申请获取的政府信息；该信息不属于本机关负责公开的，"
                             "能够确定负责公开的机关的，告知其名称、联系方式如下。", "第三十六条第（四）项、第（五）项"),
    O.UNAVAILABLE_NEEDS_CREATION: ("你（单位）申请获取的信息需要本机关对现有政府信息进行加工、分析或者另行制作，"
                                   "本机关不予提供。", "第三十八条"),
    O.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: ("你（单位）补正后的申请内容仍不明确，本机关无法提供。", "第二十九条、第三十条"),
    O.NOT_PROCESSED_PETITION: ("你（单位）以政府信息公开申请的形式提出信访、投诉、举报等，本机关不作为政府信息公开申请处理，"
                               "请通过相应渠道提出。", "第三十九条第一款"),
    O.NOT_PROCESSED_REPEAT: ("本机关已就你（单位）的政府信息公开申请作出答复，你（单位）重复申请公开相同政府信息，"
                             "本机关不予重复处理。", "第三十六条第（六）项"),
    O.NOT_PROCESSED_PUBLICATION: ("你（单位）要求提供政府公报、报刊、书籍等公开出版物，请通过以下途径获取。",
                                  "第三十九条第二款"),
    O.NOT_PROCESSED_EXCESSIVE: ("你（单位）申请公开政府信息的数量、频次明显超过合理范围，且未说明理由或理由不合理，"
                                "本机关不予处理。", "第三十五条"),
    O.NOT_PROCESSED_CONFIRMATION: ("你（单位）要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，"
                                   "本机关不予处理。", "第三十九条"),
    O.OTHER_NO_CORRECTION: ("本机关已于补正告知书中告知你（单位）补正申请，你（单位）无正当理由逾期未补正，"
                            "视为放弃申请，本机关不再处理该政府信息公开申请。", "第三十条"),
    O.OTHER_FEE_UNPAID: ("你（单位）逾期未按收费通知要求缴纳信息处理费，本机关不再处理该政府信息公开申请。",
                         "第四十二条"),
    O.OTHER: ("本机关对你（单位）的申请处理如下。", "第三十三条"),
}


def _correction(case: dict[str, Any]) -> str | None:
    return None if case.get("correction") else "no correction (补正) was asked for"


def _extension(case: dict[str, Any]) -> str | None:
    return None if case.get("extension") else "the reply period was not extended"


def _consultation(case: dict[str, Any]) -> str | None:
    return None if case.get("consultations") else "no third party or organ was consulted"


def _concluded(case: dict[str, Any]) -> str | None:
    return None if case.get("conclusion") else f"the application has not been answered: it is {case['status']}"


CATALOGUE = Catalogue("disclosure", Path(__file__).parent / "templates", [
    Paper("receipt", "政府信息公开申请登记回执", "receipt.docx", lambda case: None),
    Paper("correction-notice", "补正申请告知书", "correction-notice.docx", _correction),
    Paper("extension-notice", "延期答复告知书", "extension-notice.docx", _extension),
    Paper("consultation-letter", "第三方意见征询函", "consultation-letter.docx", _consultation),
    Paper("reply", "政府信息公开申请答复书", "reply.docx", _concluded),
])


def context(case: dict[str, Any], county: County, today: Any) -> dict[str, Any]:
    """What the templates use beside `case`: the issuing government, the outcome's wording and basis."""
    township = county.township(case["township"])
    conclusion = case.get("conclusion")
    wording, basis = OUTCOME_TEXT[Outcome(conclusion["outcome"])] if conclusion else ("", "")
    consultations = case.get("consultations") or []
    return {
        "cn": chinese_date, "today": chinese_date(today), "county": county.name, "township": township.name,
        "issuer": f"{township.name}人民政府", "gis": GIS, "outcome_text": wording, "outcome_basis": basis,
        "consultation": consultations[-1] if consultations else None,
        "answered_on": (conclusion or {}).get("answered_on") or (conclusion or {}).get("closed_on"),
    }


_SIGN = ("sign", "{{ issuer }}（印章）", "{{ today }}")
_REMEDY = ("p", "如对本答复不服，可以自收到本答复之日起六十日内向{{ county }}人民政府申请行政复议，"
                "或者自收到本答复之日起六个月内向人民法院提起行政诉讼。")
WORDING: dict[str, list[tuple[str, ...]]] = {
    "receipt.docx": [
        ("title", "政府信息公开申请登记回执"), ("number", "{{ case.case_number }}"),
        ("to", "{{ case.applicant.name }}："),
        ("p", "本机关于{{ cn(case.received_on) }}通过{{ case.channel_label }}方式收到你（单位）的政府信息公开申请，"
              "申请获取的信息为：{{ case.information_sought }}。"),
        ("p", "本机关将依照{{ gis }}第三十三条，自收到申请之日起二十个工作日内（{{ cn(case.due_on) }}前）予以答复；"
              "需要延长答复期限的，将另行告知，延长的期限最长不超过二十个工作日。"),
        ("p", "查询码：{{ case.query_code or '（见受理窗口）' }}。凭案号和查询码可以查询办理进度。"),
        _SIGN,
    ],
    "correction-notice.docx": [
        ("title", "补正申请告知书"), ("number", "{{ case.case_number }}"), ("to", "{{ case.applicant.name }}："),
        ("p", "本机关于{{ cn(case.received_on) }}收到你（单位）的政府信息公开申请（{{ case.information_sought }}）。"
              "经审查，你（单位）的申请内容不明确，需要补正：{{ case.correction.missing }}。"),
        ("p", "根据{{ gis }}第二十九条、第三十条，请你（单位）于{{ cn(case.correction.correct_by) }}前作出补正。"
              "答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"),
        _SIGN,
    ],
    "extension-notice.docx": [
        ("title", "延期答复告知书"), ("number", "{{ case.case_number }}"), ("to", "{{ case.applicant.name }}："),
        ("p", "本机关于{{ cn(case.received_on) }}收到你（单位）的政府信息公开申请（{{ case.information_sought }}）。"
              "因{{ case.extension.reason }}，不能在规定期限内作出答复。"),
        ("p", "根据{{ gis }}第三十三条第二款，经政府信息公开工作机构负责人同意，本机关将答复期限延长二十个工作日，"
              "于{{ cn(case.extension.extended_due_on) }}前作出答复。"),
        _SIGN,
    ],
    "consultation-letter.docx": [
        ("title", "第三方意见征询函"), ("number", "{{ case.case_number }}"), ("to", "{{ consultation.consultee.name }}："),
        ("p", "本机关于{{ cn(case.received_on) }}收到一份政府信息公开申请，申请获取的信息为：{{ case.information_sought }}。"
              "该信息可能涉及你（单位）的合法权益。"),
        ("p", "根据{{ gis }}第三十二条，现书面征求你（单位）的意见。请于{{ cn(consultation.reply_by) }}前"
              "（自收到本函之日起十五个工作日内）向本机关提出同意或者不同意公开的意见及理由。逾期未提出意见的，"
              "由本机关依照条例的规定决定；第三方不同意公开且有合理理由的，本机关不予公开，但本机关认为不公开可能对公共利益"
              "造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。"),
        ("sign", "{{ issuer }}（印章）", "{{ cn(consultation.consulted_on) }}"),
    ],
    "reply.docx": [
        ("title", "政府信息公开申请答复书"), ("number", "{{ case.case_number }}"), ("to", "{{ case.applicant.name }}："),
        ("p", "本机关于{{ cn(case.received_on) }}收到你（单位）的政府信息公开申请，申请获取的信息为："
              "{{ case.information_sought }}。现答复如下："),
        ("p", "{{ outcome_text }}"),
        ("tag", "{%p if case.conclusion.summary %}"),
        ("p", "{{ case.conclusion.summary }}"),
        ("tag", "{%p endif %}"),
        ("p", "处理结果：{{ case.conclusion.outcome_label }}。依据：{{ gis }}{{ outcome_basis }}。"),
        _REMEDY,
        ("sign", "{{ issuer }}（印章）", "{{ cn(answered_on) }}"),
    ],
}
