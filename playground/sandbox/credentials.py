"""Fixed demo credentials for the standalone sandbox, shaped like real ones (32 and 64 chars).

They are public and protect nothing: the sandbox holds only generated sample data.
"""

from __future__ import annotations

DEMO_TOKEN = "sandboxdemotoken0123456789abcdef"  # noqa: S105
DEMO_SECRET = "sandbox-demo-secret-0123456789abcdef0123456789abcdef0123456789ab"  # noqa: S105
