#!/usr/bin/env bash
# Inbound webhook latency: signed webhooks at a fixed rate (default 500/s for 30 s) to /twilio/inbound, side by side
# with a bare platform-http endpoint returning static XML in the same process. Open loop: latency counts from the
# moment a request was due, so a stall shows up instead of hiding.
# Both endpoints are warmed up first, in turns (WARMUP_SECONDS at the same rate, default 15, twice each: code the two
# share is compiled for both, not recompiled when the second starts), then the bridge is left to finish the warm-up's
# tickets and replies until it is idle, so both are measured warm.
# SLOW_REQUESTS=1 prints every request over 20 ms with the time it was due (to line up with a GC or application log).
# Usage: [WARMUP_SECONDS=15] [SLOW_REQUESTS=1] bench/webhook-latency.sh [rate per second, default 500] [seconds, default 30]
source "$(dirname "$0")/lib.sh"
RATE=${1:-500}
SECONDS_=${2:-30}
build
# The stand-alone sandbox, in a process of its own as Twilio and Jira are in production: texts become tickets in its
# Jira, replies go out through its Twilio (which posts their status callbacks back).
start_sandbox
start_bridge "--camel.main.routes-include-pattern=file:routes/*.camel.yaml,file:bench/routes/*.camel.yaml"
bench_java io.smsbridge.bench.WebhookLatencyBench "http://localhost:$BRIDGE_PORT" "$RATE" "$SECONDS_" "$BRIDGE_PID"
