"""A small OpenID provider served over real HTTP, whose ID tokens the test controls.

It answers discovery, its key set, the token endpoint (client secret and PKCE S256 checked)
and names an end-session endpoint. The authorization step is the test's: it reads the
state, nonce and code challenge from the playground's redirect and hands out a code with
`grant`, then the ID token is signed with the provider's RSA key (or as the test says).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI, Form, Header
from fastapi.responses import JSONResponse
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.client import TestClient
from tests.served import served

CLIENT_ID = "playground"
CLIENT_SECRET = "provider-client-secret-0123456789"
KEY_ID = "test-key"


@dataclass
class Grant:
    """What the playground asked for in one authorization request, and the token to answer."""

    challenge: str
    nonce: str
    redirect_uri: str
    claims: dict[str, Any]
    key: RSAKey | None = None  # None: the provider's own key
    tamper: bool = False


@dataclass
class Provider:
    """The provider's state: its key, the codes it handed out and what it was sent."""

    key: RSAKey
    issuer: str = ""
    client_secret: str = CLIENT_SECRET
    grants: dict[str, Grant] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    secrets_seen: list[str] = field(default_factory=list)

    def grant(
        self, authorize_url: str, claims: dict[str, Any], *, key: RSAKey | None = None,
        tamper: bool = False,
    ) -> dict[str, str]:  # fmt: skip
        """Approve an authorization request: its code and state, as the callback's query."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(
            challenge=query["code_challenge"],
            nonce=query["nonce"],
            redirect_uri=query["redirect_uri"],
            claims=claims,
            key=key,
            tamper=tamper,
        )
        return {"code": code, "state": query["state"]}

    def id_token(self, grant: Grant) -> str:
        """The signed ID token: standard claims, then the test's (which may override them)."""
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": "subject-1",
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
        } | grant.claims
        header = {"alg": "RS256", "kid": KEY_ID}
        token = jwt.encode(header, claims, grant.key or self.key)
        if not grant.tamper:
            return token
        # Someone changed the claims after signing: make the user an admin.
        head, _payload, signature = token.split(".")
        forged = json.dumps(claims | {"groups": ["playground-admins"]}).encode()
        payload = base64.urlsafe_b64encode(forged).rstrip(b"=").decode()
        return f"{head}.{payload}.{signature}"


def _verifier_matches(verifier: str, challenge: str) -> bool:
    """PKCE S256: the challenge is the verifier's SHA-256, base64url without padding."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge


def provider_app(provider: Provider) -> FastAPI:
    """The provider's HTTP endpoints."""
    app = FastAPI()

    @app.get("/.well-known/openid-configuration")
    def discovery() -> dict[str, Any]:
        base = provider.issuer
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "jwks_uri": f"{base}/jwks",
            "end_session_endpoint": f"{base}/session/end",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    @app.get("/jwks")
    def jwks() -> dict[str, Any]:
        public = provider.key.as_dict(private=False)
        return {"keys": [public | {"kid": KEY_ID, "use": "sig", "alg": "RS256"}]}

    @app.post("/token", response_model=None)
    def token(
        grant_type: str = Form(),
        code: str = Form(),
        redirect_uri: str = Form(),
        code_verifier: str = Form(""),
        authorization: str = Header(""),
    ) -> dict[str, Any] | JSONResponse:
        credentials = base64.b64decode(authorization.removeprefix("Basic ")).decode()
        provider.secrets_seen.append(credentials.partition(":")[2])
        provider.token_requests.append({"code_verifier": code_verifier})
        grant = provider.grants.pop(code, None)
        if (
            grant is None
            or grant_type != "authorization_code"
            or credentials != f"{CLIENT_ID}:{provider.client_secret}"
            or redirect_uri != grant.redirect_uri
            or not _verifier_matches(code_verifier, grant.challenge)
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        return {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": provider.id_token(grant),
        }

    return app


def new_key() -> RSAKey:
    """A fresh RSA signing key."""
    return RSAKey.generate_key(2048)


def oidc_settings(provider: Provider, **extra: Any) -> dict[str, Any]:
    """Settings overrides for OpenID Connect mode against `provider`, plus `extra`."""
    return {
        "auth_mode": "oidc",
        "oidc_issuer": provider.issuer,
        "oidc_client_id": CLIENT_ID,
        "oidc_client_secret": CLIENT_SECRET,
        **extra,
    }


def serve_provider(client_secret: str = CLIENT_SECRET) -> Iterator[Provider]:
    """Run a provider on a free port until the generator is closed."""
    provider = Provider(key=new_key(), client_secret=client_secret)
    with served(provider_app(provider)) as url:
        provider.issuer = url
        yield provider


def start_sign_in(client: TestClient, next: str = "/") -> str:
    """Open the playground's sign-in: the provider's authorization URL it redirects to."""
    response = client.get("/oidc/login", params={"next": next})
    assert response.status_code == 302, response.text
    location: str = response.headers["location"]
    return location


def sign_in(client: TestClient, provider: Provider, claims: dict[str, Any]) -> Any:
    """A whole sign-in: to the provider, approved with these claims, back to the callback."""
    query = provider.grant(start_sign_in(client), claims)
    return client.get("/oidc/callback", params=query)
