"""Persistence: tables, engine and sessions, queries, and the secret box."""
