#!/usr/bin/env bash
# What tracing costs (issue #32): the outbound throughput benchmark and the webhook latency benchmark, each run three
# times in a row on the same machine — tracing off (the default), on with 1 % of messages sampled, on with all of
# them — exporting over OTLP/HTTP to a stand-in collector (bench/otlp-sink.py) so the exporter does its whole job.
# Prints each run's figures and a summary. Target: off costs nothing measurable against the previous release's figures;
# 1 % sampling costs ≤ 5 % throughput.
# Usage: [WARMUP_SECONDS=150] [MEASURED_ROUNDS=3] [MODES="off 0.01 1.0"] bench/tracing-cost.sh [messages, default 20000] [webhook rate, default 500] [webhook seconds, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-20000}
RATE=${2:-500}
SECONDS_=${3:-30}
SINK_PORT=${SINK_PORT:-14318}
export WARMUP_SECONDS=${WARMUP_SECONDS:-150}
export MEASURED_ROUNDS=${MEASURED_ROUNDS:-3}
OUT=$(mktemp -d -t sms-bridge-tracing-cost-XXXXXX)
bench/otlp-sink.py "$SINK_PORT" > "$OUT/sink.log" 2>&1 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT

for mode in ${MODES:-off 0.01 1.0}; do
  if [ "$mode" = off ]; then
    env=(SMSBRIDGE_TRACING_ENABLED=false)
  else
    env=(SMSBRIDGE_TRACING_ENABLED=true SMSBRIDGE_TRACING_SAMPLING="$mode" SMSBRIDGE_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT/v1/traces")
  fi
  echo "=== tracing $mode: outbound throughput ==="
  env "${env[@]}" bench/outbound-throughput.sh "$COUNT" | tee "$OUT/outbound-$mode.log"
  echo "=== tracing $mode: webhook latency ==="
  env "${env[@]}" bench/webhook-latency.sh "$RATE" "$SECONDS_" | tee "$OUT/webhook-$mode.log"
done

kill "$SINK" 2>/dev/null && wait "$SINK" 2>/dev/null || true
cat "$OUT/sink.log"
echo "=== summary (logs in $OUT) ==="
for mode in ${MODES:-off 0.01 1.0}; do
  echo "tracing $mode:"
  grep -h -E "^measured round|median of|^raw twilio-java" "$OUT/outbound-$mode.log" | sed 's/^/  outbound  /' || true
  grep -h -E "^bare platform-http|^signed /twilio/inbound|^p99 webhook" "$OUT/webhook-$mode.log" | sed 's/^/  webhook   /' || true
done
