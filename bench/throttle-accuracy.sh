#!/usr/bin/env bash
# Throttle accuracy: one sender configured at RATE segments/s (default 10) gets RATE × SECONDS (default 60) one-segment
# messages at once; prints the achieved rate at the sandbox and the most sends in any one-second window.
# Usage: bench/throttle-accuracy.sh [rate, default 10] [seconds, default 60]
source "$(dirname "$0")/lib.sh"
RATE=${1:-10}
SECONDS_=${2:-60}
SENDER=+18885550100
build
SANDBOX_STATUS_CALLBACKS=false start_sandbox
start_bridge "--smsbridge.outbound.throttle.senders[$SENDER]=$RATE"
bench_java io.smsbridge.bench.ThrottleAccuracyBench "tcp://127.0.0.1:$BROKER_PORT" "http://localhost:$SANDBOX_PORT" "$RATE" "$SECONDS_" "$SENDER"
