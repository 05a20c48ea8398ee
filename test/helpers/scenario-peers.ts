/**
 * Peers for the scenario differential: a second sentinel of the subject's own kind watching
 * the same primary, so that links to sentinels (their auth, their flags) can be compared.
 */
import { startSentinelLike, type ManagedProcess } from './processes.js';
import { itemsOf, fieldsOf } from './resp.js';
import { MASTER, type ScenarioRun } from './scenario.js';

/** Starts a peer of `run.kind` with `extraConfig` lines; its port shows as `<peer>`. */
export async function startPeer(run: ScenarioRun, extraConfig: string[] = []): Promise<ManagedProcess> {
  const peer = await startSentinelLike(run.kind, {
    monitors: [{ name: MASTER, port: run.primary.port, quorum: 2, downAfterMs: 1000 }],
    extraConfig,
  });
  run.nameRole(peer.port, 'peer');
  return peer;
}

/** The fields of the peer on `port` as the subject lists it in SENTINEL SENTINELS, if listed. */
export async function peerEntry(run: ScenarioRun, port: number): Promise<Record<string, string> | undefined> {
  const reply = await run.call('SENTINEL', 'SENTINELS', MASTER);
  return itemsOf(reply)
    .map(fieldsOf)
    .find((f) => Number(f.port) === port);
}

/** Waits until the subject's flags for the peer satisfy `expected` (`!flag` = absent); records them. */
export async function waitPeerFlags(
  run: ScenarioRun,
  step: string,
  port: number,
  expected: string[],
  timeoutMs = 10_000,
): Promise<void> {
  await run.waitUntil(
    step,
    async () => {
      const flags = (await peerEntry(run, port))?.flags?.split(',') ?? ['<not listed>'];
      const ok = expected.every((f) => (f.startsWith('!') ? !flags.includes(f.slice(1)) : flags.includes(f)));
      if (!ok) throw new Error(`flags ${flags.join(',')}`);
      return true;
    },
    timeoutMs,
  );
  run.record(`${step}: flags`, expected);
}
