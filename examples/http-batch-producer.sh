#!/usr/bin/env bash
# Posts many notifications in one request (POST /api/messages/batch) with curl, prints each one's outcome, and follows
# the accepted ones until they are sent.
#   examples/http-batch-producer.sh '{"messages":[{"to":"+14155550123","body":"one","idempotencyKey":"b-1"},{…}]}'
# BRIDGE_URL (http://localhost:8080), SMSBRIDGE_API_KEY (the sandbox's key by default).
# Exit status: 0 once every message is sent (or was already, a duplicate), 1 if one will not be, 2 on a usage error.
set -euo pipefail
json=${1:-}
if [ -z "$json" ]; then
  echo "usage: $0 '{\"messages\":[<message JSON>, …]}'" >&2
  exit 2
fi
url=${BRIDGE_URL:-http://localhost:8080}
api_key=${SMSBRIDGE_API_KEY:-sandbox-api-key}
wait_seconds=${WAIT_SECONDS:-30}

answer=$(curl -sS -w '\n%{http_code}' -X POST "$url/api/messages/batch" -H "X-Api-Key: $api_key" \
  -H 'Content-Type: application/json' --data-binary "$json")
code=${answer##*$'\n'}
body=${answer%$'\n'*}
if [ "$code" != 200 ]; then
  echo "HTTP $code: $body" >&2
  exit 1
fi
# one result per message, in order: {"index":0,"outcome":"accepted","id":"…",…}
results=$(printf '%s' "$body" | sed 's/},{"index"/}\n{"index"/g')
printf '%s\n' "$results" | sed -n 's/.*"index":\([0-9]*\),"outcome":"\([a-z]*\)".*/message \1: \2/p'
if printf '%s' "$results" | grep -q '"outcome":"\(conflict\|rejected\|suppressed\)"'; then
  exit 1
fi

for id in $(printf '%s\n' "$results" | sed -n 's/.*"outcome":"[a-z]*","id":"\([^"]*\)".*/\1/p'); do
  while :; do
    status=$(curl -sS "$url/api/messages/$id" -H "X-Api-Key: $api_key" | sed -n 's/^{[^{]*"status":"\([a-z]*\)".*/\1/p')
    case "$status" in
      sent|delivered) echo "$status $id"; break ;;
      failed|undelivered|parked) echo "$status $id" >&2; exit 1 ;;
    esac
    if [ "$SECONDS" -ge "$wait_seconds" ]; then
      echo "message $id not sent within $wait_seconds s" >&2
      exit 1
    fi
    sleep 0.2
  done
done
