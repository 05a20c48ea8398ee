/**
 * kill -9 during config rewrites (issue #9 §3): the config file on disk is always one whole
 * save that loads, and a restarted Vigil keeps its id and epochs.
 * - 100 kills (VIGIL_SAVE_KILLS) of a child running only the real save path in a tight loop
 *   (each kill costs a node start: 0.2 s on an idle 2-core machine, up to 0.5 s under load,
 *   so 500 would take 50 to 125 s here);
 * - 10 kills (VIGIL_DAEMON_KILLS) of a whole Vigil hammered with `SENTINEL SET`, each started
 *   again on its config (~1 s a kill); every SET answered +OK is on disk.
 * The 500-kill loops (of both) are test/soak/config-kill.soak.ts.
 */
import { startRedisServer, stopAll } from '../helpers/processes.js';
import { daemonKills, saveLoopKills } from './crash/kill-loops.js';

const SAVE_KILLS = Number(process.env.VIGIL_SAVE_KILLS ?? 100);
const DAEMON_KILLS = Number(process.env.VIGIL_DAEMON_KILLS ?? 10);

afterAll(() => stopAll());

test(`${SAVE_KILLS} kill -9 of the save path: the file always loads, whole, same id and epochs`, async () => {
  const report = await saveLoopKills(SAVE_KILLS, 2);
  process.stderr.write(`config-kill save path: ${JSON.stringify(report)}\n`);
  expect(report.saves).toBeGreaterThanOrEqual(SAVE_KILLS);
}, 120_000);

test(`${DAEMON_KILLS} kill -9 of a Vigil under SENTINEL SET: the file loads, acknowledged SETs kept`, async () => {
  const primary = await startRedisServer();
  const report = await daemonKills(DAEMON_KILLS, primary.port);
  process.stderr.write(`config-kill daemon: ${JSON.stringify(report)}\n`);
  expect(report.saves).toBeGreaterThan(0);
}, 120_000);
