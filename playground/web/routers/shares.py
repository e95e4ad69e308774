"""Placeholder router; filled in by the team features."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
