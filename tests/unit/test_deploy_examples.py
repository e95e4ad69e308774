"""The deployment examples parse, and what they name exists: files, settings, routes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from playground.settings import Settings
from playground.web.routers.health import router as health

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SETTING = re.compile(r"PLAYGROUND_([A-Z0-9_]+)")


def settings_named(text: str) -> set[str]:
    """The PLAYGROUND_* names in a text, as Settings field names."""
    return {name.lower() for name in SETTING.findall(text)}


def test_the_compose_file_builds_this_repository_with_real_settings() -> None:
    compose: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"oauth2-proxy", "playground", "postgres"}
    build = services["playground"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == ROOT / "Dockerfile"
    env = services["playground"]["environment"]
    assert settings_named(" ".join(env)) <= set(Settings.model_fields)
    assert env["PLAYGROUND_AUTH_MODE"] == "proxy"
    # Only the proxy names users: its fixed address is the one the playground trusts.
    proxy_address = services["oauth2-proxy"]["networks"]["team"]["ipv4_address"]
    assert env["PLAYGROUND_TRUSTED_PROXIES"] == proxy_address
    assert "ports" not in services["playground"]  # reachable through the proxy only
    assert "--upstream=http://playground:8000" in services["oauth2-proxy"]["command"]
    # Every ${VARIABLE} the file uses is in the example environment file.
    used = set(re.findall(r"\$\{(\w+)\}", (DEPLOY / "compose.yaml").read_text()))
    listed = set(re.findall(r"^(\w+)=", (DEPLOY / "example.env").read_text(), re.M))
    assert used <= listed, used - listed


def test_the_kubernetes_manifest_probes_the_health_routes_and_mounts_a_volume() -> None:
    documents = list(yaml.safe_load_all((DEPLOY / "kubernetes.yaml").read_text()))
    kinds = {doc["kind"]: doc for doc in documents}
    assert set(kinds) == {"Deployment", "Service"}
    pod = kinds["Deployment"]["spec"]["template"]["spec"]
    [container] = pod["containers"]
    routes = {route.path for route in health.routes}  # type: ignore[attr-defined]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz" in routes
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz" in routes
    names = {entry["name"] for entry in container["env"]}
    assert settings_named(" ".join(names)) <= set(Settings.model_fields)
    mounted = {mount["name"] for mount in container["volumeMounts"]}
    assert mounted <= {volume["name"] for volume in pod["volumes"]}
    port = container["ports"][0]["name"]
    assert kinds["Service"]["spec"]["ports"][0]["targetPort"] == port
    assert pod["securityContext"]["runAsNonRoot"] is True
