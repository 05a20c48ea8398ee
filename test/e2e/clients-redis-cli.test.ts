/**
 * redis-cli 7.0.15 (`redis-cli -p <port>`, as operators use it) against three Vigils: every
 * SENTINEL subcommand in RESP2 and RESP3 (`-3`), printed exactly as redis-cli prints the same
 * command for a reference group of three redis-sentinel 7.0.15 (after masking ports, run ids,
 * times and counters), `INFO`, and `SUBSCRIBE +switch-master` / `PSUBSCRIBE *` while a kill -9
 * failover happens, with every event payload in Sentinel's format.
 */
import { getFreePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  ClientDeployment,
  MASTER,
  cleanupClients,
  run,
  sentinelKind,
  spawnLines,
  withLogs,
  type LineProcess,
} from './clients-util.js';

let subject: ClientDeployment | undefined;
let reference: ClientDeployment | undefined;
/** A loopback port nobody listens on: the address of the throwaway `extra` master. */
let deadPort = 0;

beforeAll(async () => {
  subject = await ClientDeployment.start({ kind: sentinelKind() });
  reference = await ClientDeployment.start({ kind: 'redis-sentinel' });
  deadPort = await getFreePort();
}, 90_000);

afterAll(async () => {
  await cleanupClients();
});

