/**
 * Scenario differential (#8 §1): every state a sentinel persists survives a restart, from the
 * layouts operators use: started from another directory with a relative config path and a
 * relative `dir` (before or after the other lines), `--dir` on the command line, an absolute
 * `dir`, no `dir` at all; relative script, log and pid paths. The same script runs against
 * redis-sentinel and Vigil; then each file starts the other program (a Vigil on the file a
 * redis-sentinel rewrote, and the other way round) with the same state.
 *
 * The first report: a Vigil started as `vigil run/sentinel.conf` from /srv with `dir ./run`,
 * given `SENTINEL SET mymaster notification-script ../scripts/notify.sh`, refused to start
 * again ("Notification script seems non existing or non executable"), because it checked the
 * script against the directory it was started from and wrote `dir` back relative.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { getFreePort } from '../../helpers/ports.js';
import { makeTempDir, startOnConfig } from '../../helpers/processes.js';
import { makeTestCerts, type TestCerts } from '../../helpers/tls-certs.js';
import { RespClient, itemsOf, plain, textOf } from '../../helpers/resp.js';
import {
  MASTER,
  runDifferential,
  stopAll,
  traces,
  type Layout,
  type ScenarioRun,
  type SubjectKind,
} from '../../helpers/scenario.js';

afterAll(stopAll);

const CANDIDATE = 'c'.repeat(40);
const OTHER_CANDIDATE = 'e'.repeat(40);
const FAKE_PEER = 'f'.repeat(40);
const EPOCH = 7;

interface Variant {
  name: string;
  /** Lines around the generated config: before it, after it. */
  before: string[];
  after: string[];
  /** Command-line arguments after the config path. */
  args: string[];
  /** Where the process runs and how it names the config, relative to the root. */
  configArg: string;
  /** The final `dir`, relative to the root; script paths given relative to it. */
  dir: string;
  /**
   * redis-sentinel cannot start again on its own rewritten file: it resolves a relative
   * `--dir` against the absolute `dir` its rewrite wrote. Vigil resolves a command-line `dir`
   * against the starting directory (docs/compatibility.md), so it restarts.
   */
  referenceCannotRestart?: boolean;
}

/** Root layout (what /srv would be): run/sentinel.conf, scripts/notify.sh, scripts/reconfig.sh. */
function variantLayout(variant: Variant) {
  return (text: string, kind: SubjectKind): Layout => {
    const root = makeTempDir(`layout-${kind}`);
    fs.mkdirSync(path.join(root, 'run'));
    fs.mkdirSync(path.join(root, 'scripts'));
    for (const script of ['notify.sh', 'reconfig.sh']) {
      fs.writeFileSync(path.join(root, 'scripts', script), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    }
    // For the variants with a relative aclfile: found in the final dir, or the start fails.
    fs.writeFileSync(path.join(root, 'run', 'users.acl'), 'user default on nopass ~* &* +@all\n');
    const configPath = path.join(root, 'run', 'sentinel.conf');
    const lines = [...variant.before.map((l) => l.replace('<root>', root)), text.trimEnd(), ...variant.after];
    fs.writeFileSync(configPath, `${lines.join('\n')}\n`);
    return { configPath, cwd: root, configArg: variant.configArg, args: variant.args };
  };
}

const VARIANTS: Variant[] = [
  {
    name: 'relative dir first, config named relative to another cwd',
    before: ['dir ./run'],
    after: [],
    args: [],
    configArg: 'run/sentinel.conf',
    dir: 'run',
  },
  {
    name: 'relative dir last, logfile and pidfile before it',
    before: ['logfile sentinel.log', 'pidfile sentinel.pid', 'aclfile users.acl'],
    after: ['dir ./run'],
    args: [],
    configArg: 'run/sentinel.conf',
    dir: 'run',
  },
  {
    name: '--dir on the command line',
    before: [],
    after: [],
    args: ['--dir', './run'],
    configArg: 'run/sentinel.conf',
    dir: 'run',
    referenceCannotRestart: true,
  },
  {
    name: 'absolute dir, logfile after it',
    before: ['dir <root>/run', 'logfile sentinel.log'],
    after: [],
    args: [],
    configArg: 'run/sentinel.conf',
    dir: 'run',
  },
  {
    name: 'no dir: the starting directory',
    before: [],
    after: [],
    args: [],
    configArg: 'run/sentinel.conf',
    dir: '.',
  },
];

/** Script paths as an operator would type them: relative to the final dir. */
function scriptPath(variant: Variant, script: string): string {
  return variant.dir === '.' ? `scripts/${script}` : `../scripts/${script}`;
}

/** Everything a restart must keep, as seen from outside. */
async function persistedState(run: ScenarioRun) {
  const client = await RespClient.connect(run.port);
  try {
    const master = plain((await client.send('SENTINEL', 'MASTER', MASTER)).value) as string[];
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < master.length; i += 2) fields[master[i] as string] = master[i + 1] as string;
    const kept = [
      'name',
      'ip',
      'port',
      'quorum',
      'down-after-milliseconds',
      'failover-timeout',
      'parallel-syncs',
      'config-epoch',
      'num-slaves',
      'num-other-sentinels',
      'notification-script',
      'client-reconfig-script',
    ];
    const replicas = itemsOf((await client.send('SENTINEL', 'REPLICAS', MASTER)).value).map((r) => {
      const f = plain(r) as string[];
      return `${f[f.indexOf('ip') + 1]}:${f[f.indexOf('port') + 1]}`;
    });
    const sentinels = itemsOf((await client.send('SENTINEL', 'SENTINELS', MASTER)).value).map((s) => {
      const f = plain(s) as string[];
      return `${f[f.indexOf('runid') + 1]} ${f[f.indexOf('ip') + 1]}:${f[f.indexOf('port') + 1]}`;
    });
    return {
      myid: textOf((await client.send('SENTINEL', 'MYID')).value),
      master: Object.fromEntries(kept.map((k) => [k, fields[k] ?? '<absent>'])),
      config: plain((await client.send('SENTINEL', 'CONFIG', 'GET', '*')).value),
      replicas: replicas.sort(),
      sentinels: sentinels.sort(),
      // The rename table and the credentials are not in any reply: the file shows them.
      rename: fileLines(run.configPath, /^sentinel rename-command /),
      auth: fileLines(run.configPath, /^sentinel auth-/),
    };
  } finally {
    await client.close();
  }
}

