#!/usr/bin/env bash
# Start-up time and memory: seconds from launching `java @config/jvm.options -jar target/sms-bridge.jar` to health
# UP, the resident set (RSS) idle, and its peak while MESSAGES (default 5000) go from sms.outbound to the sandbox
# with pacing off. BRIDGE_JAVA_OPTS are added after config/jvm.options (so they override it).
# Usage: bench/startup-memory.sh [messages, default 5000]
source "$(dirname "$0")/lib.sh"
COUNT=${1:-5000}
build
start_sandbox
launched=$(date +%s%N)
start_bridge --smsbridge.outbound.throttle.enabled=false
ready=$(date +%s%N)
echo "cores: $(nproc); bridge JVM options: config/jvm.options ${BRIDGE_JAVA_OPTS:-(nothing more)}"
echo "start to ready (health UP, measured from launching java): $(( (ready - launched) / 1000000 )) ms"
grep -o 'Started SmsBridgeApplication in [0-9.]* seconds' "$WORK/bridge.log" || true
sleep 10
echo "RSS idle (10 s after ready): $(rss_mb) MB"
watch_rss
bench_java io.smsbridge.bench.OutboundThroughputBench "tcp://127.0.0.1:$BROKER_PORT" "http://localhost:$SANDBOX_PORT" "$COUNT" --bridge-only
echo "RSS peak under outbound load ($COUNT messages): $(peak_rss) MB (target ≤ 512 MB)"
