/**
 * Fuzzing INFO handling (src/core/info.ts): garbage and mutated recorded replies of Redis 7.0,
 * Valkey 8.0 and Memurai never throw, parse into well-typed facts, and applied to a Brain keep
 * its model sound and savable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Brain } from '../../../src/core/brain.js';
import { parseInfo, parseReplicaLine, type ParsedInfo } from '../../../src/core/info.js';
import type { Instance } from '../../../src/core/model.js';
import { linkUp, master, newBrain, tick } from '../core/brain-helpers.js';
import { internalErrors, modelProblems, reloadProblems } from './model-check.js';
import { ensure, fuzz, mutateText, replaying, type Rng } from './prng.js';

function loadFixtures(dir: string): { name: string; text: string }[] {
  const url = new URL(dir, import.meta.url);
  return readdirSync(url)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => ({
      name: f,
      text: readFileSync(new URL(f, `${url.href}/`), 'utf8').replace(/\r?\n/g, '\r\n'),
    }));
}

const FIXTURES = [...loadFixtures('../core/info-fixtures'), ...loadFixtures('../valkey/fixtures')];
const MASTER_FIXTURES = FIXTURES.filter((f) => /master|primary/.test(f.name));
const TEXTS = FIXTURES.map((f) => f.text);

const HOSTS =
  '127.0.0.1|127.0.0.2|::1|0:0::1|::ffff:1.2.3.4|fe80::1%eth0|Host.Example|| |1.2.3.4\0|10.0.0.300'.split(
    '|',
  );
const PORTS = '6380|6381|0|-1|65535|65536|4294973676|99999999999999999999|6380abc| 6382|+6383|'.split('|');

/** A `slave<N>:` line in the new or the old format, with odd addresses and ports. */
function replicaLine(rng: Rng): string {
  const n = rng.pick(['0', '1', '12', '9x']);
  const [ip, port] = [rng.pick(HOSTS), rng.pick(PORTS)];
  if (rng.chance(0.3)) return `slave${n}:${ip},${port},${rng.pick(['online', ''])}`;
  const extra = rng.pick(['', ',type=rdb-channel', ',type=replica', ',ip=10.0.0.9', ',port=1']);
  return `slave${n}:ip=${ip},port=${port},state=online,offset=${rng.pick(PORTS)},lag=0${extra}`;
}

/** A slave-role line with an odd value (the fields Sentinel reads after `role:slave`). */
function slaveField(rng: Rng): string {
  const fields =
    'master_host master_port master_link_status slave_priority slave_repl_offset replica_announced';
  const field = rng.pick([...fields.split(' '), 'master_link_down_since_seconds', 'run_id', 'role']);
  const odd = ['up', 'DOWN', 'master', 'slave', '-9223372036854775809', 'f'.repeat(40), 'g'.repeat(39)];
  return `${field}:${rng.pick([...PORTS, ...HOSTS, ...odd])}`;
}

/** A random INFO text: a mutated fixture with odd lines spliced in, or plain garbage. */
function infoText(rng: Rng, pool: readonly string[] = TEXTS): string {
  if (rng.chance(0.1)) return rng.bytes(rng.int(300)).toString(rng.pick(['utf8', 'latin1'] as const));
  const lines = rng.pick(pool).split('\r\n');
  for (let i = rng.int(6); i > 0; i--) {
    lines.splice(rng.int(lines.length + 1), 0, rng.chance(0.5) ? replicaLine(rng) : slaveField(rng));
  }
  if (rng.chance(0.2)) lines.splice(rng.int(lines.length), rng.int(lines.length));
  const text = lines.join(rng.chance(0.9) ? '\r\n' : '\n');
  return rng.chance(0.6) ? mutateText(rng, text, TEXTS) : text;
}

