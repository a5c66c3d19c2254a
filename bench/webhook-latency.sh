#!/usr/bin/env bash
# Inbound webhook latency: signed webhooks at a fixed rate (default 500/s for 30 s) to /twilio/inbound, side by side
# with a bare platform-http endpoint returning static XML in the same process. Open loop: latency counts from the
# moment a request was due, so a stall shows up instead of hiding.
# Each endpoint is warmed up first (WARMUP_SECONDS at the same rate, default 15), then the bridge is left to finish
# the warm-up's tickets and replies until it is idle, so both are measured warm.
# Usage: [WARMUP_SECONDS=15] bench/webhook-latency.sh [rate per second, default 500] [seconds, default 30]
source "$(dirname "$0")/lib.sh"
RATE=${1:-500}
SECONDS_=${2:-30}
build
# The sandbox (Twilio, Jira, SMTP) in the bridge's own process: texts become tickets in its sandbox Jira.
start_bridge --smsbridge.sandbox.enabled=true --smsbridge.sandbox.smtp-port=$SMTP_PORT --smsbridge.twilio.api-base-url= --smsbridge.jira.base-url= \
  "--camel.main.routes-include-pattern=file:routes/*.camel.yaml,file:bench/routes/*.camel.yaml"
bench_java io.smsbridge.bench.WebhookLatencyBench "http://localhost:$BRIDGE_PORT" "$RATE" "$SECONDS_" "$BRIDGE_PID"