function fileLines(file: string, pattern: RegExp): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => pattern.test(l))
    .map((l) => l.replace(/"/g, ''))
    .sort();
}

/**
 * The vote of epoch 7 must not be granted again to another candidate: a forgotten vote is a
 * second leader. Sentinel 7.0 persists the epoch of its last vote (leader-epoch), not whom it
 * voted for, so after a restart it answers `*` (no leader known) and grants nothing in it.
 */
async function expectVoteKept(run: ScenarioRun, primaryPort: number): Promise<void> {
  const reply = plain(
    await run.call('SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', primaryPort, EPOCH, OTHER_CANDIDATE),
  );
  expect(reply).toEqual([0, '*', EPOCH]);
  run.record('no second vote in the epoch', reply);
}

describe.each(VARIANTS)('restart with $name', (variant) => {
  test('every persisted state survives a restart, and the file starts the other program too', async () => {
    const peerPort = await getFreePort();
    /** Each run's state as last seen, for the other program to start with. */
    const lastState = new Map<ScenarioRun, Awaited<ReturnType<typeof persistedState>>>();
    const result = await runDifferential(
      {
        replicas: 1,
        // A user for auth-user/auth-pass that works, so credentials don't change link health.
        dataNodeConfig: ['user vigiladmin on >secret ~* &* +@all'],
        sentinelConfig: ['sentinel deny-scripts-reconfig no'],
        layout: variantLayout(variant),
      },
      async (run) => {
        await run.waitUntil('replica discovered', async () => (await run.replicaTable()).size === 1);
        await run.recordReply('users', 'ACL', 'LIST');
        for (const [option, value] of [
          ['down-after-milliseconds', '1500'],
          ['failover-timeout', '20000'],
          ['parallel-syncs', '2'],
          ['quorum', '1'],
          ['notification-script', scriptPath(variant, 'notify.sh')],
          ['client-reconfig-script', scriptPath(variant, 'reconfig.sh')],
          ['auth-user', 'vigiladmin'],
          ['auth-pass', 'secret'],
          ['rename-command', 'CONFIG'],
          ['master-reboot-down-after-period', '5000'],
        ] as const) {
          const args = option === 'rename-command' ? [option, value, 'CONFIG'] : [option, value];
          await run.recordReply(`SET ${option}`, 'SENTINEL', 'SET', MASTER, ...args);
        }
        for (const [option, value] of [
          ['resolve-hostnames', 'yes'],
          ['announce-ip', '127.0.0.1'],
          ['announce-port', String(run.port)],
          ['sentinel-user', 'peer'],
          ['sentinel-pass', 'peersecret'],
        ] as const) {
          await run.recordReply(`CONFIG SET ${option}`, 'SENTINEL', 'CONFIG', 'SET', option, value);
        }
        await run.recordReply(
          'vote in epoch 7',
          'SENTINEL',
          'IS-MASTER-DOWN-BY-ADDR',
          '127.0.0.1',
          run.primary.port,
          EPOCH,
          CANDIDATE,
        );
        // A peer known from its hello only (nothing listens on its port).
        const hello = `127.0.0.1,${peerPort},${FAKE_PEER},${EPOCH},${MASTER},127.0.0.1,${run.primary.port},0`;
        const node = await RespClient.connect(run.primary.port);
        try {
          await run.waitUntil('peer learnt from a hello', async () => {
            await node.send('PUBLISH', '__sentinel__:hello', hello);
            return (
              (await run.call('SENTINEL', 'SENTINELS', MASTER)).kind === 'array' &&
              itemsOf(await run.call('SENTINEL', 'SENTINELS', MASTER)).length === 1
            );
          });
        } finally {
          await node.close();
        }

        const before = await persistedState(run);
        lastState.set(run, before);
        run.record('state before restart', before);
        if (variant.referenceCannotRestart && run.kind === 'redis-sentinel') {
          await expect(run.restart()).rejects.toThrow(/dir "\.\/run"'\s+No such file or directory/);
          return;
        }
        await run.restart();
        const after = await persistedState(run);
        expect(after).toEqual(before);
        run.record('state after restart', after);
        await expectVoteKept(run, run.primary.port);

        // Relative log and pid files live in the final dir, for both programs.
        const finalDir = path.resolve(run.layout.cwd, variant.dir);
        for (const line of fs.readFileSync(run.configPath, 'utf8').split('\n')) {
          const m = /^(logfile|pidfile) "?([^"]+)"?$/.exec(line);
          if (m) {
            expect(fs.existsSync(path.join(finalDir, m[2] as string))).toBe(true);
            run.record(`${m[1]} in the final dir`, m[2]);
          }
        }
      },
    );
    const { vigil, reference } = traces(result);
    if (variant.referenceCannotRestart) {
      // Identical up to the restart, which only Vigil survives.
      expect(vigil.slice(0, reference.length)).toEqual(reference);
      expect(vigil.map((e) => e.step)).toContain('state after restart');
    } else {
      expect(vigil).toEqual(reference);
    }

    // Each program on the other's rewritten file: same id, same knowledge, same vote.
    for (const run of Object.values(result.runs)) {
      const other: SubjectKind = run.kind === 'vigil' ? 'redis-sentinel' : 'vigil';
      if (variant.referenceCannotRestart && other === 'redis-sentinel') continue;
      const before = lastState.get(run);
      if (run.sentinel.running) await run.stop();
      const swapped = await startOnConfig(other, run.configPath, run.port, {
        cwd: run.layout.cwd,
        configArg: run.layout.configArg,
        args: run.layout.args,
        logPrefix: `swapped-${other}-`,
      });
      try {
        const after = await persistedState(run);
        expect({ on: `${other} on ${run.kind}'s file`, ...after }).toEqual({
          on: `${other} on ${run.kind}'s file`,
          ...before,
        });
        await expectVoteKept(run, run.primary.port);
      } finally {
        await swapped.stop();
      }
    }
  }, 90_000);
});

