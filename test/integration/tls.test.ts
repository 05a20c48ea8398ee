/**
 * TLS with real processes: a primary and a replica that speak only TLS to each other and to
 * sentinels (`tls-port`, `tls-replication yes`), watched by a Vigil and a redis-sentinel
 * 7.0.15 configured alike. The group must work over TLS exactly as over plain TCP: the
 * replica is discovered at its TLS port, the two sentinels find each other through hellos
 * that announce their TLS ports and link to each other over TLS; clients reach both
 * sentinels' tls-port with a certificate from the CA and get the same bytes, and are refused
 * without one (tls-auth-clients yes). A Vigil without tls-replication cannot talk to the TLS
 * ports (the links really are TLS), and a tls-port without a certificate stops the start-up
 * with Redis's message.
 */
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { Redis } from 'ioredis';
import { getFreePort } from '../helpers/ports.js';
import {
  startRedisServer,
  startRedisSentinel,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { callOnce as call, fieldsOf, itemsOf, parseFrame, textOf } from '../helpers/resp.js';
import { makeTestCerts, type TestCerts } from '../helpers/tls-certs.js';
import { waitFor } from '../helpers/waitFor.js';

const MASTER = 'tlsmaster';
let certs: TestCerts;
let primary: RedisServerHandle;
let replica: RedisServerHandle;
const tlsPortOf = new Map<ManagedProcess, number>();
let vigil: ManagedProcess;
let reference: ManagedProcess;

/** One command over TLS; resolves the raw reply, or rejects when the server refuses us. */
async function tlsCommand(port: number, options: tls.ConnectionOptions, ...args: string[]): Promise<string> {
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    ca: fs.readFileSync(certs.caCert),
    checkServerIdentity: () => undefined,
    ...options,
  });
  try {
    return await new Promise<string>((resolve, reject) => {
      let data = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('close', () => reject(new Error(`closed after ${JSON.stringify(data.toString())}`)));
      socket.on('data', (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (parseFrame(data, 0)) resolve(data.toString());
      });
      socket.once('secureConnect', () =>
        socket.write(
          `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
        ),
      );
    });
  } finally {
    socket.destroy();
  }
}

const withCert = (): tls.ConnectionOptions => ({
  cert: fs.readFileSync(certs.cert),
  key: fs.readFileSync(certs.key),
});

/** A sentinel config for the TLS group: our plain port stays for the harness's readiness PING. */
async function tlsSentinelLines(): Promise<{ port: number; lines: string[] }> {
  const port = await getFreePort();
  return {
    port,
    lines: [
      `tls-port ${port}`,
      'tls-replication yes',
      ...certs.configLines,
      `sentinel down-after-milliseconds ${MASTER} 1000`,
    ],
  };
}

beforeAll(async () => {
  certs = makeTestCerts();
  const [primaryTls, replicaTls] = [await getFreePort(), await getFreePort()];
  const dataNode = (tlsPort: number): string[] => [
    `tls-port ${tlsPort}`,
    'tls-replication yes',
    'tls-auth-clients yes',
    ...certs.configLines,
  ];
  primary = await startRedisServer({ config: dataNode(primaryTls) });
  replica = await startRedisServer({
    config: [...dataNode(replicaTls), `replicaof 127.0.0.1 ${primaryTls}`],
  });
  tlsPortOf.set(primary, primaryTls);
  tlsPortOf.set(replica, replicaTls);
  const monitors = [{ name: MASTER, port: primaryTls, quorum: 2 }];
  const [v, r] = [await tlsSentinelLines(), await tlsSentinelLines()];
  [vigil, reference] = await Promise.all([
    startVigil({ monitors, extraConfig: v.lines }),
    startRedisSentinel({ monitors, extraConfig: r.lines }),
  ]);
  tlsPortOf.set(vigil, v.port);
  tlsPortOf.set(reference, r.port);
}, 60_000);

afterAll(async () => {
  await stopAll();
  certs?.remove();
});

describe('a Vigil and a redis-sentinel over TLS', () => {
  test('both see the primary, the replica at its TLS port and each other at their TLS ports', async () => {
    const replicaTls = tlsPortOf.get(replica) as number;
    for (const [self, peer] of [
      [vigil, reference],
      [reference, vigil],
    ] as const) {
      await waitFor(
        async () => {
          const master = fieldsOf(await call(self.port, 'SENTINEL', 'MASTER', MASTER));
          const replicas = itemsOf(await call(self.port, 'SENTINEL', 'REPLICAS', MASTER)).map(fieldsOf);
          const peers = itemsOf(await call(self.port, 'SENTINEL', 'SENTINELS', MASTER)).map(fieldsOf);
          return (
            master.flags === 'master' &&
            master['link-pending-commands'] === '0' &&
            replicas.some((r) => r.port === String(replicaTls) && r.flags === 'slave') &&
            peers.some((p) => p.port === String(tlsPortOf.get(peer)) && p.flags === 'sentinel')
          );
        },
        { timeoutMs: 20_000, description: `${self.name} to see the TLS group` },
      );
    }
  });

  test('a client with a certificate gets the same replies from both tls-ports', async () => {
    for (const args of [
      ['PING'],
      ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER],
      ['SENTINEL', 'CKQUORUM', MASTER],
    ]) {
      const [fromVigil, fromReference] = await Promise.all(
        [vigil, reference].map((s) => tlsCommand(tlsPortOf.get(s) as number, withCert(), ...args)),
      );
      expect({ args, reply: fromVigil }).toEqual({ args, reply: fromReference });
    }
    expect(await tlsCommand(tlsPortOf.get(vigil) as number, withCert(), 'PING')).toBe('+PONG\r\n');
  });

  test('without a client certificate, or with one from another CA, both refuse the client', async () => {
    for (const s of [vigil, reference]) {
      const port = tlsPortOf.get(s) as number;
      await expect(tlsCommand(port, {}, 'PING')).rejects.toThrow();
      await expect(
        tlsCommand(
          port,
          { cert: fs.readFileSync(certs.strangerCert), key: fs.readFileSync(certs.strangerKey) },
          'PING',
        ),
      ).rejects.toThrow();
      // ...and keeps serving.
      expect(await tlsCommand(port, withCert(), 'PING')).toBe('+PONG\r\n');
    }
  });

  test('ioredis in Sentinel mode over TLS (enableTLSForSentinelMode) writes and reads', async () => {
    const tlsOptions = {
      ca: fs.readFileSync(certs.caCert),
      ...withCert(),
      checkServerIdentity: () => undefined,
    };
    const client = new Redis({
      sentinels: [{ host: '127.0.0.1', port: tlsPortOf.get(vigil) as number }],
      name: MASTER,
      sentinelTLS: tlsOptions,
      tls: tlsOptions,
      enableTLSForSentinelMode: true,
      sentinelRetryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      expect(await client.set('tls:key', 'over-tls')).toBe('OK');
      expect(await client.get('tls:key')).toBe('over-tls');
      expect(String(await client.info('server'))).toContain(`tcp_port:${primary.port}`);
    } finally {
      client.disconnect();
    }
  });

  test('a Vigil without tls-replication cannot reach the TLS-only ports: its links really differ', async () => {
    const plain = await startVigil({
      monitors: [{ name: MASTER, port: tlsPortOf.get(primary) as number, quorum: 2, downAfterMs: 1000 }],
    });
    await waitFor(
      async () => {
        const flags = fieldsOf(await call(plain.port, 'SENTINEL', 'MASTER', MASTER)).flags ?? '';
        return flags.includes('s_down');
      },
      { timeoutMs: 15_000, description: 'the plain Vigil to see the TLS primary as down' },
    );
    await plain.stop();
  });

  test('a kill -9 of the primary: both fail over to the replica, over TLS', async () => {
    const replicaTls = String(tlsPortOf.get(replica));
    primary.kill('SIGKILL');
    await primary.waitForExit();
    for (const s of [vigil, reference]) {
      await waitFor(
        async () => {
          const addr = itemsOf(await call(s.port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER)).map(textOf);
          return addr[1] === replicaTls;
        },
        { timeoutMs: 30_000, description: `${s.name} to name the replica's TLS port as the primary` },
      );
    }
    const epochs = await Promise.all(
      [vigil, reference].map(
        async (s) => fieldsOf(await call(s.port, 'SENTINEL', 'MASTER', MASTER))['config-epoch'],
      ),
    );
    expect(epochs[0]).toBe(epochs[1]);
    expect(Number(epochs[0])).toBeGreaterThan(0);
  });

  test('tls-port without tls-cert-file stops the start-up with the reason and Redis text', async () => {
    const port = await getFreePort();
    const failing = startVigil({
      monitors: [{ name: MASTER, port: tlsPortOf.get(primary) as number, quorum: 2 }],
      extraConfig: [`tls-port ${port}`, `tls-ca-cert-file ${certs.caCert}`],
      readyTimeoutMs: 10_000,
    });
    await expect(failing).rejects.toThrow(
      /No tls-cert-file configured!\s+Failed to configure TLS\. Check logs for more info\./,
    );
  });
});
