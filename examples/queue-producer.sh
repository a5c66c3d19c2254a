#!/usr/bin/env bash
# Puts one JSON notification on the queue sms.outbound of a running bridge's broker (ARTEMIS_URL, default the embedded
# broker at tcp://localhost:61616), with a plain JMS client taken from the project's own dependencies: nothing to
# install beyond Java 17; waits for the message to be sent.   examples/queue-producer.sh '{"to":"+14155550123","body":"hello","idempotencyKey":"k-1"}'
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=/dev/stdout)
exec java -cp "$cp" examples/QueueProducer.java "$@"
