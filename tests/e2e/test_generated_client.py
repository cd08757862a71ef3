"""A typed Python client generated from each service's OpenAPI drives the service, as an integrator would.

`openapi-python-client` turns `/openapi.json` into a package of attrs models and one function
per operationId; the dispute round trip runs against a real `fazhi serve mediation` process.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from fazhi.auth import issue_token, load_or_create_signing_key
from fazhi.settings import Settings
from services.mediation.api.examples import EXAMPLES

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


def generate(spec: str, name: str, where: Path) -> ModuleType:
    """The client package generated from `spec` (OpenAPI JSON), imported as `name`."""
    (where / f"{name}.json").write_text(spec, encoding="utf-8")
    (where / "config.yaml").write_text(f"package_name_override: {name}\npost_hooks: []\n", encoding="utf-8")
    done = subprocess.run([str(GENERATOR), "generate", "--path", str(where / f"{name}.json"), "--meta", "none",
                           "--output-path", str(where / name), "--config", str(where / "config.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Unable to parse" not in done.stdout and "will not be generated" not in done.stdout, done.stdout
    sys.path.insert(0, str(where))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(where))


def _call(client_module: ModuleType, operation: str) -> Any:
    tag, function = operation.split(".")
    return importlib.import_module(f"{client_module.__name__}.api.{tag}.{function}")


def test_a_generated_client_round_trips_a_dispute_against_the_real_process(start_service, service_env, tmp_path):
    service = start_service("mediation")
    spec = httpx.get(f"{service.url}/openapi.json", timeout=10).text  # the document the process serves
    api = generate(spec, "fazhi_mediation_client", tmp_path)
    models = importlib.import_module(f"{api.__name__}.models")
    key = load_or_create_signing_key(Path(service_env["FAZHI_DATA_DIR"]) / "keys" / "signing-key.json")
    token = issue_token(key, subject="integrator", townships=["houtai"], roles=["mediation_officer"])
    client = api.AuthenticatedClient(base_url=service.url, token=token, raise_on_unexpected_status=True)

    body = models.RegisterDispute.from_dict({**EXAMPLES["registerDispute"], "village": "v01"})
    created = _call(api, "disputes.register_dispute").sync_detailed("houtai", client=client, body=body)
    assert created.status_code == 201, created.content
    dispute = created.parsed
    assert isinstance(dispute, models.DisputeBody)
    assert created.headers["Location"] == f"/v1/townships/houtai/disputes/{dispute.id}"
    assert (dispute.category, dispute.category_label) == (models.Category.LABOUR_WAGES, "劳动争议、欠薪")
    assert dispute.status is models.DisputeStatus.REGISTERED and dispute.status_label == "已登记"
    assert isinstance(dispute.registered_on, date) and dispute.parties[0].name == "张三"

    fetched = _call(api, "disputes.get_dispute").sync("houtai", dispute.id, client=client)
    assert isinstance(fetched, models.DisputeBody) and fetched.id == dispute.id
    assert fetched.version == dispute.version

    accepted = _call(api, "dispute_lifecycle.accept_dispute").sync(
        "houtai", dispute.id, client=client, if_match=f'"{fetched.version}"')
    assert isinstance(accepted, models.DisputeBody)
    assert (accepted.status, accepted.status_label) == (models.DisputeStatus.ACCEPTED, "已受理")
    assert accepted.version > fetched.version and isinstance(accepted.deadlines.conclude_by, date)

    history = _call(api, "disputes.dispute_history").sync("houtai", dispute.id, client=client)
    assert [e.type_ for e in history.items][:1] == ["mediation.dispute.registered"]
    assert all(e.occurred_at.utcoffset() == timedelta(hours=8) for e in history.items)  # the county's time

    stale = _call(api, "dispute_lifecycle.accept_dispute").sync(
        "houtai", dispute.id, client=client, if_match=f'"{fetched.version}"')
    assert isinstance(stale, models.Problem) and stale.status == 412 and stale.title == "版本已变化"
    english = client.with_headers({"Accept-Language": "en"})
    missing = _call(api, "disputes.get_dispute").sync("houtai", "no-such-dispute", client=english)
    assert isinstance(missing, models.Problem) and (missing.status, missing.title) == (404, "Not found")


@pytest.mark.parametrize(("service", "model"), [("disclosure", "RequestBody"), ("petition", "PetitionBody"),
                                                ("reporting", "AlertBody")])
def test_every_service_yields_a_typed_client(service: str, model: str, tmp_path: Path) -> None:
    app = __import__(f"services.{service}.app", fromlist=["build"]).build(Settings(service=service))
    api = generate(httpx.Response(200, json=app.openapi()).text, f"fazhi_{service}_client", tmp_path)
    models = importlib.import_module(f"{api.__name__}.models")
    assert hasattr(models, model) and hasattr(models, "Problem")
    client = api.Client(base_url="http://testserver").set_httpx_client(TestClient(app))  # no lifespan needed
    dictionary = _call(api, "reference.get_dictionary").sync(client=client)
    assert isinstance(dictionary, models.DictionaryBody)
    assert {"code": "admin", "label": "系统管理员"} in [e.to_dict() for e in dictionary.dictionaries["role"]]
