/**
 * The two kill -9 loops of the config-rewrite crash tests (test/integration/config-kill.test.ts
 * and test/soak/config-kill.soak.ts). After every kill the config file must load the way Vigil
 * loads it, with the same id and epochs, and hold one whole save: never an empty, cut or mixed
 * file.
 * - saveLoopKills: a small child (save-loop.mjs) that only runs the real save path of dist/ in
 *   a tight loop, killed at a random moment. Cheap (one node start per kill), so it reaches
 *   hundreds of kills in npm test.
 * - daemonKills: a whole Vigil answering a client that hammers `SENTINEL SET ...
 *   down-after-milliseconds`, killed at a random moment and started again on its config. Every
 *   SET answered +OK must be on disk (the save is done before the reply).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSavedConfig, type LoadedState } from '../../helpers/config-check.js';
import { getFreePort } from '../../helpers/ports.js';
import { makeTempDir, startOnConfig } from '../../helpers/processes.js';
import { RespClient, textOf } from '../../helpers/resp.js';
import { StopWaiting, waitFor, withDeadline } from '../../helpers/waitFor.js';

const SAVE_LOOP = path.join(path.dirname(fileURLToPath(import.meta.url)), 'save-loop.mjs');

export const MYID = '0123456789abcdef0123456789abcdef01234567';
const CURRENT_EPOCH = 5;
const CONFIG_EPOCH = 3;
const LEADER_EPOCH = 4;
const FIRST_DOWN_AFTER = 30_000;

/** Mirrors save-loop.mjs: the auth-pass saved with a given down-after-milliseconds. */
export function authPassFor(n: number): string | null {
  return n % 3 === 0 ? null : 'p'.repeat((n * 37) % 300);
}

/** A config with a known id and epochs, for a master on `masterPort` nobody fails over. */
export function writeStartConfig(dir: string, port: number, masterPort: number): string {
  const file = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(
    file,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `sentinel myid ${MYID}`,
      `sentinel current-epoch ${CURRENT_EPOCH}`,
      // Quorum 2 with a single sentinel: never an ODOWN, so the epochs can't move.
      `sentinel monitor mymaster 127.0.0.1 ${masterPort} 2`,
      `sentinel down-after-milliseconds mymaster ${FIRST_DOWN_AFTER}`,
      `sentinel config-epoch mymaster ${CONFIG_EPOCH}`,
      `sentinel leader-epoch mymaster ${LEADER_EPOCH}`,
      '',
    ].join('\n'),
  );
  return file;
}

