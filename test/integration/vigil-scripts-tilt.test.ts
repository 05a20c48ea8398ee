/**
 * Behaviours of a running Vigil that need real processes and the real clock: notification and
 * client-reconfig scripts with Redis's argument formats, TILT after the process is stalled,
 * and a vote persisted in the config file before the reply to the vote request leaves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startRedisServer,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { RespClient, closeAllClients, textOf, itemsOf, fieldsOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { waitForReplicationLink } from '../helpers/topology.js';

const scriptsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-scripts-'));

/** An executable script appending its arguments, one run per line, to `<name>.out`. */
function recordingScript(name: string): { script: string; output: string } {
  const script = path.join(scriptsDir, `${name}.sh`);
  const output = path.join(scriptsDir, `${name}.out`);
  fs.writeFileSync(script, `#!/bin/sh\necho "$@" >> '${output}'\nexit 0\n`, { mode: 0o755 });
  return { script, output };
}

function linesOf(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

afterAll(async () => {
  await closeAllClients();
  await stopAll();
  fs.rmSync(scriptsDir, { recursive: true, force: true });
});

describe('scripts', () => {
  let primary: RedisServerHandle;
  let replica: RedisServerHandle;
  let vigil: ManagedProcess;
  const notify = recordingScript('notify');
  const reconfig = recordingScript('reconfig');

  beforeAll(async () => {
    primary = await startRedisServer();
    replica = await startRedisServer({ replicaOf: { port: primary.port } });
    await waitForReplicationLink(replica);
    vigil = await startVigil({
      monitors: [{ name: 'mym', port: primary.port, quorum: 1, downAfterMs: 1000, failoverTimeoutMs: 5000 }],
      extraConfig: [
        `sentinel notification-script mym ${notify.script}`,
        `sentinel client-reconfig-script mym ${reconfig.script}`,
      ],
    });
  });

  it('runs the notification script for warning events with `<event> <payload>` and the reconfig script as leader', async () => {
    const client = await RespClient.connect(vigil.port);
    await waitFor(
      async () => itemsOf((await client.send('SENTINEL', 'REPLICAS', 'mym')).value).length === 1,
      {
        timeoutMs: 20000,
        description: 'the replica discovered',
      },
    );
    primary.kill('SIGKILL');
    await waitFor(() => linesOf(reconfig.output).length >= 1, {
      timeoutMs: 20000,
      description: 'the reconfig script',
    });
    // Sentinel 7.0 argv: <master-name> <role> <state> <from-ip> <from-port> <to-ip> <to-port>
    expect(linesOf(reconfig.output)[0]).toBe(
      `mym leader start 127.0.0.1 ${primary.port} 127.0.0.1 ${replica.port}`,
    );
    await waitFor(() => linesOf(notify.output).some((l) => l.startsWith('+switch-master')), {
      timeoutMs: 20000,
      description: 'the notification script for +switch-master',
    });
    const notes = linesOf(notify.output);
    expect(notes).toContain(`+sdown master mym 127.0.0.1 ${primary.port}`);
    expect(notes).toContain(`+odown master mym 127.0.0.1 ${primary.port} #quorum 1/1`);
    expect(notes).toContain(`+switch-master mym 127.0.0.1 ${primary.port} 127.0.0.1 ${replica.port}`);
    // Notice-level events (e.g. +slave) do not run it.
    expect(notes.some((l) => l.startsWith('+slave '))).toBe(false);
    await waitFor(
      async () => itemsOf((await client.send('SENTINEL', 'PENDING-SCRIPTS')).value).length === 0,
      {
        timeoutMs: 10000,
        description: 'the script queue to drain',
      },
    );
  }, 60000);
});

describe('TILT and votes', () => {
  let primary: RedisServerHandle;
  let vigil: ManagedProcess;

  beforeAll(async () => {
    primary = await startRedisServer();
    vigil = await startVigil({
      monitors: [{ name: 'mym', port: primary.port, quorum: 2, downAfterMs: 1000 }],
    });
  });

  it('persists a vote in the config file before it answers the vote request', async () => {
    const client = await RespClient.connect(vigil.port);
    const candidate = 'a'.repeat(40);
    const reply = await client.send(
      'SENTINEL',
      'IS-MASTER-DOWN-BY-ADDR',
      '127.0.0.1',
      primary.port,
      7,
      candidate,
    );
    const [down, leader, epoch] = itemsOf(reply.value).map(textOf);
    expect([down, leader, epoch]).toEqual(['0', candidate, '7']);
    // Read right after the reply: the flush happened before it left.
    const config = fs.readFileSync(vigil.configPath, 'utf8');
    expect(config).toMatch(/^sentinel leader-epoch mym 7$/m);
    expect(config).toMatch(/^sentinel current-epoch 7$/m);
    // A second request in the same epoch gets the recorded vote, not a new one.
    const again = await client.send(
      'SENTINEL',
      'IS-MASTER-DOWN-BY-ADDR',
      '127.0.0.1',
      primary.port,
      7,
      'b'.repeat(40),
    );
    expect(itemsOf(again.value).map(textOf)).toEqual(['0', candidate, '7']);
  });

  it('enters TILT when its timer stalls over 2 s, and reports it in INFO', async () => {
    const subscriber = await RespClient.connect(vigil.port);
    await subscriber.subscribe('+tilt');
    const client = await RespClient.connect(vigil.port);
    // The timer must have run before the stall: the first run has no previous one to compare.
    await waitFor(
      async () => fieldsOf((await client.send('SENTINEL', 'MASTER', 'mym')).value)['info-refresh'] !== '0',
      {
        timeoutMs: 10000,
        description: 'the first INFO of the master',
      },
    );
    vigil.kill('SIGSTOP');
    const stoppedAt = Date.now();
    await waitFor(() => Date.now() - stoppedAt > 2600, {
      timeoutMs: 5000,
      intervalMs: 100,
      description: 'a stall over 2 s',
    });
    vigil.kill('SIGCONT');
    const message = await subscriber.waitForMessage((m) => m.channel === '+tilt', { timeoutMs: 5000 });
    expect(message.payload).toBe('#tilt mode entered');
    const info = textOf((await client.send('INFO', 'sentinel')).value);
    expect(info).toContain('sentinel_tilt:1');
    expect(fieldsOf((await client.send('SENTINEL', 'MASTER', 'mym')).value).flags).toContain('master');
  }, 20000);
});
