/**
 * Fuzzing `__sentinel__:hello` processing (src/core/hello.ts) through the Brain: garbage and
 * mutated hellos from peers never throw, never break the model (finite non-negative epochs that
 * only grow, valid ports, consistent keys) and never leave a state that cannot be saved and
 * loaded back.
 */
import type { Brain } from '../../../src/core/brain.js';
import { linkUp, master, MYID, newBrain, PEER, PEER2, tick } from '../core/brain-helpers.js';
import { internalErrors, modelProblems, reloadProblems } from './model-check.js';
import { ensure, fuzz, mutateText, replaying, type Rng } from './prng.js';

const HOSTS = ['127.0.0.1', '127.0.0.2', '10.0.0.1', '::1', '0:0::1', '::ffff:1.2.3.4', 'fe80::1%eth0'];
const ODD_HOSTS = ['Host.Example', 'host', '', ' ', '1.2.3.4\0', '10.0.0.300', '"q"', 'a b', '#x', '\n'];
const PORTS = '26380|26381|6379|6380|0|-1|65535|65536|4294993676|99999999999999999999|263x| 1|'.split('|');
const EPOCHS = [
  ...'0|1|2|7|18446744073709551615|18446744073709551616|-1|-5|abc|1e3|| 3'.split('|'),
  '9'.repeat(40),
];
const RUNIDS = [PEER, PEER2, 'd'.repeat(40), ...'x||has space|quo"te|it\'s|new\nline|#hash|\\|é✓'.split('|')];
const NAMES = ['m', 'm', 'n', 'M', 'unknown', ''];

/** One hello: mostly well-formed with odd values, sometimes with tokens added, lost or mangled. */
function hello(rng: Rng): string {
  const host = (): string => (rng.chance(0.8) ? rng.pick(HOSTS) : rng.pick(ODD_HOSTS));
  const tokens = [
    host(),
    rng.pick(PORTS),
    rng.chance(0.9) ? rng.pick(RUNIDS) : rng.text(40, '0123456789abcdef'),
    rng.pick(EPOCHS),
    rng.pick(NAMES),
    host(),
    rng.pick(PORTS),
    rng.pick(EPOCHS),
  ];
  if (rng.chance(0.1)) tokens.splice(rng.int(8), 1);
  if (rng.chance(0.1)) tokens.splice(rng.int(9), 0, rng.pick(PORTS));
  const payload = tokens.join(',');
  return rng.chance(0.3) ? mutateText(rng, payload) : payload;
}

interface Session {
  resolveHostnames: boolean;
  secondMaster: boolean;
}

function session(s: Session): Brain {
  const brain = newBrain({ settings: { resolveHostnames: s.resolveHostnames } });
  if (s.secondMaster) brain.applyConfigDirective(['monitor', 'n', '127.0.0.1', '6390', '2'], 0);
  tick(brain, 10);
  linkUp(brain, master(brain), 10);
  brain.takeActions();
  return brain;
}

describe('hello processing fuzzing', () => {
  test('garbage and mutated hellos: no internal error, sound model, epochs only grow, state reloads', () => {
    let peers = 0;
    let epochBumps = 0;
    const draw = (rng: Rng): Session => ({
      resolveHostnames: rng.chance(0.3),
      secondMaster: rng.chance(0.5),
    });
    fuzz('hello', 500, draw, (s, rng) => {
      const brain = session(s);
      const steps: string[] = [];
      let now = 100;
      for (let i = 0; i < 10; i++) {
        const before = brain.state.currentEpoch;
        const configEpochs = new Map([...brain.state.masters].map(([k, m]) => [k, m.configEpoch]));
        const payload = hello(rng);
        steps.push(JSON.stringify(payload));
        now += rng.int(3000);
        const linkId = rng.chance(0.5) ? master(brain).link.id : null;
        brain.handle({ type: 'hello', linkId, payload }, now);
        if (rng.chance(0.2)) brain.handle({ type: 'tick' }, now);
        const problems = [...internalErrors(brain.takeActions()), ...modelProblems(brain.state)];
        if (brain.state.currentEpoch < before)
          problems.push(`currentEpoch went ${before} -> ${brain.state.currentEpoch}`);
        if (brain.state.currentEpoch > before) epochBumps++;
        for (const [k, m] of brain.state.masters) {
          if (m.configEpoch < (configEpochs.get(k) ?? 0)) problems.push(`${k} configEpoch decreased`);
        }
        ensure(problems.length === 0, () => `${problems.join('\n')}\nhellos:\n${steps.join('\n')}`);
      }
      for (const m of brain.state.masters.values()) peers += m.sentinels.size;
      const reload = reloadProblems(brain.state);
      ensure(reload.length === 0, () => `${reload.join('\n')}\nhellos:\n${steps.join('\n')}`);
    });
    if (!replaying) {
      // Hellos with an epoch that is not a 64-bit unsigned integer are now refused whole.
      expect(peers).toBeGreaterThan(80);
      expect(epochBumps).toBeGreaterThan(100);
    }
  });

  test('our own id anywhere in a hello makes it a no-op', () => {
    fuzz(
      'hello-self',
      500,
      (rng) => {
        const tokens = hello(rng).split(',');
        tokens.splice(rng.int(tokens.length + 1), 0, MYID);
        return tokens.join(rng.chance(0.9) ? ',' : '');
      },
      (payload) => {
        const brain = session({ resolveHostnames: false, secondMaster: false });
        const before = JSON.stringify(
          [...brain.state.masters.values()].map((m) => [m.addr, String(m.configEpoch), m.sentinels.size]),
        );
        brain.handle({ type: 'hello', linkId: null, payload }, 100);
        ensure(brain.takeActions().length === 0, 'a hello with our id produced actions');
        const after = JSON.stringify(
          [...brain.state.masters.values()].map((m) => [m.addr, String(m.configEpoch), m.sentinels.size]),
        );
        ensure(before === after && brain.state.currentEpoch === 0n, 'a hello with our id changed the state');
      },
    );
  });

  test('the model checks notice NaN epochs, bad ports, wrong keys and a state that would not reload', () => {
    const brain = session({ resolveHostnames: false, secondMaster: false });
    brain.handle(
      { type: 'hello', linkId: null, payload: `127.0.0.1,26380,${PEER},3,m,127.0.0.1,6379,1` },
      100,
    );
    expect(modelProblems(brain.state)).toEqual([]);
    expect(reloadProblems(brain.state)).toEqual([]);
    const m = master(brain);
    const peer = m.sentinels.get(PEER)!;
    brain.state.currentEpoch = -1n;
    peer.addr.port = 70000;
    m.sentinels.set('other', peer);
    expect(modelProblems(brain.state)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/currentEpoch is -1/),
        expect.stringMatching(/port 70000/),
        expect.stringMatching(/keyed other/),
      ]),
    );
    brain.state.currentEpoch = 3n;
    m.sentinels.delete('other');
    peer.addr.port = 26380;
    m.quorum = 0;
    expect(reloadProblems(brain.state)).toEqual([expect.stringMatching(/Quorum must be 1 or greater/)]);
  });
});
