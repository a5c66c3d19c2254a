#!/usr/bin/env bash
# Queues one notification over STOMP with nothing but bash (its /dev/tcp), and waits for what became of it on
# sms.events.   examples/stomp-producer.sh '{"to":"+14155550123","body":"hello","idempotencyKey":"sh-1"}'
# Broker: BROKER_HOST (localhost), BROKER_PORT (61616), BROKER_USER / BROKER_PASSWORD if it asks for them.
# Exit status: 0 once the message is sent (or was already, a duplicate), 1 if it will not be, 2 on a usage error.
set -euo pipefail
json=${1:-}
key=$(printf '%s' "$json" | sed -n 's/.*"idempotencyKey"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
if [ -z "$key" ]; then
  echo "usage: $0 '<message JSON with an idempotencyKey>'" >&2
  exit 2
fi
wait_seconds=${WAIT_SECONDS:-30}

exec 3<>"/dev/tcp/${BROKER_HOST:-localhost}/${BROKER_PORT:-61616}"
login=""
if [ -n "${BROKER_USER:-}" ]; then
  login="login:${BROKER_USER}"$'\n'"passcode:${BROKER_PASSWORD:-}"$'\n'
fi

# Frames end with a NUL byte; bash reads up to one with read -d ''.
next_frame() {
  local left=$((wait_seconds - SECONDS))
  [ "$left" -gt 0 ] && IFS= read -r -d '' -t "$left" frame <&3
}
expect() {   # the answer to CONNECT or SUBSCRIBE (before the SEND, no event of ours can come)
  while next_frame; do
    case "$frame" in
      *"$1"*) return 0 ;;
      *MESSAGE$'\n'*) ;;                                # someone else's event
      *) echo "the broker answered: ${frame//$'\n'/ | }" >&2; exit 1 ;;
    esac
  done
  echo "no answer from the broker" >&2
  exit 1
}

printf 'CONNECT\naccept-version:1.2\nhost:localhost\n%s\n\0' "$login" >&3
expect CONNECTED
# Listen first, so the outcome cannot pass before we are there.
printf 'SUBSCRIBE\ndestination:sms.events\nid:events\nreceipt:subscribed\n\n\0' >&3
expect 'receipt-id:subscribed'
# persistent: the broker keeps it on disk before the RECEIPT, so it survives a crash; the key makes a resend one SMS
printf 'SEND\ndestination:sms.outbound\npersistent:true\ncontent-type:application/json\nidempotencyKey:%s\nreceipt:queued\n\n%s\0' \
  "$key" "$json" >&3

# Then the RECEIPT of the SEND, and events: ours may come before the RECEIPT is read.
while next_frame; do
  case "$frame" in
    *ERROR$'\n'*) echo "the broker refused the message: ${frame//$'\n'/ | }" >&2; exit 1 ;;
    *"\"idempotencyKey\":\"$key\""*) ;;
    *) continue ;;
  esac
  type=$(printf '%s' "$frame" | sed -n 's/.*"type":"\([a-z]*\)".*/\1/p')
  case "$type" in
    sent|duplicate) echo "$type $key"; printf 'DISCONNECT\n\n\0' >&3; exit 0 ;;
    rejected|suppressed|failed|parked) echo "$type $key: ${frame##*$'\n\n'}" >&2; exit 1 ;;
  esac
done
echo "no outcome for $key within $wait_seconds s" >&2
exit 1