/** Loads the file left behind and checks what must survive any kill. */
function checkSurvivor(file: string, kill: number): LoadedState & { downAfterMs: number } {
  let state: LoadedState;
  try {
    state = loadSavedConfig(file);
  } catch (err) {
    throw new Error(
      `after kill ${kill}: ${(err as Error).message}\n--- file ---\n${fs.readFileSync(file, 'utf8')}`,
    );
  }
  const m = state.masters.get('mymaster');
  const seen = {
    myid: state.myid,
    currentEpoch: state.currentEpoch,
    configEpoch: m?.configEpoch,
    leaderEpoch: m?.leaderEpoch,
  };
  expect({ kill, ...seen }).toEqual({
    kill,
    myid: MYID,
    currentEpoch: BigInt(CURRENT_EPOCH),
    configEpoch: BigInt(CONFIG_EPOCH),
    leaderEpoch: BigInt(LEADER_EPOCH),
  });
  return { ...state, downAfterMs: m!.downAfterMs };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface LoopReport {
  kills: number;
  ms: number;
  /** Temporary files (`<config>.tmp-*`) left in the directory by the kills. */
  leftoverTemps: number;
  /** Saves that happened between the first and the last kill (down-after went up this much). */
  saves: number;
}

function leftoverTemps(dir: string): number {
  return fs.readdirSync(dir).filter((f) => f.startsWith('sentinel.conf.tmp-')).length;
}

/**
 * `kills` times in all, over `lanes` configs killed side by side: start save-loop.mjs on the
 * config, wait for its first save, let it save for a random 0–20 ms, kill -9, check the file.
 */
export async function saveLoopKills(kills: number, lanes = 3): Promise<LoopReport> {
  const started = Date.now();
  const perLane = Array.from(
    { length: lanes },
    (_, i) => Math.floor(kills / lanes) + (i < kills % lanes ? 1 : 0),
  );
  const reports = await Promise.all(perLane.map((n, lane) => saveLoopLane(n, lane)));
  return {
    kills: reports.reduce((a, r) => a + r.kills, 0),
    ms: Date.now() - started,
    leftoverTemps: reports.reduce((a, r) => a + r.leftoverTemps, 0),
    saves: reports.reduce((a, r) => a + r.saves, 0),
  };
}

async function saveLoopLane(kills: number, lane: number): Promise<LoopReport> {
  const dir = makeTempDir(`save-kill-${lane}`);
  const file = writeStartConfig(dir, 26_999, 6390);
  const started = Date.now();
  let last = checkSurvivor(file, 0).downAfterMs;
  const first = last;
  for (let k = 1; k <= kills; k++) {
    const child = spawn(process.execPath, [SAVE_LOOP, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await waitFor(
        () => {
          if (child.exitCode !== null) throw new StopWaiting(`save-loop exited ${child.exitCode}: ${err}`);
          return out.includes('ready');
        },
        { timeoutMs: 15_000, intervalMs: 2, description: `save-loop ${lane}/${k} to save once (${err})` },
      );
      // The random kill moment (not a wait for a condition): somewhere in a save, or between two.
      await pause(Math.floor(Math.random() * 21));
    } finally {
      child.kill('SIGKILL');
      await withDeadline(exited, 5000, 'save-loop to exit on SIGKILL');
    }
    const now = checkSurvivor(file, k);
    // A whole save: the auth-pass saved with this down-after value, and never going back.
    expect({ lane, kill: k, authPass: now.masters.get('mymaster')!.authPass }).toEqual({
      lane,
      kill: k,
      authPass: authPassFor(now.downAfterMs),
    });
    expect(now.downAfterMs).toBeGreaterThan(last);
    last = now.downAfterMs;
  }
  return { kills, ms: Date.now() - started, leftoverTemps: leftoverTemps(dir), saves: last - first };
}

/**
 * `kills` times: start Vigil on the config, hammer `SENTINEL SET mymaster
 * down-after-milliseconds <n+1>` from one client, kill -9 it after a random 0–150 ms, check
 * the file: it loads, same id and epochs, down-after between the last value answered +OK and
 * the last one sent. Returns how many SETs were answered in all.
 */
export async function daemonKills(kills: number, masterPort: number): Promise<LoopReport> {
  const dir = makeTempDir('daemon-kill');
  const port = await getFreePort();
  const file = writeStartConfig(dir, port, masterPort);
  const started = Date.now();
  let acked = checkSurvivor(file, 0).downAfterMs;
  const first = acked;
  for (let k = 1; k <= kills; k++) {
    const vigil = await startOnConfig('vigil', file, port);
    const client = await RespClient.connect(port);
    expect(textOf((await client.send('SENTINEL', 'MYID')).value)).toBe(MYID);
    let sent = acked;
    let stop = false;
    const hammer = (async () => {
      while (!stop) {
        const n = sent + 1;
        sent = n;
        let reply;
        try {
          reply = await client.request(['SENTINEL', 'SET', 'mymaster', 'down-after-milliseconds', n]);
        } catch {
          return; // Killed under us.
        }
        expect(textOf(reply.value)).toBe('OK');
        acked = n;
      }
    })();
    await pause(Math.floor(Math.random() * 151));
    vigil.kill('SIGKILL');
    await vigil.waitForExit();
    stop = true;
    await hammer;
    await client.close();
    await vigil.stop({ graceMs: 0 });
    const now = checkSurvivor(file, k);
    expect({ kill: k, atLeastAcked: now.downAfterMs >= acked, atMostSent: now.downAfterMs <= sent }).toEqual({
      kill: k,
      atLeastAcked: true,
      atMostSent: true,
    });
    acked = now.downAfterMs;
  }
  // Each start removes what earlier kills left (removeStaleTempFiles): at most the last kill's.
  expect(leftoverTemps(dir)).toBeLessThanOrEqual(1);
  return { kills, ms: Date.now() - started, leftoverTemps: leftoverTemps(dir), saves: acked - first };
}
