"""The onOffice enterprise API protocol: signing, envelopes, responses, catalogue, client.

Nothing in this package knows about FastAPI or the database, and nothing reads a clock
unless the caller asks it to: timestamps are passed in.
"""
