/**
 * resolve-hostnames: the name is resolved again on every reconnect, so a primary that comes
 * back on another IP under the same name (a pod rescheduled by Kubernetes) is found. The Vigil
 * process runs with a preloaded resolver (test/helpers/fake-dns.cjs) whose table the test
 * rewrites; everything else is real. (The harness checks readiness on 127.0.0.1, so each
 * server also listens there; the name only ever points at 127.0.0.2, then 127.0.0.3.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisServer, startVigil, stopAll, REPO_ROOT } from '../helpers/processes.js';
import { getFreePort } from '../helpers/ports.js';
import { RespClient, closeAllClients, fieldsOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-dns-'));
const table = path.join(dir, 'hosts.json');

afterAll(async () => {
  await closeAllClients();
  await stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a primary that comes back on a new IP under the same name is found again', async () => {
  const port = await getFreePort();
  fs.writeFileSync(table, JSON.stringify({ 'primary.pod.test': '127.0.0.2' }));
  const first = await startRedisServer({ port, config: ['bind 127.0.0.1 127.0.0.2'] });
  const saved = { options: process.env.NODE_OPTIONS, file: process.env.VIGIL_FAKE_DNS_FILE };
  process.env.NODE_OPTIONS = `--require ${path.join(REPO_ROOT, 'test', 'helpers', 'fake-dns.cjs')}`;
  process.env.VIGIL_FAKE_DNS_FILE = table;
  let vigil;
  try {
    vigil = await startVigil({
      monitors: [{ name: 'pod', host: 'primary.pod.test', port, quorum: 2, downAfterMs: 1000 }],
      extraConfig: ['sentinel resolve-hostnames yes'],
    });
  } finally {
    process.env.NODE_OPTIONS = saved.options;
    if (saved.file === undefined) delete process.env.VIGIL_FAKE_DNS_FILE;
    else process.env.VIGIL_FAKE_DNS_FILE = saved.file;
  }
  const client = await RespClient.connect(vigil.port);
  const master = async () => fieldsOf((await client.send('SENTINEL', 'MASTER', 'pod')).value);
  await waitFor(async () => (await master())['info-refresh'] !== '0', {
    timeoutMs: 10000,
    description: 'INFO from the primary at 127.0.0.2',
  });
  expect((await master()).ip).toBe('127.0.0.2');

  // The pod is rescheduled: gone from 127.0.0.2, back on 127.0.0.3 under the same name.
  await first.stop();
  await waitFor(async () => (await master()).flags.includes('s_down'), {
    timeoutMs: 10000,
    description: 'the primary SDOWN while it is gone',
  });
  fs.writeFileSync(table, JSON.stringify({ 'primary.pod.test': '127.0.0.3' }));
  await startRedisServer({ port, config: ['bind 127.0.0.1 127.0.0.3'] });
  await waitFor(
    async () => {
      const m = await master();
      return m.ip === '127.0.0.3' && !m.flags.includes('s_down') && !m.flags.includes('disconnected');
    },
    { timeoutMs: 15000, description: 'the primary found again at 127.0.0.3' },
  );
}, 45000);
