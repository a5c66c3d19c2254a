#!/usr/bin/env node
// Queues one notification over MQTT 5 (mqtt.js) and waits for what became of it on sms/events.
//   node examples/mqtt-producer.js '{"to":"+14155550123","body":"hello","idempotencyKey":"mqtt-1"}'
// Broker: BROKER_HOST (localhost), BROKER_PORT (61616), BROKER_USER / BROKER_PASSWORD if it asks for them.
// Exit status: 0 once the message is sent (or was already, a duplicate), 1 if it will not be, 2 on a usage error.
'use strict';
const mqtt = require('mqtt');
const { outcomeOf, keyOf, WAIT_SECONDS } = require('./outcome');

const json = process.argv[2];
const key = keyOf(json);
const client = mqtt.connect({
  host: process.env.BROKER_HOST || 'localhost',
  port: Number(process.env.BROKER_PORT || 61616),
  protocolVersion: 5,
  username: process.env.BROKER_USER,
  password: process.env.BROKER_PASSWORD,
  reconnectPeriod: 0,
});
const timer = setTimeout(() => finish(1, `no outcome for ${key} within ${WAIT_SECONDS} s`), WAIT_SECONDS * 1000);

function finish(status, line) {
  clearTimeout(timer);
  (status === 0 ? console.log : console.error)(line);
  client.end();
  process.exitCode = status;
}

client.on('connect', () => {
  // Listen first, so the outcome cannot pass before we are there.
  client.subscribe('sms/events', { qos: 1 }, (error) => {
    if (error) return finish(1, `subscribe: ${error.message}`);
    // QoS 1: the broker keeps it on disk before PUBACK, so it survives a crash; the key makes a resend one SMS
    client.publish('sms/outbound', json, { qos: 1, properties: { userProperties: { idempotencyKey: key } } }, (e) => {
      if (e) finish(1, `publish: ${e.message}`);
    });
  });
});
client.on('message', (topic, payload) => {
  const outcome = outcomeOf(payload.toString('utf8'), key);
  if (outcome) finish(outcome.status, outcome.line);
});
client.on('error', (error) => finish(1, `MQTT: ${error.message}`));
