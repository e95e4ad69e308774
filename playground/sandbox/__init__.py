"""The onOffice sandbox: an offline stand-in for the onOffice API with seeded sample data.

Built on ``playground.onoffice`` (it verifies requests with the same signing code) and
independent of the playground's web UI and database.
"""

from playground.sandbox.app import API_PATHS, create_sandbox_app
from playground.sandbox.credentials import DEMO_SECRET, DEMO_TOKEN

__all__ = ["API_PATHS", "DEMO_SECRET", "DEMO_TOKEN", "create_sandbox_app"]
