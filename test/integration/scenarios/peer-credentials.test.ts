/**
 * Scenario differential (#8 §5): auth changes on peers. A peer sentinel protected with
 * `requirepass`: without `sentinel-pass` the subject's PINGs to it are refused, and the peer
 * is flagged as redis-sentinel flags it; `SENTINEL CONFIG SET sentinel-pass` with the right
 * password at runtime brings it back, without a restart.
 */
import { MASTER, runDifferential, stopAll, traces } from '../../helpers/scenario.js';
import { startPeer, waitPeerFlags } from '../../helpers/scenario-peers.js';

afterAll(stopAll);

test('a password-protected peer: flagged while the password is missing, back once it is set', async () => {
  const result = await runDifferential({}, async (run) => {
    const peer = await startPeer(run, ['requirepass peersecret']);
    await waitPeerFlags(run, 'peer discovered, refusing our PINGs', peer.port, ['s_down'], 15_000);
    await run.waitEvent('+sdown of the peer', '+sdown', /^sentinel <runid> 127\.0\.0\.1 <peer> @ mymaster /);
    await run.recordReply('set sentinel-pass', 'SENTINEL', 'CONFIG', 'SET', 'sentinel-pass', 'peersecret');
    await waitPeerFlags(run, 'peer up with the password', peer.port, ['!s_down', '!disconnected'], 15_000);
    await run.recordReply('CKQUORUM', 'SENTINEL', 'CKQUORUM', MASTER);
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
}, 60_000);
