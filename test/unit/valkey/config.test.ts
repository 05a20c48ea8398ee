/**
 * Config files written by or for Valkey (spec valkey-memurai.md §1.2, §2.4, checklist items 2
 * and 6): the `primary-reboot-down-after-period` alias in the file and in SENTINEL SET,
 * quoted and escaped arguments (Valkey 9.1 writes them always double-quoted), a round trip
 * through the real Brain, the renderer and the rewriter, and no duplicate `known-replica`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Action } from '../../../src/core/actions.js';
import { Brain } from '../../../src/core/brain.js';
import { flushSentinelConfig } from '../../../src/config/flush.js';
import { loadConfig } from '../../../src/config/load.js';
import { formatLine } from '../../../src/config/quote.js';
import { renderSentinelState } from '../../../src/config/render.js';
import { MYID, PEER, commandContext, events, master, newBrain, sentinelBytes } from './helpers.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-valkey-config-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` as sentinel.conf and loads it into a fresh Brain; returns the Brain or the error. */
function load(text: string, file = 'sentinel.conf'): { brain: Brain; file: string } | { error: string } {
  const full = path.join(dir, file);
  fs.writeFileSync(full, text);
  const brain = new Brain();
  const result = loadConfig(full, [], (args) => brain.applyConfigDirective(args, 0), { cwd: dir });
  return result.ok ? { brain, file: full } : { error: result.message };
}

function loaded(text: string): { brain: Brain; file: string } {
  const r = load(text);
  if ('error' in r) throw new Error(r.error);
  return r;
}

/** Flush the Brain's state into its file, as the executor does. */
function flush(brain: Brain, file: string): string {
  const result = flushSentinelConfig(file, brain.state, { log: () => undefined });
  expect(result).toEqual({ ok: true });
  return fs.readFileSync(file, 'utf8');
}

const HEAD = `port 26379\nsentinel myid ${MYID}\nsentinel monitor mymaster 127.0.0.1 6379 2\n`;

describe('primary-reboot-down-after-period (Valkey 8.0 alias)', () => {
  test('is read from the file and written back in the Redis spelling both servers read', () => {
    const { brain, file } = loaded(`${HEAD}sentinel primary-reboot-down-after-period mymaster 5000\n`);
    expect(master(brain, 'mymaster').masterRebootDownAfterPeriod).toBe(5000);
    expect(renderSentinelState(brain.state).map(formatLine)).toContain(
      'sentinel master-reboot-down-after-period mymaster 5000',
    );
    const text = flush(brain, file);
    const again = loaded(text);
    expect(master(again.brain, 'mymaster').masterRebootDownAfterPeriod).toBe(5000);
  });

  test('both spellings are case-insensitive; a negative value is refused as for the old name', () => {
    const { brain } = loaded(`${HEAD}sentinel PRIMARY-REBOOT-DOWN-AFTER-PERIOD mymaster 700\n`);
    expect(master(brain, 'mymaster').masterRebootDownAfterPeriod).toBe(700);
    const bad = load(`${HEAD}sentinel primary-reboot-down-after-period mymaster -1\n`);
    expect('error' in bad && bad.error).toContain('negative time parameter.');
  });

  test("Valkey 8.0.0's sample file (a different master name) fails like Valkey does", () => {
    const r = load(`${HEAD}sentinel primary-reboot-down-after-period myprimary 0\n`);
    expect('error' in r && r.error).toContain('No such master with specified name.');
  });

  test('SENTINEL SET accepts it, echoes the spelling sent in +set, and errors name it as typed', async () => {
    const brain = newBrain();
    const sink: Action[] = [];
    const ctx = commandContext(brain, () => 1000, 2, sink);
    expect(await sentinelBytes(ctx, ['set', 'm', 'Primary-Reboot-Down-After-Period', '3000'])).toBe(
      '+OK\r\n',
    );
    expect(master(brain).masterRebootDownAfterPeriod).toBe(3000);
    expect(events(sink)).toEqual(['+set master m 127.0.0.1 6379 Primary-Reboot-Down-After-Period 3000']);
    expect(sink.some((a) => a.type === 'flushConfig')).toBe(true);

    expect(await sentinelBytes(ctx, ['set', 'm', 'primary-reboot-down-after-period', '-5'])).toBe(
      "-ERR Invalid argument '-5' for SENTINEL SET 'primary-reboot-down-after-period'\r\n",
    );
    // Both names in one call, left to right: the last one wins.
    expect(
      await sentinelBytes(ctx, [
        'set',
        'm',
        'master-reboot-down-after-period',
        '10',
        'primary-reboot-down-after-period',
        '0',
      ]),
    ).toBe('+OK\r\n');
    expect(master(brain).masterRebootDownAfterPeriod).toBe(0);
  });
});

