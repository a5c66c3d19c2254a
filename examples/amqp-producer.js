#!/usr/bin/env node
// Queues one notification over AMQP 1.0 (rhea) and waits for what became of it on sms.events.
//   node examples/amqp-producer.js '{"to":"+14155550123","body":"hello","idempotencyKey":"amqp-1"}'
// Broker: BROKER_HOST (localhost), BROKER_PORT (61616), BROKER_USER / BROKER_PASSWORD if it asks for them.
// Exit status: 0 once the message is sent (or was already, a duplicate), 1 if it will not be, 2 on a usage error.
'use strict';
const rhea = require('rhea');
const { outcomeOf, keyOf, WAIT_SECONDS } = require('./outcome');

const json = process.argv[2];
const key = keyOf(json);
const connection = rhea.connect({
  host: process.env.BROKER_HOST || 'localhost',
  port: Number(process.env.BROKER_PORT || 61616),
  username: process.env.BROKER_USER,
  password: process.env.BROKER_PASSWORD,
  reconnect: false,
});
const timer = setTimeout(() => finish(1, `no outcome for ${key} within ${WAIT_SECONDS} s`), WAIT_SECONDS * 1000);

function finish(status, line) {
  clearTimeout(timer);
  (status === 0 ? console.log : console.error)(line);
  connection.close();
  process.exitCode = status;
}

// Listen first, so the outcome cannot pass before we are there.
const events = connection.open_receiver({ source: { address: 'sms.events' } });
events.on('receiver_open', () => {
  // durable: the broker keeps it on disk before it says "accepted", so it survives a crash
  connection.open_sender('sms.outbound').on('sendable', function sendOnce(context) {
    context.sender.removeListener('sendable', sendOnce);
    context.sender.send({ body: json, durable: true, content_type: 'application/json' });
  });
});
events.on('message', (context) => {
  const outcome = outcomeOf(context.message.body, key);
  if (outcome) finish(outcome.status, outcome.line);
});
connection.on('disconnected', (context) => {
  if (process.exitCode === undefined) finish(1, `disconnected: ${context.error || 'by the broker'}`);
});
