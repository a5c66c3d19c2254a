#!/usr/bin/env bash
# Intake throughput per way in (CORE, AMQP 1.0, STOMP, MQTT 5, HTTP one message a request, HTTP batches of 100): durable
# messages from one producer of each, counted until the bridge has accepted every one (validated, in the ledger,
# checked against opt-outs, handed to sms.send). The ways take turns round after round on the same bridge; the median
# round of each is printed beside CORE's. Sending is left out (the route consuming sms.send is filtered out, so the
# messages wait there), so that the figure is the intake's and not the Twilio path's, which is the same for all.
# Usage: [WARMUP_ROUNDS=2] [MEASURED_ROUNDS=3] [ONLY=<part of a way's name, e.g. HTTP>] bench/producer-protocols.sh [messages per round, default 5000]
source "$(dirname "$0")/lib.sh"
COUNT=${1:-5000}
build
start_sandbox
start_bridge --camel.main.route-filter-exclude-pattern=outbound-send-batch
bench_java io.smsbridge.bench.ProducerProtocolsBench 127.0.0.1 "$BROKER_PORT" "http://localhost:$BRIDGE_PORT" sandbox-api-key "$COUNT" "$BRIDGE_PID"