describe('relative TLS files', () => {
  let certs: TestCerts;
  beforeAll(() => {
    certs = makeTestCerts();
  });
  afterAll(() => certs.remove());

  /** PING over TLS on `port`, trusting the test CA: the reply text. */
  async function tlsPing(port: number): Promise<string> {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      ca: fs.readFileSync(certs.caCert),
      checkServerIdentity: () => undefined,
    });
    try {
      return await new Promise<string>((resolve, reject) => {
        socket.on('error', reject);
        socket.on('data', (chunk: Buffer) => resolve(chunk.toString()));
        socket.once('secureConnect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
      });
    } finally {
      socket.destroy();
    }
  }

  test('certificate, key and CA named relative to a dir given last load there, before and after a restart', async () => {
    const tlsPorts = new Map<SubjectKind, number>([
      ['vigil', await getFreePort()],
      ['redis-sentinel', await getFreePort()],
    ]);
    const result = await runDifferential(
      {
        layout: (text, kind) => {
          const layout = variantLayout({
            name: 'tls',
            before: [
              `tls-port ${tlsPorts.get(kind)}`,
              'tls-auth-clients no',
              'tls-cert-file node.crt',
              'tls-key-file node.key',
              'tls-ca-cert-file ca.crt',
            ],
            after: ['dir ./run'],
            args: [],
            configArg: 'run/sentinel.conf',
            dir: 'run',
          })(text, kind);
          for (const [from, to] of [
            [certs.cert, 'node.crt'],
            [certs.key, 'node.key'],
            [certs.caCert, 'ca.crt'],
          ] as const) {
            fs.copyFileSync(from, path.join(layout.cwd, 'run', to));
          }
          return layout;
        },
      },
      async (run) => {
        const tlsPort = tlsPorts.get(run.kind) as number;
        run.record('PING over TLS', await tlsPing(tlsPort));
        await run.recordReply('SET quorum', 'SENTINEL', 'SET', MASTER, 'quorum', 1);
        await run.restart();
        run.record('PING over TLS after restart', await tlsPing(tlsPort));
        expect(fs.readFileSync(run.configPath, 'utf8')).toMatch(/^tls-cert-file "?node\.crt"?$/m);
      },
    );
    const { vigil, reference } = traces(result);
    expect(vigil).toEqual(reference);
  }, 60_000);
});
