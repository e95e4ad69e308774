"""The FastAPI application: routers, dependencies, htmx helpers and rendering."""
