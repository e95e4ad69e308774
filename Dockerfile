# onOffice API Playground: one process, one volume (/data), runs as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PLAYGROUND_DATA_DIR=/data

WORKDIR /app
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin playground \
    && mkdir -p /data && chown playground /data

COPY pyproject.toml README.md alembic.ini ./
COPY playground ./playground
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
RUN pip install .

USER playground
VOLUME ["/data"]
EXPOSE 8000

# Migrations are applied by the server itself at start.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# Set PLAYGROUND_FORWARDED_ALLOW_IPS to the reverse proxy's address so that client
# addresses (audit log, login throttling) and https are taken from X-Forwarded-*.
CMD ["playground", "serve", "--host", "0.0.0.0", "--port", "8000"]
