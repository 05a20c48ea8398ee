/**
 * Issue #8 point 3: credentials that stop working show as `disconnected`, as with
 * redis-sentinel 7.0.15. Each scenario runs against redis-sentinel and Vigil in parallel, each
 * with its own password-protected primary and replica (test/helpers/scenario.ts), and the two
 * traces must be equal.
 *
 * What the reference does, measured on loopback with down-after 1000 ms:
 * - A connection whose AUTH is refused gets NOAUTH for everything after it. On the pub/sub
 *   connection that includes SUBSCRIBE, whose error reply makes hiredis drop the connection at
 *   once: `disconnected` within a few ms, retried once per ping-period and dropped again. The
 *   command connection stays up; its PINGs, sent in the rounds that reopen the pub/sub
 *   connection, get NOAUTH, which is no valid reply: `s_down` down-after after the first one.
 * - A password changed on the node (`CONFIG SET requirepass`, `CLIENT KILL TYPE normal`) drops
 *   only the command connection, which comes back unauthenticated (`s_down` after ~1 s); the
 *   pub/sub connection, authenticated before the change, survives until its idle check closes
 *   it (no hello for 3 × publish-period, once it is min-link-reconnect-period = 15 s old),
 *   and from then on the node shows `disconnected`.
 * - A user disabled with its clients killed: both connections drop, `disconnected` at once,
 *   `s_down` ~1 s later.
 * - `SENTINEL SET auth-pass` / `auth-user` close the master's and its replicas' connections;
 *   the next reconnect (paced at one per ping-period) uses the new credentials, and the flags
 *   clear 0.1 to 1.2 s after the SET (where the SET falls in the reconnect pacing).
 * - `SENTINEL CKQUORUM` counts only the peer sentinels, so its reply does not change.
 */
import {
  MASTER,
  runDifferential,
  stopAll,
  traces,
  type DifferentialResult,
  type ScenarioRun,
} from '../../helpers/scenario.js';
import { itemsOf } from '../../helpers/resp.js';

const PASS = 's3cret';
/** A replica's first sync at once (7.0 waits 5 s for more replicas before a diskless sync). */
const FAST_SYNC = 'repl-diskless-sync-delay 0';
/** The user that replaces `default` in the third scenario. */
const OPS_USER = 'ops';
const OPS_PASS = '0ps-pass';
const PROTECTED = [`requirepass ${PASS}`, `masterauth ${PASS}`, FAST_SYNC];
const PRIMARY = /^master mymaster 127\.0\.0\.1 <primary>$/;
const REPLICA = /^slave 127\.0\.0\.1:<replica0> 127\.0\.0\.1 <replica0> @ mymaster 127\.0\.0\.1 <primary>$/;

afterAll(async () => {
  await stopAll();
});

/**
 * Vigil took about as long as redis-sentinel to get through `steps` (consecutive waits, their
 * times summed): within `slackMs` either way.
 */
function expectTimingNear(result: DifferentialResult, steps: string[], slackMs: number): void {
  const total = (run: ScenarioRun): number =>
    steps.reduce((sum, step) => {
      const ms = run.trace.timings.get(step);
      if (ms === undefined) throw new Error(`${run.kind}: no timing for ${step}`);
      return sum + ms;
    }, 0);
  const vigil = total(result.runs.vigil);
  const reference = total(result.runs['redis-sentinel']);
  if (Math.abs(vigil - reference) > slackMs) {
    throw new Error(
      `${steps.join(' + ')}: Vigil took ${vigil} ms, redis-sentinel ${reference} ms (slack ${slackMs} ms)`,
    );
  }
}

/** The replica's port in this run. */
/** Working credentials given: both nodes' flags clear and both publish -sdown. */
async function waitRecovered(run: ScenarioRun): Promise<void> {
  await run.waitFlags('fixed: primary flags clear', 'master', ['master', '!disconnected', '!s_down'], 5000);
  await run.waitFlags(
    'fixed: replica flags clear',
    replicaPort(run),
    ['slave', '!disconnected', '!s_down'],
    5000,
  );
  await run.waitEvent('fixed: primary -sdown', '-sdown', PRIMARY, 5000);
  await run.waitEvent('fixed: replica -sdown', '-sdown', REPLICA, 5000);
}

function replicaPort(run: ScenarioRun): number {
  return run.node(0).port;
}

/**
 * Waits until the primary and its replica are monitored and healthy, then stays so for 1.5 s:
 * the change that follows then meets a steady state (the first reconnect after start-up is
 * paced by ping-period from the first connect, which would shift the timings).
 */
