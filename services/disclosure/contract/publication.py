"""Events of a publication (主动公开 item) and the enums they carry."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from fazhi.events import DomainEvent
from fazhi.pii import PersonalText


class Category(StrEnum):
    """What an item is about; the first seven are the ones a township must publish proactively (GIS Art. 21)."""

    AGRICULTURAL_POLICY = "agricultural_policy"  # 贯彻落实农业农村政策措施
    FARMLAND_WATER = "farmland_water"  # 农田水利工程建设运营
    LAND_CONTRACT_TRANSFER = "land_contract_transfer"  # 农村土地承包经营权流转
    HOMESTEAD_APPROVAL = "homestead_approval"  # 宅基地使用情况审核
    EXPROPRIATION = "expropriation"  # 土地征收、房屋征收
    FUND_LABOUR_RAISING = "fund_labour_raising"  # 筹资筹劳
    SOCIAL_ASSISTANCE = "social_assistance"  # 社会救助
    ORGANIZATION = "organization"  # 机构职能
    REGULATORY_DOCUMENT = "regulatory_document"  # 行政规范性文件
    BUDGET_FINAL_ACCOUNTS = "budget_final_accounts"  # 财政预决算
    PLANNING = "planning"  # 规划计划
    ADMINISTRATIVE_ENFORCEMENT = "administrative_enforcement"  # 行政许可、处罚、强制
    EMERGENCY = "emergency"  # 突发公共事件应急
    OTHER = "other"


MANDATORY_CATEGORIES = frozenset(list(Category)[:7])


class Channel(StrEnum):
    """Where an item is published."""

    WEBSITE = "website"  # 政府网站
    WECHAT = "wechat"  # 政务微信公众号
    NOTICE_BOARD = "notice_board"  # 政务公开栏


class RefusalGround(StrEnum):
    """Why a confidentiality review (保密审查) refuses publication."""

    STATE_SECRET = "state_secret"  # 国家秘密
    PERSONAL_PRIVACY = "personal_privacy"  # 个人隐私
    COMMERCIAL_SECRET = "commercial_secret"  # 商业秘密
    PROCESS_INFORMATION = "process_information"  # 过程性信息
    OTHER_LAW = "other_law"  # 其他法律、行政法规禁止公开


class Attachment(BaseModel):
    """A file kept elsewhere (document system, scan), referred to by its reference."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reference: str
    name: PersonalText | None = None  # a file name: may name a person or hold a number


class _Content(DomainEvent):
    """What one revision says; `formed_on` is when the information was formed or changed."""

    revision: int
    title: PersonalText
    body: PersonalText | None
    attachment: Attachment | None
    category: Category
    formed_on: date


class PublicationDrafted(_Content):
    type = "disclosure.publication.drafted"
    drafted_at: datetime


class PublicationRevised(_Content):
    type = "disclosure.publication.revised"


class ReviewSubmitted(DomainEvent):
    type = "disclosure.publication.review_submitted"
    revision: int
    submitted_on: date


class ReviewApproved(DomainEvent):
    type = "disclosure.publication.review_approved"
    revision: int
    reviewer: str
    comment: PersonalText | None
    approved_on: date


class ReviewRefused(DomainEvent):
    type = "disclosure.publication.review_refused"
    revision: int
    reviewer: str
    grounds: list[RefusalGround]
    comment: PersonalText | None
    refused_on: date


class PublicationPublished(DomainEvent):
    """Title and category ride along so consumers can count table 二 without the body."""

    type = "disclosure.publication.published"
    revision: int
    channels: list[Channel]
    title: PersonalText
    category: Category
    formed_on: date
    published_at: datetime


class PublicationWithdrawn(DomainEvent):
    type = "disclosure.publication.withdrawn"
    revision: int
    reason: PersonalText
    withdrawn_at: datetime


# 字典 of this module's codes.
LABELS: dict[type[StrEnum], dict[StrEnum, str]] = {
    Category: {
        Category.AGRICULTURAL_POLICY: "贯彻落实农业农村政策措施", Category.FARMLAND_WATER: "农田水利工程建设运营",
        Category.LAND_CONTRACT_TRANSFER: "农村土地承包经营权流转", Category.HOMESTEAD_APPROVAL: "宅基地使用情况审核",
        Category.EXPROPRIATION: "土地征收、房屋征收", Category.FUND_LABOUR_RAISING: "筹资筹劳",
        Category.SOCIAL_ASSISTANCE: "社会救助", Category.ORGANIZATION: "机构职能",
        Category.REGULATORY_DOCUMENT: "行政规范性文件", Category.BUDGET_FINAL_ACCOUNTS: "财政预决算",
        Category.PLANNING: "规划计划", Category.ADMINISTRATIVE_ENFORCEMENT: "行政许可、处罚、强制",
        Category.EMERGENCY: "突发公共事件应急", Category.OTHER: "其他",
    },
    Channel: {Channel.WEBSITE: "政府网站", Channel.WECHAT: "政务微信公众号", Channel.NOTICE_BOARD: "政务公开栏"},
    RefusalGround: {
        RefusalGround.STATE_SECRET: "国家秘密", RefusalGround.PERSONAL_PRIVACY: "个人隐私",
        RefusalGround.COMMERCIAL_SECRET: "商业秘密", RefusalGround.PROCESS_INFORMATION: "过程性信息",
        RefusalGround.OTHER_LAW: "其他法律、行政法规禁止公开",
    },
}
