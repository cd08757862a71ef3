"""deploy/ checked against the code: settings, ports, probe paths and image names cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from fazhi.bus import SERVICES
from fazhi.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
FIELDS = {f"FAZHI_{name.upper()}" for name in Settings.model_fields}
OPERATOR_MADE = {"./jwks.json"}  # written by `fazhi jwks` (deploy/README.md), never committed
# Secrets every replica of a service must share, set by the operator: never a default, never committed.
OPERATOR_SECRETS = {"petition": {"FAZHI_PERSON_KEY"}}


ALL_OPERATOR_SECRETS = set().union(*OPERATOR_SECRETS.values())


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose" / "compose.yaml").read_text())


def k8s_documents(folder: Path) -> list[dict]:
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    documents = []
    for resource in kustomization["resources"]:
        documents += [d for d in yaml.safe_load_all((folder / resource).read_text()) if d]
    return documents


def routes_of(service: str) -> set[str]:
    from importlib import import_module

    app = import_module(f"services.{service}.app").build(Settings(service=service))
    return set(app.openapi()["paths"])


@pytest.mark.parametrize("service", SERVICES)
def test_compose_runs_each_service_with_real_settings_and_probes(service):
    spec = compose()["services"][service]
    env = spec["environment"]
    assert set(env) <= FIELDS, f"unknown settings: {set(env) - FIELDS}"
    assert env["FAZHI_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert env["FAZHI_DATABASE_URL"].rsplit("/", 1)[1] == service
    assert len(env["FAZHI_NATS_URLS"].split(",")) == 3 and env["FAZHI_STREAM_REPLICAS"] == "3"
    assert int(env["FAZHI_PORT"]) == Settings().port_of(service)
    assert {name for name in env if name in ALL_OPERATOR_SECRETS} == OPERATOR_SECRETS.get(service, set())
    for name in OPERATOR_SECRETS.get(service, ()):
        assert env[name].startswith(f"${{{name}:?"), f"{name} must come from the operator, or compose refuse to start"
    assert spec["command"] == [service] and spec["deploy"]["replicas"] >= 2
    probe = " ".join(spec["healthcheck"]["test"])
    assert "/readyz" in probe and "/readyz" in routes_of(service)
    init = (DEPLOY / "compose" / "postgres-init.sql").read_text()
    assert f"CREATE DATABASE {service} " in init


def test_compose_nats_nodes_form_one_jetstream_cluster():
    services = compose()["services"]
    nodes = [name for name in services if name.startswith("nats-")]
    assert len(nodes) == 3
    for node in nodes:
        args = services[node]["command"]
        routes = args[args.index("--routes") + 1]
        assert "-js" in args and args[args.index("--cluster_name") + 1] == "fazhi"
        assert sorted(routes.split(",")) == sorted(f"nats://{n}:6222" for n in nodes if n != node)


def test_compose_mounts_only_files_that_exist():
    for name, spec in compose()["services"].items():
        for volume in spec.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith(".") and source not in OPERATOR_MADE:
                assert (DEPLOY / "compose" / source).resolve().exists(), f"{name} mounts missing {source}"


@pytest.mark.parametrize("service", SERVICES)
def test_kubernetes_deployment_matches_the_service(service):
    documents = k8s_documents(DEPLOY / "k8s" / "base")
    [deployment] = [d for d in documents if d["kind"] == "Deployment" and d["metadata"]["name"] == service]
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    port = Settings().port_of(service)
    assert container["args"] == [service] and container["image"] == "fazhi"
    assert container["ports"][0]["containerPort"] == port
    env = {e["name"]: e for e in container["env"]}
    assert set(env) <= FIELDS and env["FAZHI_PORT"]["value"] == str(port)
    assert env["FAZHI_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["key"] == service
    assert {name for name in env if name in ALL_OPERATOR_SECRETS} == OPERATOR_SECRETS.get(service, set())
    secrets = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Secret"}
    for name in OPERATOR_SECRETS.get(service, ()):
        ref = env[name]["valueFrom"]["secretKeyRef"]
        assert ref["key"] in secrets[ref["name"]]["stringData"], f"{name}: no {ref['name']}/{ref['key']} in the base"
    routes = routes_of(service)
    assert container["readinessProbe"]["httpGet"]["path"] in routes
    assert container["livenessProbe"]["httpGet"]["path"] in routes
    [svc] = [d for d in documents if d["kind"] == "Service" and d["metadata"]["name"] == service]
    assert svc["spec"]["ports"][0]["port"] == port


def test_kubernetes_config_and_secret_hold_only_real_settings():
    documents = k8s_documents(DEPLOY / "k8s" / "base")
    [config] = [d for d in documents if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "fazhi-config"]
    assert set(config["data"]) <= FIELDS
    secrets = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Secret"}
    assert set(secrets) == {"fazhi-databases", "fazhi-person-key"}
    assert set(secrets["fazhi-databases"]["stringData"]) == set(SERVICES)
    with pytest.raises(ValueError, match="FAZHI_PERSON_KEY"):  # the placeholder cannot go live by mistake
        Settings(person_key=secrets["fazhi-person-key"]["stringData"]["key"])
    images = yaml.safe_load((DEPLOY / "k8s" / "base" / "kustomization.yaml").read_text())["images"]
    assert images[0]["name"] == "fazhi" and compose()["services"]["mediation"]["image"].startswith("fazhi:")


@pytest.mark.parametrize("overlay", ["county", "staging"])
def test_overlays_build_on_the_base_and_patch_real_deployments(overlay):
    folder = DEPLOY / "k8s" / "overlays" / overlay
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    assert kustomization["resources"] == ["../../base"]
    deployments = {d["metadata"]["name"] for d in k8s_documents(DEPLOY / "k8s" / "base") if d["kind"] == "Deployment"}
    for patch in kustomization.get("patches", []):
        name = patch["target"].get("name")
        assert name is None or name in deployments


def gateway_routes() -> list[tuple[re.Pattern[str], str]]:
    conf = (DEPLOY / "compose" / "nginx.conf").read_text()
    return [(re.compile(pattern), service)
            for pattern, service in re.findall(r"location ~ (\S+) \{[^}]*?proxy_pass http://(\w+):\d+;", conf)]


@pytest.mark.parametrize("service", SERVICES)
def test_the_gateway_sends_every_resource_path_to_the_service_that_serves_it(service):
    routes = gateway_routes()
    everywhere = set.intersection(*(routes_of(s) for s in SERVICES))  # reference data: each service's own
    for path in routes_of(service):
        if not path.startswith("/v1/") or path.startswith(("/v1/admin/", "/v1/audit/")) or path in everywhere:
            continue  # operations, audit and reference routes are reached per service, under /_/<service>/
        concrete = re.sub(r"\{[^}]+\}", "x", path)
        targets = [s for pattern, s in routes if pattern.search(concrete)]
        assert targets[:1] == [service], f"{path} goes to {targets or 'nowhere'}"