async function waitHealthy(run: ScenarioRun, step: string): Promise<void> {
  await run.waitFlags(`${step}: primary`, 'master', ['master', '!disconnected', '!s_down']);
  await run.waitFlags(`${step}: replica`, replicaPort(run), ['slave', '!disconnected', '!s_down']);
  await run.holdFlags(`${step}: stays so`, 'master', ['!disconnected', '!s_down'], 1500);
}

/**
 * Samples the flags of `target` every 100 ms for `ms` and records whether `flag` was there in
 * at least 80% of the samples. redis-sentinel shows `disconnected` for a link whose pub/sub
 * connection keeps being refused all the time except the instant a reconnect is under way,
 * which a poll catches now and then: holdFlags would be flaky against the reference itself.
 */
async function recordMostly(
  run: ScenarioRun,
  step: string,
  target: 'master' | number,
  flag: string,
  ms: number,
): Promise<void> {
  const until = Date.now() + ms;
  let samples = 0;
  let seen = 0;
  while (Date.now() < until) {
    samples += 1;
    if ((await run.flagsOf(target)).includes(flag)) seen += 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  run.record(step, { flag, mostly: seen >= samples * 0.8 });
}

async function recordReplicaCount(run: ScenarioRun, step: string): Promise<void> {
  run.record(step, itemsOf(await run.call('SENTINEL', 'REPLICAS', MASTER)).length);
}

describe('credentials that stop working show as disconnected (issue #8)', () => {
  test('a wrong auth-pass at start: disconnected at once, s_down after down-after; fixed by SENTINEL SET auth-pass', async () => {
    const result = await runDifferential(
      {
        replicas: 1,
        dataNodeConfig: PROTECTED,
        sentinelConfig: [`sentinel auth-pass ${MASTER} wrong`],
      },
      async (run) => {
        await run.waitFlags('wrong password: disconnected', 'master', ['master', 'disconnected']);
        // Down-after from the link's creation: within 3 s of start-up for both (each subject's
        // start-up shifts the first wait, so the two are not compared).
        await run.waitEvent('wrong password: +sdown', '+sdown', PRIMARY, 3000);
        await run.waitFlags('wrong password: s_down', 'master', ['s_down', 'disconnected']);
        await run.holdFlags('wrong password: stays s_down', 'master', ['s_down'], 2000);
        await recordMostly(run, 'wrong password: stays disconnected', 'master', 'disconnected', 2000);
        // INFO is refused too: the replica is never discovered.
        await recordReplicaCount(run, 'wrong password: no replica known');
        await run.recordReply('wrong password: CKQUORUM', 'SENTINEL', 'CKQUORUM', MASTER);

        await run.recordReply('fix: SENTINEL SET auth-pass', 'SENTINEL', 'SET', MASTER, 'auth-pass', PASS);
        await run.waitFlags('fixed: flags clear', 'master', ['master', '!disconnected', '!s_down'], 5000);
        await run.waitEvent('fixed: -sdown', '-sdown', PRIMARY, 5000);
        await run.waitEvent('fixed: replica discovered', '+slave', REPLICA, 5000);
        await run.waitFlags('fixed: replica healthy', replicaPort(run), [
          'slave',
          '!disconnected',
          '!s_down',
        ]);
        await run.holdFlags('fixed: stays healthy', 'master', ['!disconnected', '!s_down'], 1500);
        await run.recordReply('fixed: CKQUORUM', 'SENTINEL', 'CKQUORUM', MASTER);
      },
    );
    const { vigil, reference } = traces(result);
    expect(vigil).toEqual(reference);
    expectTimingNear(result, ['wrong password: disconnected'], 1000);
    expectTimingNear(result, ['fixed: flags clear'], 1500);
  });

  test('the password changed on the nodes: s_down when the command link comes back unauthenticated, disconnected once the pub/sub link is dropped; fixed at runtime', async () => {
    const NEW = 'n3w-s3cret';
    const result = await runDifferential(
      { replicas: 1, dataNodeConfig: PROTECTED, sentinelConfig: [`sentinel auth-pass ${MASTER} ${PASS}`] },
      async (run) => {
        await waitHealthy(run, 'start: healthy');

        for (const node of ['primary', 0] as const) {
          await run.nodeCall(node, [PASS], 'CONFIG', 'SET', 'requirepass', NEW);
        }
        await run.nodeCall(0, [NEW], 'CONFIG', 'SET', 'masterauth', NEW);
        // Kills Sentinel's command connections; pub/sub clients are not of type normal.
        for (const node of ['primary', 0] as const) {
          await run.nodeCall(node, [NEW], 'CLIENT', 'KILL', 'TYPE', 'normal');
        }
        await run.waitEvent('changed: primary +sdown', '+sdown', PRIMARY);
        await run.waitEvent('changed: replica +sdown', '+sdown', REPLICA);
        await run.waitFlags('changed: primary s_down', 'master', ['master', 's_down']);
        await run.waitFlags('changed: replica s_down', replicaPort(run), ['slave', 's_down']);
        // The authenticated pub/sub connections last until their idle check (15 s after they
        // were opened); then the reconnect is refused for good.
        await run.waitFlags('changed: primary disconnected', 'master', ['s_down', 'disconnected'], 25_000);
        await run.waitFlags(
          'changed: replica disconnected',
          replicaPort(run),
          ['s_down', 'disconnected'],
          10_000,
        );
        await recordMostly(run, 'changed: primary stays disconnected', 'master', 'disconnected', 2000);
        await recordMostly(
          run,
          'changed: replica stays disconnected',
          replicaPort(run),
          'disconnected',
          1000,
        );
        await run.recordReply('changed: CKQUORUM', 'SENTINEL', 'CKQUORUM', MASTER);

        await run.recordReply('fix: SENTINEL SET auth-pass', 'SENTINEL', 'SET', MASTER, 'auth-pass', NEW);
        await waitRecovered(run);
      },
    );
    const { vigil, reference } = traces(result);
    expect(vigil).toEqual(reference);
    expectTimingNear(result, ['changed: primary +sdown'], 1000);
    // From the kill to `disconnected`: the pub/sub connection's idle check.
    const changed = [
      'primary +sdown',
      'replica +sdown',
      'primary s_down',
      'replica s_down',
      'primary disconnected',
    ];
    expectTimingNear(
      result,
      changed.map((step) => `changed: ${step}`),
      2000,
    );
    expectTimingNear(result, ['fixed: primary flags clear'], 1500);
  });

  test('the default user disabled and its clients killed: disconnected at once, s_down; auth-user alone is not enough, auth-pass too clears the flags', async () => {
    const result = await runDifferential(
      { replicas: 1, dataNodeConfig: PROTECTED, sentinelConfig: [`sentinel auth-pass ${MASTER} ${PASS}`] },
      async (run) => {
        await waitHealthy(run, 'start: healthy');

        for (const node of ['primary', 0] as const) {
          await run.nodeCall(
            node,
            [PASS],
            'ACL',
            'SETUSER',
            OPS_USER,
            'on',
            `>${OPS_PASS}`,
            '~*',
            '&*',
            '+@all',
          );
        }
        await run.nodeCall(0, [PASS], 'CONFIG', 'SET', 'masteruser', OPS_USER);
        await run.nodeCall(0, [PASS], 'CONFIG', 'SET', 'masterauth', OPS_PASS);
        for (const node of ['primary', 0] as const) {
          await run.nodeCall(node, [OPS_USER, OPS_PASS], 'ACL', 'SETUSER', 'default', 'off');
          await run.nodeCall(node, [OPS_USER, OPS_PASS], 'CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'no');
        }
        await run.waitFlags('disabled: primary disconnected', 'master', ['master', 'disconnected']);
        await run.waitFlags('disabled: replica disconnected', replicaPort(run), ['slave', 'disconnected']);
        await run.waitEvent('disabled: primary +sdown', '+sdown', PRIMARY);
        await run.waitEvent('disabled: replica +sdown', '+sdown', REPLICA);
        await run.waitFlags('disabled: primary s_down', 'master', ['s_down', 'disconnected']);
        await run.waitFlags('disabled: replica s_down', replicaPort(run), ['s_down', 'disconnected']);
        await recordMostly(run, 'disabled: primary stays disconnected', 'master', 'disconnected', 2000);
        await run.recordReply('disabled: CKQUORUM', 'SENTINEL', 'CKQUORUM', MASTER);

        // The user alone: AUTH ops <old password> is refused as well.
        await run.recordReply(
          'half fix: SENTINEL SET auth-user',
          'SENTINEL',
          'SET',
          MASTER,
          'auth-user',
          OPS_USER,
        );
        await run.holdFlags('half fix: still s_down', 'master', ['s_down'], 2000);
        await run.waitFlags('half fix: still disconnected', 'master', ['s_down', 'disconnected']);

        await run.recordReply(
          'fix: SENTINEL SET auth-pass',
          'SENTINEL',
          'SET',
          MASTER,
          'auth-pass',
          OPS_PASS,
        );
        await waitRecovered(run);
        await run.holdFlags('fixed: stays healthy', 'master', ['!disconnected', '!s_down'], 1500);
      },
    );
    const { vigil, reference } = traces(result);
    expect(vigil).toEqual(reference);
    expectTimingNear(result, ['disabled: primary disconnected'], 500);
    const disabled = ['primary disconnected', 'replica disconnected', 'primary +sdown'];
    expectTimingNear(
      result,
      disabled.map((step) => `disabled: ${step}`),
      1000,
    );
    expectTimingNear(result, ['fixed: primary flags clear'], 1500);
  });
});
