#!/usr/bin/env bash
# Outbound throughput: persistent JMS on sms.outbound → the bridge (throttle off) → sandbox create, side by side in
# one run with the raw twilio-java SDK creating messages against the same sandbox (the ceiling).
# Usage: bench/outbound-throughput.sh [messages, default 20000]
source "$(dirname "$0")/lib.sh"
COUNT=${1:-20000}
build
start_sandbox
start_bridge --smsbridge.outbound.throttle.enabled=false
bench_java io.smsbridge.bench.OutboundThroughputBench "tcp://127.0.0.1:$BROKER_PORT" "http://localhost:$SANDBOX_PORT" "$COUNT"
