#!/usr/bin/env bash
# Disk per retained message: ROUNDS (default 10) rounds of MESSAGES (default 10000) notifications go from sms.outbound
# to the sandbox, throttle off, with the sandbox's status callbacks on (a sent and a delivered report per message, as
# Twilio posts them). After each round: messages retained (sent less those the retention purge removed), the
# database's size on disk and the bytes per retained message.
#   RETENTION=3m shortens smsbridge.retention.message-history and purges every 30 s, so that the purge runs during
#   the benchmark: the size then levels off (a steady state) instead of growing with every round.
#   BENCH_DB=postgres measures the bridge's tables in PostgreSQL (pg_total_relation_size: rows, indexes, TOAST).
# Usage: [ROUNDS=10] [BRIDGE_ARGS="--setting=value …"] [RETENTION=3m] [BENCH_DB=postgres] bench/database-size.sh [messages per round, default 10000]
SANDBOX_STATUS_CALLBACKS=true
source "$(dirname "$0")/lib.sh"
COUNT=${1:-10000}
ROUNDS=${ROUNDS:-10}
build
start_sandbox
ARGS=(--smsbridge.outbound.throttle.enabled=false)
if [ -n "${RETENTION:-}" ]; then
  ARGS+=(--smsbridge.retention.message-history="$RETENTION" --smsbridge.retention.purge-every=30s --smsbridge.retention.first-purge-after=30s)
fi
# BRIDGE_ARGS: more settings for the bridge, e.g. "--smsbridge.outbound.send-consumers=4"
start_bridge "${ARGS[@]}" ${BRIDGE_ARGS:-}

db_bytes() {
  if [ "${BENCH_DB:-h2}" = postgres ]; then
    # PostgreSQL reuses the space of updated and deleted rows once vacuumed. Autovacuum does that in any normal
    # installation; where it is off (as on these test machines) the script vacuums the bridge's tables itself.
    if [ "$(psql -h 127.0.0.1 -U postgres -d test -tAc 'SHOW autovacuum')" = off ]; then
      psql -h 127.0.0.1 -U postgres -d test -tAc "SELECT 'VACUUM ' || quote_ident(schemaname) || '.' || quote_ident(tablename) || ';'
        FROM pg_tables WHERE schemaname = '$BENCH_SCHEMA'" | psql -h 127.0.0.1 -U postgres -d test -q
      echo "(autovacuum is off on this PostgreSQL: the bridge's tables vacuumed before measuring)" >&2
    fi
    psql -h 127.0.0.1 -U postgres -d test -tAc "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$BENCH_SCHEMA' AND c.relkind = 'r'"
  else
    du -sb "$WORK/data/db" | cut -f1
  fi
}
# PostgreSQL only: the bytes of live rows and of live index entries (pgstattuple, a contrib extension the script
# creates if it can); the rest is space PostgreSQL reuses after vacuuming (updated rows' old versions, deleted rows).
pg_live_bytes() {
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE EXTENSION IF NOT EXISTS pgstattuple" >/dev/null 2>&1 || return 0
  psql -h 127.0.0.1 -U postgres -d test -tAc "SELECT (SELECT COALESCE(sum((pgstattuple(c.oid)).tuple_len), 0) FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$BENCH_SCHEMA' AND c.relkind = 'r')
    + (SELECT COALESCE(sum(pg_relation_size(c.oid) * (pgstatindex(c.oid::regclass)).avg_leaf_density / 100), 0)::bigint
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
      WHERE n.nspname = '$BENCH_SCHEMA' AND c.relkind = 'i' AND a.amname = 'btree' AND pg_relation_size(c.oid) > 8192)" 2>/dev/null
}
# H2 only: the share of the file's chunks that holds live data (the bridge's gauge smsbridge.database.file.fill);
# the rest is replaced pages H2 keeps for 45 s after a write, then reuses.
live_percent() {
  curl -s "http://localhost:$BRIDGE_PORT/actuator/prometheus" | awk '/^smsbridge_database_file_fill_percent/ {print int($2)}'
}
purged() { grep -o 'removed: [0-9]* outbound' "$WORK/bridge.log" | awk '{s += $2} END {print s + 0}'; }

echo "database: ${BENCH_DB:-h2}, retention: ${RETENTION:-default (30 days)}, $ROUNDS rounds of $COUNT messages"
for round in $(seq 1 "$ROUNDS"); do
  bench_java io.smsbridge.bench.OutboundThroughputBench "tcp://127.0.0.1:$BROKER_PORT" "http://localhost:$SANDBOX_PORT" "$COUNT" --bridge-only \
    | grep '^bridge'
  sleep 10  # the round's delivery reports arrive and are applied
  sent=$((round * COUNT))
  retained=$((sent - $(purged)))
  bytes=$(db_bytes)
  line="round $round: sent $sent, retained $retained, database $((bytes / 1024 / 1024)) MB, $((bytes / retained)) bytes per retained message"
  if [ "${BENCH_DB:-h2}" != postgres ]; then
    live=$(live_percent)
    line="$line; live data ${live}% of the file: $((bytes * live / 100 / retained)) bytes per retained message"
  else
    live=$(pg_live_bytes)
    [ -n "$live" ] && line="$line; live rows and index entries: $((live / retained)) bytes per retained message"
  fi
  echo "$line"
done