describe('quoted and escaped arguments', () => {
  const PASSWORD = 'my"pass\\word with spaces';

  test("Valkey 9.1's always-quoted lines load (auth-pass, auth-user, runid, rename-command, sentinel-user/pass)", () => {
    const { brain } = loaded(
      HEAD +
        'sentinel auth-pass mymaster "my\\"pass\\\\word with spaces"\n' +
        'sentinel auth-user mymaster "app"\n' +
        `sentinel known-sentinel mymaster 127.0.0.1 26380 "${PEER}"\n` +
        'sentinel rename-command mymaster "CONFIG" "MY-CONFIG"\n' +
        'sentinel sentinel-user "sentinel admin"\n' +
        'sentinel sentinel-pass "\\x73\\x33cret\\t!"\n',
    );
    const m = master(brain, 'mymaster');
    expect(m.authPass).toBe(PASSWORD);
    expect(m.authUser).toBe('app');
    expect([...m.sentinels.keys()]).toEqual([PEER]);
    expect(m.renamedCommands.get('config')).toBe('MY-CONFIG');
    expect(brain.state.settings.sentinelUser).toBe('sentinel admin');
    expect(brain.state.settings.sentinelPass).toBe('s3cret\t!');
  });

  test("the password of Valkey's 03-runtime-reconf test is written as Valkey 9.1 expects and restarts cleanly", async () => {
    const { brain, file } = loaded(HEAD);
    const ctx = commandContext(brain, () => 1000, 2);
    expect(await sentinelBytes(ctx, ['set', 'mymaster', 'auth-pass', PASSWORD])).toBe('+OK\r\n');
    const text = flush(brain, file);
    expect(text.split('\n')).toContain('sentinel auth-pass mymaster "my\\"pass\\\\word with spaces"');
    const again = loaded(text);
    expect(master(again.brain, 'mymaster').authPass).toBe(PASSWORD);
    // A second save of the same state changes nothing.
    expect(flush(again.brain, again.file)).toBe(text);
  });

  test.each([
    ['single quotes', "'it\\'s'", "it's"],
    ['hex and named escapes', '"\\x41\\tB\\n"', 'A\tB\n'],
    ['UTF-8 as is', '"pässwörd ✓"', 'pässwörd ✓'],
    ['a bare word with a hash', 'pa#ss', 'pa#ss'],
  ])('%s round-trip through load, save and load', (_name, written, value) => {
    const { brain, file } = loaded(
      `${HEAD}sentinel auth-pass mymaster ${written}\nsentinel auth-user mymaster ${written}\n`,
    );
    expect(master(brain, 'mymaster').authPass).toBe(value);
    const text = flush(brain, file);
    const again = loaded(text);
    expect(master(again.brain, 'mymaster').authPass).toBe(value);
    expect(master(again.brain, 'mymaster').authUser).toBe(value);
  });

  test("an unbalanced quote is refused with Redis's text, pointing at the line", () => {
    const r = load(`${HEAD}sentinel auth-pass mymaster "open\n`);
    expect('error' in r && r.error).toContain('Unbalanced quotes in configuration line');
  });
});

describe('known-replica lines are never duplicated', () => {
  test('mid-failover, the promoted replica and a replica at the old address are written once', () => {
    const { brain, file } = loaded(
      HEAD +
        'sentinel known-replica mymaster 127.0.0.1 6380\n' +
        // A replica entry already at the master's own address (Valkey #4530 saw this with
        // hostnames that resolve to the primary).
        'sentinel known-replica mymaster 127.0.0.1 6379\n',
    );
    const m = master(brain, 'mymaster');
    const promoted = m.replicas.get('127.0.0.1:6380');
    if (promoted === undefined) throw new Error('replica not loaded');
    // The failover reached reconf_slaves: the promoted replica is written under the old master
    // address (Sentinel 7.0), which the other entry already has.
    m.failoverState = 'reconf_slaves';
    m.promoted = promoted;
    promoted.flags.promoted = true;

    const text = flush(brain, file);
    const replicaLines = text.split('\n').filter((l) => l.startsWith('sentinel known-replica'));
    expect(replicaLines).toEqual(['sentinel known-replica mymaster 127.0.0.1 6379']);
    expect(text).toContain('sentinel monitor mymaster 127.0.0.1 6380 2');
    // Redis and Valkey refuse a duplicate with `Duplicate hostname and port for replica.`;
    // the file written loads again.
    const again = load(text);
    expect('error' in again ? again.error : 'loaded').toBe('loaded');
  });

  test('a legacy known-slave line is replaced, not kept beside the known-replica line', () => {
    const { brain, file } = loaded(`${HEAD}sentinel known-slave mymaster 127.0.0.1 6381\n`);
    const text = flush(brain, file);
    expect(text.split('\n').filter((l) => /known-(slave|replica)/.test(l))).toEqual([
      'sentinel known-replica mymaster 127.0.0.1 6381',
    ]);
    expect('error' in load(text)).toBe(false);
  });
});
