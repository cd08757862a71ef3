"""报告: the annual reports previewed as pages, officials' sections edited in place, .docx downloads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from services.console.field_errors import from_problem
from services.console.menu import REPORTS
from services.console.session import Desk, NotYours, SignedIn, require_role
from services.console.templating import render

router = APIRouter(prefix="/t/{township}/reports")
KINDS = {"rule-of-law": "法治政府建设年度报告", "disclosure": "政府信息公开工作年度报告"}
WRITE = ("reporter", "leader")


def _year(request: Request, year: int | None) -> int:
    return year or request.app.state.console.clock.today().year


@router.get("")
async def reports(request: Request, township: Desk, account: SignedIn, kind: str = "rule-of-law",
                  year: int | None = None) -> Response:
    require_role(account, *REPORTS)
    if kind not in KINDS:
        raise NotYours()
    year = _year(request, year)
    backend = request.app.state.console.backend
    base = f"/v1/townships/{township}/reports/{kind}/{year}"
    preview = await backend.call(account, "reporting", "GET", base, params={"format": "html"})
    sections = None
    if kind == "rule-of-law":
        narratives = await backend.get(account, "reporting", f"{base}/narratives")
        sections = narratives.body["items"] if narratives.ok else []
    body = preview.body.decode() if preview.ok and isinstance(preview.body, bytes) else ""
    return render(request, "reports/report.html", title=KINDS[kind], kind=kind, kinds=KINDS, year=year,
                  preview=Markup(_inner(body)), sections=sections, can_write=account.has_role(*WRITE),
                  error=None if preview.ok else "报告暂时无法生成。")


def _inner(html: str) -> str:
    """The report's <body> (the service renders a whole document; its markup is the service's own, escaped there)."""
    start, end = html.find("<body"), html.rfind("</body>")
    if start == -1 or end == -1:
        return html
    return html[html.find(">", start) + 1:end]


@router.get("/{kind}/{year}.docx")
async def download(request: Request, township: Desk, account: SignedIn, kind: str, year: int) -> Response:
    require_role(account, *REPORTS)
    if kind not in KINDS:
        raise NotYours()
    answer = await request.app.state.console.backend.call(
        account, "reporting", "GET", f"/v1/townships/{township}/reports/{kind}/{year}", params={"format": "docx"})
    if not answer.ok:
        return render(request, "error.html", status_code=answer.status, title="无法下载", message="报告暂时无法生成。")
    return Response(answer.body, media_type=answer.headers["content-type"], headers={
        "Content-Disposition": f'attachment; filename="{kind}-{township}-{year}.docx"'})


@router.post("/rule-of-law/{year}/sections/{section}")
async def edit_section(request: Request, township: Desk, account: SignedIn, year: int, section: str,
                       text: Annotated[str, Form()] = "", version: Annotated[str, Form()] = "") -> Response:
    require_role(account, *WRITE)
    answer = await request.app.state.console.backend.call(
        account, "reporting", "PUT", f"/v1/townships/{township}/reports/rule-of-law/{year}/narratives/{section}",
        json={"text": text}, headers={"If-Match": version} if version and version != "0" else None)
    if answer.ok:
        return RedirectResponse(f"/t/{township}/reports?kind=rule-of-law&year={year}&done=已保存#section-{section}",
                                status_code=303)
    errors = from_problem(answer.body, {"text": "text"}, answer.status)
    return render(request, "error.html", status_code=answer.status, title="未能保存",
                  message="；".join([*errors.general, *errors.by_field.values()]))
