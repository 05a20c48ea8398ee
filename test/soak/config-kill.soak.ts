/**
 * Soak (not part of `npm test`): the kill -9 loops of test/integration/config-kill.test.ts at
 * full length: 500 kills of the save path and 500 kills of a whole Vigil under `SENTINEL SET`
 * (about 8–10 minutes on 2 cores). Run:
 *
 *   SOAK_SAVE_KILLS=500 SOAK_DAEMON_KILLS=500 npm run soak -- test/soak/config-kill.soak.ts
 */
import { daemonKills, saveLoopKills } from '../integration/crash/kill-loops.js';
import { startRedisServer, stopAll } from '../helpers/processes.js';

const SAVE_KILLS = Number(process.env.SOAK_SAVE_KILLS ?? 500);
const DAEMON_KILLS = Number(process.env.SOAK_DAEMON_KILLS ?? 500);

afterAll(() => stopAll());

test(`${SAVE_KILLS} kill -9 of the save path`, async () => {
  const report = await saveLoopKills(SAVE_KILLS, 2);
  process.stderr.write(`config-kill soak, save path: ${JSON.stringify(report)}\n`);
  expect(report.kills).toBe(SAVE_KILLS);
}, 600_000);

test(`${DAEMON_KILLS} kill -9 of a Vigil under SENTINEL SET`, async () => {
  const primary = await startRedisServer();
  const report = await daemonKills(DAEMON_KILLS, primary.port);
  process.stderr.write(`config-kill soak, daemon: ${JSON.stringify(report)}\n`);
  expect(report.kills).toBe(DAEMON_KILLS);
}, 1_200_000);
