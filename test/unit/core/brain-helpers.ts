/** Shared helpers for the Brain unit tests: a deterministic Brain, link plumbing, action filters. */
import { Brain, type BrainOptions } from '../../../src/core/brain.js';
import type { Action } from '../../../src/core/actions.js';
import type { Instance, MasterInstance } from '../../../src/core/model.js';

export const MYID = 'a'.repeat(40);
export const PEER = 'b'.repeat(40);
export const PEER2 = 'c'.repeat(40);

/** A deterministic pseudo-random generator (LCG). */
export function seeded(seed = 1): (n: number) => number {
  let x = seed >>> 0;
  return (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
}

/** A Brain with our id set, optionally one master `m` at 127.0.0.1:6379 (quorum 2). */
export function newBrain(options: BrainOptions = {}, withMaster = true): Brain {
  const brain = new Brain({ random: seeded(), ...options });
  brain.applyConfigDirective(['myid', MYID], 0);
  if (withMaster) brain.applyConfigDirective(['monitor', 'm', '127.0.0.1', '6379', '2'], 0);
  return brain;
}

export function master(brain: Brain, name = 'm'): MasterInstance {
  const m = brain.state.masters.get(name);
  if (m === undefined) throw new Error(`no master ${name}`);
  return m;
}

/** Report both connections of an instance's link as established. */
export function linkUp(brain: Brain, instance: Instance, now: number, localIp = '127.0.0.1'): void {
  brain.handle({ type: 'linkUp', linkId: instance.link.id, which: 'cmd', localIp }, now);
  if (instance.kind !== 'sentinel') {
    brain.handle({ type: 'linkUp', linkId: instance.link.id, which: 'pubsub', localIp }, now);
  }
}

/**
 * A started Brain watching `m` with the given down-after, one timer run at 10 and the master's
 * link up: the common start of the timeline tests.
 */
export function startedWithMaster(downAfterMs = 1000): { b: Brain; m: MasterInstance } {
  const b = newBrain();
  const m = master(b);
  b.applyConfigDirective(['down-after-milliseconds', 'm', String(downAfterMs)], 0);
  b.start(1);
  b.handle({ type: 'tick' }, 10);
  linkUp(b, m, 10);
  return { b, m };
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

/** Answer every pending PING on the link with `reply`. */
export function pong(brain: Brain, instance: Instance, now: number, reply = 'PONG'): void {
  brain.handle({ type: 'pingReply', linkId: instance.link.id, reply }, now);
}

/** Load a recorded INFO fixture with CRLF line ends, as the server sends it. */
export async function fixture(name: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const path = new URL(`./info-fixtures/${name}`, import.meta.url);
  const text = await readFile(path, 'utf8');
  return text.replace(/\r?\n/g, '\r\n');
}

/** A hello payload from a peer. */
export function hello(
  ip: string,
  port: number,
  runid: string,
  epoch: number,
  masterName: string,
  mip: string,
  mport: number,
  configEpoch: number,
): string {
  return [ip, port, runid, epoch, masterName, mip, mport, configEpoch].join(',');
}
