#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on a free port, run the given command against it,
# and remove the cluster afterwards. PostgreSQL refuses to run as root, so the cluster
# belongs to the `postgres` system user when we are root.
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  echo "PostgreSQL server binaries not found; installing them" >&2
  apt-get update -q && apt-get install -y -q postgresql
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi

DIR="$(mktemp -d /tmp/playground-pg.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
AS=()
if [[ "$(id -u)" == "0" ]]; then
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi

cleanup() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

"${AS[@]}" "$PG_BIN/initdb" -D "$DIR/data" -U playground --auth=trust >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null

# Through the socket directory: a connection costs less than over TCP on 127.0.0.1.
export PLAYGROUND_TEST_POSTGRES_URL="postgresql+psycopg://playground@/postgres?host=$DIR&port=$PORT"
echo "PostgreSQL running on port $PORT for the test run" >&2
"$@"
