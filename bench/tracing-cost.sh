#!/usr/bin/env bash
# What tracing costs (issue #32): the outbound throughput benchmark and the webhook latency benchmark, run in turn on
# the same machine for each mode — tracing off (the default), on with 1 % of messages sampled, on with all of them —
# exporting over OTLP/HTTP to a stand-in collector (bench/otlp-sink.py) so that the exporter does its whole job.
# BASELINE=<git revision> first runs both benchmarks on that revision (a worktree), e.g. the commit before tracing
# came in, as the reference for "off costs nothing". Prints each run's figures, then a summary.
# Targets: off costs nothing measurable against the baseline; 1 % sampling costs ≤ 5 % of the outbound throughput.
# Usage: [BASELINE=rev] [MODES="off 0.01 1.0"] [OUTBOUND_WARMUP_SECONDS=150] [WEBHOOK_WARMUP_SECONDS=15] [MEASURED_ROUNDS=3]
#        bench/tracing-cost.sh [messages, default 20000] [webhook rate, default 500] [webhook seconds, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-20000}
RATE=${2:-500}
SECONDS_=${3:-30}
SINK_PORT=${SINK_PORT:-14318}
MODES=${MODES:-off 0.01 1.0}
export MEASURED_ROUNDS=${MEASURED_ROUNDS:-3}
OUT=$(mktemp -d -t sms-bridge-tracing-cost-XXXXXX)
bench/otlp-sink.py "$SINK_PORT" > "$OUT/sink.log" 2>&1 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true; [ -d "$OUT/baseline" ] && git worktree remove --force "$OUT/baseline" 2>/dev/null || true' EXIT

run() {  # mode, directory of the checkout, env...
  local mode=$1 dir=$2
  shift 2
  echo "=== $mode: outbound throughput ==="
  (cd "$dir" && env "$@" WARMUP_SECONDS="${OUTBOUND_WARMUP_SECONDS:-150}" bench/outbound-throughput.sh "$COUNT") | tee "$OUT/outbound-$mode.log"
  echo "=== $mode: webhook latency ==="
  (cd "$dir" && env "$@" WARMUP_SECONDS="${WEBHOOK_WARMUP_SECONDS:-15}" bench/webhook-latency.sh "$RATE" "$SECONDS_") | tee "$OUT/webhook-$mode.log"
}

ALL=()
if [ -n "${BASELINE:-}" ]; then
  git worktree add -f "$OUT/baseline" "$BASELINE" >/dev/null
  run "baseline-$BASELINE" "$OUT/baseline" SMSBRIDGE_TRACING_ENABLED=false
  ALL+=("baseline-$BASELINE")
fi
for mode in $MODES; do
  if [ "$mode" = off ]; then
    run "tracing-off" . SMSBRIDGE_TRACING_ENABLED=false
    ALL+=("tracing-off")
  else
    run "tracing-$mode" . SMSBRIDGE_TRACING_ENABLED=true SMSBRIDGE_TRACING_SAMPLING="$mode" \
      SMSBRIDGE_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT/v1/traces"
    ALL+=("tracing-$mode")
  fi
done

kill "$SINK" 2>/dev/null && wait "$SINK" 2>/dev/null || true
cat "$OUT/sink.log"
echo "=== summary (logs in $OUT) ==="
for mode in "${ALL[@]}"; do
  echo "$mode:"
  grep -h -E "^measured round|median of|^raw twilio-java" "$OUT/outbound-$mode.log" | sed 's/^/  outbound  /' || true
  grep -h -E "^bare platform-http|^signed /twilio/inbound|^p99 webhook" "$OUT/webhook-$mode.log" | sed 's/^/  webhook   /' || true
done