function checkParsed(info: ParsedInfo): void {
  const intOrNull = (n: number | null): boolean => n === null || Number.isInteger(n);
  ensure(info.runId === null || info.runId.length === 40, () => `runId ${info.runId}`);
  ensure([null, 'master', 'slave'].includes(info.role), `role ${info.role}`);
  ensure(Number.isInteger(info.masterLinkDownTime), `masterLinkDownTime ${info.masterLinkDownTime}`);
  ensure(
    intOrNull(info.masterPort) && intOrNull(info.slavePriority),
    'master port or priority not an integer',
  );
  ensure(
    info.slaveReplOffset === null || (Number.isInteger(info.slaveReplOffset) && info.slaveReplOffset >= 0),
    `offset ${info.slaveReplOffset}`,
  );
  ensure(info.masterLinkUp === null || typeof info.masterLinkUp === 'boolean', 'masterLinkUp');
  ensure(info.replicaAnnounced === null || typeof info.replicaAnnounced === 'boolean', 'replicaAnnounced');
  for (const r of info.replicas) {
    ensure(
      r.ip !== '' && Number.isInteger(r.port) && r.port > 0 && r.port <= 65535,
      () => `replica ${JSON.stringify(r)}`,
    );
  }
}

describe('INFO parsing fuzzing', () => {
  test('garbage and mutated recorded INFO never throw and give well-typed facts', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(9);
    let replicas = 0;
    fuzz('info-parse', 3000, infoText, (text, rng) => {
      const info = parseInfo(text, rng.chance(0.5));
      checkParsed(info);
      replicas += info.replicas.length;
    });
    if (!replaying) expect(replicas).toBeGreaterThan(500);
  });

  test('replica lines: null or an address with a usable port, never a throw', () => {
    fuzz(
      'info-replica-line',
      3000,
      (rng) => (rng.chance(0.5) ? replicaLine(rng) : mutateText(rng, replicaLine(rng))),
      (line) => {
        const r = parseReplicaLine(line);
        ensure(
          r === null || (r.ip !== '' && r.port > 0 && r.port <= 65535),
          () => `parsed ${JSON.stringify(r)}`,
        );
      },
    );
  });
});

describe('INFO applied to a Brain, fuzzed', () => {
  /** A Brain monitoring `m` with its link up; the INFO sequence is drawn in the check. */
  function session(resolveHostnames: boolean): Brain {
    const brain = newBrain({ settings: { resolveHostnames } });
    tick(brain, 10);
    linkUp(brain, master(brain), 10);
    return brain;
  }

  test('random INFO to masters and replicas: no internal error, a sound model that saves and reloads', () => {
    let discovered = 0;
    const draw = (rng: Rng): { resolveHostnames: boolean } => ({ resolveHostnames: rng.chance(0.3) });
    fuzz('info-apply', 250, draw, ({ resolveHostnames }, rng) => {
      const brain = session(resolveHostnames);
      const m = master(brain);
      const steps: string[] = [];
      let now = 100;
      for (let i = 0; i < 8; i++) {
        const targets: Instance[] = [m, ...m.replicas.values()];
        const target = rng.chance(0.5) ? m : rng.pick(targets);
        const text = infoText(
          rng,
          target === m && rng.chance(0.7) ? MASTER_FIXTURES.map((f) => f.text) : TEXTS,
        );
        steps.push(`${target.name} <- ${JSON.stringify(text.slice(0, 200))}...`);
        now += rng.int(2000);
        brain.handle({ type: 'infoReply', linkId: target.link.id, text }, now);
        if (rng.chance(0.3)) brain.handle({ type: 'tick' }, now);
        const actions = brain.takeActions();
        const problems = [...internalErrors(actions), ...modelProblems(brain.state)];
        ensure(problems.length === 0, () => `${problems.join('\n')}\nafter:\n${steps.join('\n')}`);
      }
      discovered += m.replicas.size;
      const reload = reloadProblems(brain.state);
      ensure(reload.length === 0, () => reload.join('\n'));
    });
    if (!replaying) expect(discovered).toBeGreaterThan(250);
  });
});
