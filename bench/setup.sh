#!/usr/bin/env bash
# setup.sh SCALE — prepares the peer of the side-by-side benchmark (see README.md):
# installs PostgreSQL 15 and the pinned npm packages when absent, generates the
# CSV folder of SCALE with `reseau generate`, starts a private PostgreSQL cluster
# on 127.0.0.1:$BENCH_PG_PORT in $BENCH_WORK, and loads the CSV into schema.sql.
# The cluster is left running; stop it with `bench/setup.sh stop` (run.sh does).
set -euo pipefail

SCALE=${1:-S}
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
WORK=${BENCH_WORK:-/tmp/reseau-bench}
PG_PORT=${BENCH_PG_PORT:-54329}
PG_BIN=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}
PGDATA=$WORK/pg
DB=reseau_bench

log() { printf '[setup] %s\n' "$*" >&2; }

# as_pg runs a PostgreSQL server command as the cluster's owner: PostgreSQL
# refuses to run as root, so root delegates to the postgres user.
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_stop() {
	if [ -f "$PGDATA/postmaster.pid" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
	fi
}

if [ "$SCALE" = stop ]; then
	pg_stop
	exit 0
fi
case "$SCALE" in S | M | L) ;; *) echo "usage: $0 S|M|L | stop" >&2; exit 2 ;; esac

# 1. What it needs, installed only when absent.
if [ ! -x "$PG_BIN/postgres" ]; then
	log "installing postgresql-15"
	apt-get update -qq >&2
	apt-cache policy postgresql-15 | sed -n 1,3p >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-client-15 >&2
fi
command -v psql >/dev/null || { echo "psql not found (postgresql-client-15)" >&2; exit 1; }
command -v node >/dev/null || { echo "node (>= 18) and npm are needed" >&2; exit 1; }
if [ ! -x "$BENCH/node_modules/.bin/postgraphile" ] || [ ! -x "$BENCH/node_modules/.bin/autocannon" ]; then
	log "installing npm packages pinned in package-lock.json"
	(cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

# 2. The data: one deterministic CSV folder per scale, generated once.
mkdir -p "$WORK"
chmod 755 "$WORK"
if [ ! -f "$WORK/data-$SCALE/people.csv" ]; then
	log "generating scale $SCALE into $WORK/data-$SCALE"
	rm -rf "$WORK/data-$SCALE.tmp"
	(cd "$ROOT" && go run . generate --scale "$SCALE" --out "$WORK/data-$SCALE.tmp") >&2
	mv "$WORK/data-$SCALE.tmp" "$WORK/data-$SCALE"
fi

# 3. A private cluster: its own directory, 127.0.0.1 only, a port of its own,
# trust authentication (nothing else can reach it).
if [ ! -f "$PGDATA/PG_VERSION" ]; then
	log "initdb $PGDATA"
	mkdir -p "$PGDATA"
	[ "$(id -u)" = 0 ] && chown postgres: "$PGDATA"
	chmod 700 "$PGDATA"
	as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
	cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PGDATA'
max_connections = 100
shared_buffers = 256MB
# the load is rebuilt on every run: durability buys nothing here and reads do not use it
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
	log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
	as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start >/dev/null
fi

# 4. Schema and data, rebuilt from the CSV each time.
export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGOPTIONS="-c client_min_messages=warning"
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
log "loading scale $SCALE into database $DB"
start=$(date +%s)
psql -qX -v ON_ERROR_STOP=1 -d "$DB" -f "$BENCH/schema.sql" >/dev/null
sed "s|@DIR@|$WORK/data-$SCALE|g" "$BENCH/load.sql" | psql -qX -v ON_ERROR_STOP=1 -d "$DB" >/dev/null
log "loaded in $(($(date +%s) - start)) s: $(psql -qXAt -d "$DB" -c "SELECT (SELECT count(*) FROM organisations) || ' organisations, ' || (SELECT count(*) FROM people) || ' people, ' || (SELECT count(*) FROM collaborations) || ' collaborations'")"
echo "postgres://postgres@127.0.0.1:$PG_PORT/$DB"
