# Shared by the bench/ scripts: build once, start the stand-alone sandbox and a bridge as separate processes on
# loopback ports that stay clear of the machine's own services, stop them on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BRIDGE_PORT=${BRIDGE_PORT:-18080}
SANDBOX_PORT=${SANDBOX_PORT:-18089}
BROKER_PORT=${BROKER_PORT:-61626}
SMTP_PORT=${SMTP_PORT:-13025}
WORK=$(mktemp -d -t sms-bridge-bench-XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

build() {
  ./mvnw -B -ntp -q package -DskipTests dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test
  BENCH_CP="target/test-classes:target/classes:$(cat "$WORK/classpath.txt")"
}

wait_for() {  # url, what
  for _ in $(seq 1 240); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "$2 did not come up; logs in $WORK" >&2; exit 1
}

start_sandbox() {
  SMSBRIDGE_SANDBOX_STATUS_CALLBACKS=${SANDBOX_STATUS_CALLBACKS:-true} SANDBOX_PORT=$SANDBOX_PORT SMSBRIDGE_SANDBOX_WEBHOOK_BASE_URL="http://localhost:$BRIDGE_PORT" \
  SMSBRIDGE_SANDBOX_SMTP_PORT=$SMTP_PORT \
    java -Xmx512m ${SANDBOX_JAVA_OPTS:-} -Dloader.main=io.smsbridge.sandbox.SandboxServerApplication -jar target/sms-bridge.jar \
    > "$WORK/sandbox.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://localhost:$SANDBOX_PORT/sandbox/admin/stats" "the sandbox"
}

# BENCH_DB=postgres: the bridge keeps its state in the machine's PostgreSQL (a fresh schema of database test,
# dropped on exit) instead of the embedded H2 file.
if [ "${BENCH_DB:-h2}" = postgres ]; then
  BENCH_SCHEMA="bench_$(date +%s)_$$"
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE SCHEMA $BENCH_SCHEMA"
  export SPRING_PROFILES_ACTIVE=postgres SMSBRIDGE_DB_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$BENCH_SCHEMA"
  trap 'cleanup; psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA $BENCH_SCHEMA CASCADE" 2>/dev/null' EXIT
fi

# start_bridge [extra args...]: the bridge on its embedded broker and H2 (or PostgreSQL), talking to the stand-alone
# sandbox; launched as ./mvnw spring-boot:run and the Dockerfile launch it (config/jvm.options, MALLOC_ARENA_MAX=2)
start_bridge() {
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} PORT=$BRIDGE_PORT SMSBRIDGE_DATA_DIR="$WORK/data" SMSBRIDGE_BROKER_PORT=$BROKER_PORT \
  SMSBRIDGE_SANDBOX_ENABLED=false SMSBRIDGE_TWILIO_MODE=sandbox \
  TWILIO_API_BASE_URL="http://localhost:$SANDBOX_PORT/sandbox/twilio" SMSBRIDGE_JIRA_URL="http://localhost:$SANDBOX_PORT/sandbox/jira" \
    java @config/jvm.options ${BRIDGE_JAVA_OPTS:-} -jar target/sms-bridge.jar "$@" > "$WORK/bridge.log" 2>&1 &
  BRIDGE_PID=$!
  PIDS+=($BRIDGE_PID)
  wait_for "http://localhost:$BRIDGE_PORT/actuator/health" "the bridge"
}

# The bridge's resident set: rss_mb prints it now; watch_rss samples it every 0.5 s in the background until the bridge
# exits, and peak_rss prints the highest sample so far.
rss_mb() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$BRIDGE_PID/status"; }
watch_rss() {
  ( while kill -0 "$BRIDGE_PID" 2>/dev/null; do rss_mb; sleep 0.5; done ) > "$WORK/rss.txt" 2>/dev/null &
  PIDS+=($!)
}
peak_rss() { sort -n "$WORK/rss.txt" | tail -1; }

bench_java() {  # main class, args...
  java -Xmx1g -cp "$BENCH_CP" "$@"
}