/** redis-cli's output for one command (`--no-raw`: the typed, indented form). */
async function cli(port: number, args: string[], resp: 2 | 3 = 2): Promise<string> {
  const flags = ['-p', String(port), '--no-raw', ...(resp === 3 ? ['-3'] : [])];
  const result = await run('redis-cli', [...flags, ...args]);
  if (result.code !== 0)
    throw new Error(`redis-cli ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/**
 * Masks what legitimately differs between two groups: run ids, temp dirs, every number
 * (ports, times in ms, offsets, epochs, list indexes) and INFO texts (INFO-CACHE).
 */
function masked(output: string): string[] {
  return output
    .split('\n')
    .map((line) =>
      line.length > 300
        ? line.replace(/"# Server.*"$/, '<info text>')
        : line
            .replace(/\b[0-9a-f]{40}\b/g, '<id>')
            .replace(/\/tmp\/vigil-test-[^\s"\\]+/g, '<dir>')
            .replace(/\d+/g, 'N'),
    )
    .filter((line, i, all) => line !== '' || i < all.length - 1);
}

/** The SENTINEL subcommands redis-cli is used with, in an order that keeps both groups alike. */
function subcommands(primaryPort: number): string[][] {
  const s = (...args: string[]): string[] => ['SENTINEL', ...args];
  return [
    s('HELP'),
    s('MYID'),
    s('MASTERS'),
    s('MASTER', MASTER),
    s('REPLICAS', MASTER),
    s('SLAVES', MASTER),
    s('SENTINELS', MASTER),
    s('GET-MASTER-ADDR-BY-NAME', MASTER),
    s('GET-MASTER-ADDR-BY-NAME', 'no-such-master'),
    s('CKQUORUM', MASTER),
    s('INFO-CACHE', MASTER),
    s('IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', String(primaryPort), '0', '*'),
    s('PENDING-SCRIPTS'),
    s('DEBUG'),
    s('CONFIG', 'GET', '*'),
    s('CONFIG', 'SET', 'resolve-hostnames', 'no'),
    s('FLUSHCONFIG'),
    s('SIMULATE-FAILURE', 'HELP'),
    // A throwaway master at an address nobody serves: MONITOR, SET, FAILOVER, RESET, REMOVE.
    s('MONITOR', 'extra', '127.0.0.1', String(deadPort), '2'),
    s('SET', 'extra', 'down-after-milliseconds', '60000'),
    s('FAILOVER', 'extra'),
    s('RESET', 'extra'),
    s('REMOVE', 'extra'),
    // Errors.
    s('MASTER', 'no-such-master'),
    s('FAILOVER', 'no-such-master'),
    s('NO-SUCH-SUBCOMMAND'),
    s('MASTER'),
    ['SENTINEL'],
  ];
}

describe('redis-cli', () => {
  const d = (): ClientDeployment => subject as ClientDeployment;

  test.each([2, 3] as const)('prints every SENTINEL subcommand as for redis-sentinel (RESP%s)', (resp) =>
    withLogs(d, async () => {
      const ours = await d().primaryPort();
      const theirs = await (reference as ClientDeployment).primaryPort();
      const subjectCommands = subcommands(ours);
      const referenceCommands = subcommands(theirs);
      const differences: string[] = [];
      for (let i = 0; i < subjectCommands.length; i++) {
        const args = subjectCommands[i] as string[];
        const got = await cli(d().sentinelPorts[0] as number, args, resp);
        const want = await cli(
          (reference as ClientDeployment).sentinelPorts[0] as number,
          referenceCommands[i] as string[],
          resp,
        );
        const a = masked(got);
        const b = masked(want);
        if (a.join('\n') !== b.join('\n')) {
          const at = a.findIndex((line, n) => line !== b[n]);
          differences.push(
            `${args.join(' ')}: line ${at + 1}: got ${JSON.stringify(a[at] ?? '(end)')}, redis-sentinel ${JSON.stringify(b[at] ?? '(end)')}\n--- got ---\n${got}--- redis-sentinel ---\n${want}`,
          );
        }
      }
      expect(differences).toEqual([]);
    }),
  );

  test('INFO has the sections and fields of redis-sentinel, and the # Sentinel lines', () =>
    withLogs(d, async () => {
      const parse = (text: string): Map<string, string[]> => {
        const sections = new Map<string, string[]>();
        let current = '';
        for (const raw of text.split('\n')) {
          const line = raw.replace(/\r$/, '');
          if (line.startsWith('# ')) sections.set((current = line.slice(2)), []);
          else if (line.includes(':')) sections.get(current)?.push(line.slice(0, line.indexOf(':')));
        }
        return sections;
      };
      const ours = await run('redis-cli', ['-p', String(d().sentinelPorts[0]), 'INFO']);
      const theirs = await run('redis-cli', [
        '-p',
        String((reference as ClientDeployment).sentinelPorts[0]),
        'INFO',
      ]);
      expect(ours.code).toBe(0);
      expect(Object.fromEntries(parse(ours.stdout))).toEqual(Object.fromEntries(parse(theirs.stdout)));
      const primary = await d().primaryPort();
      expect(ours.stdout).toContain('redis_mode:sentinel');
      expect(ours.stdout).toMatch(
        new RegExp(
          `^master0:name=${MASTER},status=ok,address=127\\.0\\.0\\.1:${primary},slaves=2,sentinels=3\\r?$`,
          'm',
        ),
      );
      const sentinel = await run('redis-cli', ['-p', String(d().sentinelPorts[0]), 'INFO', 'sentinel']);
      expect([...parse(sentinel.stdout).keys()]).toEqual(['Sentinel']);
    }));

  test('SUBSCRIBE +switch-master and PSUBSCRIBE * (RESP2 and RESP3) print a kill -9 failover', () =>
    withLogs(d, async () => {
      const [s0, s1, s2] = d().sentinelPorts as [number, number, number];
      const watchers: { label: string; proc: LineProcess; confirm: RegExp }[] = [
        {
          label: 'SUBSCRIBE',
          proc: spawnLines('redis-cli', ['-p', String(s0), 'SUBSCRIBE', '+switch-master']),
          confirm: /^subscribe$/,
        },
        {
          label: 'PSUBSCRIBE',
          proc: spawnLines('redis-cli', ['-p', String(s1), 'PSUBSCRIBE', '*']),
          confirm: /^psubscribe$/,
        },
        {
          label: 'PSUBSCRIBE -3',
          proc: spawnLines('redis-cli', ['-3', '-p', String(s2), 'PSUBSCRIBE', '*']),
          confirm: /^psubscribe$/,
        },
        {
          label: 'PSUBSCRIBE (first sentinel)',
          proc: spawnLines('redis-cli', ['-p', String(s0), 'PSUBSCRIBE', '*']),
          confirm: /^psubscribe$/,
        },
      ];
      // redis-cli prints the confirmation once the subscription is in place.
      for (const w of watchers) await w.proc.waitForLine(w.confirm);

      const outcome = await d().failover();
      const switchPayload = `${MASTER} 127.0.0.1 ${outcome.oldPort} 127.0.0.1 ${outcome.newPort}`;
      const sub = watchers[0] as (typeof watchers)[number];
      const at = await sub.proc.waitForLine(new RegExp(`^${escape(switchPayload)}$`));
      expect(sub.proc.lines.slice(at - 2, at + 1)).toEqual(['message', '+switch-master', switchPayload]);

      for (const w of watchers.slice(1)) {
        // The old primary, now listed as a replica of the new one, goes +sdown: the last event
        // of the failover that every sentinel publishes.
        const oldAsReplica = `slave 127.0.0.1:${outcome.oldPort} 127.0.0.1 ${outcome.oldPort} @ ${MASTER} 127.0.0.1 ${outcome.newPort}`;
        await waitFor(
          () => pmessages(w.proc.lines).some((e) => e.channel === '+sdown' && e.payload === oldAsReplica),
          {
            timeoutMs: 15_000,
            description: `${w.label} to print +sdown ${oldAsReplica}`,
          },
        );
        const events = pmessages(w.proc.lines);
        const problems = events
          .filter((e) => !payloadOk(e.channel, e.payload))
          .map((e) => `${e.channel} ${e.payload}`);
        expect(problems).toEqual([]);
        const seen = events.map((e) => `${e.channel} ${e.payload}`);
        expect(seen).toContain(`+switch-master ${switchPayload}`);
        expect(seen).toContain(`+sdown ${oldAsReplica}`);
        const other = d()
          .replicaPortsOf(outcome.newPort)
          .find((p) => p !== outcome.oldPort) as number;
        expect(seen).toContain(
          `+slave slave 127.0.0.1:${other} 127.0.0.1 ${other} @ ${MASTER} 127.0.0.1 ${outcome.newPort}`,
        );
      }
      // Across the group (a sentinel that learns the switch from the leader's hello before its
      // own down-after may never publish +sdown for the master): the leader's whole story.
      const all = watchers
        .slice(1)
        .flatMap((w) => pmessages(w.proc.lines).map((e) => `${e.channel} ${e.payload}`));
      const masterId = `master ${MASTER} 127.0.0.1 ${outcome.oldPort}`;
      for (const event of [
        `+sdown ${masterId}`,
        `+try-failover ${masterId}`,
        `+elected-leader ${masterId}`,
        `+failover-state-select-slave ${masterId}`,
        `+failover-state-reconf-slaves ${masterId}`,
        `+failover-end ${masterId}`,
      ]) {
        expect(all).toContain(event);
      }
      expect(all.filter((e) => e.startsWith('+odown ')).length).toBeGreaterThan(0);
      expect(all.filter((e) => e === `+switch-master ${switchPayload}`)).toHaveLength(3);
      expect(all.filter((e) => e.startsWith('+elected-leader '))).toHaveLength(1);
      for (const w of watchers) await w.proc.stop();
    }));
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `pmessage`, pattern, channel, payload: one line each in redis-cli's raw output. */
function pmessages(lines: readonly string[]): { channel: string; payload: string }[] {
  const out: { channel: string; payload: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === 'pmessage' && i + 3 < lines.length) {
      out.push({ channel: lines[i + 2] as string, payload: lines[i + 3] as string });
      i += 3;
    }
  }
  return out;
}

const IP = '127\\.0\\.0\\.1';
const AT = ` @ ${MASTER} ${IP} \\d+`;
const MASTER_ID = `master ${MASTER} ${IP} \\d+`;
const SLAVE_ID = `slave ${IP}:\\d+ ${IP} \\d+${AT}`;
const SENTINEL_ID = `sentinel [0-9a-f]{40} ${IP} \\d+${AT}`;
const INSTANCE = `(?:${MASTER_ID}|${SLAVE_ID}|${SENTINEL_ID})`;

/** Sentinel 7.0's payload formats per event (redis-sentinel-protocol.md section 16). */
const PAYLOADS: Record<string, string> = {
  '+sdown': INSTANCE,
  '-sdown': INSTANCE,
  '+odown': `${MASTER_ID} #quorum \\d+/\\d+`,
  '-odown': MASTER_ID,
  '+new-epoch': '\\d+',
  '+vote-for-leader': '[0-9a-f]{40} \\d+',
  '+try-failover': MASTER_ID,
  '+elected-leader': MASTER_ID,
  '+failover-state-select-slave': MASTER_ID,
  '+failover-state-reconf-slaves': MASTER_ID,
  '+failover-end': MASTER_ID,
  '+selected-slave': SLAVE_ID,
  '+failover-state-send-slaveof-noone': SLAVE_ID,
  '+failover-state-wait-promotion': SLAVE_ID,
  '+promoted-slave': SLAVE_ID,
  '+slave-reconf-sent': SLAVE_ID,
  '+slave-reconf-inprog': SLAVE_ID,
  '+slave-reconf-done': SLAVE_ID,
  '+slave': SLAVE_ID,
  '+convert-to-slave': SLAVE_ID,
  '+fix-slave-config': SLAVE_ID,
  '+sentinel': SENTINEL_ID,
  '+reboot': INSTANCE,
  '+role-change': `${INSTANCE} new reported role is (?:master|slave)`,
  '-role-change': `${INSTANCE} new reported role is (?:master|slave)`,
  '+config-update-from': SENTINEL_ID,
  '+switch-master': `${MASTER} ${IP} \\d+ ${IP} \\d+`,
};

function payloadOk(channel: string, payload: string): boolean {
  const format = PAYLOADS[channel];
  return format !== undefined && new RegExp(`^${format}$`).test(payload);
}
