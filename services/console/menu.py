"""The left menu, by desk (RuoYi-style): only the desks the account's roles open."""

from __future__ import annotations

from typing import Any

from services.console.accounts import Account

MEDIATION = ("mediator", "mediation_officer", "leader", "county_supervisor")
DISCLOSURE = ("disclosure_officer", "leader", "county_supervisor")
PETITION = ("petition_officer", "leader", "county_supervisor")
ALERTS = ("alert_subscriber", "leader", "county_supervisor")
REPORTS = ("reporter", "leader", "county_supervisor")


def menu_for(account: Account, township: str | None) -> list[dict[str, Any]]:
    """Sections with their links; township pages only once a township is chosen."""
    sections: list[dict[str, Any]] = []
    if township:
        base = f"/t/{township}"
        sections.append({"title": "首页", "links": [("工作台首页", f"{base}/")]})
        if account.has_role(*MEDIATION):
            sections.append({"title": "矛盾纠纷", "links": [
                ("纠纷台账", f"{base}/disputes"), ("登记纠纷", f"{base}/disputes/new"),
                ("月度排查", f"{base}/screenings")]})
        if account.has_role(*DISCLOSURE):
            sections.append({"title": "政府信息公开", "links": [
                ("依申请公开", f"{base}/requests"), ("登记申请", f"{base}/requests/new"), ("主动公开目录", f"/public/{township}")]})
        if account.has_role(*PETITION):
            sections.append({"title": "信访", "links": [("信访件", f"{base}/petitions"), ("登记信访", f"{base}/petitions/new")]})
        if account.has_role(*REPORTS):
            sections.append({"title": "报告", "links": [("年度报告", f"{base}/reports")]})
        if account.has_role(*ALERTS):
            sections.append({"title": "预警", "links": [("预警列表", f"{base}/alerts"), ("预警设置", f"{base}/alert-settings")]})
    if account.has_role("admin"):
        sections.append({"title": "管理", "links": [("用户和角色", "/admin/users"), ("乡镇和村", "/admin/county"), ("死信", "/admin/dead-letters")]})
    return sections
