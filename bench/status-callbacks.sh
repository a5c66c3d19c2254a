#!/usr/bin/env bash
# Status callbacks end to end: signed POST /twilio/status → sms.status → state stored (seen as the 'delivered'
# event on sms.events). The sandbox's own callbacks are off, so the benchmark posts exactly the callbacks it counts.
# Measured after rounds of warm-up lasting WARMUP_SECONDS (default 90) and then until the bridge's JIT compilers have
# settled (under 0.1 core over a round; at most WARMUP_MAX_SECONDS in all, default 420), then MEASURED_ROUNDS (3)
# rounds of the same size; the median is the figure. Each measured round first posts the same forms to a bare
# platform-http endpoint (the HTTP ceiling of this machine today) and prints the bridge's CPU per callback.
# Usage: [WARMUP_SECONDS=90] [WARMUP_MAX_SECONDS=420] [MEASURED_ROUNDS=3] [CALLBACK_THREADS=16] bench/status-callbacks.sh [messages, default 2000]  (two callbacks each: sent, delivered)
source "$(dirname "$0")/lib.sh"
COUNT=${1:-2000}
build
SANDBOX_STATUS_CALLBACKS=false start_sandbox
start_bridge --smsbridge.outbound.throttle.enabled=false \
  "--camel.main.routes-include-pattern=file:routes/*.camel.yaml,file:bench/routes/*.camel.yaml"  # the bare endpoint, for reference
bench_java io.smsbridge.bench.StatusCallbackBench "http://localhost:$BRIDGE_PORT" "tcp://127.0.0.1:$BROKER_PORT" "$COUNT" "$BRIDGE_PID"
