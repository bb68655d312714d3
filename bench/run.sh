#!/usr/bin/env bash
# run.sh SCALE — Réseau against PostGraphile 4.14.1 on PostgreSQL 15, same data,
# same questions (see README.md). Prints a markdown table on stdout and keeps it
# in $BENCH_WORK/results-SCALE-*.md. Every process it starts is stopped on exit,
# PostgreSQL included.
set -euo pipefail

SCALE=${1:-S}
case "$SCALE" in S | M | L) ;; *) echo "usage: $0 S|M|L" >&2; exit 2 ;; esac
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
export BENCH_WORK=${BENCH_WORK:-/tmp/reseau-bench}
WORK=$BENCH_WORK
RESEAU_PORT=${BENCH_RESEAU_PORT:-54331}
PEER_PORT=${BENCH_PEER_PORT:-54330}
export BENCH_SCALE=$SCALE BENCH_DURATION=${BENCH_DURATION:-5} BENCH_ROUNDS=${BENCH_ROUNDS:-3}

log() { printf '[run] %s\n' "$*" >&2; }

RESEAU_PID= PEER_PID=
stop_all() {
	set +e
	for pid in $RESEAU_PID $PEER_PID; do
		kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	"$BENCH/setup.sh" stop
}
trap stop_all EXIT
trap 'exit 130' INT TERM

wait_http() { # URL NAME PID
	for _ in $(seq 1 120); do
		curl -s -o /dev/null "$1" && return 0
		kill -0 "$3" 2>/dev/null || { log "$2 exited; its log:"; cat "$WORK/$2.log" >&2; exit 1; }
		sleep 0.5
	done
	log "$2 did not answer at $1 within 60 s"
	exit 1
}

# The peer: PostgreSQL with the data, then PostGraphile on it.
PG_URL=$("$BENCH/setup.sh" "$SCALE" | tail -1)
PG_PID=$(head -1 "$WORK/pg/postmaster.pid")

# Réseau: this worktree's code, built, on a SQLite store of the same CSV folder.
log "building Réseau from $ROOT"
mkdir -p "$WORK/bin"
(cd "$ROOT" && go build -o "$WORK/bin/reseau" .)
DB=$WORK/reseau-$SCALE.db
rm -f "$DB" "$DB-wal" "$DB-shm"
log "importing $WORK/data-$SCALE into $DB"
"$WORK/bin/reseau" import --db "$DB" "$WORK/data-$SCALE" 2>&1 | tail -1 >&2

# Production limits, with a token key (required in production) and a
# coordinator's token, who sees every person as PostGraphile does.
export RESEAU_JWT_SECRET
RESEAU_JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
RESEAU_TOKEN=$("$WORK/bin/reseau" token --role coordinator --sub bench 2>/dev/null)
export RESEAU_TOKEN

start_reseau() {
	RESEAU_ENV=production "$WORK/bin/reseau" serve --no-demo --db "$DB" --addr "127.0.0.1:$RESEAU_PORT" >"$WORK/reseau.log" 2>&1 &
	RESEAU_PID=$!
	wait_http "http://127.0.0.1:$RESEAU_PORT/healthz" reseau "$RESEAU_PID"
}
log "starting Réseau on 127.0.0.1:$RESEAU_PORT"
start_reseau

log "starting PostGraphile on 127.0.0.1:$PEER_PORT"
NODE_ENV=production "$BENCH/node_modules/.bin/postgraphile" -c "$PG_URL" --schema public \
	--host 127.0.0.1 --port "$PEER_PORT" --disable-default-mutations --simple-collections both \
	--dynamic-json --disable-query-log >"$WORK/postgraphile.log" 2>&1 &
PEER_PID=$!
wait_http "http://127.0.0.1:$PEER_PORT/graphql" postgraphile "$PEER_PID"

export RESEAU_URL=http://127.0.0.1:$RESEAU_PORT/graphql PEER_URL=http://127.0.0.1:$PEER_PORT/graphql
export PG_PID BENCH_NOTE=""
set +e
node "$BENCH/bench.js" check
rc=$?
set -e
if [ "$rc" = 3 ]; then
	# Réseau's cost estimate refuses the nested page (issue 9): raise the
	# limit for the bench only, and say so in the results.
	limit=${BENCH_MAX_COMPLEXITY:-100000000}
	log "Réseau refused a query on its cost limit: restarting with RESEAU_MAX_COMPLEXITY=$limit"
	kill "$RESEAU_PID"
	wait "$RESEAU_PID" 2>/dev/null || true
	export RESEAU_MAX_COMPLEXITY=$limit
	BENCH_NOTE="Note: Réseau's default cost limit (RESEAU_MAX_COMPLEXITY=25000) refused the nested query; this run raised it to $limit."
	start_reseau
elif [ "$rc" != 0 ]; then
	exit "$rc"
fi

export RESEAU_PID PEER_PID
out=$WORK/results-$SCALE-$(date +%Y%m%d-%H%M%S).md
log "load: $BENCH_ROUNDS alternating rounds of about $BENCH_DURATION s per query and server"
node "$BENCH/bench.js" load | tee "$out"
log "results kept in $out"
