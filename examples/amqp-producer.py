#!/usr/bin/python3
"""Queues one notification over AMQP 1.0 (python-qpid-proton) and waits for what became of it on sms.events.

    examples/amqp-producer.py '{"to":"+14155550123","body":"hello","idempotencyKey":"py-1"}'

The client is Debian's package (apt-get install python3-qpid-proton), hence /usr/bin/python3. Broker: BROKER_HOST
(localhost), BROKER_PORT (61616), BROKER_USER / BROKER_PASSWORD if it asks for them.
Exit status: 0 once the message is sent (or was already, a duplicate), 1 if it will not be, 2 on a usage error.
"""
import json
import os
import sys

from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container

SETTLED_OK = {"sent", "duplicate"}
SETTLED_NOT_SENT = {"rejected", "suppressed", "failed", "parked"}


class Producer(MessagingHandler):
    def __init__(self, url, text, key, wait_seconds):
        super().__init__()
        self.url, self.text, self.key, self.wait_seconds = url, text, key, wait_seconds
        self.status = None

    def on_start(self, event):
        self.connection = event.container.connect(self.url, user=os.environ.get("BROKER_USER"),
                                                  password=os.environ.get("BROKER_PASSWORD"), reconnect=False)
        # Listen first, so the outcome cannot pass before we are there; send once the subscription is open.
        event.container.create_receiver(self.connection, "sms.events")
        self.timer = event.container.schedule(self.wait_seconds, self)

    def on_link_opened(self, event):
        if event.receiver and not hasattr(self, "sender"):
            self.sender = event.container.create_sender(self.connection, "sms.outbound")

    def on_sendable(self, event):
        if not hasattr(self, "sent"):
            # durable: the broker keeps it on disk before it settles the delivery, so it survives a crash
            event.sender.send(Message(body=self.text, durable=True, content_type="application/json"))
            self.sent = True

    def on_message(self, event):
        try:
            outcome = json.loads(event.message.body)
        except (TypeError, ValueError):
            return
        if outcome.get("idempotencyKey") != self.key:
            return
        kind = outcome.get("type")
        if kind in SETTLED_OK:
            print(f"{kind} {self.key} {outcome.get('messageSid') or outcome.get('reason') or ''}".strip())
            self.finish(0)
        elif kind in SETTLED_NOT_SENT:
            print(f"{kind} {self.key}: {outcome.get('reason') or outcome.get('errorCode') or ''}", file=sys.stderr)
            self.finish(1)

    def on_timer_task(self, event):
        print(f"no outcome for {self.key} within {self.wait_seconds} s", file=sys.stderr)
        self.finish(1)

    def on_transport_error(self, event):
        print(f"AMQP: {event.transport.condition}", file=sys.stderr)
        self.finish(1)

    def finish(self, status):
        if self.status is None:
            self.status = status
            self.timer.cancel()
            self.connection.close()


def main():
    try:
        key = json.loads(sys.argv[1])["idempotencyKey"]
    except (IndexError, ValueError, KeyError, TypeError):
        print(f"usage: {sys.argv[0]} '<message JSON with an idempotencyKey>'", file=sys.stderr)
        return 2
    url = f"amqp://{os.environ.get('BROKER_HOST', 'localhost')}:{os.environ.get('BROKER_PORT', '61616')}"
    producer = Producer(url, sys.argv[1], key, float(os.environ.get("WAIT_SECONDS", "30")))
    Container(producer).run()
    return 1 if producer.status is None else producer.status


if __name__ == "__main__":
    sys.exit(main())
