/**
 * Soak (not part of `npm test`): how often ioredis's failoverDetector race ends a client in a
 * kill -9 failover, with Vigil and with redis-sentinel 7.0.15 as the sentinels. The numbers
 * in docs/compatibility.md ("Known client issue") come from it. Run:
 *
 *   SOAK_FAILOVERS=6 SOAK_BURNERS=2 npm run soak
 *
 * SOAK_BURNERS starts that many busy-looping processes to load the machine as a CI run does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis as Redis5 } from 'ioredis';
import { Redis as Redis6 } from 'ioredis6';
import { ClientDeployment, HOST, MASTER, cleanupClients, type SentinelKind } from '../e2e/clients-util.js';
import { waitFor } from '../helpers/waitFor.js';

const FAILOVERS = Number(process.env.SOAK_FAILOVERS ?? 6);
const BURNERS = Number(process.env.SOAK_BURNERS ?? 0);
const burners: ChildProcess[] = [];

interface Detector {
  status: string;
  set(key: string, value: string): Promise<unknown>;
  disconnect(): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

beforeAll(() => {
  for (let i = 0; i < BURNERS; i++)
    burners.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
});

afterAll(async () => {
  for (const b of burners) b.kill('SIGKILL');
  await cleanupClients();
});

/** Detector clients ended by the race over `FAILOVERS` kill -9 failovers, four clients each. */
async function soak(kind: SentinelKind): Promise<{ failovers: number; clients: number; ended: number }> {
  const d = await ClientDeployment.start({ kind });
  let ended = 0;
  for (let i = 0; i < FAILOVERS; i++) {
    await d.heal();
    const clients: Detector[] = [Redis6, Redis5, Redis6, Redis5].map((Lib) => {
      const client = new (Lib as unknown as new (o: object) => Detector)({
        sentinels: d.sentinelPorts.map((port) => ({ host: HOST, port })),
        name: MASTER,
        failoverDetector: true,
      });
      client.on('error', () => undefined);
      return client;
    });
    for (const c of clients) await c.set('soak', 'v');
    await d.failover();
    await waitFor(() => clients.every((c) => c.status === 'ready' || c.status === 'end'), {
      timeoutMs: 20_000,
      description: 'every detector client to be ready again or ended',
    });
    ended += clients.filter((c) => c.status === 'end').length;
    for (const c of clients) if (c.status !== 'end') c.disconnect();
  }
  await d.teardown();
  return { failovers: FAILOVERS, clients: FAILOVERS * 4, ended };
}

test('ioredis failoverDetector clients ended by the race: Vigil vs redis-sentinel', async () => {
  const vigil = await soak('vigil');
  const reference = await soak('redis-sentinel');
  process.stdout.write(
    `burners ${BURNERS}\nvigil: ${vigil.ended} of ${vigil.clients} clients in ${vigil.failovers} failovers\n` +
      `redis-sentinel: ${reference.ended} of ${reference.clients} clients in ${reference.failovers} failovers\n`,
  );
  expect(vigil.clients).toBe(FAILOVERS * 4);
}, 1_800_000);
