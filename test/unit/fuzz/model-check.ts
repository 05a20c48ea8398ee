/**
 * What "never corrupts the model" means for the fuzz suites that drive a Brain: every number is
 * finite, epochs are non-negative integers, ports are valid, maps are keyed the way lookups
 * expect, no input reached the Brain's catch-all, and the state still saves and loads back.
 */
import { EPOCH_MAX } from '../../../src/core/epoch.js';
import type { Action } from '../../../src/core/actions.js';
import { Brain } from '../../../src/core/brain.js';
import { replicaName } from '../../../src/core/instances.js';
import type { Address, Instance, SentinelState } from '../../../src/core/model.js';
import { parseConfigText } from '../../../src/config/parse.js';
import { renderSentinelState } from '../../../src/config/render.js';
import { rewriteConfigText } from '../../../src/config/rewrite.js';
import { seeded } from '../core/brain-helpers.js';

const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;
/** Epochs are exact 64-bit unsigned integers (bigint). */
const isEpoch = (n: unknown): boolean => typeof n === 'bigint' && n >= 0n && n <= EPOCH_MAX;
const isInt = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n);
const validPort = (a: Address): boolean => isInt(a.port) && a.port >= 0 && a.port <= 65535;

/** Every number in an object (one level) must be finite. */
function nonFinite(where: string, obj: object): string[] {
  return Object.entries(obj)
    .filter(([, v]) => typeof v === 'number' && !Number.isFinite(v))
    .map(([k, v]) => `${where}.${k} is ${String(v)}`);
}

function instanceProblems(where: string, i: Instance): string[] {
  const out = [
    ...nonFinite(where, i),
    ...nonFinite(`${where}.link`, i.link),
    ...nonFinite(`${where}.addr`, i.addr),
  ];
  if (!validPort(i.addr)) out.push(`${where} has port ${i.addr.port}`);
  if (typeof i.addr.ip !== 'string' || typeof i.addr.host !== 'string')
    out.push(`${where} has a bad address`);
  if (i.link.refcount < 1) out.push(`${where} link refcount ${i.link.refcount}`);
  for (const [k, v] of Object.entries(i.flags)) if (typeof v !== 'boolean') out.push(`${where} flag ${k}`);
  return out;
}

/** Everything wrong with the state; empty when it is sound. */
export function modelProblems(state: SentinelState): string[] {
  const out: string[] = [];
  if (!isEpoch(state.currentEpoch)) out.push(`currentEpoch is ${state.currentEpoch}`);
  for (const [name, m] of state.masters) {
    out.push(...instanceProblems(`master ${name}`, m));
    if (m.name !== name) out.push(`master keyed ${name} is named ${m.name}`);
    if (!isInt(m.quorum) || m.quorum < 1) out.push(`${name} quorum ${m.quorum}`);
    for (const k of ['configEpoch', 'leaderEpoch', 'failoverEpoch'] as const) {
      if (!isEpoch(m[k])) out.push(`${name} ${k} is ${m[k]}`);
    }
    for (const [key, r] of m.replicas) {
      out.push(...instanceProblems(`replica ${key}`, r));
      if (key !== replicaName(state.settings, r.addr)) out.push(`replica keyed ${key} is at ${r.addr.ip}`);
      if (r.master !== m) out.push(`replica ${key} points to another master`);
      if (!isInt(r.slaveMasterPort) || !isInt(r.slavePriority))
        out.push(`replica ${key} has a bad port or priority`);
      if (!isCount(r.slaveReplOffset)) out.push(`replica ${key} offset ${r.slaveReplOffset}`);
    }
    for (const [key, s] of m.sentinels) {
      out.push(...instanceProblems(`sentinel ${key}`, s));
      if (key !== s.runId || s.name !== key) out.push(`sentinel keyed ${key} has runid ${s.runId}`);
      if (s.master !== m) out.push(`sentinel ${key} points to another master`);
      if (!isEpoch(s.leaderEpoch)) out.push(`sentinel ${key} leaderEpoch ${s.leaderEpoch}`);
    }
  }
  return out;
}

/** Log lines of the Brain's catch-all: an exception escaped some handler. */
export function internalErrors(actions: readonly Action[]): string[] {
  return actions.flatMap((a) =>
    a.type === 'log' && a.message.startsWith('Internal error') ? [a.message] : [],
  );
}

/**
 * What must survive a save and a reload. A hello can raise a master's config epoch above the
 * current epoch (Sentinel 7.0 takes both tokens as they come); loading `config-epoch` raises
 * the current epoch to it, as Sentinel's loader does, so that is the value expected back.
 */
function summary(state: SentinelState): unknown {
  const where = (a: Address): string => `${a.ip === '' ? a.host.toLowerCase() : a.ip} ${a.port}`;
  const configEpochs = [...state.masters.values()].map((m) => m.configEpoch);
  return {
    myid: state.myid,
    currentEpoch: configEpochs.reduce((a, b) => (a > b ? a : b), state.currentEpoch),
    masters: [...state.masters.values()].map((m) => ({
      name: m.name,
      addr: where(m.addr),
      quorum: m.quorum,
      configEpoch: m.configEpoch,
      replicas: [...m.replicas.values()].map((r) => where(r.addr)).sort(),
      sentinels: [...m.sentinels.values()].map((s) => `${s.runId} ${where(s.addr)}`).sort(),
    })),
  };
}

/**
 * Save the state the way a flush does (render, rewrite an empty file), parse the text and
 * apply its `sentinel` lines to a fresh Brain: problems found, empty when it loads back equal.
 */
export function reloadProblems(state: SentinelState): string[] {
  const text = rewriteConfigText('', renderSentinelState(state));
  const parsed = parseConfigText(text, { path: '/fuzz/sentinel.conf', cwd: '/fuzz' });
  if (!parsed.ok) return [`saved config does not parse: ${parsed.error.reason} at ${parsed.error.line}`];
  const brain = new Brain({ random: seeded() });
  for (const line of parsed.value.config.sentinelLines) {
    const error = brain.applyConfigDirective(line.args.slice(1), 0);
    if (error !== null) return [`saved line '${line.text}' does not load: ${error}`];
  }
  // Epochs are bigint: written as their decimal text.
  const json = (v: unknown): string =>
    JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}` : x));
  const before = json(summary(state));
  const after = json(summary(brain.state));
  return before === after ? [] : [`state changed across save/load:\n${before}\n${after}`];
}
