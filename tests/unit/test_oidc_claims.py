"""Which ID token claims name a user and make an admin (PLAYGROUND_OIDC_* settings)."""

from __future__ import annotations

from playground.services.oidc_accounts import (
    ClaimRules,
    is_admin_by_claim,
    subject_of,
    username_of,
)

RULES = ClaimRules(username_claim="preferred_username", admin_claim="groups", admin_group="ops")


def test_the_user_name_comes_from_the_configured_claim_then_the_verified_email() -> None:
    both = {"preferred_username": " ada ", "email": "ada@example.test"}
    assert username_of(both, RULES) == "ada"
    verified = {"preferred_username": "", "email": "ada@example.test", "email_verified": True}
    assert username_of(verified, RULES) == "ada@example.test"
    assert username_of(verified | {"email_verified": "true"}, RULES) == "ada@example.test"
    assert username_of({"upn": "ada"}, RULES) == ""
    assert username_of({"upn": "ada"}, ClaimRules(username_claim="upn")) == "ada"


def test_an_unverified_email_address_is_no_user_name() -> None:
    for flag in ({}, {"email_verified": False}, {"email_verified": "false"}):
        claims = {"email": "boss@corp.test"} | flag
        assert username_of(claims, RULES) == ""
        assert username_of(claims, ClaimRules(username_claim="email")) == ""


def test_the_subject_is_the_issuer_and_sub_claim_joined() -> None:
    assert subject_of({"iss": "https://id.example.test", "sub": "42"}) == (
        "https://id.example.test 42"
    )
    assert subject_of({"iss": "https://id.example.test"}) == ""
    assert subject_of({"iss": "https://id.example.test", "sub": "x" * 600}) == ""


def test_the_admin_group_is_found_in_a_list_a_single_string_or_a_flag() -> None:
    assert is_admin_by_claim({"groups": ["staff", "ops"]}, RULES) is True
    assert is_admin_by_claim({"groups": ["staff"]}, RULES) is False
    assert is_admin_by_claim({"groups": "ops"}, RULES) is True
    assert is_admin_by_claim({}, RULES) is False
    flag = ClaimRules(admin_claim="is_admin", admin_group="yes")
    assert is_admin_by_claim({"is_admin": True}, flag) is True
    assert is_admin_by_claim({"is_admin": "true"}, flag) is False


def test_without_an_admin_group_the_claims_leave_the_role_alone() -> None:
    assert is_admin_by_claim({"groups": ["ops"]}, ClaimRules()) is None
