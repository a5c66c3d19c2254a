#!/usr/bin/env bash
# Disk per retained message: ROUNDS (default 10) rounds of MESSAGES (default 10000) notifications go from sms.outbound
# to the sandbox, throttle off, with the sandbox's status callbacks on (a sent and a delivered report per message, as
# Twilio posts them). After each round: messages retained (sent less those the retention purge removed), the
# database's size on disk and the bytes per retained message.
#   RETENTION=3m shortens smsbridge.retention.message-history and purges every 30 s, so that the purge runs during
#   the benchmark: the size then levels off (a steady state) instead of growing with every round.
#   BENCH_DB=postgres measures the bridge's tables in PostgreSQL (pg_total_relation_size: rows, indexes, TOAST).
# Usage: [ROUNDS=10] [RETENTION=3m] [BENCH_DB=postgres] bench/database-size.sh [messages per round, default 10000]
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
start_bridge "${ARGS[@]}"

db_bytes() {
  if [ "${BENCH_DB:-h2}" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -d test -tAc "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$BENCH_SCHEMA' AND c.relkind = 'r'"
  else
    du -sb "$WORK/data/db" | cut -f1
  fi
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
  echo "round $round: sent $sent, retained $retained, database $((bytes / 1024 / 1024)) MB, $((bytes / retained)) bytes per retained message"
done
