#!/usr/bin/env bash
# Posts one notification to the HTTP API with curl, and follows it until it is sent.
#   examples/http-producer.sh '{"to":"+14155550123","body":"hello","idempotencyKey":"curl-1"}'
# BRIDGE_URL (http://localhost:8080), SMSBRIDGE_API_KEY (the sandbox's key by default).
# Exit status: 0 once the message is sent (or was already, a duplicate), 1 if it will not be, 2 on a usage error.
set -euo pipefail
json=${1:-}
if [ -z "$json" ]; then
  echo "usage: $0 '<message JSON with an idempotencyKey>'" >&2
  exit 2
fi
url=${BRIDGE_URL:-http://localhost:8080}
api_key=${SMSBRIDGE_API_KEY:-sandbox-api-key}
wait_seconds=${WAIT_SECONDS:-30}

answer=$(curl -sS -w '\n%{http_code}' -X POST "$url/api/messages" -H "X-Api-Key: $api_key" \
  -H 'Content-Type: application/json' --data-binary "$json")
code=${answer##*$'\n'}
body=${answer%$'\n'*}
case "$code" in
  200|202) ;;
  *) echo "HTTP $code: $body" >&2; exit 1 ;;
esac
id=$(printf '%s' "$body" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')

# 202: accepted, not sent yet; 200: a duplicate of a message already accepted. Either way, follow it.
while [ "$SECONDS" -lt "$wait_seconds" ]; do
  message=$(curl -sS "$url/api/messages/$id" -H "X-Api-Key: $api_key")
  status=$(printf '%s' "$message" | sed -n 's/^{[^{]*"status":"\([a-z]*\)".*/\1/p')   # the message's own, not its history's
  case "$status" in
    sent|delivered) echo "$status $id"; exit 0 ;;
    suppressed|failed|undelivered|parked|rejected) echo "$status $id: $message" >&2; exit 1 ;;
  esac
  sleep 0.2
done
echo "message $id not sent within $wait_seconds s" >&2
exit 1
