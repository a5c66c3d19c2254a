// What the Node examples share: the message's key, and which event on sms.events settles it.
'use strict';

const WAIT_SECONDS = Number(process.env.WAIT_SECONDS || 30);

/** The idempotencyKey of the message JSON given on the command line (the examples give every message one). */
function keyOf(json) {
  let message;
  try {
    message = JSON.parse(json);
  } catch (e) {
    console.error(`usage: ${process.argv[1]} '<message JSON with an idempotencyKey>' (${e.message})`);
    process.exit(2);
  }
  if (!message || typeof message.idempotencyKey !== 'string') {
    console.error(`usage: ${process.argv[1]} '<message JSON with an idempotencyKey>'`);
    process.exit(2);
  }
  return message.idempotencyKey;
}

/** {status, line} if this event settles the message with this key: sent or a duplicate (0), or not to be sent (1). */
function outcomeOf(text, key) {
  let event;
  try {
    event = JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
  } catch (e) {
    return null;
  }
  if (event.idempotencyKey !== key) return null;
  switch (event.type) {
    case 'sent':
      return { status: 0, line: `sent ${key} as ${event.messageSid}` };
    case 'duplicate':
      return { status: 0, line: `${key} was already taken: ${event.reason}` };
    case 'rejected':
    case 'suppressed':
    case 'failed':
    case 'parked':
      return { status: 1, line: `${event.type} ${key}: ${event.reason || event.errorCode || ''}` };
    default:
      return null;
  }
}

module.exports = { keyOf, outcomeOf, WAIT_SECONDS };
