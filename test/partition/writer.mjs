#!/usr/bin/env node
/**
 * A writing client for the partition tests and the `partition` benchmark. It runs inside one
 * "server" namespace (`ip netns exec <ns> node writer.mjs ...`), finds the primary through
 * Sentinel discovery (ioredis with `sentinels`, name mymaster) and writes one new key every
 * 10 ms: `SET w:<client>:<seq> <seq>`. Every write the primary acknowledged is appended to the
 * log file as `<seq> <epoch ms of the acknowledgement>`, one per line, before the next write
 * starts; writes that
 * failed or timed out are counted but not logged (their outcome is unknown, so they are never
 * counted as lost).
 *
 *   node writer.mjs --name NAME --sentinels IP:PORT,IP:PORT,... --log FILE [--interval MS]
 *
 * Stops on SIGTERM/SIGINT and then prints a one-line JSON summary on stdout.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    sentinels: { type: 'string' },
    log: { type: 'string' },
    interval: { type: 'string', default: '10' },
    master: { type: 'string', default: 'mymaster' },
    // yes: ioredis's failoverDetector (leaves an old primary on +switch-master); no: ioredis's
    // default, which stays on a node until it fails or turns into a replica.
    'failover-detector': { type: 'string', default: 'yes' },
  },
});
if (!values.name || !values.sentinels || !values.log) {
  process.stderr.write('usage: writer.mjs --name NAME --sentinels IP:PORT,... --log FILE [--interval MS]\n');
  process.exit(2);
}
const intervalMs = Number(values.interval);
const sentinels = values.sentinels.split(',').map((hostPort) => {
  const at = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) };
});

const log = openSync(values.log, 'a');
function connect() {
  const client = new Redis({
    sentinels,
    name: values.master,
    // A black-holed primary never answers: give up on a write after 500 ms, on a connect after 1 s.
    commandTimeout: 500,
    connectTimeout: 1000,
    sentinelCommandTimeout: 500,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Reconnect (and ask the sentinels again) at once when the node was demoted under us.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
    retryStrategy: () => 100,
    sentinelRetryStrategy: () => 100,
    // Listen to the sentinels' +switch-master to leave the old primary without waiting for errors.
    failoverDetector: values['failover-detector'] !== 'no',
  });
  client.on('error', () => undefined);
  return client;
}

/** A client with no acknowledged write for this long is replaced by a new one. */
const STUCK_MS = 2000;
let redis = connect();
let progressAt = Date.now();

let seq = 0;
let acked = 0;
let failed = 0;
let lastError = '';
let stopping = false;

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function loop() {
  while (!stopping) {
    const started = Date.now();
    seq++;
    try {
      await redis.set(`w:${values.name}:${seq}`, String(seq));
      writeSync(log, `${seq} ${Date.now()}\n`);
      lastError = '';
      acked++;
      progressAt = Date.now();
    } catch (err) {
      // Each new kind of failure once on stderr (the process log), with the time.
      const message = err instanceof Error ? err.message : String(err);
      if (message !== lastError) process.stderr.write(`${new Date().toISOString()} seq ${seq}: ${message}\n`);
      lastError = message;
      failed++;
      // A timeout does not close the connection to a black-holed primary, and reconnecting
      // may keep failing on a stale address: after STUCK_MS without an acknowledged write,
      // start over with a new client, which asks the sentinels where the primary is now.
      if (Date.now() - progressAt > STUCK_MS && !stopping) {
        redis.disconnect();
        redis = connect();
        progressAt = Date.now();
      }
    }
    const rest = intervalMs - (Date.now() - started);
    if (rest > 0) await pause(rest);
  }
}

function stop() {
  if (stopping) return;
  stopping = true;
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await loop();
closeSync(log);
redis.disconnect();
process.stdout.write(`${JSON.stringify({ name: values.name, attempted: seq, acked, failed })}\n`);
process.exit(0);
