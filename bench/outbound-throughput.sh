#!/usr/bin/env bash
# Outbound throughput: persistent JMS on sms.outbound → the bridge (throttle off) → sandbox create, side by side in
# one run with the raw twilio-java SDK creating messages against the same sandbox (the ceiling).
# Like the SDK's creates, the bridge's get no status callbacks from the sandbox by default, so both runs cost the
# sandbox the same; SANDBOX_STATUS_CALLBACKS=true adds the two callbacks per message that Twilio would post (the
# bridge then also verifies, queues and applies those: bench/status-callbacks.sh measures that part on its own).
# Both are measured after a warm-up: the SDK 30 s; the bridge WARMUP_SECONDS (default 240) and then until its JIT
# compilers have settled (under 0.1 core over a round; at most WARMUP_MAX_SECONDS in all, default 420). The warm-up
# rounds print their rates, which show the compilers settling. Then MEASURED_ROUNDS (3) rounds of the bridge, each
# with its CPU per message (compilers excluded); the median is the figure.
# Usage: [WARMUP_SECONDS=240] [WARMUP_MAX_SECONDS=420] [MEASURED_ROUNDS=3] bench/outbound-throughput.sh [messages, default 20000]
SANDBOX_STATUS_CALLBACKS=${SANDBOX_STATUS_CALLBACKS:-false}
source "$(dirname "$0")/lib.sh"
COUNT=${1:-20000}
build
start_sandbox
echo "sandbox status callbacks: $SANDBOX_STATUS_CALLBACKS"
start_bridge --smsbridge.outbound.throttle.enabled=false ${BRIDGE_ARGS:-}
watch_rss
bench_java io.smsbridge.bench.OutboundThroughputBench "tcp://127.0.0.1:$BROKER_PORT" "http://localhost:$SANDBOX_PORT" "$COUNT" "$BRIDGE_PID"
# What the run left in the embedded database (H2 only; the bridge still holds it open, as after any busy period)
echo "bridge RSS at its peak during the run: $(peak_rss) MB (JVM options: config/jvm.options ${BRIDGE_JAVA_OPTS:-})"
if [ "${BENCH_DB:-h2}" = h2 ]; then
  DB_BYTES=$(du -sb "$WORK/data/db" | cut -f1)
  echo "embedded database after the run: $((DB_BYTES / 1024 / 1024)) MB in $WORK/data/db"
fi
