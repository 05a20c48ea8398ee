/**
 * Shared pieces of the Valkey / Memurai unit tests: a deterministic Brain, link plumbing, the
 * recorded INFO fixtures, and a protocol-level SENTINEL call (handler + RESP encoder) on top of
 * the real Brain, so a reply can be compared byte for byte.
 */
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { Brain, type BrainOptions } from '../../../src/core/brain.js';
import type { Action } from '../../../src/core/actions.js';
import type { Instance, MasterInstance } from '../../../src/core/model.js';
import type { CommandContext } from '../../../src/commands/context.js';
import type { SubcommandSpec } from '../../../src/commands/context.js';
import { sentinelAliasSubcommands, sentinelSubcommands } from '../../../src/commands/sentinel/index.js';
import { defaultServerConfig } from '../../../src/config/generic.js';
import { encodeReply } from '../../../src/resp/encoder.js';

export const MYID = '0123456789abcdef0123456789abcdef01234567';
export const PEER = 'fedcba9876543210fedcba9876543210fedcba98';

/** A deterministic pseudo-random generator (LCG). */
function seeded(seed = 7): (n: number) => number {
  let x = seed >>> 0;
  return (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
}

/** A Brain with our id and one master `m` at 127.0.0.1:6379, quorum 2, unless told otherwise. */
export function newBrain(options: BrainOptions = {}, monitor = true): Brain {
  const brain = new Brain({ random: seeded(), ...options });
  expect(brain.applyConfigDirective(['myid', MYID], 0)).toBeNull();
  if (monitor) expect(brain.applyConfigDirective(['monitor', 'm', '127.0.0.1', '6379', '2'], 0)).toBeNull();
  return brain;
}

export function master(brain: Brain, name = 'm'): MasterInstance {
  const m = brain.state.masters.get(name);
  if (m === undefined) throw new Error(`no master ${name}`);
  return m;
}

export function linkUp(brain: Brain, instance: Instance, now: number): void {
  brain.handle({ type: 'linkUp', linkId: instance.link.id, which: 'cmd', localIp: '127.0.0.1' }, now);
  if (instance.kind !== 'sentinel') {
    brain.handle({ type: 'linkUp', linkId: instance.link.id, which: 'pubsub', localIp: '127.0.0.1' }, now);
  }
}

export function tick(brain: Brain, now: number): Action[] {
  brain.handle({ type: 'tick' }, now);
  return brain.takeActions();
}

export function ofType<T extends Action['type']>(actions: Action[], type: T): Extract<Action, { type: T }>[] {
  return actions.filter((a): a is Extract<Action, { type: T }> => a.type === type);
}

/** `name payload` of every event action, in order. */
export function events(actions: Action[]): string[] {
  return ofType(actions, 'event').map((e) => `${e.name} ${e.payload}`);
}

/** An INFO reply applied at `now`; returns the actions it produced. */
export function info(brain: Brain, instance: Instance, text: string, now: number): Action[] {
  brain.handle({ type: 'infoReply', linkId: instance.link.id, text }, now);
  return brain.takeActions();
}

/** A recorded INFO text from ./fixtures, with CRLF line ends as the server sends it. */
export async function fixture(name: string): Promise<string> {
  const text = await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
  return text.replace(/\r?\n/g, '\r\n');
}

/** A master `m` whose links are up, with its first INFO applied when given. */
export function connectedMaster(options: BrainOptions = {}): { b: Brain; m: MasterInstance } {
  const b = newBrain(options);
  const m = master(b);
  tick(b, 10);
  linkUp(b, m, 10);
  b.takeActions();
  return { b, m };
}

/**
 * A CommandContext around the real Brain: the same object the server hands to handlers.
 * `commit` drains the Brain's actions into `sink` (events, flushes) and reports success.
 */
export function commandContext(
  brain: Brain,
  clock: () => number,
  protocol: 2 | 3 = 2,
  sink: Action[] = [],
): CommandContext {
  return {
    core: brain,
    session: {
      id: 1,
      protocol,
      name: '',
      user: 'default',
      authenticated: true,
      remoteAddress: '127.0.0.1:50000',
      localAddress: '127.0.0.1:26379',
      createdAt: 0,
      libName: '',
      libVersion: '',
    },
    config: defaultServerConfig('/tmp'),
    scripts: { jobs: () => [], runningCount: () => 0, queueLength: () => 0 },
    process: {
      runId: MYID,
      startTime: 0,
      configFile: '/tmp/sentinel.conf',
      tcpPort: 26379,
      executable: 'vigil',
      connectedClients: () => 1,
      totalConnections: () => 1,
      totalCommands: () => 1,
    },
    log: pino({ level: 'silent' }),
    now: clock,
    commit: () => {
      sink.push(...brain.takeActions());
      return true;
    },
  };
}

const ALL_SUBCOMMANDS: readonly SubcommandSpec[] = [...sentinelSubcommands, ...sentinelAliasSubcommands];

/**
 * `SENTINEL <sub> <args...>` as the server runs it once lookup and arity passed, encoded in
 * the given protocol: the exact bytes a client would read.
 */
export async function sentinelBytes(ctx: CommandContext, args: readonly string[]): Promise<string> {
  const [sub, ...rest] = args;
  const spec = ALL_SUBCOMMANDS.find((s) => s.name === sub.toLowerCase());
  if (spec === undefined) throw new Error(`no SENTINEL ${sub}`);
  const reply = await spec.handler(ctx, rest);
  return encodeReply(reply, ctx.session.protocol).toString('utf8');
}
