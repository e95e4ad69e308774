"""onOffice API Playground: compose, sign and send onOffice API requests from a browser."""

__version__ = "0.1.0"
