"""Attachments over HTTP on SQLite and PostgreSQL: type by content, size limit, township scope, history."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import UTC, datetime

import pytest

from fazhi.clock import FixedClock
from services.templates_build import build
from tests.integration.test_case_documents import APPLICATION, PETITION
from tests.integration.test_mediation_api import BASE as DISPUTES
from tests.integration.test_mediation_api import dispute_body

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def ofd() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>')
        z.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return out.getvalue()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 2, tzinfo=UTC))


SERVICES = {  # service → (cases path, desk role, registration body)
    "mediation": (DISPUTES, "mediation_officer", dispute_body()),
    "disclosure": ("/v1/townships/houtai/requests", "disclosure_officer", APPLICATION),
    "petition": ("/v1/townships/houtai/petitions", "petition_officer", PETITION),
}


def history(api, base: str, id: str, reader: dict) -> list[dict]:
    """The case's events: through its history route, or from the store where the desk has none (disclosure)."""
    listed = api.client.get(f"{base}/{id}/events", headers=reader)
    if listed.status_code == 200:
        return listed.json()["items"]
    stored = api.client.portal.call(api.client.app.state.runtime.store.read_stream, id)
    return [{"type": e.type, "data": e.data, "actor": e.metadata.get("actor")} for e in stored]


def upload(api, url: str, headers: dict, name: str, content: bytes, declared: str = "application/pdf", **form: str):
    return api.client.post(url, files={"file": (name, content, declared)}, data=form, headers=headers)


@pytest.mark.parametrize("service", SERVICES)
def test_a_scan_is_attached_listed_served_and_recorded_in_the_case_history(api_for, clock, service: str):
    base, role, body = SERVICES[service]
    api = api_for(service, clock=clock)
    desk = api.headers("houtai", roles=(role,))
    case = api.client.post(base, json=body, headers=desk).json()
    url = f"{base}/{case['id']}/attachments"
    sent = upload(api, url, desk, "签字协议（扫描）.pdf", PDF, "application/octet-stream", kind="signed_agreement",
                  note="双方签字")
    assert sent.status_code == 201, sent.text
    attached = sent.json()
    assert attached["media_type"] == "application/pdf" and attached["size"] == len(PDF)
    assert attached["sha256"] == hashlib.sha256(PDF).hexdigest() and attached["kind_label"] == "签字盖章的调解协议书"
    assert sent.headers["Location"] == attached["href"] == f"{url}/{attached['attachment_id']}"
    for name, content, media in (("photo.jpg", JPEG, "image/jpeg"), ("map.png", PNG, "image/png"),
                                 ("reply.ofd", ofd(), "application/ofd"),
                                 ("notice.docx", build([("p", "回执")]), "application/vnd.openxmlformats-officedocument"
                                  ".wordprocessingml.document")):
        answer = upload(api, url, desk, name, content, "text/plain", kind="evidence")
        assert (answer.status_code, answer.json()["media_type"]) == (201, media), answer.text

    reader = api.headers("houtai", roles=("leader",))
    items = api.client.get(url, headers=reader).json()["items"]
    assert [i["file_name"] for i in items] == ["签字协议（扫描）.pdf", "photo.jpg", "map.png", "reply.ofd", "notice.docx"]
    got = api.client.get(attached["href"], headers=reader)
    assert (got.status_code, got.content, got.headers["content-type"]) == (200, PDF, "application/pdf")
    assert "filename*=UTF-8''" in got.headers["content-disposition"]
    assert [a["attachment_id"] for a in api.client.get(f"{base}/{case['id']}", headers=reader).json()["attachments"]
            ] == [i["attachment_id"] for i in items]

    added = [e for e in history(api, base, case["id"], reader) if e["type"].endswith(".attachment_added")]
    assert len(added) == 5 and added[0]["actor"] == "tester"
    assert {k: added[0]["data"][k] for k in ("attachment_id", "file_name", "media_type", "size", "sha256")} == {
        "attachment_id": attached["attachment_id"], "file_name": "签字协议（扫描）.pdf", "media_type": "application/pdf",
        "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}
    assert "content" not in added[0]["data"]


def test_a_fake_pdf_is_refused_by_its_content_and_nothing_is_recorded(api_for, clock):
    api = api_for("mediation", clock=clock)
    desk = api.headers("houtai", roles=("mediation_officer",))
    case = api.client.post(DISPUTES, json=dispute_body(), headers=desk).json()
    url = f"{DISPUTES}/{case['id']}/attachments"
    for content in (b"MZ\x90\x00 this is a program, not a PDF", b"PK\x03\x04 not really a zip", b"<html>%PDF-</html>"):
        refused = upload(api, url, desk, "agreement.pdf", content, "application/pdf")
        problem = refused.json()
        assert (refused.status_code, problem["field"]) == (415, "file"), refused.text
        assert "PDF、JPEG、PNG、OFD、.docx" in problem["detail"]
    empty = upload(api, url, desk, "empty.pdf", b"")
    assert (empty.status_code, empty.json()["field"]) == (422, "file")
    assert api.client.get(url, headers=desk).json()["items"] == []
    assert api.client.get(f"{DISPUTES}/{case['id']}", headers=desk).json()["version"] == case["version"]


def test_a_file_over_the_limit_is_refused_with_413_naming_the_limit(api_for, clock):
    api = api_for("mediation", clock=clock, attachment_max_bytes=1024)
    desk = api.headers("houtai", roles=("mediation_officer",))
    case = api.client.post(DISPUTES, json=dispute_body(), headers=desk).json()
    url = f"{DISPUTES}/{case['id']}/attachments"
    just = upload(api, url, desk, "ok.pdf", PDF + b"\n" * (1024 - len(PDF)))
    assert just.status_code == 201, just.text
    big = upload(api, url, desk, "big.pdf", PDF + b"\n" * 1025)
    problem = big.json()
    assert (big.status_code, big.headers["content-type"], problem["field"]) == (413, "application/problem+json", "file")
    assert "1024 bytes" in problem["detail"]
    huge = upload(api, url, desk, "huge.pdf", PDF + b"\n" * 200_000)  # refused on its Content-Length
    assert (huge.status_code, huge.headers["content-type"]) == (413, "application/problem+json")
    assert "1024 bytes" in huge.json()["detail"]

    def chunked():  # no Content-Length: refused once the bytes received pass the limit
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="s.pdf"\r\n\r\n' + PDF
        for _ in range(100):
            yield b"\n" * 10_000
        yield b"\r\n--b--\r\n"

    streamed = api.client.post(url, content=chunked(), headers={**desk, "Content-Type": "multipart/form-data; boundary=b"})
    assert (streamed.status_code, streamed.headers["content-type"]) == (413, "application/problem+json")
    assert len(api.client.get(url, headers=desk).json()["items"]) == 1


def test_another_townships_case_and_its_attachments_are_not_found(api_for, clock):
    api = api_for("mediation", clock=clock)
    desk = api.headers("houtai", roles=("mediation_officer",))
    case = api.client.post(DISPUTES, json=dispute_body(), headers=desk).json()
    href = upload(api, f"{DISPUTES}/{case['id']}/attachments", desk, "a.pdf", PDF).json()["href"]
    other = api.headers("zhoutang", roles=("mediation_officer",))
    theirs = f"/v1/townships/zhoutang/disputes/{case['id']}/attachments"
    assert api.client.get(theirs, headers=other).status_code == 404
    assert api.client.get(f"{theirs}/{href.rsplit('/', 1)[1]}", headers=other).status_code == 404
    assert upload(api, theirs, other, "b.pdf", PDF).status_code == 404
    assert api.client.get(href, headers=other).status_code == 403  # their token does not cover houtai
    second = api.client.post(DISPUTES, json=dispute_body(), headers=desk).json()
    wrong_case = f"{DISPUTES}/{second['id']}/attachments/{href.rsplit('/', 1)[1]}"
    assert api.client.get(wrong_case, headers=desk).status_code == 404  # an attachment of another case
    assert api.client.get(href, headers=api.headers(roles=("county_supervisor",), county=True)).status_code == 200


def test_only_the_desk_attaches_and_the_migrations_have_one_head(api_for, clock):
    from alembic.script import ScriptDirectory

    from fazhi.store.migrate import alembic_config

    api = api_for("mediation", clock=clock)
    case = api.client.post(DISPUTES, json=dispute_body(), headers=api.headers("houtai", roles=("mediator",))).json()
    leader = upload(api, f"{DISPUTES}/{case['id']}/attachments", api.headers("houtai", roles=("leader",)), "a.pdf", PDF)
    assert leader.status_code == 403
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1
